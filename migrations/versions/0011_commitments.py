"""commitments: what a member will do by when, and how it went

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

Two new tables (commitments, and the kept or missed days of the repeating ones, habits);
two member columns: the counter that numbers a member's commitments, and
when a check-in last asked what they will commit to (a plain reply answers it); and the
commitment a reminder is about (the morning of its day).
Columns are added in place (no table rebuild on SQLite).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("moves", sa.Integer(), server_default="0", nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=True),
        sa.Column("milestone_id", sa.Integer(), nullable=True),
        sa.Column("skill_id", sa.Integer(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("repeat_days", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_commitments_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["goals.id"],
            name=op.f("fk_commitments_goal_id_goals"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestones.id"],
            name=op.f("fk_commitments_milestone_id_milestones"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_commitments_skill_id_skills"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
        sa.UniqueConstraint("member_id", "number", name=op.f("uq_commitments_member_id")),
    )
    op.create_table(
        "habit_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("kept", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_habit_days_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name=op.f("fk_habit_days_commitment_id_commitments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_habit_days")),
        sa.UniqueConstraint(
            "commitment_id", "local_date", name=op.f("uq_habit_days_commitment_id")
        ),
    )
    op.create_index(
        "ix_commitments_member_status_due",
        "commitments",
        ["member_id", "status", "due_date"],
        unique=False,
    )
    op.add_column(
        "members", sa.Column("commitment_seq", sa.Integer(), server_default="0", nullable=False)
    )
    op.add_column("members", sa.Column("commitment_asked_at", sa.DateTime(), nullable=True))
    # The morning-of reminder of a commitment. Rebuilding reminders on SQLite is safe:
    # no table points at it.
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("commitment_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_reminders_commitment_id_commitments"),
            "commitments",
            ["commitment_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_reminders_commitment_id_commitments"), type_="foreignkey"
        )
        batch_op.drop_column("commitment_id")
    # In place: a batch rebuild of members would cascade-delete what hangs off it.
    op.drop_column("members", "commitment_asked_at")
    op.drop_column("members", "commitment_seq")
    op.drop_index("ix_commitments_member_status_due", table_name="commitments")
    op.drop_table("habit_days")
    op.drop_table("commitments")
