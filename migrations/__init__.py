"""Schema migrations: our tables plus the ones slack_sdk's installation stores use.

They live outside ``core`` because they compose the metadata of more than the core."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

log = logging.getLogger(__name__)


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at these migrations and the given engine."""
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to `revision`."""
    log.info("upgrading database schema on %s", engine.url.render_as_string(hide_password=True))
    command.upgrade(alembic_config(engine), revision)
