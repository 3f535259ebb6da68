"""clients: one row per client, found by its slug

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02

A client was a free-text `entries.client` and, separately, a `--client` contact, so
`client:acme` and "Acme Corp" counted as two clients. The new `clients` table holds each
client once (slug, name, when the work was won). Existing rows are carried over: every
`entries.client` is rewritten to its slug and every `--client` contact gets (or joins) the
client with its slug, landed at the earliest win or contact; nothing is dropped.
`goals.starts_on`: the first day of a goal set for a calendar year ("in 2027"), added in
place (no table rebuild on SQLite); existing goals start on the day they were set.
"""

import re
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A copy of core.services.clients' rule as it was when this migration was written.
_LEGAL_SUFFIXES = {"inc", "corp", "corporation", "ltd", "llc", "gmbh", "co", "plc", "limited"}
_PROSPECT_WORDS = {"proposal", "proposals", "pitch", "pitched", "bid"}


def _slug(name: str) -> str:
    words = re.findall(r"\w+", name.lower())
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return "-".join(words)[:100]


def _is_prospect(text: str, tags: str) -> bool:
    words = set(re.findall(r"\w+", text.lower())) | {t.lstrip("#") for t in tags.split()}
    return bool(words & _PROSPECT_WORDS)


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("landed_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_clients_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
        sa.UniqueConstraint("member_id", "slug", name=op.f("uq_clients_member_id")),
    )
    with op.batch_alter_table("goals") as batch_op:
        batch_op.add_column(sa.Column("starts_on", sa.Date(), nullable=True))
    _carry_over(op.get_bind())


def _carry_over(conn: sa.Connection) -> None:
    """One client per member and slug, from the wins and the --client contacts."""
    found: dict[tuple[int, str], dict[str, object]] = {}

    def note(member: int, name: str, at: datetime, landed: bool) -> str:
        slug = _slug(name) or name.lower()[:100]
        row = found.setdefault((member, slug), {"name": name, "created": at, "landed": None})
        row["created"] = min(row["created"], at)  # type: ignore[type-var]
        if landed and (row["landed"] is None or at < row["landed"]):  # type: ignore[operator]
            row["landed"] = at
        return slug

    entries = conn.execute(
        sa.text(
            "SELECT id, member_id, client, text, tags, created_at FROM entries "
            "WHERE client IS NOT NULL ORDER BY created_at"
        )
    ).all()
    for id_, member, client, text, tags, created in entries:
        slug = note(member, client, created, not _is_prospect(text, tags or ""))
        conn.execute(sa.text("UPDATE entries SET client = :s WHERE id = :i"), {"s": slug, "i": id_})
    contacts = conn.execute(
        sa.text("SELECT member_id, name, created_at FROM contacts WHERE is_client = :t"),
        {"t": True},
    ).all()
    for member, name, created in contacts:
        slug = note(member, name, created, True)
        found[(member, slug)]["name"] = name  # a contact's name reads better than a tag
    for (member, slug), row in found.items():
        conn.execute(
            sa.text(
                "INSERT INTO clients (member_id, slug, name, landed_at, created_at) "
                "VALUES (:m, :s, :n, :l, :c)"
            ),
            {"m": member, "s": slug, "n": row["name"], "l": row["landed"], "c": row["created"]},
        )


def downgrade() -> None:
    """Downgrade schema: the entries keep their slugs as the client's name."""
    with op.batch_alter_table("goals") as batch_op:
        batch_op.drop_column("starts_on")
    op.drop_table("clients")
