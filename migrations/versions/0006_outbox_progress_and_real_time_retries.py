"""outbox: real-time retries, multi-part progress

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retry_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("parts_sent", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("thread_ref", sa.String(length=64), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("thread_ref")
        batch_op.drop_column("parts_sent")
        batch_op.drop_column("retry_at")
