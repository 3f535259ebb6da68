"""Benchmark: building and rendering a team digest for 500 members with a year of history.

Run: ``.venv/bin/python -m tests.benchmarks.bench_digest [--members 500] [--wins 150]``.
Not part of the test run. Reports median and p99 of

- building the digest (gather what was shared, compose summary and details),
- the same plus the team chart (PNG) and Slack Block Kit rendering,

each as a ratio to a bare read, with plain sqlite3, of every row the digest shows: the
period's shared wins with their authors' names, the milestones reached on shared goals
(with what each goal's progress comes from: its figures and all its milestones), the goals
completed, the shared commitments that came due, and the 52 weekly counts.
The three are measured in the same run on the same SQLite file, interleaved (each round
runs all three, in turn), with at least 20 samples each. The file is deleted afterwards.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from adapters.slack.blocks import render_blocks
from core.services.charts import team_chart
from core.services.digest_content import compose
from core.services.team_activity import LOCAL_DAY_SPREAD, STREAK_WEEKS, gather
from core.storage.db import make_engine, session_factory
from migrations import upgrade
from tests.benchmarks.bench_core import NOW, analyze, p99, seed

PERIOD = timedelta(days=7)
SHARED = "m.platform = 'bench' AND m.workspace_id = 'w'"
BARE_QUERIES = (
    # The period's shared wins, with who logged them (by the entries index: a local day is
    # within a day of the UTC one, as the digest reads them).
    f"""SELECT e.member_id, e.text, e.outcome, m.display_name
    FROM entries e JOIN members m ON m.id = e.member_id
    WHERE {SHARED} AND e.kind = 'win' AND e.shared = 1
      AND e.local_date >= :first_day AND e.local_date <= :last_day
      AND e.created_at >= :start AND e.created_at < :end
    ORDER BY e.created_at""",
    # Milestones reached in the period on shared goals, each goal with what its progress
    # is computed from (by hand, the measure, or all its milestones).
    f"""SELECT done.title, g.id, g.title, g.status, g.progress_manual, g.measure_target,
           g.measure_current, g.member_id, m.display_name, all_m.done_at
    FROM milestones done JOIN goals g ON g.id = done.goal_id
    JOIN members m ON m.id = g.member_id JOIN milestones all_m ON all_m.goal_id = g.id
    WHERE {SHARED} AND g.shared = 1 AND done.done_at >= :start AND done.done_at < :end
    ORDER BY done.done_at""",
    # Goals completed in the period.
    f"""SELECT g.title, g.member_id, m.display_name
    FROM goals g JOIN members m ON m.id = g.member_id
    WHERE {SHARED} AND g.shared = 1 AND g.status = 'done'
      AND g.completed_at >= :start AND g.completed_at < :end""",
    # Shared commitments on shared goals whose day may fall in the period (kept or not).
    f"""SELECT c.status, c.due_date, c.answered_on
    FROM commitments c JOIN goals g ON g.id = c.goal_id JOIN members m ON m.id = g.member_id
    WHERE {SHARED} AND g.shared = 1 AND c.status != 'dropped' AND c.repeat_days IS NULL
      AND (c.due_date >= :since OR c.answered_on >= :since)""",
    # Shared wins per day over the streak's 52 weeks (the trend and the streak), logged
    # before the end (east of UTC on the day after it).
    f"""SELECT e.local_date, count(*) FROM entries e JOIN members m ON m.id = e.member_id
    WHERE {SHARED} AND e.kind = 'win' AND e.shared = 1
      AND e.local_date >= :first AND e.local_date <= :last_day AND e.created_at < :end
    GROUP BY e.local_date""",
)
MIN_SAMPLES = 20


def share_half(engine: Any) -> None:
    """Every other win and every goal shared; a milestone per member reached this week."""
    done = (NOW - timedelta(days=2)).replace(tzinfo=None).isoformat(sep=" ")
    with engine.begin() as conn:
        conn.execute(text("UPDATE entries SET shared = (number % 2 = 0)"))
        conn.execute(text("UPDATE goals SET shared = 1"))
        conn.execute(text("UPDATE milestones SET done_at = :done WHERE number = 1"), {"done": done})


def interleaved(ops: dict[str, Callable[[], object]], samples: int) -> dict[str, list[float]]:
    """Milliseconds per call of each, the operations taking turns (each round starts with
    the next one), so all see the same cache and machine load. A first untimed call of
    each warms the process up (drawing the first chart imports matplotlib and its fonts,
    which would otherwise be the p99)."""
    names = list(ops)
    out: dict[str, list[float]] = {name: [] for name in names}
    for name in names:
        ops[name]()
    for n in range(samples):
        for name in names[n % len(names) :] + names[: n % len(names)]:
            started = time.perf_counter()
            ops[name]()
            out[name].append((time.perf_counter() - started) * 1000)
    return out


def run(
    members: int = 500, wins: int = 150, samples: int = 30, db_path: Path | None = None
) -> dict[str, Any]:
    """Seed, measure, and return the figures (in a temporary folder unless `db_path`)."""
    if db_path is not None:
        return _measure(db_path, members, wins, samples)
    with tempfile.TemporaryDirectory(prefix="coachbot-bench-digest-") as folder:
        return _measure(Path(folder) / "digest.db", members, wins, samples)


def _measure(path: Path, members: int, wins: int, samples: int) -> dict[str, Any]:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    sessions = session_factory(engine)
    seed(sessions, members, wins)
    share_half(engine)
    analyze(engine)
    start, end = NOW - PERIOD, NOW

    def build() -> object:
        with sessions() as session:
            return compose(gather(session, "bench", "w", start, end), "Team digest")

    def build_and_render() -> object:
        with sessions() as session:
            activity = gather(session, "bench", "w", start, end)
            post = compose(activity, "Team digest", chart=team_chart(activity, end))
        return [render_blocks(r) for r in (post.summary, *post.details)]

    bare = sqlite3.connect(path)
    last = end.date()
    params = {
        "start": start.replace(tzinfo=None).isoformat(sep=" "),
        "end": end.replace(tzinfo=None).isoformat(sep=" "),
        "first": (last - timedelta(weeks=STREAK_WEEKS) + timedelta(days=1)).isoformat(),
        "first_day": (start.date() - LOCAL_DAY_SPREAD).isoformat(),
        "last_day": (last + LOCAL_DAY_SPREAD).isoformat(),
        "since": start.date().isoformat(),
    }

    def bare_read() -> list[list[Any]]:
        return [bare.execute(query, params).fetchall() for query in BARE_QUERIES]

    rows = sum(len(found) for found in bare_read())
    ops = {"bare": bare_read, "build": build, "build_render_chart": build_and_render}
    figures = interleaved(ops, max(MIN_SAMPLES, samples))
    bare.close()
    engine.dispose()
    return report(figures, rows, members, wins)


def report(figures: dict[str, list[float]], rows: int, members: int, wins: int) -> dict[str, Any]:
    """Print and return medians, p99s and ratios to the bare query."""
    base = statistics.median(figures["bare"])
    print(f"{members} members x {wins} wins; the rows the digest shows: {rows}")
    print(f"{'operation':<28}{'median ms':>12}{'p99 ms':>10}{'x bare':>9}")
    result: dict[str, Any] = {"rows": rows, "ops": {}}
    for name, values in figures.items():
        median = statistics.median(values)
        worst = p99([int(v * 1000) for v in values]) / 1000
        result["ops"][name] = {"median_ms": median, "p99_ms": worst, "ratio": median / base}
        print(f"{name:<28}{median:>12.2f}{worst:>10.2f}{median / base:>8.1f}x")
    return result


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--wins", type=int, default=150)
    parser.add_argument("--samples", type=int, default=30)
    args = parser.parse_args()
    run(args.members, args.wins, args.samples)


if __name__ == "__main__":
    main()
