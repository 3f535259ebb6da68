"""Does a worker's memory follow what is due, not what is stored? A real ``coachbot run
worker`` process on PostgreSQL with a large table of schedules (default 200,000) and, for
comparison, a small one (10,000), the same number due (1,000) in each. Run by hand, never by
pytest:

    .venv/bin/python -m tests.benchmarks.bench_worker_memory [--large 200000]
        [--small 10000] [--due 1000] [--ticks 3]

Each run seeds a fresh database (one member per schedule, `due` of them due a minute ago,
the rest days later), starts the worker with a one-second tick, waits until it has sent
every due check-in (to the console, its output discarded) and a few more ticks have looked
at the whole table, then reads the process's resident memory (VmRSS) and its peak (VmHWM)
from /proc and stops it with SIGTERM. Reports both per table size and their ratio (the
issue measured 120 MiB with 200,000 schedules).
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, insert, select, text

from core.storage.db import make_engine
from core.storage.models import Delivery, DeliveryStatus, Schedule
from tests.benchmarks.bench_lateness import fresh_database
from tests.benchmarks.bench_startup import console_command, console_env
from tests.integration.test_reliability import _seed_members, _weekly_rule_firing_at

TICK_SECONDS = 1.0
TIMEOUT_SECONDS = 300.0
ISSUE_RSS_MIB = 120.0  # measured with 200,000 schedules when the issue was filed


def seed(engine: Engine, schedules: int, due: int, now: datetime) -> None:
    """`schedules` members with a weekly check-in each; `due` of them fired a minute ago."""
    fired = now.replace(second=0, microsecond=0) - timedelta(minutes=1)
    later = fired + timedelta(days=3)
    rules = {when: _weekly_rule_firing_at(when, "UTC") for when in (fired, later)}
    ids = _seed_members(engine, schedules, ["UTC"], now - timedelta(days=7))
    rows = [
        {
            "member_id": member_id,
            "kind": "checkin",
            "rule": rules[fired if n < due else later],
            "anchor": None,
            "enabled": True,
            "next_fire_at": fired if n < due else later,
            "created_at": now - timedelta(days=7),
        }
        for n, member_id in enumerate(ids)
    ]
    with engine.begin() as conn:
        for start in range(0, len(rows), 20_000):
            conn.execute(insert(Schedule), rows[start : start + 20_000])
        conn.execute(text("ANALYZE members, schedules, outbox"))


def memory_mib(pid: int) -> dict[str, float]:
    """A live process's resident memory and its peak, in MiB (Linux /proc)."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0]) / 1024
    return found


def sent(engine: Engine) -> int:
    """Outbox rows the worker has sent."""
    with engine.connect() as conn:
        query = select(func.count()).select_from(Delivery)
        return int(conn.scalar(query.where(Delivery.status == DeliveryStatus.SENT)) or 0)


def worker_env(url: str, folder: Path) -> dict[str, str]:
    """The console's clean environment, on `url`, with no platform token: console only."""
    env = {k: v for k, v in console_env(folder).items() if not k.startswith(("SLACK_", "DISCORD_"))}
    return env | {"DATABASE_URL": url, "COACHBOT_TICK_SECONDS": str(TICK_SECONDS)}


def measure(schedules: int, due: int, ticks: int) -> dict[str, Any]:
    """Seed a fresh database, run a worker until it has sent the due ones, read memory."""
    with fresh_database() as url, tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(url)
        try:
            seed(engine, schedules, due, datetime.now(UTC))
            command = [*console_command()[:-1], "run", "worker"]
            proc = subprocess.Popen(
                command,
                env=worker_env(url, Path(scratch)),
                cwd=scratch,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                seconds = _until_sent(engine, proc, due)
                time.sleep(ticks * TICK_SECONDS)  # more ticks over the whole table
                memory = memory_mib(proc.pid)
            finally:
                _stop(proc)
        finally:
            engine.dispose()
    return {"schedules": schedules, "seconds_to_send": round(seconds, 1), **memory}


def _until_sent(engine: Engine, proc: subprocess.Popen[bytes], due: int) -> float:
    started = time.monotonic()
    while sent(engine) < due:
        if proc.poll() is not None:
            raise RuntimeError(f"the worker exited ({proc.returncode}) before sending")
        if time.monotonic() - started > TIMEOUT_SECONDS:
            raise RuntimeError(f"the worker sent {sent(engine)} of {due} in time")
        time.sleep(0.2)
    return time.monotonic() - started


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run(large: int = 200_000, small: int = 10_000, due: int = 1_000, ticks: int = 3) -> Any:
    """Measure both table sizes and return the figures with their ratio."""
    if not 0 < due <= small <= large:
        raise ValueError("need 0 < due <= small <= large")
    runs = {name: measure(size, due, ticks) for name, size in (("small", small), ("large", large))}
    return {
        "due": due,
        "runs": runs,
        "rss_ratio_large_to_small": round(runs["large"]["VmRSS"] / runs["small"]["VmRSS"], 2),
        "issue_rss_mib": ISSUE_RSS_MIB,
    }


def main(argv: list[str] | None = None) -> None:
    """Parse the options, run, print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--large", type=int, default=200_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--ticks", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.large, args.small, args.due, args.ticks), indent=2))


if __name__ == "__main__":
    main()
