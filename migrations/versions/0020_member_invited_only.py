"""members.invited_only: someone invited as a partner who has not used coachbot yet

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-03

A partner invitation by mention may name a teammate coachbot has never seen. They get a
member row so the invitation (and its DM) has somewhere to live, with `invited_only` set:
no check-ins, no plan reviews, nothing scheduled. The first time they use coachbot
themselves it is cleared and they get what every new member gets.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0020"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "members",
        sa.Column("invited_only", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("members", "invited_only")
