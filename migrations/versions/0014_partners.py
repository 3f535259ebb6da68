"""partners: accountability partnerships, one row per side

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03

Each member owns their side of a partnership (`partners`): the other member's user id on
the same platform, the workspace or guild the two share, and whether it is an invitation
sent, one received, or an active partnership. `members.partner_shares` says what partners
see besides commitments ("wins", "goals"); `members.partner_notify_missed` whether a
missed commitment tells them. Columns are added in place (a batch rebuild of members
would cascade-delete what hangs off it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("partner_user_id", sa.String(length=64), nullable=False),
        sa.Column("space_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_partners_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partners")),
        sa.UniqueConstraint("member_id", "partner_user_id", name=op.f("uq_partners_member_id")),
    )
    op.add_column(
        "members",
        sa.Column("partner_shares", sa.String(length=40), server_default="", nullable=False),
    )
    op.add_column(
        "members",
        sa.Column("partner_notify_missed", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("members", "partner_notify_missed")
    op.drop_column("members", "partner_shares")
    op.drop_table("partners")
