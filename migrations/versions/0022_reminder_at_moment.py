"""reminders.at_moment: a reminder set as a moment ("in 2 hours"), not a wall-clock time

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03

A zone change keeps reminders set on the wall clock ("tomorrow 9am", a due day's morning)
at the same time on the member's new clock; one set as an offset from now ("in 2 hours",
"again in an hour", a snoozed check-in) is a moment and stays. Existing rows are taken as
wall-clock ones, except snoozes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0022"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "reminders",
        sa.Column("at_moment", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.execute("UPDATE reminders SET at_moment = true WHERE kind = 'snooze'")


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("reminders", "at_moment")
