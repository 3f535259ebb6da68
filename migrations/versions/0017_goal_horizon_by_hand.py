"""goals.horizon_by_hand: a horizon the member chose stays when the deadline moves

Revision ID: 0017
Revises: 0012
Create Date: 2026-12-03

`/goal edit 1 horizon: long` then `/goal edit 1 by 2026-11-01` reset the horizon to the one
the deadline suggests. The flag records that the member set it; existing goals keep
following their deadline (false), as they did.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0017"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("goals") as batch_op:
        batch_op.add_column(
            sa.Column("horizon_by_hand", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("goals") as batch_op:
        batch_op.drop_column("horizon_by_hand")
