"""A digest channel coachbot cannot post to: `/digest set` checks it (joining public
channels), and a digest that fails there tells the admin who set it up, once."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from core.coach import Coach
from core.context import MemberRef
from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory
from core.storage.models import Delivery, DeliveryStatus, Digest
from core.time.clock import ManualClock
from tests.fakes import OPTIONS
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import SlackHarness, all_text

ADMIN = "U0ADA"
FRIDAY_4PM = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)

Body = Callable[[SlackHarness], Awaitable[None]]


def run(coach: Coach, engine: Engine, body: Body) -> None:
    """Run an async test body against the fake (with an admin) and our app."""

    async def main() -> None:
        async with FakeSlack() as fake, SlackHarness(coach, engine, fake) as slack:
            fake.admins.add(ADMIN)
            await body(slack)

    asyncio.run(main())


async def _set(slack: SlackHarness, channel: str, user: str = ADMIN) -> str:
    answer = await slack.answer_to(
        await slack.command("/digest", f"set {channel} weekly fri 16:00 UTC", user)
    )
    return all_text(answer)


def _channels(sessions: SessionFactory) -> list[str]:
    with sessions() as session:
        return list(session.scalars(select(Digest.channel_id).order_by(Digest.id)))


def test_digest_set_joins_a_public_channel_it_is_not_in(
    coach: Coach, engine: Engine, sessions: SessionFactory
) -> None:
    async def body(slack: SlackHarness) -> None:
        channel = slack.fake.add_channel("C0PUB", "pub")
        assert "Digest for #pub" in await _set(slack, "<#C0PUB|pub>")
        (join,) = slack.fake.calls_to("conversations.join")
        assert join.args["channel"] == "C0PUB" and join.response["ok"]
        assert channel.bot_is_member

    run(coach, engine, body)
    assert _channels(sessions) == ["C0PUB"]


def test_digest_set_asks_for_an_invite_to_a_private_channel_and_saves_nothing(
    coach: Coach, engine: Engine, sessions: SessionFactory
) -> None:
    async def body(slack: SlackHarness) -> None:
        slack.fake.add_channel("G0SECRET", "secret", private=True)
        refused = await _set(slack, "<#G0SECRET|secret>")
        assert "/invite @coachbot" in refused and "#secret" in refused
        assert "set <#G0SECRET|secret> weekly fri 16:00 UTC" in refused  # nothing typed lost
        slack.fake.add_channel("G0TEAM", "team", private=True, bot_is_member=True)
        assert "Digest for #team" in await _set(slack, "<#G0TEAM|team>")

    run(coach, engine, body)
    assert _channels(sessions) == ["G0TEAM"]


def test_a_non_admin_never_makes_coachbot_join_a_channel(
    coach: Coach, engine: Engine, sessions: SessionFactory
) -> None:
    async def body(slack: SlackHarness) -> None:
        slack.fake.add_channel("C0PUB", "pub")
        assert "Only workspace admins" in await _set(slack, "<#C0PUB|pub>", user="U0ALICE")
        assert not slack.fake.calls_to("conversations.join")

    run(coach, engine, body)
    assert _channels(sessions) == []


def test_a_digest_the_bot_cannot_post_tells_its_admin_once(
    coach: Coach,
    engine: Engine,
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
) -> None:
    alice = MemberRef("slack", "T0001", "U0ALICE")
    coach.handle(alice, "/checkin off")
    coach.handle(alice, "/win Shipped the importer --share")

    async def body(slack: SlackHarness) -> None:
        assert "Digest for #team" in await _set(slack, "<#C0TEAM|team>")
        coach.handle(MemberRef("slack", "T0001", ADMIN), "/checkin off")
        slack.fake.add_channel("C0TEAM", "team")  # then someone removed coachbot from it
        sender = Sender(
            sessions, clock, prompts, {"slack": slack.front.messenger}, "w1", options=OPTIONS
        )
        slack.fake.clear()
        for week in range(2):
            clock.set(FRIDAY_4PM + timedelta(weeks=week))
            Dispatcher(sessions, clock).tick()
            await sender.drain()
            await sender.drain()  # the notice queued by a failure
        notices = [c for c in slack.fake.calls_to("chat.postMessage") if c.response["ok"]]
        assert [c.args["channel"] for c in notices] == [f"D{ADMIN}"]
        text = all_text(notices[0].args)
        assert "#team" in text and "/invite @coachbot" in text

    run(coach, engine, body)
    with sessions() as session:
        digests = session.scalars(select(Delivery).where(Delivery.kind == "digest")).all()
    assert [(d.status, d.reason) for d in digests] == [
        (DeliveryStatus.FAILED, "not_in_channel")
    ] * 2
