"""pauses.number: a vacation keeps its number when another one is added

Revision ID: 0018
Revises: 0014
Create Date: 2026-12-03

`/vacation` numbered pauses by their place in the list, so adding an earlier vacation
renumbered the later ones and `/vacation cancel 2` could remove the wrong one. Each pause
now has a number of its own, per member, from `members.pause_seq` (as goals have). Existing
pauses are numbered in order (start date, then when they were added), and each member's
counter starts after the last. `members` gets its column in place (a batch rebuild would
cascade-delete what hangs off it); `pauses` is rebuilt on SQLite for the NOT NULL and the
unique constraint (nothing references it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0018"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each pause's place among its member's pauses, by start date and then id.
NUMBER_IN_ORDER = """
UPDATE pauses SET number = (
    SELECT count(*) FROM pauses AS earlier
    WHERE earlier.member_id = pauses.member_id
      AND (earlier.start_date < pauses.start_date
           OR (earlier.start_date = pauses.start_date AND earlier.id <= pauses.id))
)
"""
COUNTERS_AFTER_THE_LAST = """
UPDATE members SET pause_seq = (
    SELECT coalesce(max(number), 0) FROM pauses WHERE pauses.member_id = members.id
)
"""


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "members", sa.Column("pause_seq", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column("pauses", sa.Column("number", sa.Integer(), nullable=True))
    op.execute(NUMBER_IN_ORDER)
    op.execute(COUNTERS_AFTER_THE_LAST)
    with op.batch_alter_table("pauses") as batch_op:
        batch_op.alter_column("number", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(op.f("uq_pauses_member_id"), ["member_id", "number"])


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("pauses") as batch_op:
        batch_op.drop_constraint(op.f("uq_pauses_member_id"), type_="unique")
        batch_op.drop_column("number")
    op.drop_column("members", "pause_seq")
