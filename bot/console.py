"""The console process: the front end, and by default an in-process worker."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import AsyncIterator
from datetime import timedelta

from rich.console import Console

from adapters.console.app import QUIT, WELCOME, ConsoleFrontEnd
from adapters.console.messenger import ConsoleMessenger
from bot.bootstrap import App
from bot.runtime import WorkerAlreadyRunning, background_worker, member_timezone
from core.context import MemberRef
from core.time.clock import AcceleratedClock

log = logging.getLogger(__name__)

FAST_SPEED = 36_000.0  # one simulated hour every 0.1 s: a week in under 20 seconds
FAST_TICK_SECONDS = 0.02


async def _lines(interactive: bool) -> AsyncIterator[str]:
    """Lines typed at a prompt or read from a pipe, without blocking the event loop."""
    while True:
        try:
            if interactive:
                line = await asyncio.to_thread(input, "you> ")
            else:
                line = await asyncio.to_thread(sys.stdin.readline)
                if not line:
                    return
        except (EOFError, KeyboardInterrupt):
            return
        yield line


async def console_session(
    app: App, who: MemberRef, tz_hint: str | None, with_worker: bool, simulate: timedelta | None
) -> None:
    """Run the console until input ends (then, with a fast clock, until `simulate` passes)."""
    interactive = sys.stdin.isatty()
    console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    front = ConsoleFrontEnd(app.settings.data_path / "exports", console)
    if interactive:
        console.print(WELCOME, markup=False)
    async with _background_worker(app, who, console, tz_hint, with_worker) as running:
        fast = isinstance(app.clock, AcceleratedClock)
        if fast:
            console.print(_fast_banner(app, running), markup=False)
        async for line in _lines(interactive):
            text = line.strip()
            if text.lower() in QUIT:
                break
            if text:
                # The console's user administers their own little workspace.
                reply = await asyncio.to_thread(app.coach.handle, who, text, tz_hint, True)
                front.show(reply)
        if fast and running and simulate is not None and not interactive:
            await _wait_until(app, app.clock.now() + simulate)


def _fast_banner(app: App, running: bool) -> str:
    start = app.clock.now().strftime("%a %d %b %H:%M UTC")
    note = "" if running else " (no worker here, so nothing will arrive)"
    return f"Fast clock from {start}: one simulated hour every 0.1 s{note}."


async def _wait_until(app: App, end: object) -> None:
    while app.clock.now() < end:  # type: ignore[operator]
        await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def _background_worker(
    app: App, who: MemberRef, console: Console, tz_hint: str | None, wanted: bool
) -> AsyncIterator[bool]:
    """An in-process worker delivering this member's messages, unless one runs elsewhere."""
    if not wanted:
        yield False
        return
    messenger = ConsoleMessenger(
        console, app.clock, tz_hint or "UTC", lambda to: member_timezone(app, to)
    )
    fast = isinstance(app.clock, AcceleratedClock)
    try:
        async with background_worker(
            app,
            {"console": messenger},
            tick_seconds=FAST_TICK_SECONDS if fast else None,
            only_users=frozenset({who.user_id}),
        ):
            yield True
    except WorkerAlreadyRunning as busy:
        console.print(f"Note: {busy} Check-ins will be printed by that worker.", markup=False)
        yield False
