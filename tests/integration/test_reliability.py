"""Delivery guarantees of the scheduler on real PostgreSQL, at 10,000 members.

- Two workers sharing one database deliver every due check-in exactly once: ticks claim
  schedules and senders claim outbox rows with ``FOR UPDATE SKIP LOCKED``.
- A worker killed (SIGKILL) while sending loses nothing: its claimed rows are taken over
  when their lease expires. The bound on duplicates is the one send it had in flight
  (each delivery is recorded as soon as the platform answers, not per batch).
- A worker stopped with SIGTERM (three times, mid fan-out) loses and repeats nothing: it
  claims no more, records what it sent, hands back the rest of its batch and exits.
- After downtime each member gets at most one catch-up message; occurrences older than
  the grace window are recorded as missed, never sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self

import pytest
from sqlalchemy import Engine, func, insert, select, text

from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.ratelimit import UNPACED
from core.scheduling.rules import Rule, next_occurrence
from core.scheduling.sender import Sender
from core.scheduling.worker import Worker
from core.storage.db import SessionFactory, make_engine, session_factory
from core.storage.models import Base, Delivery, Member, Schedule
from core.time.clock import Clock, ManualClock
from core.time.zones import zone
from tests.fakes import OPTIONS, FakeMessenger
from tests.integration.worker_process import spawn

MEMBERS = 10_000
SEND_BATCH = 50
TICK_BATCH = 200
GRACE = timedelta(hours=2)
ZONES = (
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
)
DUE = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday
EVERY_DAY = "mon,tue,wed,thu,fri,sat,sun"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pg(pg_engine: Engine) -> Iterator[Engine]:
    """The session's PostgreSQL database, empty before and after the test."""
    _empty(pg_engine)
    yield pg_engine
    _empty(pg_engine)


def _empty(engine: Engine) -> None:
    names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} CASCADE"))  # DELETE takes seconds at 10,000


def _weekly_rule_firing_at(when: datetime, tz: str) -> str | None:
    """A weekly rule whose occurrence is exactly `when` in `tz` (None if that wall time
    is ambiguous or skipped there, so the rule would fire at another instant)."""
    local = when.astimezone(zone(tz))
    rule = Rule(frozenset({local.weekday()}), local.time().replace(second=0, microsecond=0))
    if next_occurrence(rule, zone(tz), when - timedelta(microseconds=1)) != when:
        return None
    return rule.encode()


def _seed_members(
    engine: Engine, count: int, zones: list[str], now: datetime, workspaces: int = 1
) -> list[int]:
    """Members m0..m{count-1} on the console, zones and workspaces (w0, w1, ...) spread
    round-robin; returns their ids."""
    rows = [
        {
            "platform": "console",
            "workspace_id": f"w{i % workspaces}",
            "user_id": f"m{i}",
            "display_name": "",
            "tz": zones[i % len(zones)],
            "tz_set_by_member": False,
            "goal_seq": 0,
            "entry_seq": 0,
            "reminder_seq": 0,
            "created_at": now,
        }
        for i in range(count)
    ]
    with engine.begin() as conn:
        conn.execute(insert(Member), rows)
        return list(conn.scalars(select(Member.id).order_by(Member.id)))


def _seed_due_checkins(engine: Engine, count: int, due: datetime, workspaces: int = 1) -> None:
    """`count` members, each with one weekly check-in whose occurrence is `due`."""
    assert due.second == 0 and due.microsecond == 0
    rules = {tz: rule for tz in ZONES if (rule := _weekly_rule_firing_at(due, tz))}
    zones = list(rules)
    assert len(zones) >= 3
    created = due - timedelta(days=7)
    ids = _seed_members(engine, count, zones, created, workspaces)
    schedules = [
        {
            "member_id": member_id,
            "kind": "checkin",
            "rule": rules[zones[i % len(zones)]],
            "anchor": None,
            "enabled": True,
            "next_fire_at": due,
            "created_at": created,
        }
        for i, member_id in enumerate(ids)
    ]
    with engine.begin() as conn:
        conn.execute(insert(Schedule), schedules)
        # Planner statistics, as a live database has them: without them PostgreSQL
        # believes the tables are empty and joins 10,000 x 10,000 rows per claim.
        tables = " members, schedules, outbox" if engine.dialect.name == "postgresql" else ""
        conn.execute(text(f"ANALYZE{tables}"))


def _outbox_statuses(engine: Engine) -> Counter[str]:
    with engine.connect() as conn:
        rows = conn.execute(select(Delivery.status, func.count()).group_by(Delivery.status))
        return Counter({status: count for status, count in rows})


def _worker(
    sessions: SessionFactory,
    clock: Clock,
    prompts: PromptLibrary,
    messenger: FakeMessenger,
    worker_id: str,
) -> Worker:
    dispatcher = Dispatcher(sessions, clock, grace=GRACE, batch=TICK_BATCH)
    sender = Sender(
        sessions,
        clock,
        prompts,
        {"console": messenger},
        worker_id,
        batch=SEND_BATCH,
        pace={"console": UNPACED},
        options=OPTIONS,
    )
    return Worker(sessions, clock, dispatcher, sender, wakeups=False)


async def _until_idle(worker: Worker) -> int:
    """Tick and drain until a round neither queues nor sends anything."""
    total = 0
    while True:
        report, sent = await worker.run_once()
        total += sent
        if report.queued == 0 and sent == 0:
            return total


@pytest.mark.postgres
@pytest.mark.slow
def test_two_workers_deliver_10000_checkins_exactly_once(
    pg: Engine, postgres_url: str, prompts: PromptLibrary
) -> None:
    _seed_due_checkins(pg, MEMBERS, DUE)
    clock = ManualClock(DUE + timedelta(seconds=30))
    engines = [make_engine(postgres_url), make_engine(postgres_url)]
    messengers = [FakeMessenger("console"), FakeMessenger("console")]
    workers = [
        _worker(session_factory(e), clock, prompts, m, f"w{n}")
        for n, (e, m) in enumerate(zip(engines, messengers, strict=True), start=1)
    ]
    start = threading.Barrier(len(workers))

    def run(worker: Worker) -> int:
        start.wait()
        return asyncio.run(_until_idle(worker))

    began = time.perf_counter()
    try:
        with ThreadPoolExecutor(len(workers)) as pool:
            sent = list(pool.map(run, workers))
    finally:
        for engine in engines:
            engine.dispose()
    elapsed = time.perf_counter() - began
    print(f"\n2 workers, {MEMBERS} check-ins: sent {sent} in {elapsed:.1f}s")

    first, second = (set(m.sent) for m in messengers)
    assert not first & second, "an address was messaged by both workers"
    assert all(len(replies) == 1 for m in messengers for replies in m.sent.values())
    assert {a.user_id for a in first | second} == {f"m{i}" for i in range(MEMBERS)}
    assert [m.total() for m in messengers] == sent
    assert sum(sent) == MEMBERS
    assert all(count > 0 for count in sent), f"one worker did everything: {sent}"
    assert _outbox_statuses(pg) == Counter({"sent": MEMBERS})


class Receiver:
    """A fake platform over HTTP: counts each DM's user id as soon as it is received, and
    answers after `delay` seconds (a slow platform API)."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.received: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL to post to."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def total(self) -> int:
        """How many DMs arrived, duplicates included."""
        with self._lock:
            return sum(self.received.values())

    def _record(self, user_id: str) -> None:
        with self._lock:
            self.received[user_id] += 1

    def answer(self, dm: dict[str, str]) -> tuple[int, dict[str, str]]:
        """The status and headers for a DM (a platform with limits may refuse it)."""
        self._record(dm["user_id"])
        return 200, {}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as a platform API would

            def handle(self) -> None:
                with contextlib.suppress(ConnectionError):  # the killed worker's socket
                    super().handle()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                status, headers = receiver.answer(json.loads(self.rfile.read(length)))
                time.sleep(receiver.delay)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet: 10,000 requests

        return Handler

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def _start_worker(url: str, receiver: Receiver, worker_id: str, log: Path) -> subprocess.Popen[str]:
    options = ("--lease-seconds", "2", "--batch", str(SEND_BATCH))
    return spawn(url, receiver.url, worker_id, log, *options)


def _wait_for(condition: Callable[[], bool], proc: subprocess.Popen[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, f"worker exited early with {proc.returncode}"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


# Enough rows that the kill lands mid fan-out; since every send is recorded on its own, a
# larger run only costs time (the 10,000-row run above covers volume).
KILLED_MEMBERS = 4_000


@pytest.mark.postgres
@pytest.mark.slow
def test_worker_killed_mid_send_loses_nothing(
    pg: Engine, postgres_url: str, tmp_path: Path
) -> None:
    due = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    _seed_due_checkins(pg, KILLED_MEMBERS, due)
    began = time.perf_counter()
    with Receiver() as receiver:
        doomed = _start_worker(postgres_url, receiver, "doomed", tmp_path / "doomed.log")
        try:
            _wait_for(lambda: receiver.total() > 1_200, doomed, timeout=180)
        finally:
            doomed.kill()
            doomed.wait()
        at_kill = receiver.total()
        killed_at = time.perf_counter() - began
        survivor = _start_worker(postgres_url, receiver, "survivor", tmp_path / "survivor.log")
        try:
            code = survivor.wait(timeout=300)
        finally:
            survivor.kill()
        log = (tmp_path / "survivor.log").read_text()
        elapsed = time.perf_counter() - began
        received = Counter(receiver.received)
    duplicates = sum(count - 1 for count in received.values())
    print(
        f"\nkilled after {at_kill} messages ({killed_at:.1f}s); {log.strip()}; "
        f"{received.total()} received in {elapsed:.1f}s; duplicates: {duplicates}"
    )
    assert code == 0, log
    assert set(received) == {f"m{i}" for i in range(KILLED_MEMBERS)}
    assert duplicates <= 1  # the one send in flight when it was killed
    assert _outbox_statuses(pg) == Counter({"sent": KILLED_MEMBERS})


STOPPED_MEMBERS = 2_000


@pytest.mark.postgres
@pytest.mark.slow
def test_three_graceful_stops_mid_fan_out_lose_and_repeat_nothing(
    pg: Engine, postgres_url: str, tmp_path: Path
) -> None:
    due = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    _seed_due_checkins(pg, STOPPED_MEMBERS, due)
    stops: list[tuple[int, float]] = []
    with Receiver() as receiver:
        for n in range(1, 4):
            log_file = tmp_path / f"stopped{n}.log"
            proc = _start_worker(postgres_url, receiver, f"stopped{n}", log_file)
            try:
                _wait_for(lambda n=n: receiver.total() >= n * STOPPED_MEMBERS // 5, proc, 180)
                at_stop, signalled = receiver.total(), time.perf_counter()
                proc.send_signal(signal.SIGTERM)
                code = proc.wait(timeout=30)  # bounded: well within the worker's STOP_SECONDS
            finally:
                proc.kill()
            stops.append((at_stop, time.perf_counter() - signalled))
            log = log_file.read_text()
            assert code == 0, log
            assert "Traceback" not in log and "CancelledError" not in log, log
            assert f"worker stopped{n} sent" in log
        last = _start_worker(postgres_url, receiver, "last", tmp_path / "last.log")
        try:
            assert last.wait(timeout=300) == 0, (tmp_path / "last.log").read_text()
        finally:
            last.kill()
        received = Counter(receiver.received)
    duplicates = sum(count - 1 for count in received.values())
    print(
        "\nSIGTERM after "
        + ", ".join(f"{at} messages (exited in {took:.2f}s)" for at, took in stops)
        + f"; {received.total()} received; duplicates: {duplicates}"
    )
    assert set(received) == {f"m{i}" for i in range(STOPPED_MEMBERS)}  # 0 lost
    assert duplicates == 0  # 0 repeated
    assert _outbox_statuses(pg) == Counter({"sent": STOPPED_MEMBERS})


def _seed_daily_checkins(engine: Engine, count: int, since: datetime) -> dict[int, datetime]:
    """Daily check-ins at spread local times, planned as of `since`; next firing by member."""
    ids = _seed_members(engine, count, list(ZONES), since - timedelta(days=7))
    schedules: list[dict[str, object]] = []
    planned: dict[int, datetime] = {}
    for i, member_id in enumerate(ids):
        tz = ZONES[i % len(ZONES)]
        rule = f"{EVERY_DAY}@{(i * 5) % 24:02d}:{(i * 7) % 60:02d}"
        at = next_occurrence(Rule.decode(rule), zone(tz), since)
        assert at is not None
        planned[member_id] = at
        schedules.append(
            {
                "member_id": member_id,
                "kind": "checkin",
                "rule": rule,
                "anchor": None,
                "enabled": True,
                "next_fire_at": planned[member_id],
                "created_at": since - timedelta(days=7),
            }
        )
    with engine.begin() as conn:
        conn.execute(insert(Schedule), schedules)
    return planned


@pytest.mark.postgres
def test_five_hours_down_gives_at_most_one_catch_up_per_member(
    pg: Engine, prompts: PromptLibrary
) -> None:
    went_down = datetime(2026, 11, 23, 5, 30, tzinfo=UTC)
    planned = _seed_daily_checkins(pg, 200, went_down)
    clock = ManualClock(went_down + timedelta(hours=5))
    now = clock.now()
    due = {m: at for m, at in planned.items() if at <= now}
    fresh = {m for m, at in due.items() if now - at <= GRACE}
    assert fresh and len(due) > len(fresh)  # the downtime covers both kinds
    sessions = session_factory(pg)
    messenger = FakeMessenger("console")
    worker = _worker(sessions, clock, prompts, messenger, "w1")

    report, sent = asyncio.run(worker.run_once())
    print(f"\n5 hours down, {len(due)} of 200 due: sent {sent}, missed {report.missed}")

    assert (report.queued, report.missed, sent) == (len(fresh), len(due) - len(fresh), len(fresh))
    assert all(len(replies) == 1 for replies in messenger.sent.values())
    with sessions() as session:
        rows = list(session.scalars(select(Delivery)))
        user_ids = {m: u for m, u in session.execute(select(Member.id, Member.user_id))}
        next_fires = list(session.scalars(select(Schedule.next_fire_at)))
    assert Counter(d.member_id for d in rows) == Counter(set(due))  # one row per due member
    sent_rows = [d for d in rows if d.status == "sent"]
    missed_rows = [d for d in rows if d.status == "missed"]
    assert len(sent_rows) + len(missed_rows) == len(rows)
    assert {d.member_id for d in sent_rows} == fresh
    assert all(d.occurrence_at >= now - GRACE for d in sent_rows)
    assert all(d.occurrence_at < now - GRACE for d in missed_rows)
    assert {d.reason for d in missed_rows} == {"older than the catch-up window"}
    assert {a.user_id for a in messenger.sent} == {user_ids[m] for m in fresh}
    assert all(at is not None and at > now for at in next_fires)
    assert asyncio.run(worker.run_once())[1] == 0  # nothing is replayed on the next tick
    assert messenger.total() == len(fresh)
