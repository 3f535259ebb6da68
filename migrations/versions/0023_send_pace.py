"""send_pace: the workspace and platform send ceilings, shared by every worker

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04

Several workers on one database each paced a workspace (and Discord's bot-wide limit) at
the full ceiling, so together they exceeded it and met 429s. Each ceiling's next free
slot is now a row every worker reserves from (workspace '' is the platform's ceiling).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0023"
down_revision: str | Sequence[str] | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "send_pace",
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("next_free_at", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("platform", "workspace", name=op.f("pk_send_pace")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("send_pace")
