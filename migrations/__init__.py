"""Schema migrations: our tables plus the ones slack_sdk's installation stores use.

They live outside ``core`` because they compose the metadata of more than the core."""

from __future__ import annotations

import ast
import contextlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

VERSIONS = Path(__file__).parent / "versions"
# ``revision: str = "0008"`` and ``down_revision: ... = "0007"`` in each migration script.
_REVISION_LINE = re.compile(r"^(revision|down_revision)\b[^=\n]*=(.+)$", re.MULTILINE)

# The key of the PostgreSQL advisory lock every coachbot process takes around migrating,
# so that processes starting together on an empty database migrate it one after another.
MIGRATION_LOCK = 0x636F616368  # "coach"


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at these migrations and the given engine."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent))
    config.attributes["engine"] = engine
    return config


@contextlib.contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """On PostgreSQL, hold the migration advisory lock (waiting for it) for the block.

    The lock belongs to its own connection, so it is released when the block ends or
    the process dies; SQLite needs none (its writers are serialised by the file lock)."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        conn.commit()  # hold the session-level lock without an open transaction
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
            conn.commit()


def script_heads() -> set[str]:
    """The head revisions of the migration scripts, read from their revision lines (no
    import of Alembic or of the scripts): every revision that no other one revises."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for script in VERSIONS.glob("*.py"):
        for name, value in _REVISION_LINE.findall(script.read_text(encoding="utf-8")):
            found = ast.literal_eval(value.strip())
            if name == "revision":
                revisions.add(found)
            elif found is not None:
                revised.update([found] if isinstance(found, str) else found)
    return revisions - revised


def stored_revisions(engine: Engine) -> set[str]:
    """The revisions the database says it is at (none for an empty database)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return set()
        return set(conn.scalars(text("SELECT version_num FROM alembic_version")))


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to `revision`, one process at a time.

    A database already at head (every start but the first after a release) is left
    alone without importing Alembic; anything else runs Alembic under the lock."""
    heads = script_heads()
    if revision == "head" and heads and stored_revisions(engine) == heads:
        return
    from alembic import command

    log.info("upgrading database schema on %s", engine.url.render_as_string(hide_password=True))
    with migration_lock(engine):
        command.upgrade(alembic_config(engine), revision)
