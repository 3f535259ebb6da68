"""Lateness of check-ins due in the same minute, at the platforms' real limits.

Seeds N members across W workspaces (or guilds) on a fresh PostgreSQL database, each with
one check-in due now, starts K real worker processes (``tests.integration.worker_process``:
the dispatcher, the outbox and the sender, paced as ``config/defaults.toml`` ships) and a
local fake platform that enforces the platform's limits per channel (each DM is its own
channel), per workspace and in all, answering 429 with Retry-After when one is exceeded.
Reports p50/p99/max lateness of each message from the moment the workers were started
(their start-up included), throughput, 429s and repeats. Run by hand, never by pytest:

    .venv/bin/python -m tests.benchmarks.bench_lateness [--members 10000]
        [--workspaces 100] [--platform slack|discord] [--workers 1 2 4]

The limits (token buckets: sustained rate per second, burst):
  slack    per channel 1/s (burst 1), per workspace 5/s (burst 50), no global one
           (chat.postMessage: about one a second per channel, several hundred a minute
           per workspace)
  discord  per channel 1/s (burst 5: 5 per 5 s), 50/s in all (burst 50), no per-guild one
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bot.settings import load_settings
from core.storage.db import make_engine
from migrations import upgrade
from tests.integration.test_reliability import Receiver, _outbox_statuses, _seed_due_checkins
from tests.integration.worker_process import spawn

PG_ADMIN_URL = os.environ.get(
    "COACHBOT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@dataclass(frozen=True)
class Bucket:
    """A limit: `rate` requests a second sustained, `burst` at once (0 rate: no limit)."""

    rate: float
    burst: float


@dataclass(frozen=True)
class Limits:
    """What the platform enforces."""

    channel: Bucket
    workspace: Bucket
    everything: Bucket


LIMITS = {
    "slack": Limits(Bucket(1, 1), Bucket(5, 50), Bucket(0, 0)),
    "discord": Limits(Bucket(1, 5), Bucket(0, 0), Bucket(50, 50)),
}


@dataclass
class _Tokens:
    bucket: Bucket
    level: float
    at: float

    def wait(self, now: float) -> float:
        """Seconds until a token; takes one if there is one now."""
        if self.bucket.rate <= 0:
            return 0.0
        self.level = min(self.bucket.burst, self.level + (now - self.at) * self.bucket.rate)
        self.at = now
        if self.level >= 1:
            return 0.0
        return (1 - self.level) / self.bucket.rate


class LimitedPlatform(Receiver):
    """The fake platform: notes when each DM arrived, refuses what exceeds a limit."""

    def __init__(self, limits: Limits) -> None:
        super().__init__()
        self.limits = limits
        self.arrivals: list[float] = []
        self.refused = 0
        self._buckets: dict[tuple[str, ...], _Tokens] = {}

    def answer(self, dm: dict[str, str]) -> tuple[int, dict[str, str]]:
        now = time.monotonic()
        with self._lock:
            keys = {
                ("channel", dm["workspace_id"], dm["user_id"]): self.limits.channel,
                ("workspace", dm["workspace_id"]): self.limits.workspace,
                ("everything",): self.limits.everything,
            }
            tokens = [
                self._buckets.setdefault(key, _Tokens(bucket, bucket.burst, now))
                for key, bucket in keys.items()
            ]
            wait = max(t.wait(now) for t in tokens)
            if wait > 0:
                self.refused += 1
                return 429, {"Retry-After": str(max(1, math.ceil(wait)))}
            for t in tokens:
                t.level -= 1
            self.arrivals.append(now)
            self.received[dm["user_id"]] += 1
        return 200, {}


@contextmanager
def fresh_database() -> Iterator[str]:
    """A migrated PostgreSQL database of its own, dropped afterwards."""
    name = f"coachbot_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = make_engine(PG_ADMIN_URL).url.set(database=name).render_as_string(hide_password=False)
    try:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def run_once(platform: str, members: int, workspaces: int, workers: int) -> dict[str, Any]:
    """One fan-out: seed, start the workers, wait for them, report."""
    pace = load_settings(env_file=None).send_pace[platform]
    with fresh_database() as url, tempfile.TemporaryDirectory() as folder:
        logs = Path(folder)
        engine = make_engine(url)
        due = datetime.now(UTC).replace(second=0, microsecond=0)
        _seed_due_checkins(engine, members, due, workspaces)
        with LimitedPlatform(limits=LIMITS[platform]) as fake:
            started = time.monotonic()
            pacing = ("--pace-channel", str(pace.channel), "--pace-workspace", str(pace.workspace))
            pacing += ("--pace-platform", str(pace.platform))
            procs = [
                spawn(url, fake.url, f"w{n}", logs / f"w{n}.log", *pacing) for n in range(workers)
            ]
            for proc in procs:
                proc.wait()
            finished = time.monotonic()
            lateness = [t - started for t in fake.arrivals]
            statuses = _outbox_statuses(engine)
        engine.dispose()
    delivered = len(fake.received)
    return {
        "platform": platform,
        "members": members,
        "workspaces": workspaces,
        "workers": workers,
        "delivered": delivered,
        "repeated": sum(fake.received.values()) - delivered,
        "refused_429": fake.refused,
        "p50_s": round(statistics.median(lateness), 1),
        "p99_s": round(_percentile(lateness, 0.99), 1),
        "max_s": round(max(lateness), 1),
        "per_second": round(delivered / (finished - started), 1),
        "statuses": dict(statuses),
    }


def run(platform: str, members: int, workspaces: int, workers: list[int]) -> dict[str, Any]:
    """Every worker count in turn, and the throughput ratios to the first."""
    runs = [run_once(platform, members, workspaces, n) for n in workers]
    base = runs[0]["per_second"]
    return {
        "runs": runs,
        "throughput_ratio": {str(r["workers"]): round(r["per_second"] / base, 2) for r in runs},
    }


def main(argv: list[str] | None = None) -> None:
    """Parse the options, run, print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--workspaces", type=int, default=100)
    parser.add_argument("--platform", choices=sorted(LIMITS), default="slack")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args(argv)
    result = run(args.platform, args.members, args.workspaces, args.workers)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
