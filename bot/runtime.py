"""Running the worker: one per SQLite database, any number on PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
from collections.abc import AsyncIterator, Mapping
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import select

from bot.bootstrap import App
from bot.worker_lock import single_worker_lock
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


def worker_id() -> str:
    """host:pid, to see in the outbox who claimed what."""
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


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
async def background_worker(app: App, messengers: Mapping[str, Messenger]) -> AsyncIterator[Worker]:
    """Run a worker on the current event loop for the duration of the block.

    Raises WorkerAlreadyRunning on SQLite when another process holds the worker lock."""
    with single_worker_lock(app.settings):
        worker = build_worker(app, messengers)
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
