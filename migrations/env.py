"""Alembic environment: runs against the engine handed in by migrations.upgrade (or alembic.ini)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, MetaData, create_engine

config = context.config


def _target_metadata() -> list[MetaData] | None:
    """Our models plus the tables slack_sdk's installation and OAuth state stores use, for
    autogenerate and ``alembic check`` run from alembic.ini. The app's own upgrades (engine
    handed in) compare nothing, so they do not import slack_sdk."""
    if isinstance(config.attributes.get("engine"), Engine):
        return None
    from adapters.slack.storage import slack_metadata
    from core.storage.models import Base

    return [Base.metadata, slack_metadata()]


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if isinstance(engine, Engine):
        return engine
    return create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///coachbot.db")


def run_migrations_online() -> None:
    """Run migrations in a transaction on a live connection."""
    engine = _engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=_target_metadata(),
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
