"""column sizes follow the command limits: entries.tags, digests.channel_id

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23

An entry holds at most 20 #tags of 40 characters (819 with the spaces between them), and a
digest channel is named with up to 80 characters (Slack's longest channel name). On SQLite
the entries table is rebuilt; the rebuild drops the old table, which with foreign keys on
deletes the reminders that point at entries (outcome follow-ups), so they are kept aside
and put back.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TAGS = (500, 819)
CHANNEL = (64, 80)


def upgrade() -> None:
    """Upgrade schema."""
    _resize(TAGS[0], TAGS[1], CHANNEL[0], CHANNEL[1])


def downgrade() -> None:
    """Downgrade schema: tags are cut to fit, digests of longer channel names removed."""
    op.execute(f"UPDATE entries SET tags = substr(tags, 1, {TAGS[0]})")
    op.execute(f"DELETE FROM digests WHERE length(channel_id) > {CHANNEL[0]}")
    _resize(TAGS[1], TAGS[0], CHANNEL[1], CHANNEL[0])


def _resize(tags_from: int, tags_to: int, channel_from: int, channel_to: int) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("CREATE TEMPORARY TABLE keep_reminders AS SELECT * FROM reminders")
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.alter_column(
            "tags",
            existing_type=sa.String(length=tags_from),
            type_=sa.String(length=tags_to),
            existing_nullable=False,
        )
    if sqlite:
        op.execute(
            "INSERT INTO reminders SELECT * FROM keep_reminders "
            "WHERE id NOT IN (SELECT id FROM reminders)"
        )
        op.execute("DROP TABLE keep_reminders")
    with op.batch_alter_table("digests", schema=None) as batch_op:
        batch_op.alter_column(
            "channel_id",
            existing_type=sa.String(length=channel_from),
            type_=sa.String(length=channel_to),
            existing_nullable=False,
        )
