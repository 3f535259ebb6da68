"""members.dm_channel_id: the DM channel the platform opened for the member, reused

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03

Slack's conversations.open (Tier 3, about 50 a minute per workspace) and Discord's create_dm
ran before every DM a fresh worker sent. The channel id they return is kept on the member
and used until the platform says the channel is gone. Added in place (a batch rebuild of
members would cascade-delete what hangs off it); existing members have none yet.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("members", sa.Column("dm_channel_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("members", "dm_channel_id")
