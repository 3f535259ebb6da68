"""Every Web API call of a Slack process goes over one keep-alive HTTP session: the
listeners' (Bolt's per-request clients) and the outbox messenger's, counted as TCP
connections at the local fake Slack."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from sqlalchemy import Engine

from core.coach import Coach
from core.context import MemberRef
from core.ports import Address
from tests.slack.fake_slack import Call, FakeSlack
from tests.slack.harness import SlackHarness

Body = Callable[[SlackHarness], Awaitable[None]]
USERS = ("U0ALICE", "U0BOB", "U0CAROL")
ALICE = MemberRef("slack", "T0001", "U0ALICE")


def run(coach: Coach, engine: Engine, body: Body) -> None:
    """Run an async test body against the fake and our app."""

    async def main() -> None:
        async with FakeSlack() as fake, SlackHarness(coach, engine, fake) as slack:
            await body(slack)

    asyncio.run(main())


def web_api_calls(fake: FakeSlack) -> list[Call]:
    """The Web API calls the fake received (not response_url answers, which Bolt's own
    webhook client posts, nor file uploads to the upload URL)."""
    return [call for call in fake.calls if call.method not in ("response_url", "upload")]


def test_listener_and_messenger_calls_share_one_connection(coach: Coach, engine: Engine) -> None:
    async def body(slack: SlackHarness) -> None:
        for user in USERS:  # each a users.info (a new member) from Bolt's per-request client
            await slack.answer_to(await slack.command("/win", "Shipped it", user))
        await slack.fake.wait_for("users.info", len(USERS))
        messenger, reply = slack.front.messenger, coach.handle(ALICE, "/help")
        for user in USERS:  # each a conversations.open and a chat.postMessage
            await messenger.send_dm(Address("slack", "T0001", user), reply)
        calls = web_api_calls(slack.fake)
        assert [c.method for c in calls].count("chat.postMessage") == len(USERS)
        assert len(calls) >= 3 * len(USERS)
        assert {c.connection for c in calls} == {calls[0].connection} != {""}

    run(coach, engine, body)


def test_a_rate_limited_call_is_still_retried_after_retry_after(
    coach: Coach, engine: Engine
) -> None:
    async def body(slack: SlackHarness) -> None:
        slack.fake.rate_limit("users.info", 1, retry_after=0)
        await slack.answer_to(await slack.command("/win", "Shipped it"))
        calls = await slack.fake.wait_for("users.info", 2)
        assert [c.status for c in calls] == [429, 200]
        assert len({c.connection for c in web_api_calls(slack.fake)}) == 1

    run(coach, engine, body)


def test_a_closed_session_is_replaced_on_the_next_call(coach: Coach, engine: Engine) -> None:
    async def body(slack: SlackHarness) -> None:
        messenger, reply = slack.front.messenger, coach.handle(ALICE, "/help")
        await messenger.send_dm(Address("slack", "T0001", "U0ALICE"), reply)
        session = slack.front.http.current()
        assert session is not None and not session.closed
        await messenger.close()  # what a stopping process does
        assert session.closed
        await messenger.send_dm(Address("slack", "T0001", "U0BOB"), reply)
        first, *_, last = web_api_calls(slack.fake)
        assert first.connection != last.connection
        assert slack.front.http.current() is not session

    run(coach, engine, body)


def test_answers_at_response_url_share_the_connection_too(coach: Coach, engine: Engine) -> None:
    """Bolt's respond() makes a webhook client, and a connection, for every answer;
    coachbot's answers to slash commands and buttons go out on the shared session."""

    async def body(slack: SlackHarness) -> None:
        for text in ("Shipped it", "Closed the Acme deal", "Mentored Sam"):
            await slack.answer_to(await slack.command("/win", text))
        answers = slack.fake.calls_to("response_url")
        assert len(answers) == 3
        assert len({c.connection for c in answers + web_api_calls(slack.fake)}) == 1

    run(coach, engine, body)
