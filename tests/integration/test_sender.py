"""The outbox sender: pacing, 429 with Retry-After, retries and permanent failures, leases."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, event, select

from core.coach import Coach
from core.context import MemberRef
from core.messages import Reply
from core.ports import Address, DeliveryError
from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.outbox import Outbox
from core.scheduling.ratelimit import Pace
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory
from core.storage.models import Delivery
from core.time.clock import ManualClock
from tests.fakes import OPTIONS, FakeMessenger, FakeTime

LEASE = timedelta(minutes=2)
DAY = timedelta(days=1)


def _queue_checkins(coach: Coach, clock: ManualClock, sessions: SessionFactory, n: int) -> None:
    for i in range(n):
        coach.handle(MemberRef("console", "local", f"m{i}"), "/checkin set daily 10:00")
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    assert Dispatcher(sessions, clock).tick().queued == n


def _sender(
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
    messenger: FakeMessenger,
    fake_time: FakeTime,
    rate: float,
    worker_id: str = "w1",
) -> Sender:
    messenger._now = fake_time.monotonic
    return Sender(
        sessions,
        clock,
        prompts,
        {"console": messenger},
        worker_id,
        batch=10,
        pace={"console": Pace(channel=0, workspace=rate, platform=0)},
        realtime=fake_time,
        options=OPTIONS,
    )


def _statuses(sessions: SessionFactory) -> list[str]:
    with sessions() as session:
        return list(session.scalars(select(Delivery.status).order_by(Delivery.id)))


def test_429_with_retry_after_delivers_everything_no_faster_than_allowed(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    _queue_checkins(coach, clock, sessions, 25)
    fake_time = FakeTime(lambda s: clock.advance(timedelta(seconds=s)))
    messenger = FakeMessenger("console")
    messenger.limit_next, messenger.retry_after = 4, 3.0
    sender = _sender(sessions, clock, prompts, messenger, fake_time, rate=5.0)
    for _ in range(20):
        asyncio.run(sender.drain())
        if messenger.total() == 25:
            break
        asyncio.run(fake_time.sleep(1.0))
    assert messenger.total() == 25
    assert len({a for a in messenger.sent}) == 25
    assert messenger.rejections == 4
    gaps = [b - a for a, b in zip(messenger.send_times, messenger.send_times[1:], strict=False)]
    assert min(gaps) >= 0.2 - 1e-9  # 5 per second
    first_429 = messenger.send_times[0]
    assert messenger.send_times[1] - first_429 >= 3.0  # Retry-After honoured
    assert set(_statuses(sessions)) == {"sent"}


class FlakyMessenger(FakeMessenger):
    """Fails the first attempts for one member, permanently for another."""

    def __init__(self) -> None:
        super().__init__("console")
        self.failures = 0

    async def send_dm(self, to: Address, reply: Reply) -> None:
        if to.user_id == "m0" and self.failures < 2:
            self.failures += 1
            raise DeliveryError("upstream 502")
        if to.user_id == "m1":
            raise DeliveryError("user blocked the bot", permanent=True)
        await super().send_dm(to, reply)


def test_transient_failures_retry_with_backoff_and_permanent_ones_stop(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    _queue_checkins(coach, clock, sessions, 3)
    fake_time = FakeTime(lambda s: clock.advance(timedelta(seconds=s)))
    messenger = FlakyMessenger()
    sender = _sender(sessions, clock, prompts, messenger, fake_time, rate=0)
    asyncio.run(sender.drain())
    assert {a.user_id for a in messenger.sent} == {"m2"}
    asyncio.run(fake_time.sleep(31))  # backoff is real time: 30 s, then 60 s
    asyncio.run(sender.drain())
    asyncio.run(fake_time.sleep(61))
    asyncio.run(sender.drain())
    assert {a.user_id for a in messenger.sent} == {"m0", "m2"}
    with sessions() as session:
        rows = {d.member.user_id: d for d in session.scalars(select(Delivery))}
        assert rows["m0"].status == "sent" and rows["m0"].attempts == 2
        assert rows["m1"].status == "failed" and rows["m1"].reason == "user blocked the bot"


def test_a_dead_workers_claim_is_taken_over_after_its_lease(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    _queue_checkins(coach, clock, sessions, 3)
    fake_time = FakeTime()
    dead = Outbox(sessions, clock, fake_time, "dead", lease=LEASE, max_attempts=6, stale_after=DAY)
    assert len(dead.claim(["console"], 50)) == 3  # claimed, then the process "dies"
    survivor_messenger = FakeMessenger("console")
    survivor = _sender(sessions, clock, prompts, survivor_messenger, fake_time, 0, "w2")
    asyncio.run(survivor.drain())
    assert survivor_messenger.total() == 0  # the lease still holds
    clock.advance(timedelta(hours=1))  # simulated time alone does not expire a lease
    asyncio.run(survivor.drain())
    assert survivor_messenger.total() == 0
    asyncio.run(fake_time.sleep(LEASE.total_seconds() + 1))
    asyncio.run(survivor.drain())
    assert survivor_messenger.total() == 3
    assert set(_statuses(sessions)) == {"sent"}


def test_a_retry_after_longer_than_the_lease_releases_the_rest_of_the_batch(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    """A 429 whose Retry-After outlasts the lease: the worker hands back the rest of its
    batch rather than hold it; they wait out the Retry-After too (the platform limits the
    workspace, whichever worker sends), then another worker sends them; nothing twice."""
    _queue_checkins(coach, clock, sessions, 3)
    fake_time = FakeTime()
    slow_messenger = FakeMessenger("console")
    slow_messenger.limit_next, slow_messenger.retry_after = 1, 200.0
    slow = _sender(sessions, clock, prompts, slow_messenger, fake_time, 1.0)
    assert asyncio.run(slow.drain()) == 0
    assert sorted(_statuses(sessions)) == ["pending", "pending", "pending"]
    other_messenger = FakeMessenger("console")
    other = _sender(sessions, clock, prompts, other_messenger, fake_time, 0, "w2")
    asyncio.run(other.drain())
    assert other_messenger.total() == 0  # nothing before the Retry-After is over
    with sessions() as session:
        assert all(r is not None for r in session.scalars(select(Delivery.retry_at)))
    asyncio.run(fake_time.sleep(201))
    asyncio.run(other.drain())
    delivered = set(slow_messenger.sent) | set(other_messenger.sent)
    assert len(delivered) == 3 and other_messenger.total() == 3
    assert set(_statuses(sessions)) == {"sent"}


def test_a_short_lease_still_leaves_time_to_send(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    _queue_checkins(coach, clock, sessions, 3)
    messenger = FakeMessenger("console")
    sender = Sender(
        sessions,
        clock,
        prompts,
        {"console": messenger},
        "w1",
        lease=timedelta(seconds=2),
        options=OPTIONS,
    )
    assert asyncio.run(sender.drain()) == 3


def test_a_drain_keeps_one_connection_for_all_its_steps(
    coach: Coach,
    clock: ManualClock,
    sessions: SessionFactory,
    engine: Engine,
    prompts: PromptLibrary,
) -> None:
    """Issue 14: a claim, a prepare and a record plus re-check for every message ran each
    on a connection checked out of the pool (on PostgreSQL, each checkout a ping round
    trip); a drain now keeps one, and gives it back when it ends."""
    _queue_checkins(coach, clock, sessions, 12)
    checkouts: list[object] = []

    def checked_out(*args: object) -> None:
        checkouts.append(args)

    event.listen(engine, "checkout", checked_out)
    try:
        messenger = FakeMessenger("console")
        fake_time = FakeTime(lambda s: clock.advance(timedelta(seconds=s)))
        sender = _sender(sessions, clock, prompts, messenger, fake_time, rate=0)
        assert asyncio.run(sender.drain()) == 12
    finally:
        event.remove(engine, "checkout", checked_out)
    assert messenger.total() == 12
    assert len(checkouts) == 1
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
