"""Latency of /win and /progress through the real core on a large SQLite file.

Seeds N members with W wins each (default 10,000 x 150 = 1.5 million entries), then times
``Coach.handle`` for ``/win`` and ``/progress`` on random members, next to a bare ``sqlite3``
baseline doing the same row work on the same file. Run by hand, never by pytest:

    .venv/bin/python -m tests.benchmarks.bench_core [--members N] [--wins-per-member W]
        [--samples S] [--db PATH]

Samples of an operation and of its baseline alternate, so both see the same cache state.
A few warm-up calls per operation are not counted.
"""

from __future__ import annotations

import argparse
import math
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, Table, insert, text

from core.coach import Coach
from core.context import MemberRef
from core.prompts import load_prompts
from core.storage.db import SessionFactory, make_engine, session_factory
from core.storage.models import Base
from core.time.clock import ManualClock
from migrations import upgrade
from tests.fakes import OPTIONS

T = TypeVar("T")
Row = dict[str, Any]
Sample = Callable[[int], int]  # member index -> elapsed nanoseconds

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)  # a Monday morning, as in the tests
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC")
CHUNK = 50_000
SEED = 20261123
WARMUP = 20
TARGET_P99_MS = 10.0
WIN_TEXT = "/win Shipped feature X #launch"
PROGRESS_TEXT = "/progress"
BARE_NUMBER_OFFSET = 10_000_000  # keeps baseline entry numbers clear of the core's


# --- seeding -------------------------------------------------------------------------------


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _today(member: int) -> date:
    return NOW.astimezone(ZoneInfo(ZONES[member % len(ZONES)])).date()


def _member_rows(members: int, wins: int) -> Iterator[Row]:
    created = NOW - timedelta(days=400)
    for i in range(members):
        yield {
            "id": i + 1,
            "platform": "bench",
            "workspace_id": "w",
            "user_id": f"u{i}",
            "display_name": "",
            "tz": ZONES[i % len(ZONES)],
            "tz_set_by_member": True,
            "goal_seq": 3,
            "entry_seq": wins,
            "created_at": created,
        }


def _goal_rows(members: int, rng: random.Random) -> Iterator[Row]:
    for i in range(members):
        for number, horizon in enumerate(("short", "mid", "long"), start=1):
            done = number == 3 and i % 5 == 0
            yield {
                "id": i * 3 + number,
                "member_id": i + 1,
                "number": number,
                "title": f"Goal {number} of member {i}",
                "horizon": horizon,
                "deadline": _today(i) + timedelta(days=rng.randint(30, 365)),
                "status": "done" if done else "active",
                "shared": False,
                "created_at": NOW - timedelta(days=200),
                "completed_at": NOW - timedelta(days=3) if done else None,
            }


def _milestone_rows(members: int, rng: random.Random) -> Iterator[Row]:
    """Goal 1, and goal 2 for odd members, get two milestones; some due within 30 days."""
    ids = iter(range(1, 10 * members + 1))
    for i in range(members):
        for goal_number in range(1, 2 + i % 2):
            for number in (1, 2):
                yield {
                    "id": next(ids),
                    "goal_id": i * 3 + goal_number,
                    "number": number,
                    "title": f"Step {number}",
                    "due": _today(i) + timedelta(days=rng.randint(-5, 90)),
                    "done_at": None,
                    "created_at": NOW - timedelta(days=100),
                }


def _entry_rows(members: int, wins: int, rng: random.Random) -> Iterator[Row]:
    """W wins per member over the past 365 local days, numbered in date order."""
    for i in range(members):
        today = _today(i)
        days = sorted(today - timedelta(days=rng.randrange(365)) for _ in range(wins))
        for number, day in enumerate(days, start=1):
            yield {
                "member_id": i + 1,
                "number": number,
                "kind": "win",
                "text": f"Win {number}",
                "local_date": day,
                "created_at": datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
                "tags": "",
                "section": "project",
                "shared": False,
            }


def _chunks(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def _bulk_insert(sessions: SessionFactory, table: Table, rows: Iterable[Row]) -> int:
    count = 0
    for chunk in _chunks(rows, CHUNK):
        with sessions.begin() as session:
            session.execute(insert(table), chunk)
        count += len(chunk)
    return count


def seed(sessions: SessionFactory, members: int, wins: int) -> float:
    """Fill the schema; return the seconds it took."""
    rng = random.Random(SEED)
    started = time.perf_counter()
    plan: list[tuple[str, Iterable[Row]]] = [
        ("members", _member_rows(members, wins)),
        ("goals", _goal_rows(members, rng)),
        ("milestones", _milestone_rows(members, rng)),
        ("entries", _entry_rows(members, wins, rng)),
    ]
    for name, rows in plan:
        count = _bulk_insert(sessions, _table(name), rows)
        print(f"  {name:<10} {count:>10,} rows  ({time.perf_counter() - started:6.1f} s)")
    return time.perf_counter() - started


def analyze(engine: Engine) -> float:
    """Run ANALYZE so the planner has statistics; return the seconds it took."""
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    return time.perf_counter() - started


# --- the core ------------------------------------------------------------------------------


def _check(reply: str, expected: str, command: str) -> None:
    if expected not in reply:
        raise AssertionError(f"{command!r} did not answer with {expected!r}: {reply!r}")


def core_sample(coach: Coach, command: str, expected: str) -> Sample:
    """One ``Coach.handle`` call for member i, timed; the reply is checked afterwards."""

    def sample(i: int) -> int:
        who = MemberRef("bench", "w", f"u{i}")
        started = time.perf_counter_ns()
        reply = coach.handle(who, command)
        elapsed = time.perf_counter_ns() - started
        _check(reply.plain_text(), expected, command)
        return elapsed

    return sample


# --- the bare sqlite3 baseline -------------------------------------------------------------

BARE_INSERT = """
INSERT INTO entries (member_id, number, kind, text, local_date, created_at, tags, section,
                     goal_id, milestone_id, outcome, outcome_at, prompt_key, shared)
VALUES (?, ?, 'win', ?, ?, ?, ?, 'project', NULL, NULL, NULL, NULL, NULL, 0)
"""
BARE_MEMBER = "SELECT id, tz FROM members WHERE platform = ? AND workspace_id = ? AND user_id = ?"
BARE_GOALS = "SELECT * FROM goals WHERE member_id = ? AND status = 'active' ORDER BY number"
BARE_MILESTONES = "SELECT * FROM milestones WHERE goal_id IN ({}) ORDER BY goal_id, number"
BARE_WIN_COUNT = """
SELECT count(*) FROM entries
WHERE member_id = ? AND kind = 'win' AND local_date >= ? AND local_date <= ?
"""
BARE_STREAK_DAYS = """
SELECT DISTINCT local_date FROM entries
WHERE member_id = ? AND local_date >= ? AND local_date <= ?
ORDER BY local_date DESC
"""


def bare_connection(path: Path) -> sqlite3.Connection:
    """A plain stdlib connection with the same pragmas as ``core.storage.db.make_engine``."""
    conn = sqlite3.connect(path)
    for pragma in (
        "foreign_keys=ON",
        "busy_timeout=5000",
        "journal_mode=WAL",
        "synchronous=NORMAL",
    ):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def bare_insert_sample(conn: sqlite3.Connection) -> Sample:
    """One entries row with the columns /win writes, then commit."""
    numbers = iter(range(BARE_NUMBER_OFFSET, BARE_NUMBER_OFFSET * 2))

    def sample(i: int) -> int:
        params = (i + 1, next(numbers), WIN_TEXT[5:], _today(i).isoformat(), _sql_now(), "launch")
        started = time.perf_counter_ns()
        conn.execute(BARE_INSERT, params)
        conn.commit()
        return time.perf_counter_ns() - started

    return sample


def _sql_now() -> str:
    return NOW.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def bare_select_sample(conn: sqlite3.Connection) -> Sample:
    """The rows /progress reads: member, active goals, their milestones, wins, streak days."""

    def sample(i: int) -> int:
        started = time.perf_counter_ns()
        rows = bare_progress_rows(conn, f"u{i}")
        elapsed = time.perf_counter_ns() - started
        if rows <= 0:
            raise AssertionError(f"bare SELECT found nothing for u{i}")
        return elapsed

    return sample


def bare_progress_rows(conn: sqlite3.Connection, user_id: str) -> int:
    """Read what /progress needs for one member; return how many rows came back."""
    member_id, tz = conn.execute(BARE_MEMBER, ("bench", "w", user_id)).fetchone()
    today = NOW.astimezone(ZoneInfo(tz)).date()
    goals = conn.execute(BARE_GOALS, (member_id,)).fetchall()
    goal_ids = [goal[0] for goal in goals]
    marks = ", ".join("?" * len(goal_ids))
    milestones = conn.execute(BARE_MILESTONES.format(marks), goal_ids).fetchall()
    window = (member_id, (today - timedelta(days=31)).isoformat(), today.isoformat())
    (wins,) = conn.execute(BARE_WIN_COUNT, window).fetchone()
    days = conn.execute(BARE_STREAK_DAYS, window).fetchall()
    return 1 + len(goals) + len(milestones) + int(wins > 0) + len(days)


# --- measuring and reporting ---------------------------------------------------------------


def measure_pair(
    first: Sample, second: Sample, members: int, samples: int, seed: int
) -> tuple[list[int], list[int]]:
    """Alternate two operations on the same random members; return both timings in ns."""
    rng = random.Random(seed)
    for _ in range(min(WARMUP, samples)):
        pick = rng.randrange(members)
        first(pick)
        second(pick)
    a: list[int] = []
    b: list[int] = []
    for _ in range(samples):
        pick = rng.randrange(members)
        a.append(first(pick))
        b.append(second(pick))
    return a, b


def p99(values: list[int]) -> int:
    """The 99th percentile by nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


def summary(values: list[int]) -> dict[str, float]:
    """Median and p99 in milliseconds."""
    return {"median_ms": statistics.median(values) / 1e6, "p99_ms": p99(values) / 1e6}


def ratio(op: dict[str, float], base: dict[str, float]) -> dict[str, float]:
    """How many times slower than the baseline, at the median and at p99."""
    return {
        "median": op["median_ms"] / base["median_ms"],
        "p99": op["p99_ms"] / base["p99_ms"],
    }


ROWS = (
    ("win", "/win via Coach.handle", "bare_insert"),
    ("bare_insert", "  bare sqlite3 INSERT + commit", None),
    ("progress", "/progress via Coach.handle", "bare_select"),
    ("bare_select", "  bare sqlite3 SELECTs", None),
)


def print_report(result: dict[str, Any]) -> None:
    """The table of medians, p99s and ratios to the baseline, and the /progress target."""
    ops, ratios = result["operations"], result["ratios"]
    print(f"\n{'operation':<32}{'median ms':>10}{'p99 ms':>9}{'x median':>10}{'x p99':>8}")
    for key, label, base in ROWS:
        times = f"{ops[key]['median_ms']:>10.3f}{ops[key]['p99_ms']:>9.3f}"
        versus = f"{ratios[key]['median']:>9.1f}x{ratios[key]['p99']:>7.1f}x" if base else ""
        print(f"{label:<32}{times}{versus or 'baseline':>18}")
    verdict = "PASS" if result["progress_p99_pass"] else "MISS"
    print(
        f"\nTarget: p99 of /progress under {result['target_p99_ms']:g} ms on SQLite: "
        f"{result['progress_p99_ms']:.3f} ms -> {verdict}"
    )


def measure_all(engine: Engine, path: Path, members: int, samples: int) -> dict[str, Any]:
    """Time the core and the baseline, pairwise, on the seeded file."""
    coach = Coach(session_factory(engine), ManualClock(NOW), load_prompts(), OPTIONS)
    bare = bare_connection(path)
    try:
        win = core_sample(coach, WIN_TEXT, "logged")
        wins, inserts = measure_pair(win, bare_insert_sample(bare), members, samples, SEED + 1)
        progress = core_sample(coach, PROGRESS_TEXT, "Wins this week")
        shows, selects = measure_pair(
            progress, bare_select_sample(bare), members, samples, SEED + 2
        )
    finally:
        bare.close()
    return {
        "win": summary(wins),
        "bare_insert": summary(inserts),
        "progress": summary(shows),
        "bare_select": summary(selects),
    }


def results(ops: dict[str, Any], **figures: Any) -> dict[str, Any]:
    """Everything the run found, as one dictionary."""
    progress_p99 = ops["progress"]["p99_ms"]
    return {
        **figures,
        "operations": ops,
        "ratios": {
            "win": ratio(ops["win"], ops["bare_insert"]),
            "progress": ratio(ops["progress"], ops["bare_select"]),
        },
        "target_p99_ms": TARGET_P99_MS,
        "progress_p99_ms": progress_p99,
        "progress_p99_pass": progress_p99 < TARGET_P99_MS,
    }


def run_at(path: Path, members: int, wins_per_member: int, samples: int) -> dict[str, Any]:
    """Seed a fresh file at ``path``, measure, print and return the figures."""
    if path.exists():
        raise FileExistsError(f"{path} exists; the benchmark needs a fresh database file")
    print(f"Seeding {members:,} members x {wins_per_member:,} wins into {path}")
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine)
        seed_seconds = seed(session_factory(engine), members, wins_per_member)
        analyze_seconds = analyze(engine)
        print(f"Seeding took {seed_seconds:.1f} s; ANALYZE {analyze_seconds:.1f} s")
        print(f"Measuring {samples:,} samples per operation ({min(WARMUP, samples)} warm-up)")
        ops = measure_all(engine, path, members, samples)
    finally:
        engine.dispose()
    result = results(
        ops,
        members=members,
        wins_per_member=wins_per_member,
        entries=members * wins_per_member,
        samples=samples,
        db_path=str(path),
        seed_seconds=seed_seconds,
        analyze_seconds=analyze_seconds,
    )
    print_report(result)
    return result


def run(
    members: int = 10_000,
    wins_per_member: int = 150,
    samples: int = 2000,
    db_path: Path | str | None = None,
) -> dict[str, Any]:
    """Run the benchmark on ``db_path`` (which must not exist) or in a temporary directory."""
    if db_path is not None:
        return run_at(Path(db_path), members, wins_per_member, samples)
    with tempfile.TemporaryDirectory(prefix="coachbot-bench-") as tmp:
        return run_at(Path(tmp) / "bench.db", members, wins_per_member, samples)


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--wins-per-member", type=int, default=150)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--db", type=Path, default=None, help="a new SQLite file (default: tmp)")
    args = parser.parse_args(argv)
    run(args.members, args.wins_per_member, args.samples, args.db)


if __name__ == "__main__":
    main()
