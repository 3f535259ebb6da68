"""entries and goals know the guild they were shared in: entries.space_id, goals.space_id

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23

A Discord member is one identity across guilds, so a digest must know in which guild a
win or goal was shared. NULL means the member's own workspace (Slack, console: nothing
changes for them). Backfill: a Discord member seen in exactly one guild shared everything
there; for one seen in several, which guild a win was meant for is unknown, so their
items stay in no guild's digest until shared again there (``/win share N``), rather than
appearing in every guild. Columns are added in place (no table rebuild on SQLite).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Discord members seen in exactly one guild, and that guild.
_ONE_GUILD = (
    "SELECT ms.member_id FROM memberships ms JOIN members m ON m.id = ms.member_id "
    "WHERE m.platform = 'discord' GROUP BY ms.member_id HAVING COUNT(*) = 1"
)


def upgrade() -> None:
    """Upgrade schema."""
    for table in ("entries", "goals"):
        op.add_column(table, sa.Column("space_id", sa.String(length=64), nullable=True))
        op.execute(
            f"UPDATE {table} SET space_id = (SELECT ms.space_id FROM memberships ms "
            f"WHERE ms.member_id = {table}.member_id) WHERE member_id IN ({_ONE_GUILD})"
        )
    # Partial (only marked entries), so the planner sees how few match a guild.
    marked = sa.text("space_id IS NOT NULL")
    op.create_index(
        "ix_entries_space_day",
        "entries",
        ["space_id", "local_date"],
        unique=False,
        sqlite_where=marked,
        postgresql_where=marked,
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_entries_space_day", table_name="entries")
    for table in ("goals", "entries"):
        op.drop_column(table, "space_id")
