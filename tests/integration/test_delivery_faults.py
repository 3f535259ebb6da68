"""Delivery under faults, with in-process senders on real SQLite and PostgreSQL.

- A platform slower than the lease: two senders, nothing repeated.
- The database connection lost after a send and before it is recorded: nothing lost,
  nothing repeated.
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
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory, make_engine, session_factory
from core.storage.models import Delivery
from core.time.clock import ManualClock
from tests.fakes import OPTIONS, FakeMessenger, FakeTime

LEASE = timedelta(seconds=20)
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
        per_second={"console": 0},
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
