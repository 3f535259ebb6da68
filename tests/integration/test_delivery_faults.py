"""Delivery under faults, with in-process senders on real SQLite and PostgreSQL.

- A platform slower than the lease: two senders, nothing repeated.
- The database connection lost after a send and before it is recorded: nothing lost,
  nothing repeated.
- Leases and backoff run on real time: the simulated clock jumping ahead changes neither.
- A send starts only under a lease that outlasts its timeout; rows another worker took
  over are not sent; a platform that never answers is given up on and retried.
- A multi-part digest whose second part fails once continues its thread.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event, select, text

from core.coach import Coach
from core.context import MemberRef
from core.messages import Reply
from core.ports import Address, DeliveryError
from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.outbox import Outbox
from core.scheduling.ratelimit import UNPACED
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory, make_engine, session_factory
from core.storage.models import Delivery, Member
from core.time.clock import ManualClock
from tests.fakes import OPTIONS, FakeMessenger, FakeTime

LEASE = timedelta(seconds=20)
DAY = timedelta(days=1)
SENDER_APP = "coachbot-sender-under-test"


def _queue_checkins(coach: Coach, clock: ManualClock, sessions: SessionFactory, n: int) -> None:
    for i in range(n):
        coach.handle(MemberRef("console", "local", f"m{i}"), "/checkin set daily 10:00")
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    assert Dispatcher(sessions, clock).tick().queued == n


def _statuses(sessions: SessionFactory) -> Counter[str]:
    with sessions() as session:
        return Counter(session.scalars(select(Delivery.status)))


def _received(*messengers: FakeMessenger) -> Counter[str]:
    return Counter(a.user_id for m in messengers for a, replies in m.sent.items() for _ in replies)


class Platform(FakeMessenger):
    """A fake platform that takes `delay` seconds (of the test's real time) to answer, and
    runs `meanwhile` hooks while a DM is in flight, or `after_send` once it is through."""

    def __init__(self, fake_time: FakeTime, delay: float = 0.0) -> None:
        super().__init__("console", now=fake_time.monotonic)
        self.send_timeout = 30.0
        self.fake_time = fake_time
        self.delay = delay
        self.meanwhile: list[Callable[[], Awaitable[object]]] = []
        self.after_send: dict[int, Callable[[], None]] = {}

    async def send_dm(self, to: Address, reply: Reply) -> None:
        """Deliver after the delay; the caller sees the answer only then."""
        await self.fake_time.sleep(self.delay)
        while self.meanwhile:
            await self.meanwhile.pop(0)()
        await super().send_dm(to, reply)
        hook = self.after_send.pop(self.total(), None)
        if hook is not None:
            hook()


def _sender(
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
    messenger: FakeMessenger,
    fake_time: FakeTime,
    worker_id: str,
    batch: int = 50,
) -> Sender:
    return Sender(
        sessions,
        clock,
        prompts,
        {"console": messenger},
        worker_id,
        batch=batch,
        lease=LEASE,
        pace={"console": UNPACED},
        realtime=fake_time,
        options=OPTIONS,
    )


async def _drain_like_a_worker(sender: Sender) -> int:
    """One drain; a failure is logged and the next tick tries again, as the Worker does."""
    try:
        return await sender.drain()
    except Exception:
        return 0


def test_a_platform_slower_than_the_lease_repeats_nothing_with_two_senders(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    """Each answer takes 25 s and the lease is 20 s: while the first sender waits for its
    first answer, the second drains. The first holds its rows (renewed before each send),
    so the second takes none over."""
    _queue_checkins(coach, clock, sessions, 6)
    fake_time = FakeTime(lambda seconds: clock.advance(timedelta(seconds=seconds)))
    platform = Platform(fake_time, delay=25.0)
    first = _sender(sessions, clock, prompts, platform, fake_time, "w1")
    second = _sender(sessions, clock, prompts, platform, fake_time, "w2")
    platform.meanwhile.append(second.drain)

    async def run() -> None:
        for _ in range(10):
            await first.drain()
            await second.drain()
            if _statuses(sessions) == Counter({"sent": 6}):
                return
            await fake_time.sleep(60)

    asyncio.run(run())
    assert _received(platform) == Counter({f"m{i}": 1 for i in range(6)})
    assert _statuses(sessions) == Counter({"sent": 6})
    with sessions() as session:
        assert set(session.scalars(select(Delivery.claimed_by))) == {None}


@contextlib.contextmanager
def _sender_engine(engine: Engine) -> Iterator[Engine]:
    """A separate engine for the sender, so the test can cut its connections alone."""
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name == "postgresql":
        own = make_engine(url, connect_args={"application_name": SENDER_APP})
    else:
        own = make_engine(url)

        @event.listens_for(own, "connect")
        def _short_busy_timeout(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA busy_timeout=50")

    try:
        yield own
    finally:
        own.dispose()


class DroppedConnection:
    """Breaks the sender's next recording: on PostgreSQL its backend is terminated
    (``pg_terminate_backend``) as it starts writing the outbox; on SQLite another
    connection holds the write lock until `release` (longer than any retry)."""

    def __init__(self, engine: Engine, sender_engine: Engine) -> None:
        self._engine = engine
        self._armed = False
        self.faults = 0
        self._blocker: Any = None
        if engine.dialect.name == "postgresql":
            event.listen(sender_engine, "before_cursor_execute", self._kill_if_armed)

    def arm(self) -> None:
        """Make the next write of the outbox fail."""
        if self._engine.dialect.name == "postgresql":
            self._armed = True
            return
        self._blocker = self._engine.connect()
        self._blocker.exec_driver_sql("BEGIN IMMEDIATE")
        self.faults += 1

    def release(self) -> None:
        """The database is reachable again."""
        if self._blocker is not None:
            self._blocker.rollback()
            self._blocker.close()
            self._blocker = None

    def _kill_if_armed(self, conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if not self._armed or not statement.lstrip().upper().startswith("UPDATE OUTBOX"):
            return
        self._armed = False
        pid = cursor.connection.info.backend_pid
        with self._engine.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        self.faults += 1


def test_a_connection_dropped_before_recording_loses_and_repeats_nothing(
    coach: Coach,
    clock: ManualClock,
    sessions: SessionFactory,
    prompts: PromptLibrary,
    engine: Engine,
) -> None:
    _queue_checkins(coach, clock, sessions, 12)
    fake_time = FakeTime(lambda seconds: clock.advance(timedelta(seconds=seconds)))
    platform = Platform(fake_time)
    with _sender_engine(engine) as own:
        fault = DroppedConnection(engine, own)
        platform.after_send = {3: fault.arm, 8: fault.arm}
        sender = _sender(session_factory(own), clock, prompts, platform, fake_time, "w1", batch=5)

        async def run() -> None:
            for _ in range(10):
                await _drain_like_a_worker(sender)
                fault.release()
                if _statuses(sessions) == Counter({"sent": 12}):
                    return
                await fake_time.sleep(LEASE.total_seconds() + 1)

        try:
            asyncio.run(run())
        finally:
            fault.release()
    received = _received(platform)
    repeats = sum(count - 1 for count in received.values())
    print(f"\n{engine.dialect.name}: {received.total()} sends for 12 check-ins, {repeats} repeated")
    assert fault.faults == 2
    assert set(received) == {f"m{i}" for i in range(12)}  # nothing lost
    assert repeats == 0
    assert _statuses(sessions) == Counter({"sent": 12})


class FailsOnce(Platform):
    """Answers the first DM to `user_id` with a transient error."""

    def __init__(self, fake_time: FakeTime, user_id: str) -> None:
        super().__init__(fake_time)
        self.user_id = user_id
        self.failed = False

    async def send_dm(self, to: Address, reply: Reply) -> None:
        if to.user_id == self.user_id and not self.failed:
            self.failed = True
            raise DeliveryError("upstream 502")
        await super().send_dm(to, reply)


def test_leases_and_backoff_run_on_real_time_not_the_simulated_clock(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    """The member-facing clock jumps hours ahead (as ``--clock fast`` does) while hardly
    any real time passes: no lease expires and no backoff is cut short."""
    _queue_checkins(coach, clock, sessions, 3)
    fake_time = FakeTime()  # real time, separate from the simulated clock
    platform = FailsOnce(fake_time, "m1")
    first = _sender(sessions, clock, prompts, platform, fake_time, "w1")
    second = _sender(sessions, clock, prompts, platform, fake_time, "w2")

    async def hours_pass_in_the_simulation() -> None:
        clock.advance(timedelta(hours=2))
        await second.drain()

    platform.meanwhile.append(hours_pass_in_the_simulation)
    asyncio.run(first.drain())
    assert _received(platform) == Counter({"m0": 1, "m2": 1})  # m0 once: the lease held
    clock.advance(timedelta(hours=1))  # an hour of simulated time, no real time
    asyncio.run(first.drain())
    asyncio.run(second.drain())
    assert _received(platform) == Counter({"m0": 1, "m2": 1})  # m1 still backs off
    asyncio.run(fake_time.sleep(31))  # the first backoff (30 s) in real time
    asyncio.run(first.drain())
    assert _received(platform) == Counter({"m0": 1, "m1": 1, "m2": 1})
    assert _statuses(sessions) == Counter({"sent": 3})


class LeaseWatcher(Platform):
    """Looks, as each DM arrives, at how long the sender still holds that row."""

    def __init__(self, fake_time: FakeTime, sessions: SessionFactory) -> None:
        super().__init__(fake_time)
        self.sessions = sessions
        self.lease_left: list[float] = []

    async def send_dm(self, to: Address, reply: Reply) -> None:
        with self.sessions() as session:
            until = session.scalar(
                select(Delivery.lease_until)
                .join(Member, Delivery.member_id == Member.id)
                .where(Member.user_id == to.user_id)
            )
        assert until is not None
        self.lease_left.append((until - self.fake_time.wall()).total_seconds())
        await super().send_dm(to, reply)


def test_every_send_starts_with_a_lease_that_outlasts_its_timeout(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    """The lease is 20 s, the platform may take 100 s: the lease is renewed first."""
    _queue_checkins(coach, clock, sessions, 3)
    fake_time = FakeTime()
    platform = LeaseWatcher(fake_time, sessions)
    platform.send_timeout = 100.0
    assert asyncio.run(_sender(sessions, clock, prompts, platform, fake_time, "w1").drain()) == 3
    assert len(platform.lease_left) == 3
    assert all(left >= platform.send_timeout for left in platform.lease_left)


def test_rows_taken_over_while_a_worker_stalled_are_not_sent_by_it(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    """The worker's process stalls for longer than its lease during a send (paused, say);
    another worker claims the rows. The stalled one's next renewal finds them gone, so it
    sends none of them; the send that was in flight is recorded as sent."""
    _queue_checkins(coach, clock, sessions, 3)
    fake_time = FakeTime()
    platform = Platform(fake_time, delay=60.0)
    other = Outbox(sessions, clock, fake_time, "w2", lease=LEASE, max_attempts=6, stale_after=DAY)
    taken: list[int] = []

    async def another_worker_claims() -> None:
        taken.extend(other.claim(["console"], 50))

    platform.meanwhile.append(another_worker_claims)
    asyncio.run(_sender(sessions, clock, prompts, platform, fake_time, "w1").drain())
    assert len(taken) == 3  # every lease had run out, the one in flight's too
    ((first, count),) = _received(platform).items()  # the send in flight, and no other
    assert count == 1
    with sessions() as session:
        rows = session.execute(
            select(Member.user_id, Delivery.status, Delivery.claimed_by).join(
                Member, Delivery.member_id == Member.id
            )
        ).all()
    assert sorted(tuple(r) for r in rows) == sorted(
        (user, "sent", None) if user == first else (user, "sending", "w2")
        for user in ("m0", "m1", "m2")
    )


class Silent(Platform):
    """A platform that never answers."""

    async def send_dm(self, to: Address, reply: Reply) -> None:
        await asyncio.Event().wait()


def test_a_platform_that_never_answers_is_given_up_on_after_the_send_timeout(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    _queue_checkins(coach, clock, sessions, 2)
    fake_time = FakeTime()
    platform = Silent(fake_time)
    platform.send_timeout = 0.05
    assert asyncio.run(_sender(sessions, clock, prompts, platform, fake_time, "w1").drain()) == 0
    with sessions() as session:
        rows = list(session.scalars(select(Delivery)))
    assert {(r.status, r.attempts, r.reason) for r in rows} == {
        ("pending", 1, "no answer within 0.05s")
    }
    assert all(r.retry_at is not None and r.claimed_by is None for r in rows)


def _queue_digest(coach: Coach, clock: ManualClock, sessions: SessionFactory) -> None:
    ada = MemberRef("console", "local", "ada")
    coach.handle(ada, "/digest set #team weekly fri 16:00 UTC", admin=True)
    for n in range(15):  # enough shared wins for details below the summary
        coach.handle(ada, f"/win Shipped part {n} --share")
    clock.set(datetime(2026, 11, 27, 16, 0, tzinfo=UTC))
    Dispatcher(sessions, clock).tick()


def test_a_multi_part_digest_whose_second_part_fails_once_continues_where_it_stopped(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    _queue_digest(coach, clock, sessions)
    fake_time = FakeTime()
    platform = Platform(fake_time)
    platform.fail_parts = {1: 1}
    sender = _sender(sessions, clock, prompts, platform, fake_time, "w1")
    asyncio.run(sender.drain())
    with sessions() as session:
        digest = session.scalars(select(Delivery).where(Delivery.kind == "digest")).one()
    assert (digest.status, digest.parts_sent, digest.thread_ref) == ("pending", 1, "team/1")
    asyncio.run(fake_time.sleep(31))  # past the backoff
    asyncio.run(sender.drain())
    (post,) = platform.posts[("local", "team")]  # the summary, posted once
    summary, thread = post
    assert "15 wins" in summary.plain_text()
    assert thread and "Shipped part 14" in "\n".join(d.plain_text() for d in thread)
    with sessions() as session:
        digest = session.scalars(select(Delivery).where(Delivery.kind == "digest")).one()
    assert (digest.status, digest.attempts, digest.parts_sent) == ("sent", 1, 1 + len(thread))
