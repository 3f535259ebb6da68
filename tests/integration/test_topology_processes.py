"""The scale-out topology as processes on PostgreSQL: a Slack front end without a worker
(``coachbot run slack --http --no-worker``) takes a member's command, and a separate
``coachbot run worker`` delivers for every platform in its environment at once, to the
local fake Slack and Discord (test_topology.py covers each platform's worker alone).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import Engine, func, select

from core.coach import Coach
from core.context import MemberRef
from core.prompts import PromptLibrary
from core.storage.db import session_factory
from core.storage.models import Delivery, Member, Schedule
from core.time.clock import SystemClock
from tests.discord.fake_discord import FakeDiscord, dm_channel_id
from tests.fakes import OPTIONS
from tests.integration.test_reliability import _empty, _weekly_rule_firing_at
from tests.slack.fake_slack import FakeSlack
from tests.slack.payloads import load
from tests.slack.signing import form_body, signed_headers

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SECRET = "topology-signing-secret"
DISCORD_USER = 42


@pytest.fixture
def pg(pg_engine: Engine) -> Iterator[Engine]:
    """The session's PostgreSQL database, empty before and after the test."""
    _empty(pg_engine)
    yield pg_engine
    _empty(pg_engine)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _coachbot(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen[str]:
    """A real coachbot process (through the fake-Discord entry point) logging to `log`."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("COACHBOT_", "SLACK_"))}
    base.pop("DISCORD_TOKEN", None)
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.integration.coachbot_process", *args],
            cwd=ROOT,
            env=base | env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )


async def _healthy(url: str, proc: subprocess.Popen[str], log: Path) -> None:
    """Poll the front end's /healthz until it answers (a process gives no other signal)."""
    async with aiohttp.ClientSession() as http:
        for _ in range(300):
            assert proc.poll() is None, log.read_text()
            try:
                async with http.get(f"{url}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"the front end never became healthy: {log.read_text()}")


async def _slash_command(url: str, fake: FakeSlack, text: str) -> None:
    """Alice types `/checkin <text>` in Slack; returns once her answer was posted."""
    payload = load("slash_command_win", response_url=fake.response_url())
    payload.update(command="/checkin", text=text)
    body = form_body(payload)
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{url}/slack/events", data=body.encode(), headers=signed_headers(body, SECRET)
        ) as response,
    ):
        assert response.status == 200
    await fake.wait_for("response_url", timeout=30)


def _make_due(engine: Engine) -> None:
    """Time passes: each member's check-in rule becomes one that fired a minute ago."""
    due = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    with session_factory(engine).begin() as session:
        rows = session.execute(
            select(Schedule, Member.tz)
            .join(Member, Schedule.member_id == Member.id)
            .where(Schedule.kind == "checkin")
        )
        for schedule, tz in rows:
            rule = _weekly_rule_firing_at(due, tz)
            assert rule is not None
            schedule.rule, schedule.next_fire_at = rule, due


def _stop(proc: subprocess.Popen[str], log: Path) -> str:
    """SIGTERM, a clean exit within the bound, and the log."""
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(timeout=30)
    finally:
        proc.kill()
    text = log.read_text()
    assert code == 0, text
    assert "Traceback" not in text, text
    return text


def test_front_end_and_separate_worker_deliver_to_slack_and_discord(
    pg: Engine, postgres_url: str, prompts: PromptLibrary, tmp_path: Path
) -> None:
    async def body() -> None:
        async with FakeSlack() as slack, FakeDiscord() as discord:
            common = {
                "DATABASE_URL": postgres_url,
                "COACHBOT_DATA_DIR": str(tmp_path / "data"),
                "SLACK_API_URL": slack.api_url,
                "SLACK_BOT_TOKEN": "xoxb-topology",
                "FAKE_DISCORD_API": discord.api_base,
            }
            port = _free_port()
            front_log = tmp_path / "front.log"
            front = _coachbot(
                common | {"SLACK_SIGNING_SECRET": SECRET},
                front_log,
                *("run", "slack", "--http", "--no-worker", "--host", "127.0.0.1"),
                *("--port", str(port)),
            )
            try:
                url = f"http://127.0.0.1:{port}"
                await _healthy(url, front, front_log)
                await _slash_command(url, slack, "set weekdays 09:00")
                coach = Coach(session_factory(pg), SystemClock(), prompts, OPTIONS)
                who = MemberRef("discord", "9001", str(DISCORD_USER))
                await asyncio.to_thread(coach.handle, who, "/checkin set weekdays 09:00")
                _make_due(pg)
                with pg.connect() as conn:  # the front end runs no worker: nothing queued
                    assert conn.scalar(select(func.count()).select_from(Delivery)) == 0
                worker_log = tmp_path / "worker.log"
                env = common | {"DISCORD_TOKEN": discord.token, "COACHBOT_TICK_SECONDS": "0.5"}
                worker = _coachbot(env, worker_log, "run", "worker")
                try:
                    dm = dm_channel_id(DISCORD_USER)
                    await discord.wait_for(("POST", f"/channels/{dm}/messages"), timeout=60)
                    (post,) = await slack.wait_for("chat.postMessage", timeout=60)
                finally:
                    worker_text = _stop(worker, worker_log)
            finally:
                _stop(front, front_log)
        assert post.args["channel"] == slack.dm_channel("U0ALICE")
        assert "Check-in time" in str(post.args["blocks"])
        assert "delivers for: console, slack, discord" in worker_text
        with pg.connect() as conn:
            statuses = conn.execute(select(Delivery.platform, Delivery.status)).all()
        assert sorted(statuses) == [("discord", "sent"), ("slack", "sent")]

    asyncio.run(body())
