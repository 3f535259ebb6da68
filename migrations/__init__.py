"""Schema migrations: our tables plus the ones slack_sdk's installation stores use.

They live outside ``core`` because they compose the metadata of more than the core."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

log = logging.getLogger(__name__)

# The key of the PostgreSQL advisory lock every coachbot process takes around migrating,
# so that processes starting together on an empty database migrate it one after another.
MIGRATION_LOCK = 0x636F616368  # "coach"


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at these migrations and the given engine."""
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


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to `revision`, one process at a time."""
    log.info("upgrading database schema on %s", engine.url.render_as_string(hide_password=True))
    with migration_lock(engine):
        command.upgrade(alembic_config(engine), revision)
