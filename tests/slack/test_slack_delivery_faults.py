"""A digest posted in parts through the real Slack messenger, against the local fake Slack."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import Engine, select

from core.coach import Coach
from core.context import MemberRef
from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory
from core.storage.models import Delivery
from core.time.clock import ManualClock
from tests.fakes import OPTIONS, FakeTime
from tests.slack.fake_slack import Call, FakeSlack, Json, _error
from tests.slack.harness import SlackHarness

FRIDAY_4PM = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)


class FlakyThreadSlack(FakeSlack):
    """Slack, failing the first reply in a thread once with a transient error."""

    def __init__(self) -> None:
        super().__init__()
        self.failed_once = False

    def _answer(self, call: Call) -> Json:
        threaded = call.method == "chat.postMessage" and "thread_ts" in call.args
        if threaded and not self.failed_once:
            self.failed_once = True
            return _error("internal_error")
        return super()._answer(call)


def _queue_digest(coach: Coach, clock: ManualClock, sessions: SessionFactory) -> None:
    ada = MemberRef("slack", "T0001", "U0ADA")
    coach.handle(ada, "/digest set <#C0TEAM|team> weekly fri 16:00 UTC", admin=True)
    alice = MemberRef("slack", "T0001", "U0ALICE")
    for n in range(15):  # enough shared wins to need a thread
        coach.handle(alice, f"/win Shipped part {n} --share")
    clock.set(FRIDAY_4PM)
    Dispatcher(sessions, clock).tick()


def test_a_digest_whose_second_part_fails_once_continues_its_thread(
    coach: Coach,
    engine: Engine,
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
) -> None:
    _queue_digest(coach, clock, sessions)
    realtime = FakeTime()

    async def body() -> None:
        async with FlakyThreadSlack() as fake, SlackHarness(coach, engine, fake) as slack:
            messengers = {"slack": slack.front.messenger}
            sender = Sender(
                sessions, clock, prompts, messengers, "w1", realtime=realtime, options=OPTIONS
            )
            await sender.drain()
            assert fake.failed_once
            await sender.drain()  # the retry waits for its backoff
            assert len(fake.calls_to("files.completeUploadExternal")) == 0
            await realtime.sleep(31)  # past the first backoff (30 s, real time)
            await sender.drain()
            posts = [p for p in fake.calls_to("chat.postMessage") if p.args["channel"] == "C0TEAM"]
            summaries = [p for p in posts if "thread_ts" not in p.args]
            assert len(summaries) == 1, "the summary was posted again"
            (summary,) = summaries
            thread = [p for p in posts if "thread_ts" in p.args and p.response["ok"]]
            assert thread and all(p.args["thread_ts"] == summary.response["ts"] for p in thread)
            assert "Shipped part 14" in str([p.args["blocks"] for p in thread])
            uploads = fake.calls_to("files.completeUploadExternal")
            assert [u.args.get("thread_ts") for u in uploads] == [summary.response["ts"]]

    asyncio.run(body())
    with sessions() as session:
        digest = session.scalars(select(Delivery).where(Delivery.kind == "digest")).one()
    assert digest.status == "sent" and digest.attempts == 1
