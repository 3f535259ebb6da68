"""The scale-out topology: a front end without a worker, and ``coachbot run worker`` on its
own, delivering for the platforms configured in its environment."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import update

from bot.bootstrap import build_app
from bot.run_discord import worker_messenger
from bot.settings import load_settings
from core.coach import Coach
from core.context import MemberRef
from core.prompts import PromptLibrary, load_prompts
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.sender import Sender
from core.scheduling.worker import UNSERVED_AFTER, Worker
from core.storage.db import SessionFactory, make_engine, session_factory
from core.storage.models import Delivery, DeliveryStatus, Schedule
from core.time.clock import ManualClock, SystemClock
from migrations import upgrade
from tests.conftest import PG_ADMIN_URL
from tests.discord.fake_discord import BOT_TOKEN, FakeDiscord, dm_channel_id, use_fake_api
from tests.fakes import OPTIONS
from tests.slack.fake_slack import FakeSlack

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

ALICE = MemberRef("slack", "T0001", "U0ALICE", "Alice")


@pytest.fixture
def database(postgres_url: str) -> Iterator[str]:
    """A fresh migrated PostgreSQL database of the test's own (no other test's rows)."""
    admin = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"coachbot_topology_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = make_engine(PG_ADMIN_URL).url.set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _due_checkin(url: str) -> None:
    """A Slack member (in UTC) whose daily check-in fell due a minute ago, as a front end
    left it for the worker."""
    engine = make_engine(url)
    sessions = session_factory(engine)
    coach = Coach(sessions, SystemClock(), load_prompts(), OPTIONS)
    due = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    reply = coach.handle(ALICE, f"/checkin set daily {due:%H:%M}").plain_text()
    assert "Check-ins" in reply
    with sessions.begin() as session:
        session.execute(update(Schedule).where(Schedule.kind == "checkin").values(next_fire_at=due))
    engine.dispose()


def _worker(url: str, api_url: str, cwd: Path) -> subprocess.Popen[str]:
    exe = shutil.which("coachbot", path=str(Path(sys.executable).parent)) or "coachbot"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COACHBOT_", "SLACK_"))}
    env |= {
        "DATABASE_URL": url,
        "COACHBOT_DATA_DIR": str(cwd / "data"),
        "COACHBOT_TICK_SECONDS": "0.2",
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_API_URL": api_url,
    }
    env.pop("DISCORD_TOKEN", None)
    return subprocess.Popen(
        [exe, "run", "worker"], env=env, cwd=cwd, stderr=subprocess.PIPE, text=True
    )


def test_a_worker_on_its_own_delivers_for_slack(database: str, tmp_path: Path) -> None:
    _due_checkin(database)

    async def scenario() -> str:
        async with FakeSlack() as fake:
            worker = _worker(database, fake.api_url, tmp_path)
            try:
                (post,) = await fake.wait_for("chat.postMessage", timeout=60)
                assert post.args["channel"] == "DU0ALICE"
            finally:
                worker.send_signal(signal.SIGTERM)
                _, stderr = await asyncio.to_thread(worker.communicate, timeout=60)
            assert worker.returncode == 0, stderr
            return stderr

    stderr = asyncio.run(scenario())
    assert "delivers for: console, slack" in stderr
    assert "Traceback" not in stderr
    engine = make_engine(database)
    with engine.connect() as conn:
        states = conn.execute(sa.select(Delivery.platform, Delivery.status)).all()
    engine.dispose()
    assert states == [("slack", DeliveryStatus.SENT)]


def test_rows_for_a_platform_nobody_serves_are_reported(
    coach: Coach, sessions: SessionFactory, clock: ManualClock, worker: Worker
) -> None:
    """A worker that delivers only for the console names the Slack rows it leaves waiting."""
    coach.handle(ALICE, "/checkin set daily 10:00")
    clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    Dispatcher(sessions, clock).tick()
    console_only = Worker(sessions, clock, worker.dispatcher, worker.sender, platforms=["console"])
    assert console_only.unserved() == {}
    clock.advance(UNSERVED_AFTER + timedelta(minutes=1))
    assert console_only.unserved() == {"slack": 1}


def test_a_worker_on_its_own_delivers_for_discord(
    coach: Coach,
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``coachbot run worker`` with DISCORD_TOKEN logs in over REST only (no gateway, no
    front end in the process) and delivers Discord check-ins."""
    member = MemberRef("discord", "discord", "42", "User42")
    coach.handle(member, "/checkin set daily 10:00")
    clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    assert Dispatcher(sessions, clock).tick().queued == 1
    monkeypatch.setenv("DISCORD_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("COACHBOT_DATA_DIR", str(tmp_path))
    app = build_app(load_settings(env_file=None), migrate=False)

    async def scenario(fake: FakeDiscord) -> int:
        async with worker_messenger(app) as messenger:
            assert messenger is not None
            sender = Sender(sessions, clock, prompts, {"discord": messenger}, "w", options=OPTIONS)
            return await sender.drain()

    async def main() -> list[dict[str, object]]:
        async with FakeDiscord() as fake:
            with use_fake_api(fake):
                assert await scenario(fake) == 1
            return fake.messages_in(dm_channel_id(42))

    (message,) = asyncio.run(main())
    assert "Check-in" in str(message)
    app.engine.dispose()
