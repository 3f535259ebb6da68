"""Latency of /win over HTTP through coachbot's real Slack front end, next to a bare Bolt app.

Seeds N Slack members (workspace T0001, users U00000...) with W wins each (bench_core's
seeding, plus the default schedules real members get at creation), then sends signed
``/win`` slash commands at a steady rate (open loop: request i leaves at t0 + i/rps whatever
happened to the ones before) to two apps served the same way on 127.0.0.1:

- coachbot: ``build_web_app(build_slack(...))`` with a real Coach on the seeded SQLite file;
- baseline: a bare ``slack_bolt`` AsyncApp whose ``/win`` listener only calls ``ack()``,
  behind the same aiohttp dispatch (to_bolt_request -> async_dispatch -> to_aiohttp_response).

Latency is the time from a request's scheduled send to its HTTP response, so any queueing
counts. Bolt acks before the listener runs, so coachbot's reply is timed too: from the
request's scheduled send to the moment FakeSlack receives the answer at its ``response_url``
(both read CLOCK_MONOTONIC, one clock for every process on the machine), reported as a ratio
to the bare app's ack in the same run. The apps, FakeSlack and the load generator run in
three processes: Slack's side of the work (users.info, response_url, views.publish) and the
generator must not be charged to the app under test. Baseline and coachbot alternate in
blocks so machine noise hits both; after each coachbot block the run waits until FakeSlack
has every answer and App Home publish, so coachbot's background work never overlaps a
baseline block. The report gives median and p99 per app, their ratios (target: coachbot's
p99 within 1.5x of the bare app's; PASS/MISS is printed, never asserted) and each process's
CPU per request. Run by hand:

    .venv/bin/python -m tests.benchmarks.bench_slack [--members N] [--rps R] [--seconds S]
        [--db PATH] [--wins-per-member W] [--phases] [--profile FILE]

``--phases`` times the listener's phases inside the coachbot process (users.info, the core
call, respond, refresh_home, event-loop lag) and prints them after the table; ``--profile``
writes cProfile stats of that process's event-loop thread (the core runs in worker threads,
which it does not see) to FILE, for ``python -m pstats FILE``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import functools
import itertools
import logging
import multiprocessing
import random
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, ClientTimeout, TCPConnector, web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine, func, select, update

from adapters.slack.app import EVENTS_PATH, SlackConfig, build_slack, build_web_app
from core.coach import Coach
from core.prompts import load_prompts
from core.scheduling.planner import DEFAULT_CHECKIN, DEFAULT_REVIEW
from core.scheduling.rules import next_occurrence
from core.storage.db import make_engine, session_factory
from core.storage.models import Entry, Member
from core.time.clock import SystemClock
from core.time.zones import zone
from migrations import upgrade
from tests.benchmarks.bench_core import (
    NOW,
    ZONES,
    _bulk_insert,
    _table,
    analyze,
    ratio,
    seed,
    summary,
)
from tests.fakes import OPTIONS
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import SIGNING_SECRET
from tests.slack.payloads import load
from tests.slack.signing import form_body, signed_headers

Json = dict[str, Any]

PLATFORM = "slack"
WORKSPACE = "T0001"
BOT_TOKEN = "xoxb-test"
WINS_PER_MEMBER = 20
WARMUP_SECONDS = 2.0
BLOCK_SECONDS = 5.0
TARGET_RATIO = 1.5
SEED = 20261124
LEAD_SECONDS = 0.05  # between building a block's requests and sending the first
START_TIMEOUT = 60.0
DRAIN_TIMEOUT = 120.0
CONNECTIONS = 1000
APPS = ("baseline", "coachbot")


def user_id(member: int) -> str:
    """The Slack user id of seeded member ``member`` (0-based)."""
    return f"U{member:05d}"


# --- seeding -------------------------------------------------------------------------------


def _schedule_rows(members: int) -> Iterator[dict[str, Any]]:
    """The weekly check-in and quarterly review every member gets when created (bench_core
    seeds none; without them each first /checkin on the App Home would insert them)."""
    planned = {
        (kind, tz): next_occurrence(rule, zone(tz), NOW)
        for kind, rule in (("checkin", DEFAULT_CHECKIN), ("review", DEFAULT_REVIEW))
        for tz in ZONES
    }
    for i in range(members):
        tz = ZONES[i % len(ZONES)]
        for kind, rule in (("checkin", DEFAULT_CHECKIN), ("review", DEFAULT_REVIEW)):
            yield {
                "member_id": i + 1,
                "kind": kind,
                "rule": rule.encode(),
                "anchor": None,
                "enabled": True,
                "next_fire_at": planned[kind, tz],
                "created_at": NOW - timedelta(days=400),
            }


def seed_slack(engine: Engine, members: int, wins: int) -> float:
    """bench_core's members, goals, milestones and wins, re-homed to Slack workspace T0001 as
    users U00000..., plus their default schedules; return the seconds it took."""
    started = time.perf_counter()
    sessions = session_factory(engine)
    seed(sessions, members, wins)
    count = _bulk_insert(sessions, _table("schedules"), _schedule_rows(members))
    print(f"  {'schedules':<10} {count:>10,} rows  ({time.perf_counter() - started:6.1f} s)")
    with engine.begin() as conn:
        conn.execute(
            update(Member).values(
                platform=PLATFORM,
                workspace_id=WORKSPACE,
                user_id=func.printf("U%05d", Member.id - 1),
                display_name=func.printf("u%05d", Member.id - 1),
            )
        )
    return time.perf_counter() - started


def count_entries(engine: Engine) -> int:
    """How many entries rows the file holds."""
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Entry)).scalar_one())


# --- child processes: shared plumbing ------------------------------------------------------


async def until_told_to_stop(
    conn: Connection, queries: dict[str, Callable[[], Any]] | None = None
) -> None:
    """Answer the parent's ``queries`` (by name, from a side thread, so even a busy event
    loop answers at once); return on any other message, or when the parent goes away."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    answers = queries or {}

    def wait() -> None:
        with contextlib.suppress(EOFError, OSError):
            while (message := conn.recv()) in answers:
                conn.send(answers[message]())
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=wait, name="bench-stop", daemon=True).start()
    await stop.wait()


async def serve(app: web.Application) -> tuple[web.AppRunner, int]:
    """Serve an aiohttp app on a free port of 127.0.0.1, as bot/slack.py serves coachbot."""
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = int(runner.addresses[0][1])
    return runner, port


# --- the FakeSlack process -----------------------------------------------------------------


def fake_main(conn: Connection) -> None:
    """Child process: FakeSlack plus two bench routes, until the parent says stop."""
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(_serve_fake(conn))


async def _serve_fake(conn: Connection) -> None:
    fake = FakeSlack()

    async def issue(request: web.Request) -> web.Response:
        count = int(request.query.get("n", "1"))
        return web.json_response([fake.response_url() for _ in range(count)])

    async def counts(_request: web.Request) -> web.Response:
        tally = Counter(call.method for call in fake.calls)
        tally["response_url_ok"] = sum(
            1 for call in fake.calls if call.method == "response_url" and call.status == 200
        )
        tally["failed"] = sum(1 for call in fake.calls if call.status != 200)
        return web.json_response(dict(tally))

    async def replies(_request: web.Request) -> web.Response:
        arrived: dict[str, int] = {}
        for call in fake.calls:
            if call.method == "response_url" and call.status == 200:
                arrived.setdefault(f"{fake.base_url}{call.path}", call.received_ns)
        return web.json_response(arrived)

    fake.app.router.add_post("/bench/response_urls", issue)
    fake.app.router.add_get("/bench/counts", counts)
    fake.app.router.add_get("/bench/replies", replies)
    async with fake:
        conn.send(fake.base_url)
        await until_told_to_stop(conn, {"cpu": time.process_time})


# --- the apps process ----------------------------------------------------------------------


def bare_bolt(client: AsyncWebClient) -> AsyncApp:
    """The baseline: Bolt with the same signing secret and client, ``/win`` only acked."""
    bolt = AsyncApp(signing_secret=SIGNING_SECRET, client=client)

    async def on_win(ack: AsyncAck) -> None:
        await ack()

    bolt.command("/win")(on_win)
    return bolt


def bare_web_app(bolt: AsyncApp) -> web.Application:
    """The same aiohttp dispatch path as ``build_web_app``'s events endpoint."""

    async def events(request: web.Request) -> web.Response:
        response = await bolt.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    app = web.Application()
    app.router.add_post(EVENTS_PATH, events)
    return app


def apps_main(
    conn: Connection, db_path: str, api_url: str, phases: bool, profile: str | None
) -> None:
    """Child process: coachbot's web app and the bare app, until the parent says stop."""
    logging.basicConfig(level=logging.WARNING)
    if profile is None:
        asyncio.run(_serve_apps(conn, db_path, api_url, phases))
        return
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        asyncio.run(_serve_apps(conn, db_path, api_url, phases))
    finally:
        profiler.disable()
        profiler.dump_stats(profile)


async def _serve_apps(conn: Connection, db_path: str, api_url: str, phases: bool) -> None:
    engine = make_engine(f"sqlite:///{db_path}")
    timer = PhaseTimer() if phases else None
    if timer is not None:
        timer.instrument()
    coach = Coach(session_factory(engine), SystemClock(), load_prompts(), OPTIONS)
    config = SlackConfig(signing_secret=SIGNING_SECRET, bot_token=BOT_TOKEN, api_url=api_url)
    front = build_slack(coach, config, engine)
    coachbot = build_web_app(front, engine)
    baseline = bare_web_app(bare_bolt(AsyncWebClient(token=BOT_TOKEN, base_url=api_url)))
    runners: list[web.AppRunner] = []
    try:
        ports: dict[str, int] = {}
        for name, app in (("baseline", baseline), ("coachbot", coachbot)):
            runner, ports[name] = await serve(app)
            runners.append(runner)
        lag = asyncio.create_task(timer.watch_loop()) if timer is not None else None
        conn.send(ports)
        await until_told_to_stop(conn, {"cpu": time.process_time})
        if lag is not None:
            lag.cancel()
        conn.send(timer.report() if timer is not None else {})
    finally:
        for runner in runners:
            await runner.cleanup()
        await front.http.close()
        engine.dispose()


# --- optional phase timing inside the coachbot process -------------------------------------


@dataclass
class PhaseTimer:
    """Wall time of the /win listener's phases, by monkeypatching in this process only."""

    samples: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def instrument(self) -> None:
        """Wrap the Web API calls, SlackBot.run/refresh_home, Coach.handle and respond()."""
        from adapters.slack.responder import SlackBot

        self._wrap_async(AsyncWebClient, "users_info", "users.info (cache misses)")
        self._wrap_async(SlackBot, "run", "bot.run (users.info? + thread + core)")
        self._wrap_sync(Coach, "handle", "Coach.handle (in its thread)")
        self._wrap_async(SlackBot, "respond", "respond (POST response_url)")
        self._wrap_async(SlackBot, "refresh_home", "refresh_home (2 bot.run + publish)")
        self._wrap_async(AsyncWebClient, "views_publish", "views.publish")

    def _wrap_async(self, owner: type, name: str, label: str) -> None:
        original: Callable[..., Awaitable[Any]] | None = getattr(owner, name, None)
        if original is None:  # the adapter changed; time what is still there
            return

        @functools.wraps(original)
        async def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter_ns()
            try:
                return await original(*args, **kwargs)
            finally:
                self.samples[label].append(time.perf_counter_ns() - started)

        setattr(owner, name, timed)

    def _wrap_sync(self, owner: type, name: str, label: str) -> None:
        original: Callable[..., Any] | None = getattr(owner, name, None)
        if original is None:
            return

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started, cpu = time.perf_counter_ns(), time.thread_time_ns()
            try:
                return original(*args, **kwargs)
            finally:
                self.samples[label].append(time.perf_counter_ns() - started)
                self.samples["  its CPU (thread time)"].append(time.thread_time_ns() - cpu)

        setattr(owner, name, timed)

    async def watch_loop(self, every: float = 0.005) -> None:
        """How late the event loop wakes a 5 ms sleep: time it could not serve requests."""
        while True:
            started = time.perf_counter_ns()
            await asyncio.sleep(every)
            late = time.perf_counter_ns() - started - int(every * 1e9)
            self.samples["event-loop lag (5 ms probe)"].append(max(0, late))

    def report(self) -> dict[str, dict[str, float]]:
        """Per phase: count, median, p99 and max in ms."""
        return {
            label: {
                "count": len(values),
                **summary(values),
                "max_ms": max(values) / 1e6,
                "total_s": sum(values) / 1e9,
            }
            for label, values in self.samples.items()
            if values
        }


# --- starting and stopping the children ----------------------------------------------------


@dataclass
class Child:
    """A child process and our end of its pipe."""

    process: BaseProcess
    conn: Connection

    def receive(self, timeout: float = START_TIMEOUT) -> Any:
        """The next message from the child; fails if it died or stayed silent."""
        if not self.conn.poll(timeout):
            raise RuntimeError(f"{self.process.name} sent nothing within {timeout:g} s")
        return self.conn.recv()

    def ask(self, query: str) -> Any:
        """A query the child answers from its control thread (see until_told_to_stop)."""
        self.conn.send(query)
        return self.receive(10.0)

    def stop(self, timeout: float = 10.0) -> Any:
        """Ask the child to stop; return its last message (if any) and reap it."""
        last: Any = None
        with contextlib.suppress(OSError, EOFError):
            self.conn.send("stop")
            if self.conn.poll(timeout):
                last = self.conn.recv()
        self.process.join(timeout)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout)
        self.conn.close()
        return last


def start_child(name: str, target: Callable[..., None], *args: Any) -> Child:
    """Spawn (not fork: the parent holds an engine and threads) a child with a pipe."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=target, args=(theirs, *args), name=name, daemon=True)
    process.start()
    theirs.close()
    return Child(process, ours)


# --- the load generator --------------------------------------------------------------------


@dataclass
class Tally:
    """What one app saw: latencies of measured requests (ns) and totals of all sent."""

    url: str
    latencies: list[int] = field(default_factory=list)
    send_lag: list[int] = field(default_factory=list)
    sent: int = 0
    errors: int = 0
    # Measured requests' response_url -> scheduled send (ns), and the replies' latencies
    scheduled: dict[str, int] = field(default_factory=dict)
    replies: list[int] = field(default_factory=list)
    # CPU seconds of each process ("apps", "fake") over this app's measured blocks (and drains)
    cpu_seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))


@dataclass
class Load:
    """Signed /win commands from random members, sent open-loop at ``rps``."""

    http: ClientSession
    fake_url: str
    members: int
    rps: float
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    triggers: Iterator[int] = field(default_factory=itertools.count)
    template: Json = field(default_factory=lambda: load("slash_command_win", response_url=""))

    async def response_urls(self, count: int) -> list[str]:
        """Fresh response_urls the fake will accept."""
        url = f"{self.fake_url}/bench/response_urls"
        async with self.http.post(url, params={"n": str(count)}) as response:
            response.raise_for_status()
            urls: list[str] = await response.json()
        return urls

    async def replied(self, tally: Tally) -> None:
        """The time to each measured request's first answer at its response_url."""
        async with self.http.get(f"{self.fake_url}/bench/replies") as response:
            response.raise_for_status()
            arrived: dict[str, int] = await response.json()
        tally.replies = [
            arrived[url] - sent for url, sent in tally.scheduled.items() if url in arrived
        ]

    async def counts(self) -> Counter[str]:
        """What FakeSlack has received so far, by method."""
        async with self.http.get(f"{self.fake_url}/bench/counts") as response:
            response.raise_for_status()
            return Counter(await response.json())

    def request(self, response_url: str) -> tuple[str, dict[str, str]]:
        """A freshly signed /win form body and its headers, from a random member."""
        member = self.rng.randrange(self.members)
        payload = {
            **self.template,
            "user_id": user_id(member),
            "user_name": f"u{member:05d}",
            "response_url": response_url,
            # Slack gives every request its own trigger id (coachbot drops repeats by it).
            "trigger_id": f"{member}.{next(self.triggers)}.bench",
        }
        body = form_body(payload)
        return body, signed_headers(body, SIGNING_SECRET)

    async def block(self, tally: Tally, seconds: float, measure: bool) -> None:
        """``rps * seconds`` requests to one app, request i scheduled at t0 + i/rps."""
        count = max(1, round(self.rps * seconds))
        urls = await self.response_urls(count)
        requests = [self.request(url) for url in urls]
        interval_ns = 1e9 / self.rps
        t0 = time.perf_counter_ns() + int(LEAD_SECONDS * 1e9)
        tasks: list[asyncio.Task[tuple[int, int, int]]] = []
        for i, (body, headers) in enumerate(requests):
            scheduled = t0 + int(i * interval_ns)
            if measure:
                tally.scheduled[urls[i]] = scheduled
            delay = (scheduled - time.perf_counter_ns()) / 1e9
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(self._send(tally.url, body, headers, scheduled)))
        results = await asyncio.gather(*tasks)
        tally.sent += len(results)
        tally.errors += sum(1 for status, _, _ in results if status != 200)
        if measure:
            tally.latencies.extend(latency for _, latency, _ in results)
            tally.send_lag.extend(lag for _, _, lag in results)

    async def _send(
        self, url: str, body: str, headers: dict[str, str], scheduled: int
    ) -> tuple[int, int, int]:
        """POST one request; return its status, latency from schedule, and send lag (ns)."""
        lag = time.perf_counter_ns() - scheduled
        try:
            async with self.http.post(url, data=body, headers=headers) as response:
                await response.read()
                status = response.status
        except Exception:
            status = -1
        return status, time.perf_counter_ns() - scheduled, lag

    async def drain(self, coachbot: Tally, timeout: float = DRAIN_TIMEOUT) -> Counter[str]:
        """Wait until the fake has an answer for every coachbot request. (The App Home is
        only republished for members who opened it recently; load-test members have not.)"""
        deadline = time.monotonic() + timeout
        while True:
            counts = await self.counts()
            if counts["response_url"] >= coachbot.sent:
                return counts
            if time.monotonic() > deadline:
                return counts
            await asyncio.sleep(0.05)


def blocks(seconds: float, size: float = BLOCK_SECONDS) -> Iterator[float]:
    """``seconds`` cut into blocks of at most ``size``."""
    left = seconds
    while left > 1e-9:
        yield min(size, left)
        left -= size


async def drive(
    ports: dict[str, int],
    fake_url: str,
    members: int,
    rps: float,
    seconds: float,
    cpu: Mapping[str, Callable[[], float]],
) -> tuple[dict[str, Tally], Counter[str], float]:
    """Warm both apps up, then alternate measured blocks; return tallies, fake counts and
    the seconds spent waiting for coachbot's background work after its blocks. ``cpu`` reads
    each child process's CPU time, charged to the app whose block (and drain) ran."""
    tallies = {name: Tally(f"http://127.0.0.1:{ports[name]}{EVENTS_PATH}") for name in APPS}
    connector = TCPConnector(limit=CONNECTIONS)
    async with ClientSession(connector=connector, timeout=ClientTimeout(total=120)) as http:
        loader = Load(http, fake_url, members, rps)
        for name in APPS:
            await loader.block(tallies[name], WARMUP_SECONDS, measure=False)
        await loader.drain(tallies["coachbot"])
        drained = 0.0
        for size in blocks(seconds):
            for name in APPS:
                tally = tallies[name]
                started_cpu = {process: read() for process, read in cpu.items()}
                await loader.block(tally, size, measure=True)
                if name == "coachbot":
                    started = time.perf_counter()
                    await loader.drain(tally)
                    drained += time.perf_counter() - started
                for process, read in cpu.items():
                    tally.cpu_seconds[process] += read() - started_cpu[process]
        counts = await loader.drain(tallies["coachbot"])
        await loader.replied(tallies["coachbot"])
    return tallies, counts, drained


# --- reporting -----------------------------------------------------------------------------


def app_figures(tally: Tally) -> dict[str, Any]:
    """Median/p99 of one app's measured requests, and its counts."""
    return {
        **summary(tally.latencies),
        "measured": len(tally.latencies),
        "sent": tally.sent,
        "errors": tally.errors,
        "send_lag_p99_ms": summary(tally.send_lag)["p99_ms"],
        "cpu_ms_per_request": {
            process: 1000 * seconds / max(1, len(tally.latencies))
            for process, seconds in tally.cpu_seconds.items()
        },
    }


def print_report(result: dict[str, Any]) -> None:
    """The table, the background-work sanity check and the verdict."""
    base, bot, ratios = result["baseline"], result["coachbot"], result["ratios"]
    print(
        f"\n/win over HTTP, open loop at {result['rps']:g} rps, {result['members']:,} members: "
        f"{base['measured']:,} + {bot['measured']:,} requests measured"
    )
    print(f"{'app':<34}{'median ms':>10}{'p99 ms':>9}{'x median':>10}{'x p99':>8}")
    print(f"{'bare Bolt app (ack only)':<34}{base['median_ms']:>10.2f}{base['p99_ms']:>9.2f}")
    print(
        f"{'coachbot (build_web_app)':<34}{bot['median_ms']:>10.2f}{bot['p99_ms']:>9.2f}"
        f"{ratios['median']:>9.2f}x{ratios['p99']:>7.2f}x"
    )
    reply, by = result["coachbot_reply"], result["reply_ratios"]
    print(
        f"{'coachbot reply at response_url':<34}{reply['median_ms']:>10.2f}"
        f"{reply['p99_ms']:>9.2f}{by['median']:>9.2f}x{by['p99']:>7.2f}x"
        f"  ({reply['count']:,} of {bot['measured']:,} measured; x: of the bare ack)"
    )
    errors = base["errors"] + bot["errors"]
    print(
        f"Generator send lag p99 (counted in latency): bare {base['send_lag_p99_ms']:.2f} ms, "
        f"coachbot {bot['send_lag_p99_ms']:.2f} ms; non-200 answers: {errors}"
    )
    cpu_base, cpu_bot = base["cpu_ms_per_request"], bot["cpu_ms_per_request"]
    cores = cpu_bot["apps"] * result["rps"] / 1000
    print(
        f"CPU per request, apps process: bare {cpu_base['apps']:.2f} ms, coachbot "
        f"{cpu_bot['apps']:.2f} ms with its background work (~{cores:.2f} cores at this rate; "
        f"the Python part is bound to one GIL); FakeSlack: "
        f"{cpu_base['fake']:.2f} / {cpu_bot['fake']:.2f} ms"
    )
    check = "OK" if result["background_complete"] else "INCOMPLETE"
    print(
        f"\nBackground work: {result['coachbot_requests']:,} /win sent to coachbot "
        f"(warm-up included); {result['answers']:,} answers via response_url, "
        f"{result['home_publishes']:,} App Home publishes, {result['entries_written']:,} "
        f"entries written -> {check}"
    )
    verdict = "PASS" if result["p99_pass"] else "MISS"
    print(
        f"Target: coachbot p99 within {result['target_ratio']:g}x of the bare app: "
        f"{ratios['p99']:.2f}x -> {verdict}"
    )
    phases = result.get("phases") or {}
    if phases:
        head = f"{'count':>7}{'median':>9}{'p99':>9}{'max':>9}{'sum s':>8}"
        print(f"\n{'coachbot process, ms (warm-up included)':<40}{head}")
        for label, row in phases.items():
            print(
                f"{label:<40}{row['count']:>7,}{row['median_ms']:>9.2f}"
                f"{row['p99_ms']:>9.2f}{row['max_ms']:>9.2f}{row['total_s']:>8.2f}"
            )


# --- running -------------------------------------------------------------------------------


def run_at(
    path: Path,
    members: int,
    rps: float,
    seconds: float,
    wins: int,
    phases: bool = False,
    profile: str | None = None,
) -> dict[str, Any]:
    """Seed a fresh file at ``path``, serve, load, print and return the figures."""
    if path.exists():
        raise FileExistsError(f"{path} exists; the benchmark needs a fresh database file")
    if members < 1 or rps <= 0 or seconds <= 0:
        raise ValueError("members, rps and seconds must be positive")
    print(f"Seeding {members:,} Slack members x {wins:,} wins into {path}")
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine)
        seed_seconds = seed_slack(engine, members, wins)
        analyze(engine)
        entries_before = count_entries(engine)
        print(f"Seeding took {seed_seconds:.1f} s")
        fake = start_child("bench-fake-slack", fake_main)
        apps: Child | None = None
        phase_report: dict[str, Any] = {}
        try:
            fake_url: str = fake.receive()
            api_url = f"{fake_url}/api/"
            apps = start_child("bench-apps", apps_main, str(path), api_url, phases, profile)
            ports: dict[str, int] = apps.receive()
            print(
                f"Load: {WARMUP_SECONDS:g} s warm-up per app, then {seconds:g} s per app at "
                f"{rps:g} rps in alternating blocks of up to {BLOCK_SECONDS:g} s"
            )
            cpu = {
                child: functools.partial(ask, "cpu")
                for child, ask in (("apps", apps.ask), ("fake", fake.ask))
            }
            load = drive(ports, fake_url, members, rps, seconds, cpu)
            tallies, counts, drained = asyncio.run(load)
        finally:
            if apps is not None:
                phase_report = apps.stop() or {}
            fake.stop()
        entries_written = count_entries(engine) - entries_before
    finally:
        engine.dispose()
    return results(
        tallies,
        counts,
        members=members,
        wins_per_member=wins,
        rps=rps,
        seconds=seconds,
        db_path=str(path),
        seed_seconds=seed_seconds,
        drain_seconds=drained,
        entries_written=entries_written,
        phases=phase_report,
    )


def results(tallies: dict[str, Tally], counts: Counter[str], **figures: Any) -> dict[str, Any]:
    """Everything the run found, as one dictionary (printed as a side effect)."""
    base, bot = app_figures(tallies["baseline"]), app_figures(tallies["coachbot"])
    ratios = ratio(bot, base)
    replies = tallies["coachbot"].replies
    reply = {**summary(replies), "count": len(replies)} if replies else {}
    sent = tallies["coachbot"].sent
    answers, publishes = counts["response_url_ok"], counts["views.publish"]
    result = {
        **figures,
        "baseline": base,
        "coachbot": bot,
        "ratios": ratios,
        "coachbot_reply": reply,
        "reply_ratios": ratio(reply, base) if reply else {},
        "target_ratio": TARGET_RATIO,
        "p99_pass": ratios["p99"] <= TARGET_RATIO,
        "coachbot_requests": sent,
        "answers": answers,
        "home_publishes": publishes,
        "fake_failures": counts["failed"],
        "background_complete": answers == figures["entries_written"] == sent,
    }
    print_report(result)
    return result


def run(
    members: int = 10_000,
    rps: float = 100,
    seconds: float = 20,
    db_path: Path | str | None = None,
    *,
    wins_per_member: int = WINS_PER_MEMBER,
    phases: bool = False,
    profile: Path | str | None = None,
) -> dict[str, Any]:
    """Run the benchmark on ``db_path`` (which must not exist) or in a temporary directory."""
    stats = None if profile is None else str(Path(profile).resolve())
    if db_path is not None:
        return run_at(Path(db_path), members, rps, seconds, wins_per_member, phases, stats)
    with tempfile.TemporaryDirectory(prefix="coachbot-bench-slack-") as tmp:
        path = Path(tmp) / "bench.db"
        return run_at(path, members, rps, seconds, wins_per_member, phases, stats)


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--rps", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--db", type=Path, default=None, help="a new SQLite file (default: tmp)")
    parser.add_argument("--wins-per-member", type=int, default=WINS_PER_MEMBER)
    parser.add_argument("--phases", action="store_true", help="time the listener's phases")
    parser.add_argument("--profile", type=Path, default=None, help="cProfile the apps' loop")
    args = parser.parse_args(argv)
    run(
        args.members,
        args.rps,
        args.seconds,
        args.db,
        wins_per_member=args.wins_per_member,
        phases=args.phases,
        profile=args.profile,
    )


if __name__ == "__main__":
    main()
