"""Issue 14: the workspace and platform ceilings are shared by every worker on a database.

Two senders ("workers") on one database, each with its own pacer, together never send to
a workspace (or a platform) faster than its ceiling. Time is the senders' real time,
faked: one virtual clock both run on, moved only while both are asleep.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from core.coach import Coach
from core.prompts import PromptLibrary
from core.scheduling.ratelimit import PLATFORM_WIDE, Pace
from core.scheduling.sender import Sender
from core.scheduling.sharedpace import SharedPace, shared_pace
from core.storage.db import SessionFactory, make_engine, session_factory
from core.storage.models import Delivery
from core.time.clock import ManualClock
from tests.fakes import OPTIONS, FakeTime
from tests.integration.test_pacing import Timed, _queue

AT = 1_800_000_000.0  # epoch seconds: 2027-01-15


class VirtualTime(FakeTime):
    """Real time for several senders in one event loop: it moves only when every one of
    them is asleep, to the earliest wake-up (their database steps take no time)."""

    def __init__(self) -> None:
        super().__init__()
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    async def sleep(self, seconds: float) -> None:
        """Asleep until the others are too and this wake-up is the earliest."""
        woken = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, next(self._order), woken))
        await woken

    async def run(self, *work: Coroutine[Any, Any, int]) -> list[int]:
        """Run the senders' drains together; returns what each delivered."""
        tasks = [asyncio.ensure_future(w) for w in work]
        while not all(task.done() for task in tasks):
            running = sum(not task.done() for task in tasks)
            if self._sleepers and len(self._sleepers) >= running:
                wake, _, woken = heapq.heappop(self._sleepers)
                self.now = max(self.now, wake)
                woken.set_result(None)
            await asyncio.sleep(0.001)  # real time: a database step in a thread finishes
        return [task.result() for task in tasks]


def _sender(
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
    platform: Timed,
    worker: str,
    pace: Pace,
    shared: SharedPace,
    batch: int = 50,
) -> Sender:
    """A worker's sender on the platform's real time, its ceilings shared."""
    return Sender(
        sessions,
        clock,
        prompts,
        {"console": platform},
        worker,
        batch=batch,
        pace={"console": pace},
        realtime=platform.fake_time,
        shared_pace=shared,
        options=OPTIONS,
    )


def test_reservations_follow_one_another_at_the_ceiling(sessions: SessionFactory) -> None:
    pace = SharedPace(sessions)
    assert [pace.reserve("slack", [("T1", 0.2)], AT) for _ in range(3)] == pytest.approx(
        [AT, AT + 0.2, AT + 0.4], abs=1e-4
    )
    assert pace.reserve("slack", [("T2", 0.2)], AT) == AT  # another workspace: its own
    assert pace.reserve("discord", [("T1", 0.2)], AT) == AT  # another platform too
    assert pace.reserve("slack", [("T1", 0.2)], AT + 10) == AT + 10  # idle: no credit


def test_a_reservation_a_little_late_keeps_its_slot(sessions: SessionFactory) -> None:
    """Issue 14: a worker asks for its next slot a few milliseconds after the last one was
    due (its own time to send and record): the ceiling's cadence holds (50 a second stays
    50, not 1 / (20 ms + the worker's time))."""
    pace = SharedPace(sessions)
    slots = [pace.reserve("discord", [("G1", 0.02)], AT)]
    for _ in range(4):
        slots.append(pace.reserve("discord", [("G1", 0.02)], slots[-1] + 0.024))
    assert [slot - AT for slot in slots] == pytest.approx([0.02 * k for k in range(5)], abs=1e-4)


def test_a_send_under_two_ceilings_takes_the_later_slot_for_both(
    sessions: SessionFactory,
) -> None:
    """The platform's ceiling is full until AT + 1: G1's send goes then, and G1's next one
    a workspace interval after it (not after AT)."""
    pace = SharedPace(sessions)
    both = [("G1", 0.5), (PLATFORM_WIDE, 1.0)]
    assert pace.reserve("discord", [("G2", 0.5), (PLATFORM_WIDE, 1.0)], AT) == AT
    assert pace.reserve("discord", both, AT) == pytest.approx(AT + 1, abs=1e-4)
    assert pace.reserve("discord", [("G1", 0.5)], AT) == pytest.approx(AT + 1.5, abs=1e-4)


def test_workers_reserving_at_once_get_one_slot_each(sessions: SessionFactory) -> None:
    """Two threads (as two workers would) reserve 40 slots each on one workspace at the
    same moment: the 80 slots are the ceiling's, each taken once."""
    pace = SharedPace(sessions)
    slots: list[float] = []
    lock = threading.Lock()

    def reserve_many() -> None:
        for _ in range(40):
            slot = pace.reserve("slack", [("T1", 0.2)], AT)
            with lock:
                slots.append(slot)

    threads = [threading.Thread(target=reserve_many) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(slots) == pytest.approx([AT + 0.2 * k for k in range(80)], abs=1e-4)


def test_sqlite_keeps_its_one_workers_pacing_in_memory(sessions: SessionFactory) -> None:
    kind = sessions.kw["bind"].dialect.name
    assert (shared_pace(sessions) is None) == (kind == "sqlite")


@pytest.mark.parametrize(
    ("pace", "members", "interval"),
    [
        (Pace(channel=1, workspace=5, platform=0), {"A": 16}, 0.2),  # Slack's kind
        (Pace(channel=1, workspace=0, platform=10), {"A": 8, "B": 8}, 0.1),  # Discord's
    ],
    ids=["workspace", "platform"],
)
def test_two_workers_together_never_pass_the_ceiling(
    coach: Coach,
    clock: ManualClock,
    sessions: SessionFactory,
    prompts: PromptLibrary,
    pace: Pace,
    members: dict[str, int],
    interval: float,
) -> None:
    """Each worker claims 4 rows at a time, so both send at once; each alone keeps the
    pace, and so do the two together (before issue 14 each kept it only for itself: two
    sends at the same moment)."""
    if sessions.kw["bind"].dialect.name == "sqlite":
        pytest.skip("SQLite runs one worker: its claims do not keep a second one out")
    _queue(coach, clock, sessions, **members)
    time = VirtualTime()
    platform = Timed(time)
    shared = SharedPace(sessions)
    senders = [
        _sender(sessions, clock, prompts, platform, worker, pace, shared, batch=4)
        for worker in ("w1", "w2")
    ]
    delivered = asyncio.run(time.run(*(sender.drain() for sender in senders)))
    assert sum(delivered) == sum(members.values())
    assert min(delivered) > 0  # both worked
    assert len(platform.sent) == sum(members.values())
    assert all(len(replies) == 1 for replies in platform.sent.values())  # nothing twice
    times = sorted(t for t, _, _ in platform.arrivals)
    assert min(b - a for a, b in itertools.pairwise(times)) >= interval - 1e-6
    assert times[-1] - times[0] == pytest.approx(interval * (len(times) - 1))


def test_a_slot_that_cannot_be_reserved_sends_nothing_and_hands_the_row_back(
    coach: Coach,
    clock: ManualClock,
    sessions: SessionFactory,
    prompts: PromptLibrary,
    tmp_path: Path,
) -> None:
    """The shared store fails (here: a database without the table) after the retries: the
    row is not sent past the ceiling on this worker's word alone, but handed back."""
    broken = session_factory(make_engine(f"sqlite:///{tmp_path}/empty.db"))
    try:
        _assert_one_row_handed_back(coach, clock, sessions, prompts, SharedPace(broken))
    finally:
        broken.kw["bind"].dispose()


def _assert_one_row_handed_back(
    coach: Coach,
    clock: ManualClock,
    sessions: SessionFactory,
    prompts: PromptLibrary,
    shared: SharedPace,
) -> None:
    """One row due at a Slack-like pace whose shared slot cannot be reserved: a drain sends
    nothing and the row is pending again."""
    _queue(coach, clock, sessions, A=1)
    platform = Timed(FakeTime())
    slack_like = Pace(channel=1, workspace=5, platform=0)
    sender = _sender(sessions, clock, prompts, platform, "w1", slack_like, shared)
    assert asyncio.run(sender.drain()) == 0
    assert platform.arrivals == []
    with sessions() as session:
        assert session.scalars(select(Delivery.status)).all() == ["pending"]


def test_a_slot_is_never_reserved_far_ahead_of_the_workers_clock(
    sessions: SessionFactory,
) -> None:
    """A row pushed an hour ahead (a worker whose clock ran fast) stalled every worker's
    sends there for that hour; it is pulled back to 100 intervals ahead of the reserving
    worker's clock and heals from there: the next reservations queue behind that slot
    (each was pulled back to the same one, two sends at once under the ceiling)."""
    pace = SharedPace(sessions)
    pace.reserve("slack", [("T1", 0.2)], AT + 3600)  # the fast worker
    assert pace.reserve("slack", [("T1", 0.2)], AT) == pytest.approx(AT + 20, abs=1e-4)
    assert pace.reserve("slack", [("T1", 0.2)], AT) == pytest.approx(AT + 20.2, abs=1e-4)
    assert pace.reserve("slack", [("T1", 0.2)], AT) == pytest.approx(AT + 20.4, abs=1e-4)


def test_a_paced_drain_keeps_its_connections(
    coach: Coach,
    clock: ManualClock,
    sessions: SessionFactory,
    prompts: PromptLibrary,
) -> None:
    """Every paced send's reservation took a connection from the pool (a checkout and a
    ping each); a drain keeps one for the outbox and one for the reservations."""
    if sessions.kw["bind"].dialect.name != "postgresql":
        pytest.skip("shared ceilings are reserved on PostgreSQL")
    _queue(coach, clock, sessions, A=3, B=3)
    engine = sessions.kw["bind"]
    checkouts: list[object] = []

    def checked_out(*args: object) -> None:
        checkouts.append(args)

    event.listen(engine, "checkout", checked_out)
    try:
        platform = Timed(FakeTime())
        slack_like = Pace(channel=1, workspace=5, platform=0)
        sender = _sender(sessions, clock, prompts, platform, "w1", slack_like, SharedPace(sessions))
        assert asyncio.run(sender.drain()) == 6
    finally:
        event.remove(engine, "checkout", checked_out)
    assert len(checkouts) == 2
    assert engine.pool.checkedout() == 0


def test_a_pool_with_no_connection_left_hands_the_row_back(
    coach: Coach,
    clock: ManualClock,
    sessions: SessionFactory,
    prompts: PromptLibrary,
    tmp_path: Path,
) -> None:
    """The shared store's pool has no connection to give (sqlalchemy's TimeoutError, not a
    DBAPIError): the drain ended with that error ("worker tick failed") instead of handing
    the row back like any failed reservation."""
    full = session_factory(
        make_engine(f"sqlite:///{tmp_path}/pace.db", pool_size=1, max_overflow=0, pool_timeout=0.05)
    )
    taken = full.kw["bind"].connect()  # the pool's only connection
    try:
        _assert_one_row_handed_back(coach, clock, sessions, prompts, SharedPace(full))
    finally:
        taken.close()
        full.kw["bind"].dispose()
