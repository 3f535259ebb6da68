"""Benchmark: building and rendering a team digest for 500 members with a year of history.

Run: ``.venv/bin/python -m tests.benchmarks.bench_digest [--members 500] [--wins 150]``.
Not part of the test run. Reports median and p99 of

- building the digest (gather what was shared, compose summary and details),
- the same plus the team chart (PNG) and Slack Block Kit rendering,

each as a ratio to one bare SQL query that reads the same shared rows of the period,
measured in the same run on the same SQLite file.
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
from core.services.digest_content import compose, gather
from core.storage.db import make_engine, session_factory
from migrations import upgrade
from tests.benchmarks.bench_core import NOW, analyze, p99, seed

PERIOD = timedelta(days=7)
BARE_QUERY = """
SELECT e.id, e.text, e.outcome, e.created_at, m.display_name
FROM entries e JOIN members m ON m.id = e.member_id
WHERE m.platform = 'bench' AND m.workspace_id = 'w' AND e.kind = 'win' AND e.shared = 1
  AND e.created_at >= ? AND e.created_at < ?
ORDER BY e.created_at
"""


def share_half(engine: Any) -> None:
    """Every other win and every goal shared; a milestone per member reached this week."""
    done = (NOW - timedelta(days=2)).replace(tzinfo=None).isoformat(sep=" ")
    with engine.begin() as conn:
        conn.execute(text("UPDATE entries SET shared = (number % 2 = 0)"))
        conn.execute(text("UPDATE goals SET shared = 1"))
        conn.execute(text("UPDATE milestones SET done_at = :done WHERE number = 1"), {"done": done})


def timed(fn: Callable[[], object], samples: int) -> list[float]:
    """Milliseconds per call."""
    out = []
    for _ in range(samples):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def run(
    members: int = 500, wins: int = 150, samples: int = 30, db_path: Path | None = None
) -> dict[str, Any]:
    """Seed, measure, and return the figures."""
    path = db_path or Path(tempfile.mkdtemp(prefix="coachbot-bench-digest-")) / "digest.db"
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
    naive = [t.replace(tzinfo=None).isoformat(sep=" ") for t in (start, end)]

    def bare_read() -> object:
        return bare.execute(BARE_QUERY, naive).fetchall()

    rows = len(bare_read())  # type: ignore[arg-type]
    figures = {
        "bare": timed(bare_read, samples),
        "build": timed(build, samples),
        "build_render_chart": timed(build_and_render, max(5, samples // 3)),
    }
    bare.close()
    return report(figures, rows, members, wins)


def report(figures: dict[str, list[float]], rows: int, members: int, wins: int) -> dict[str, Any]:
    """Print and return medians, p99s and ratios to the bare query."""
    base = statistics.median(figures["bare"])
    print(f"{members} members x {wins} wins; the period's shared wins: {rows} rows")
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
