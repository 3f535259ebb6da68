"""Running the worker: one per SQLite database, any number on PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import signal
import socket
from collections.abc import AsyncIterator, Iterator, Mapping
from datetime import timedelta
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.bootstrap import App
from core.ports import Address, Messenger
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.sender import Sender
from core.scheduling.sharedpace import shared_pace
from core.scheduling.worker import SimulatedTime, Worker
from core.storage.models import Member
from core.time.clock import SystemClock

log = logging.getLogger(__name__)

# How long a stopping worker may take to finish the send in flight and record it: within
# a container's usual 30 s grace before SIGKILL.
STOP_SECONDS = 20.0


class WorkerAlreadyRunning(RuntimeError):
    """A second worker on one SQLite database."""


def worker_id() -> str:
    """host:pid, to see in the outbox who claimed what."""
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


@contextlib.contextmanager
def single_worker_lock(app: App) -> Iterator[None]:
    """On SQLite, hold an exclusive lock beside the database file while the worker runs.

    The kernel drops the lock when the process dies, even on SIGKILL."""
    url = make_url(app.settings.resolved_database_url())
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        yield
        return
    lock_path = Path(f"{url.database}.worker.lock")
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WorkerAlreadyRunning(
                f"Another coachbot worker is already running on {url.database}. SQLite supports "
                "one worker: stop the other one, start this with --no-worker, or use "
                "PostgreSQL (DATABASE_URL) to run several."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_worker(
    app: App,
    messengers: Mapping[str, Messenger],
    *,
    tick_seconds: float | None = None,
    only_users: frozenset[str] | None = None,
    simulated: SimulatedTime | None = None,
) -> Worker:
    """A worker wired from settings: dispatcher, paced senders and the tick."""
    settings = app.settings
    dispatcher = Dispatcher(
        app.sessions, app.clock, timedelta(minutes=settings.grace_minutes), settings.tick_batch
    )
    sender = Sender(
        app.sessions,
        app.clock,
        app.prompts,
        messengers,
        worker_id(),
        batch=settings.send_batch,
        pace=settings.send_pace,
        shared_pace=shared_pace(app.sessions),
        only_users=only_users,
        options=app.options,
    )
    return Worker(
        app.sessions,
        app.clock,
        dispatcher,
        sender,
        tick_seconds or settings.tick_seconds,
        wakeups=isinstance(app.clock, SystemClock),
        platforms=messengers,
        only_users=only_users,
        simulated=simulated,
    )


async def member_timezone(app: App, to: Address) -> str | None:
    """The zone stored for a member, looked up off the event loop."""

    def lookup() -> str | None:
        with app.sessions() as session:
            return session.scalar(
                select(Member.tz).where(
                    Member.platform == to.platform,
                    Member.workspace_id == to.workspace_id,
                    Member.user_id == to.user_id,
                )
            )

    return await asyncio.to_thread(lookup)


@contextlib.asynccontextmanager
async def running(worker: Worker) -> AsyncIterator[Worker]:
    """Run a worker's timers and loop on the current event loop for the block; leaving it
    stops the worker gracefully (see Worker.stop), within STOP_SECONDS."""
    scheduler = AsyncIOScheduler()
    worker.start(scheduler)
    scheduler.start()
    try:
        yield worker
    finally:
        # No new timer runs; the ones already started finish while the worker stops (the
        # scheduler's shutdown would cancel them, and log each with a CancelledError).
        scheduler.pause()
        if await worker.stop(STOP_SECONDS):
            log.info("worker %s stopped; everything it sent is recorded", worker_id())
        scheduler.shutdown(wait=False)


@contextlib.asynccontextmanager
async def background_worker(
    app: App,
    messengers: Mapping[str, Messenger],
    *,
    only_users: frozenset[str] | None = None,
    tick_seconds: float | None = None,
    simulated: SimulatedTime | None = None,
    announce: bool = True,
) -> AsyncIterator[Worker]:
    """Run a worker on the current event loop for the duration of the block.

    Raises WorkerAlreadyRunning on SQLite when another process holds the worker lock."""
    with single_worker_lock(app):
        worker = build_worker(
            app, messengers, tick_seconds=tick_seconds, only_users=only_users, simulated=simulated
        )
        if announce:
            log.warning(
                "coachbot worker %s delivers for: %s", worker_id(), ", ".join(messengers) or "-"
            )
        async with running(worker):
            yield worker


async def until_stopped() -> None:
    """Wait for SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()


async def run_worker_forever(app: App, console: Messenger) -> None:
    """``coachbot run worker``: tick and send, for the console and every platform
    configured in the environment, until SIGINT or SIGTERM."""
    from bot.run_discord import worker_messenger as discord_messenger
    from bot.run_slack import worker_messenger as slack_messenger

    async with contextlib.AsyncExitStack() as stack:
        messengers: dict[str, Messenger] = {"console": console}
        slack = await asyncio.to_thread(slack_messenger, app)
        if slack is not None:
            messengers["slack"] = slack
            stack.push_async_callback(slack.close)
        discord = await stack.enter_async_context(discord_messenger(app))
        if discord is not None:
            messengers["discord"] = discord
        async with background_worker(app, messengers):
            await until_stopped()
