"""What arrives over HTTP: replayed signed requests, malformed signature headers, and what
the OAuth callback leaves in the logs."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from bot.logs import RedactingFormatter
from core.coach import Coach
from core.storage.db import SessionFactory
from core.storage.models import Entry, Goal, Reminder
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import SlackHarness, install
from tests.slack.payloads import load
from tests.slack.signing import interactive_body, signed_headers

Body = Callable[[SlackHarness], Awaitable[None]]


def run(coach: Coach, engine: Engine, body: Body, oauth: bool = False) -> None:
    """Run an async test body against the fake and our app."""

    async def main() -> None:
        async with FakeSlack() as fake, SlackHarness(coach, engine, fake, oauth=oauth) as slack:
            await body(slack)

    asyncio.run(main())


def _count(sessions: SessionFactory, model: Any) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


async def _no_more(slack: SlackHarness, method: str, count: int) -> None:
    """Nothing beyond `count` calls to `method` arrives (a replay would add one)."""
    with pytest.raises(AssertionError):
        await slack.fake.wait_for(method, count + 1, timeout=0.5)


def test_a_replayed_slash_command_runs_once(
    coach: Coach, engine: Engine, sessions: SessionFactory
) -> None:
    async def body(slack: SlackHarness) -> None:
        request, url = slack.command_body("/win", "Cut CI from 25 to 9 minutes")
        headers = signed_headers(request, "8f742231b10e8888abcd99yyyzzz85a5")
        for _ in range(2):  # the same signed request, twice within Slack's 5 minutes
            status, _ = await slack.post(request, headers)
            assert status == 200
        await slack.answer_to(url)
        await _no_more(slack, "response_url", 1)

    run(coach, engine, body)
    assert _count(sessions, Entry) == 1


def test_replayed_interactions_run_once(
    coach: Coach, engine: Engine, sessions: SessionFactory
) -> None:
    async def body(slack: SlackHarness) -> None:
        await slack.answer_to(await slack.command("/journal", ""))  # a question to snooze
        for name in ("view_submission_goal", "block_actions_button"):
            payload = load(name, response_url=slack.fake.response_url())
            request = interactive_body(payload)
            headers = signed_headers(request, "8f742231b10e8888abcd99yyyzzz85a5")
            for _ in range(2):
                status, _ = await slack.post(request, headers)
                assert status == 200
        await slack.fake.wait_for("response_url", 2)  # the prompt, the snooze's answer
        await _no_more(slack, "response_url", 2)
        await _no_more(slack, "chat.postMessage", 1)  # the goal's coaching DM

    run(coach, engine, body)
    with sessions() as session:
        snoozes = session.scalars(select(Reminder).where(Reminder.kind == "snooze")).all()
    assert (_count(sessions, Goal), len(snoozes)) == (1, 1)


@pytest.mark.parametrize("timestamp", ["not-a-number", "", "1e9", "١٧٠٠٠٠٠٠٠٠"])
def test_a_malformed_request_timestamp_is_401_without_a_traceback(
    timestamp: str, coach: Coach, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    async def body(slack: SlackHarness) -> None:
        request, _ = slack.command_body("/win", "forged")
        headers = signed_headers(request, "8f742231b10e8888abcd99yyyzzz85a5")
        headers["X-Slack-Request-Timestamp"] = timestamp
        status, _ = await slack.post(request, headers)
        assert status == 401

    with caplog.at_level(logging.DEBUG):
        run(coach, engine, body)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


@pytest.fixture
def debug_log() -> Iterator[io.StringIO]:
    """Everything logged at DEBUG, formatted as coachbot's processes format it."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield out
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")
def test_the_oauth_code_and_secrets_stay_out_of_debug_logs(
    coach: Coach, engine: Engine, debug_log: io.StringIO
) -> None:
    async def body(slack: SlackHarness) -> None:
        await install(slack)
        (access,) = slack.fake.calls_to("oauth.v2.access")
        assert access.args["code"] == "one-time-code"

    run(coach, engine, body, oauth=True)
    logged = debug_log.getvalue()
    assert "oauth.v2.access" in logged or "oauth_redirect" in logged  # DEBUG did record it
    for secret in ("one-time-code", "client-secret", "xoxb-installed-token"):
        assert secret not in logged
