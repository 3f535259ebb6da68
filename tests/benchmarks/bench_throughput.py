"""Code throughput of the fan-out: coachbot's path against a bare loop, same fake, same run.

Seeds N members, each with one check-in due now, once per backend (a SQLite file, a
PostgreSQL database), and copies that seed for every sample. A coachbot sample runs the
real worker in this process (dispatcher tick, outbox claim, render, re-check, send, record)
against a local fake platform that accepts every DM at once; a bare sample does the same
SQL with plain sqlite3 / psycopg (claim the due schedules, insert their outbox rows, claim
those, post each to the same fake over the same keep-alive HTTP call, mark it sent).
Samples alternate, so both see the same machine. Reports messages a second and the ratio
(coachbot / bare; target >= 0.5). Run by hand, never by pytest:

    .venv/bin/python -m tests.benchmarks.bench_throughput [--members 2000] [--samples 5]
        [--backend sqlite postgresql] [--profile]

``--profile`` also runs one coachbot sample per backend under cProfile and prints where
its time goes (cumulative, the top functions of coachbot's own code).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import pstats
import shutil
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch

import psycopg
import sqlalchemy as sa

from core.prompts import load_prompts
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.ratelimit import UNPACED
from core.scheduling.sender import Sender
from core.scheduling.worker import Worker
from core.storage.db import _sqlite_pragmas, make_engine, session_factory
from core.time.clock import ManualClock
from migrations import upgrade
from tests.benchmarks.bench_lateness import PG_ADMIN_URL
from tests.fakes import OPTIONS
from tests.integration.test_reliability import Receiver, _seed_due_checkins
from tests.integration.worker_process import HttpMessenger, dm_body

DUE = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday
NOW = DUE + timedelta(seconds=30)
TICK_BATCH = 200
SEND_BATCH = 50
BACKENDS = ("sqlite", "postgresql")
# What a profile shows: coachbot's own functions, and SQLAlchemy's sessions and pool.
PROFILE_FILTER = r"(core/|adapters/|worker_process|orm/session|pool/base|engine/base)"

Post = Callable[[bytes], None]


def _naive(when: datetime) -> datetime:
    """What the UTC columns store (naive UTC)."""
    return when.astimezone(UTC).replace(tzinfo=None)


@contextmanager
def seeded(backend: str, members: int, workspaces: int) -> Iterator[Callable[[], str]]:
    """A seeded, migrated database; yields a function that makes a fresh copy of it and
    returns the copy's SQLAlchemy URL. Everything is removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            seed = Path(folder) / "seed.db"
            _seed(f"sqlite:///{seed}", members, workspaces)
            copies = iter(range(1_000_000))

            def sqlite_copy() -> str:
                target = Path(folder) / f"copy{next(copies)}.db"
                shutil.copyfile(seed, target)
                return f"sqlite:///{target}"

            yield sqlite_copy
        return
    with _pg_databases() as create:
        seed_url = create(None)
        _seed(seed_url, members, workspaces)
        seed_name = sa.make_url(seed_url).database
        yield lambda: create(seed_name)


@contextmanager
def _pg_databases() -> Iterator[Callable[[str | None], str]]:
    """PostgreSQL databases made on demand (empty, or a copy of a template), all dropped."""
    admin = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    names: list[str] = []

    def create(template: str | None) -> str:
        name = f"coachbot_tput_{uuid.uuid4().hex[:8]}"
        like = f' TEMPLATE "{template}"' if template else ""
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"{like}'))
        names.append(name)
        return make_engine(PG_ADMIN_URL).url.set(database=name).render_as_string(False)

    try:
        yield create
    finally:
        with admin.connect() as conn:
            for name in reversed(names):
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _seed(url: str, members: int, workspaces: int) -> None:
    engine = make_engine(url)
    upgrade(engine)
    _seed_due_checkins(engine, members, DUE, workspaces)
    engine.dispose()


async def _until_idle(worker: Worker) -> int:
    """Tick and drain until a round neither queues nor sends anything."""
    total = 0
    while True:
        report, sent = await worker.run_once()
        total += sent
        if report.queued == 0 and sent == 0:
            return total


def coachbot_fanout(url: str, fake_url: str) -> int:
    """The real worker's fan-out, unpaced, to the fake; returns how many were sent."""
    engine = make_engine(url)
    sessions = session_factory(engine)
    clock = ManualClock(NOW)
    prompts = load_prompts()
    sender = Sender(
        sessions,
        clock,
        prompts,
        {"console": HttpMessenger(fake_url)},
        "bench",
        batch=SEND_BATCH,
        pace={"console": UNPACED},
        options=OPTIONS,
    )
    dispatcher = Dispatcher(sessions, clock, grace=timedelta(hours=2), batch=TICK_BATCH)
    worker = Worker(sessions, clock, dispatcher, sender, wakeups=False)
    try:
        return asyncio.run(_until_idle(worker))
    finally:
        engine.dispose()


CLAIM_SCHEDULES = (
    "SELECT id, member_id FROM schedules WHERE enabled AND next_fire_at <= ? ORDER BY id LIMIT ?"
)
INSERT_OUTBOX = (
    "INSERT INTO outbox (key, platform, member_id, kind, source_id, occurrence_at, "
    "created_at, status, attempts, next_attempt_at, parts_sent) "
    "VALUES (?, 'console', ?, 'checkin', ?, ?, ?, 'pending', 0, ?, 0)"
)
CLAIM_OUTBOX = (
    "SELECT o.id, m.workspace_id, m.user_id FROM outbox o JOIN members m ON m.id = o.member_id "
    "WHERE o.status = 'pending' AND o.next_attempt_at <= ? ORDER BY o.next_attempt_at, o.id "
    "LIMIT ?"
)


def bare_fanout(connect: Callable[[], Any], lock: str, post: Post) -> int:
    """The same SQL in plain DB-API calls (placeholders `?`, made `%s` for psycopg by
    `connect`'s cursor factory), and the same post; returns how many were sent."""
    with closing(connect()) as conn:
        while _bare_queue(conn, lock):
            pass
        sent = 0
        while claimed := _bare_claim(conn, lock):
            for row_id, workspace, user in claimed:
                post(dm_body("console", workspace, user))
                _execute(
                    conn,
                    "UPDATE outbox SET status = 'sent', sent_at = ? WHERE id = ?",
                    (_naive(NOW), row_id),
                )
                conn.commit()
                sent += 1
        return sent


def _bare_queue(conn: Any, lock: str) -> bool:
    """One tick batch: due schedules claimed, their outbox rows inserted, moved on."""
    due, now = _naive(DUE), _naive(NOW)
    rows = _execute(conn, CLAIM_SCHEDULES + lock, (now, TICK_BATCH)).fetchall()
    for schedule_id, member_id in rows:
        key = f"checkin:{schedule_id}:{DUE.isoformat()}"
        _execute(conn, INSERT_OUTBOX, (key, member_id, schedule_id, due, now, due))
        _execute(
            conn,
            "UPDATE schedules SET next_fire_at = ? WHERE id = ?",
            (due + timedelta(days=7), schedule_id),
        )
    conn.commit()
    return bool(rows)


def _bare_claim(conn: Any, lock: str) -> list[tuple[int, str, str]]:
    """One send batch under a lease."""
    rows = _execute(conn, CLAIM_OUTBOX + lock, (_naive(NOW), SEND_BATCH)).fetchall()
    for row_id, _workspace, _user in rows:
        _execute(
            conn,
            "UPDATE outbox SET status = 'sending', claimed_by = 'bare', "
            "lease_until = ? WHERE id = ?",
            (_naive(NOW) + timedelta(minutes=2), row_id),
        )
    conn.commit()
    return [tuple(row) for row in rows]


def _execute(conn: Any, sql: str, params: tuple[Any, ...]) -> Any:
    if isinstance(conn, psycopg.Connection):
        return conn.execute(sql.replace("?", "%s"), params)
    return conn.execute(sql, params)


def _bare_connect(url: str) -> tuple[Callable[[], Any], str]:
    """A DB-API connection maker for the copy at `url`, and its claims' lock clause."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database or ""
        # SQLAlchemy stores naive datetimes as ISO text on SQLite; so does this.
        sqlite3.register_adapter(datetime, lambda d: d.isoformat(" "))

        def connect() -> sqlite3.Connection:
            conn = sqlite3.connect(path)
            _sqlite_pragmas(conn, None)  # the same settings as coachbot's engine
            return conn

        return connect, ""
    dsn = parsed.set(drivername="postgresql").render_as_string(False)
    return (lambda: psycopg.connect(dsn)), " FOR UPDATE SKIP LOCKED"


def _sample(kind: str, url: str, fake: Receiver, poster: HttpMessenger) -> tuple[float, float, int]:
    """Seconds of wall-clock and of this process's CPU (all threads: the fake's included,
    the database server's not) for one fan-out, and how many were sent."""
    began, cpu = time.perf_counter(), time.process_time()
    if kind == "coachbot":
        sent = coachbot_fanout(url, fake.url)
    else:
        connect, lock = _bare_connect(url)
        sent = bare_fanout(connect, lock, poster.post)
    return time.perf_counter() - began, time.process_time() - cpu, sent


def run_backend(backend: str, members: int, workspaces: int, samples: int) -> dict[str, Any]:
    """Interleaved samples of both on one backend; messages a second and the ratio."""
    seconds: dict[str, list[float]] = {"coachbot": [], "bare": []}
    cpu: dict[str, list[float]] = {"coachbot": [], "bare": []}
    with seeded(backend, members, workspaces) as copy, Receiver() as fake:
        poster = HttpMessenger(fake.url)
        for n in range(samples):
            order = ("coachbot", "bare") if n % 2 == 0 else ("bare", "coachbot")
            for kind in order:
                elapsed, used, sent = _sample(kind, copy(), fake, poster)
                if sent != members:
                    raise AssertionError(f"{kind} sent {sent} of {members}")
                seconds[kind].append(elapsed)
                cpu[kind].append(used)
    rates = {kind: round(members / statistics.median(s), 1) for kind, s in seconds.items()}
    return {
        "per_second": rates,
        "ratio": round(rates["coachbot"] / rates["bare"], 3),
        # Less disturbed by other jobs on a shared machine: bare's CPU / coachbot's.
        "cpu_ratio": round(statistics.median(cpu["bare"]) / statistics.median(cpu["coachbot"]), 3),
        "samples": samples,
    }


async def _inline(step: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return step(*args, **kwargs)


def profile(backend: str, members: int, workspaces: int, top: int = 60) -> str:
    """One coachbot sample under cProfile: the top functions by cumulative time."""
    with seeded(backend, members, workspaces) as copy, Receiver() as fake:
        url = copy()
        profiler = cProfile.Profile()
        # cProfile sees one thread: the database steps run inline for it.
        with patch("asyncio.to_thread", _inline):
            profiler.runcall(coachbot_fanout, url, fake.url)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(PROFILE_FILTER, top)
    return out.getvalue()


def run(
    members: int, samples: int, backends: tuple[str, ...] = BACKENDS, workspaces: int = 10
) -> dict[str, Any]:
    """Every backend in turn."""
    result: dict[str, Any] = {"members": members, "target_ratio": 0.5}
    for backend in backends:
        result[backend] = run_backend(backend, members, workspaces, samples)
    return result


def main(argv: list[str] | None = None) -> None:
    """Parse the options, run, print the figures as JSON (and the profiles)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--backend", choices=BACKENDS, nargs="+", default=list(BACKENDS))
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    if args.profile:
        for backend in args.backend:
            print(f"== {backend}\n{profile(backend, args.members, 10)}")
    print(json.dumps(run(args.members, args.samples, tuple(args.backend)), indent=2))


if __name__ == "__main__":
    main()
