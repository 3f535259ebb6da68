"""The composition root: settings in, a wired application out. Nothing is built at import."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from adapters.console import TRAITS as CONSOLE
from adapters.discord import TRAITS as DISCORD
from adapters.slack import TRAITS as SLACK
from bot.settings import Settings, unknown_variables
from core.coach import Coach
from core.context import Options, PlatformTraits
from core.prompts import PromptLibrary, load_prompts
from core.storage.db import SessionFactory, make_engine, session_factory
from core.time.clock import Clock, SystemClock
from migrations import upgrade

log = logging.getLogger(__name__)

PLATFORMS: dict[str, PlatformTraits] = {
    "console": CONSOLE,
    "slack": SLACK,
    "discord": DISCORD,
}


@dataclass
class App:
    """The wired parts a front end needs."""

    settings: Settings
    engine: Engine
    sessions: SessionFactory
    clock: Clock
    prompts: PromptLibrary
    coach: Coach
    options: Options


def database_engine(settings: Settings) -> Engine:
    """The configured database's engine; SQLite's data directory is created if needed."""
    url = settings.resolved_database_url()
    if make_url(url).get_backend_name() == "sqlite":
        settings.data_path.mkdir(parents=True, exist_ok=True)
    return make_engine(url)


def build_app(
    settings: Settings,
    clock: Clock | None = None,
    default_tz: str = "UTC",
    migrate: bool = True,
) -> App:
    """Create the engine (and its schema), the services and the clock."""
    for name in unknown_variables():
        log.warning("%s is not a coachbot setting and is ignored (see config/defaults.toml)", name)
    engine = database_engine(settings)
    if migrate:
        upgrade(engine)
    sessions = session_factory(engine)
    clock = clock or SystemClock()
    prompts = load_prompts()
    tz = settings.default_timezone or default_tz
    options = settings.options(PLATFORMS)
    coach = Coach(sessions, clock, prompts, options, default_tz=tz)
    return App(settings, engine, sessions, clock, prompts, coach, options)
