"""Heavy data through the fake Slack, which refuses what Slack refuses: 30 goals with long
titles, 25 wins near the length limit, mention injection and Markdown-dense text, on the
App Home, /progress, lists, digests and the brag upload."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import Engine, select

from core.coach import Coach
from core.context import MemberRef
from core.parsing import LIMITS
from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory
from core.storage.models import Delivery, DeliveryStatus
from core.time.clock import ManualClock
from tests.fakes import OPTIONS
from tests.slack.fake_slack import Call, FakeSlack
from tests.slack.harness import SlackHarness, texts

ALICE = MemberRef("slack", "T0001", "U0ALICE")
ADA = MemberRef("slack", "T0001", "U0ADA")
FRIDAY_4PM = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
NASTY = "<!channel> <!here> <@U0BOB> <#C0GEN|general> @everyone *bold* _it_ ~x~ `code` > q &amp; "


def _padded(prefix: str, length: int) -> str:
    text = f"{prefix} {NASTY}"
    return (text * (length // len(text) + 1))[:length].rstrip()


def _seed(coach: Coach) -> None:
    for n in range(1, 31):
        title = _padded(f"Goal {n:02d}", LIMITS["title"] - 40)
        coach.handle(ALICE, f"/goal add {title} by 2027-{(n - 1) % 12 + 1:02d}-28 --share")
    for n in range(1, 26):
        text = _padded(f"Win {n:02d} #launch", LIMITS["win"] - 40)
        coach.handle(ALICE, f"/win {text} goal:{n} --share")
    coach.handle(ADA, "/digest set <#C0TEAM|team> weekly fri 16:00 UTC", admin=True)


def _refused(calls: list[Call]) -> list[Call]:
    """Calls the fake answered with an error, as Slack would have."""
    return [
        c
        for c in calls
        if (isinstance(c.response, dict) and not c.response.get("ok")) or c.status >= 400
    ]


def _pings(call: Call) -> list[str]:
    """Member text that Slack would turn into a mention: mrkdwn or the notification text."""
    found = [t["text"] for t in texts(call.args) if t["type"] == "mrkdwn"]
    found += [str(call.args.get(k) or "") for k in ("text", "initial_comment")]
    return [text for text in found if "<!channel>" in text or "<@U0BOB>" in text]


def test_heavy_and_hostile_data_passes_slacks_rules_everywhere(
    coach: Coach,
    engine: Engine,
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
) -> None:
    _seed(coach)
    clock.set(FRIDAY_4PM)
    Dispatcher(sessions, clock).tick()

    async def body() -> None:
        async with FakeSlack() as fake, SlackHarness(coach, engine, fake) as slack:
            await slack.event("event_app_home_opened")
            await fake.wait_for("views.publish")
            for command, text in (
                ("/progress", ""),
                ("/progress", "chart"),
                ("/goal", "list"),
                ("/goal", "show 30"),
                ("/win", "list"),
                ("/coach", "export brag"),
            ):
                await slack.answer_to(await slack.command(command, text))
            await fake.wait_for("files.completeUploadExternal", 2)
            sender = Sender(
                sessions, clock, prompts, {"slack": slack.front.messenger}, "w1", options=OPTIONS
            )
            await sender.drain()
            assert [c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == "C0TEAM"]
            assert _refused(fake.calls) == []
            assert [text for call in fake.calls for text in _pings(call)] == []

    asyncio.run(body())
    with sessions() as session:
        digest = session.scalars(select(Delivery).where(Delivery.kind == "digest")).one()
    assert digest.status == DeliveryStatus.SENT
