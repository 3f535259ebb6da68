"""members.date_order: how a member writes all-number dates

Revision ID: 0013
Revises: 0017 (merged after it; ids were handed out before the merge)
Create Date: 2026-12-03

"05/06" is the 5th of June for most of the world and May 6th in the US. Members read
day first ("dmy") until they say otherwise with `/tz ... order mdy`; added in place with
a server default, so existing members keep reading day first.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0013"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE, not a batch: rebuilding `members` on SQLite would cascade-delete
# every row that hangs off a member.


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "members",
        sa.Column("date_order", sa.String(length=3), nullable=False, server_default="dmy"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("members", "date_order")
