"""Does a tick cost what is due, not what is stored? A tick over a large table of schedules
(default 200,000) against one over a small table (10,000), with the same number due
(1,000) in each, on PostgreSQL, interleaved; reports the medians and their ratio. Run by
hand, never by pytest:

    .venv/bin/python -m tests.benchmarks.bench_tick [--large 200000] [--small 10000]
        [--due 1000] [--samples 10]

Sample n times one ``Dispatcher.tick`` at minute n, when the n-th group of `due` schedules
fires (each group's rule fires at its own minute), in both databases.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, text

from core.scheduling.dispatcher import Dispatcher
from core.storage.db import make_engine, session_factory
from core.storage.models import Schedule
from core.time.clock import ManualClock
from tests.benchmarks.bench_lateness import fresh_database
from tests.integration.test_reliability import _seed_members, _weekly_rule_firing_at

DUE = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
LATER = DUE + timedelta(days=3)


def seed(engine: Engine, schedules: int, due: int, samples: int) -> None:
    """`schedules` members with a weekly check-in each: group n of `due` of them fires at
    DUE + n minutes (n < samples), every other one days later."""
    ids = _seed_members(engine, schedules, ["UTC"], DUE - timedelta(days=7))
    later = _weekly_rule_firing_at(LATER, "UTC")
    rows = []
    for n, member_id in enumerate(ids):
        group = n // due
        fires = DUE + timedelta(minutes=group) if group < samples else LATER
        rows.append(
            {
                "member_id": member_id,
                "kind": "checkin",
                "rule": _weekly_rule_firing_at(fires, "UTC") if group < samples else later,
                "anchor": None,
                "enabled": True,
                "next_fire_at": fires,
                "created_at": DUE - timedelta(days=7),
            }
        )
    with engine.begin() as conn:
        for start in range(0, len(rows), 20_000):
            conn.execute(insert(Schedule), rows[start : start + 20_000])
        conn.execute(text("ANALYZE members, schedules, outbox"))


def timed_tick(engine: Engine, sample: int, expected: int) -> float:
    """Milliseconds for the tick that queues group `sample` (the earlier ones are done)."""
    now = DUE + timedelta(minutes=sample, seconds=5)
    dispatcher = Dispatcher(session_factory(engine), ManualClock(now))
    started = time.perf_counter()
    queued = dispatcher.tick().queued
    elapsed = time.perf_counter() - started
    assert queued == expected, queued
    return elapsed * 1000


def run(large: int, small: int, due: int, samples: int) -> dict[str, Any]:
    """Seed both, tick each in turn `samples` times, report medians and the ratio."""
    with ExitStack() as stack:
        engines = {}
        for name, size in (("large", large), ("small", small)):
            engine = make_engine(stack.enter_context(fresh_database()))
            stack.callback(engine.dispose)
            assert size >= due * samples, "more schedules than due ones, please"
            seed(engine, size, due, samples)
            engines[name] = engine
        times: dict[str, list[float]] = {"large": [], "small": []}
        for n in range(samples):
            order = ["large", "small"] if n % 2 == 0 else ["small", "large"]
            for name in order:
                times[name].append(timed_tick(engines[name], n, due))
    medians = {name: round(statistics.median(values), 1) for name, values in times.items()}
    return {
        "schedules": {"large": large, "small": small},
        "due": due,
        "median_ms": medians,
        "ratio_large_to_small": round(medians["large"] / medians["small"], 2),
    }


def main(argv: list[str] | None = None) -> None:
    """Parse the options, run, print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--large", type=int, default=200_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--samples", type=int, default=10)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.large, args.small, args.due, args.samples), indent=2))


if __name__ == "__main__":
    main()
