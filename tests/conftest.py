"""Shared fixtures: real SQLite and PostgreSQL databases, a moved clock, a conversation."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from adapters.slack.storage import slack_metadata
from core.coach import Coach
from core.context import MemberRef
from core.messages import Reply
from core.prompts import PromptLibrary, load_prompts
from core.scheduling.dispatcher import Dispatcher, TickReport
from core.scheduling.ratelimit import Pace
from core.scheduling.sender import Sender
from core.scheduling.worker import Worker
from core.storage.db import SessionFactory, make_engine, session_factory
from core.storage.models import Base
from core.time.clock import ManualClock
from migrations import upgrade
from tests.fakes import OPTIONS, FakeMessenger, FakeTime

SLACK_TABLES = slack_metadata()
PG_ADMIN_URL = os.environ.get(
    "COACHBOT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
START = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)  # a Monday morning


def _pg_reachable() -> str | None:
    """None when the server answers, else why not."""
    try:
        engine = make_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
    except Exception as error:  # any failure means "not reachable"
        return str(error).splitlines()[0]
    return None


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session (required in CI)."""
    problem = _pg_reachable()
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and not reachable: {problem}")
        pytest.skip(f"PostgreSQL not reachable: {problem}")
    name = f"coachbot_test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = make_engine(PG_ADMIN_URL).url.set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    """A migrated engine on the session's PostgreSQL database."""
    engine = make_engine(postgres_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated engine on a SQLite file."""
    path = tmp_path_factory.mktemp("sqlite") / "coachbot.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    yield engine
    engine.dispose()


def _empty(engine: Engine) -> None:
    with engine.begin() as conn:
        for table in [*reversed(Base.metadata.sorted_tables), *SLACK_TABLES.sorted_tables]:
            conn.execute(table.delete())


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """Each storage test runs on SQLite and on PostgreSQL, starting from empty tables."""
    engine: Engine = request.getfixturevalue(
        f"{'pg' if request.param == 'postgresql' else 'sqlite'}_engine"
    )
    _empty(engine)
    yield engine
    _empty(engine)


@pytest.fixture(scope="session")
def prompts() -> PromptLibrary:
    """The packaged prompt library."""
    return load_prompts()


@pytest.fixture
def clock() -> ManualClock:
    """A clock at Monday 2026-11-23 09:30 UTC that moves only when told."""
    return ManualClock(START)


@pytest.fixture
def sessions(engine: Engine) -> SessionFactory:
    """Sessions on the test database, for looking at what was stored."""
    return session_factory(engine)


@pytest.fixture
def coach(sessions: SessionFactory, clock: ManualClock, prompts: PromptLibrary) -> Coach:
    """The real core on a real database."""
    return Coach(sessions, clock, prompts, OPTIONS, default_tz="UTC")


@dataclass
class Conversation:
    """A member talking to the real core: text in, replies out."""

    coach: Coach
    who: MemberRef
    tz_hint: str | None = None
    admin: bool = False
    replies: list[Reply] = field(default_factory=list)

    def say(self, text: str) -> Reply:
        """Send one message and keep the reply."""
        reply = self.coach.handle(self.who, text, tz_hint=self.tz_hint, admin=self.admin)
        self.replies.append(reply)
        return reply

    def text(self, text: str) -> str:
        """Send one message and return the reply's plain text."""
        return self.say(text).plain_text()


@pytest.fixture
def alice(coach: Coach) -> Conversation:
    """Alice, a console member in UTC."""
    return Conversation(coach, MemberRef("console", "local", "alice", "Alice"))


@pytest.fixture
def bob(coach: Coach) -> Conversation:
    """Bob, another member of the same workspace."""
    return Conversation(coach, MemberRef("console", "local", "bob", "Bob"))


@pytest.fixture
def messenger() -> FakeMessenger:
    """A fake console platform that records what the worker sends."""
    return FakeMessenger("console")


@pytest.fixture
def worker(
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
    messenger: FakeMessenger,
) -> Worker:
    """A real dispatcher and sender on the test database, sending to the fake."""
    fake_time = FakeTime(lambda seconds: clock.advance(timedelta(seconds=seconds)))
    messenger._now = fake_time.monotonic
    sender = Sender(
        sessions,
        clock,
        prompts,
        {"console": messenger},
        "test-worker",
        pace={"console": Pace(channel=0, workspace=2.0, platform=0)},
        realtime=fake_time,
        options=OPTIONS,
    )
    return Worker(sessions, clock, Dispatcher(sessions, clock), sender)


def run_worker(worker: Worker) -> tuple[TickReport, int]:
    """One tick and drain, synchronously."""
    return asyncio.run(worker.run_once())
