"""partners.expires_at indexed: the worker's tick sweeps lapsed invitations by it

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04

Every tick deletes the invitations whose time ran out (`expires_at <= now`); without an
index that is a scan of every partnership, each tick.
"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0024"
down_revision: str | Sequence[str] | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index("ix_partners_expires_at", "partners", ["expires_at"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_partners_expires_at", table_name="partners")
