"""Multi-workspace OAuth install against the fake, and outbox delivery through Slack."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, select, text

from core.coach import Coach
from core.context import MemberRef
from core.ports import Address, DeliveryError, RateLimited
from core.prompts import PromptLibrary, load_prompts
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory
from core.storage.models import Delivery
from core.time.clock import ManualClock
from tests.fakes import OPTIONS
from tests.slack.fake_slack import INSTALLED_TOKEN, FakeSlack
from tests.slack.harness import SlackHarness
from tests.slack.payloads import load
from tests.slack.signing import form_body


async def _install(slack: SlackHarness) -> None:
    """Walk the install flow like a browser: install page, Slack's redirect back."""
    assert slack.http is not None
    async with slack.http.get(slack.url("/slack/install")) as page:
        assert page.status == 200
        html = await page.text()
        # Bolt's state cookie is Secure (https only); a browser on our TLS proxy sends it
        # back, so the test does too.
        cookie = page.headers["Set-Cookie"].split(";", 1)[0]
    match = re.search(r"state=([\w-]+)", html)
    assert match, html
    state = match.group(1)
    assert "client_id=1111.2222" in html and "scope=commands" in html
    async with slack.http.get(
        slack.url("/slack/oauth_redirect"),
        params={"code": "one-time-code", "state": state},
        headers={"Cookie": cookie},
    ) as done:
        assert done.status == 200, await done.text()


def test_oauth_install_stores_the_workspace_and_its_token_is_used(
    coach: Coach, engine: Engine
) -> None:
    async def body() -> None:
        async with FakeSlack() as fake, SlackHarness(coach, engine, fake, oauth=True) as slack:
            await _install(slack)
            (access,) = fake.calls_to("oauth.v2.access")
            assert access.args["code"] == "one-time-code"
            # A command from the newly installed workspace is answered with its token.
            url = fake.response_url()
            payload = load("slash_command_win", response_url=url)
            payload.update(team_id="T0002", user_id="U0ACME", command="/progress", text="")
            status, _ = await slack.post(form_body(payload))
            assert status == 200
            await slack.answer_to(url)
            (info,) = await fake.wait_for("users.info")
            assert info.token == INSTALLED_TOKEN
            # And the outbox reaches that workspace through the stored token too.
            await slack.front.messenger.send_dm(
                Address("slack", "T0002", "U0ACME"), coach.handle(_acme(), "/help")
            )
            (post,) = await fake.wait_for("chat.postMessage")
            assert post.token == INSTALLED_TOKEN
            with pytest.raises(DeliveryError) as missing:
                await slack.front.messenger.send_dm(
                    Address("slack", "T9999", "U1"), coach.handle(_acme(), "/help")
                )
            assert missing.value.permanent

    asyncio.run(body())
    with engine.connect() as conn:
        teams = conn.execute(text("select team_id, bot_token from slack_bots")).all()
    assert [(team, token) for team, token in teams] == [("T0002", INSTALLED_TOKEN)]


def _acme() -> MemberRef:
    return MemberRef("slack", "T0002", "U0ACME")


def test_install_needs_a_valid_state(coach: Coach, engine: Engine) -> None:
    async def body() -> None:
        async with FakeSlack() as fake, SlackHarness(coach, engine, fake, oauth=True) as slack:
            assert slack.http is not None
            async with slack.http.get(
                slack.url("/slack/oauth_redirect"), params={"code": "x", "state": "forged"}
            ) as response:
                assert response.status in (400, 401, 403)
            assert not fake.calls_to("oauth.v2.access")

    asyncio.run(body())


def test_checkin_is_delivered_as_block_kit_dm_with_buttons(
    coach: Coach,
    engine: Engine,
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
) -> None:
    who = MemberRef("slack", "T0001", "U0ALICE")
    coach.handle(who, "/checkin set daily 10:00")
    coach.handle(who, "/goal add Pass the CKA exam by 2027-02-28")
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    Dispatcher(sessions, clock).tick()

    async def body() -> None:
        async with FakeSlack() as fake, SlackHarness(coach, engine, fake) as slack:
            sender = Sender(
                sessions, clock, prompts, {"slack": slack.front.messenger}, "w1", options=OPTIONS
            )
            assert await sender.drain() == 1
            (opened,) = fake.calls_to("conversations.open")
            (post,) = fake.calls_to("chat.postMessage")
            assert opened.args["users"] == "U0ALICE" and post.args["channel"] == "D0ALICE"
            buttons = [
                e
                for block in post.args["blocks"]
                if block["type"] == "actions"
                for e in block["elements"]
            ]
            assert [b["value"] for b in buttons][:4] == [
                "/checkin answer",
                "/checkin snooze 1h",
                "/checkin snooze tomorrow",
                "/checkin skip",
            ]
            assert "Check-in time" in post.args["text"]

    asyncio.run(body())
    with sessions() as session:
        assert session.scalars(select(Delivery.status)).all() == ["sent"]


def test_the_dm_channel_is_opened_once_not_before_every_dm(coach: Coach, engine: Engine) -> None:
    """conversations.open is Tier 3 (about 50 a minute per workspace): a worker sending a
    weekly check-in to thousands of members must not call it before each DM."""

    async def body() -> None:
        async with FakeSlack() as fake, SlackHarness(coach, engine, fake) as slack:
            messenger = slack.front.messenger
            reply = coach.handle(MemberRef("slack", "T0001", "U0ALICE"), "/help")
            alice = Address("slack", "T0001", "U0ALICE")
            for _ in range(3):
                await messenger.send_dm(alice, reply)
            assert len(fake.calls_to("conversations.open")) == 1
            assert [c.args["channel"] for c in fake.calls_to("chat.postMessage")] == ["D0ALICE"] * 3
            fake.fail("chat.postMessage", "channel_not_found")
            await messenger.send_dm(alice, reply)  # a channel gone is opened again, posted in
            assert len(fake.calls_to("conversations.open")) == 2
            assert len(fake.calls_to("chat.postMessage")) == 5

    asyncio.run(body())


def _checkin_at(coach: Coach, sessions: SessionFactory, clock: ManualClock, day: int) -> None:
    """Alice's daily check-in of 2026-11-`day` queued."""
    coach.handle(MemberRef("slack", "T0001", "U0ALICE"), "/checkin set daily 10:00")
    clock.set(datetime(2026, 11, day, 10, 0, tzinfo=UTC))
    Dispatcher(sessions, clock).tick()


async def _drain_fresh(
    slack_parts: tuple[Coach, Engine, FakeSlack], sessions: SessionFactory, clock: ManualClock
) -> int:
    """A worker started anew (its messenger remembers nothing) drains the outbox."""
    coach, engine, fake = slack_parts
    async with SlackHarness(coach, engine, fake) as slack:
        messengers = {"slack": slack.front.messenger}
        sender = Sender(sessions, clock, load_prompts(), messengers, "w1", options=OPTIONS)
        return await sender.drain()


def test_a_restarted_worker_reuses_the_members_dm_channel(
    coach: Coach, engine: Engine, sessions: SessionFactory, clock: ManualClock
) -> None:
    """Issue 14: the DM channel is kept on the member, so a fresh worker (or another one)
    posts at once instead of calling conversations.open before every check-in."""

    async def run() -> list[str]:
        async with FakeSlack() as fake:
            for day in (23, 24):
                _checkin_at(coach, sessions, clock, day)
                assert await _drain_fresh((coach, engine, fake), sessions, clock) == 1
            assert len(fake.calls_to("conversations.open")) == 1
            return [c.args["channel"] for c in fake.calls_to("chat.postMessage")]

    assert asyncio.run(run()) == ["D0ALICE", "D0ALICE"]


def test_a_dm_channel_that_is_gone_is_opened_again_and_kept(
    coach: Coach, engine: Engine, sessions: SessionFactory, clock: ManualClock
) -> None:
    """The kept channel is replaced when Slack says it is gone; the check-in still goes."""

    async def run() -> list[str]:
        async with FakeSlack() as fake:
            _checkin_at(coach, sessions, clock, 23)
            await _drain_fresh((coach, engine, fake), sessions, clock)
            fake.dm_channels["U0ALICE"] = "D0AGAIN"
            fake.fail("chat.postMessage", "channel_not_found")
            for day in (24, 25):
                _checkin_at(coach, sessions, clock, day)
                assert await _drain_fresh((coach, engine, fake), sessions, clock) == 1
            assert len(fake.calls_to("conversations.open")) == 2
            return [c.args["channel"] for c in fake.calls_to("chat.postMessage")]

    assert asyncio.run(run()) == ["D0ALICE", "D0ALICE", "D0AGAIN", "D0AGAIN"]
    with sessions() as session:
        statuses = session.scalars(select(Delivery.status).order_by(Delivery.id)).all()
    assert statuses == ["sent", "sent", "sent"]


def test_messenger_maps_slack_errors(coach: Coach, engine: Engine) -> None:
    async def body() -> None:
        async with FakeSlack() as fake, SlackHarness(coach, engine, fake) as slack:
            messenger = slack.front.messenger
            reply = coach.handle(MemberRef("slack", "T0001", "U0ALICE"), "/help")
            fake.rate_limit("chat.postMessage", 3, retry_after=7)
            with pytest.raises(RateLimited) as limited:
                await messenger.send_dm(Address("slack", "T0001", "U0ALICE"), reply)
            assert limited.value.retry_after == 7
            fake.fail("conversations.open", "user_not_found")
            with pytest.raises(DeliveryError) as gone:
                await messenger.send_dm(Address("slack", "T0001", "U0GONE"), reply)
            assert gone.value.permanent and gone.value.reason == "user_not_found"

    asyncio.run(body())


def test_digest_needs_a_slack_admin_and_posts_details_in_a_thread(
    coach: Coach,
    engine: Engine,
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
) -> None:
    from tests.slack.test_slack_app import _all_text

    async def body() -> None:
        async with FakeSlack() as fake, SlackHarness(coach, engine, fake) as slack:
            refused = await slack.answer_to(
                await slack.command("/digest", "set <#C0TEAM|team> weekly fri 16:00 UTC")
            )
            assert "Only workspace admins" in _all_text(refused)
            fake.admins.add("U0ADA")
            done = await slack.answer_to(
                await slack.command("/digest", "set <#C0TEAM|team> weekly fri 16:00 UTC", "U0ADA")
            )
            assert "Digest for #team" in _all_text(done)
            for n in range(15):  # enough shared wins to need a thread
                await slack.answer_to(await slack.command("/win", f"Shipped part {n} --share"))
            clock.set(datetime(2026, 11, 27, 16, 0, tzinfo=UTC))
            Dispatcher(sessions, clock).tick()
            sender = Sender(
                sessions, clock, prompts, {"slack": slack.front.messenger}, "w1", options=OPTIONS
            )
            fake.clear()
            assert await sender.drain() == 3  # the digest, and two members' Friday check-ins
            posts = [p for p in fake.calls_to("chat.postMessage") if p.args["channel"] == "C0TEAM"]
            summary, thread = posts[0], posts[1:]
            assert "15 wins from 1 person" in summary.args["text"]
            assert thread and "thread_ts" not in summary.args
            assert all(p.args["thread_ts"] == summary.response["ts"] for p in thread)
            assert "Shipped part 14" in "".join(_all_text(p.args) for p in thread)

    asyncio.run(body())
