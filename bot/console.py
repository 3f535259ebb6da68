"""The console process: the front end, and by default an in-process worker."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from rich.console import Console

from adapters.console.app import QUIT, WELCOME, ConsoleFrontEnd
from adapters.console.importing import import_command
from adapters.console.messenger import ConsoleMessenger
from bot.bootstrap import App
from bot.worker_lock import WorkerAlreadyRunning, single_worker_lock
from core.coach import Outcome, error_reply
from core.context import MemberRef
from core.errors import UserError

if TYPE_CHECKING:
    # Imported only at a terminal: piped input starts without it.
    from prompt_toolkit import PromptSession

    # Imported when the worker starts, after the first reply (see ConsoleWorker).
    from core.scheduling.worker import Worker

log = logging.getLogger(__name__)

FAST_SPEED = 36_000.0  # one simulated hour every 0.1 s: a week in under 20 seconds
FAST_TICK_SECONDS = 0.02


class FastClock:
    """The demo's clock (``--clock fast``): `speed` times real time from `start` (counted
    from its first reading), standing still at the next instant something is due until
    the worker has delivered it, and while a command is handled. So every check-in and
    reminder arrives at its simulated minute, however long a round takes in real time."""

    def __init__(
        self, start: datetime, speed: float, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._at = start.astimezone(UTC)
        self._speed = speed
        self._monotonic = monotonic
        self._read_at: float | None = None
        self._until: datetime | None = self._at  # still, until a worker says what is due
        self._generation = 0
        self._lock = threading.Lock()  # read from the worker's threads too

    def now(self) -> datetime:
        """The simulated time."""
        with self._lock:
            return self._advance()

    def _advance(self) -> datetime:
        real = self._monotonic()
        if self._read_at is not None:
            self._at += timedelta(seconds=(real - self._read_at) * self._speed)
            if self._until is not None:
                self._at = min(self._at, self._until)
        self._read_at = real
        return self._at

    def hold(self) -> None:
        """Stand still from now on, until the worker's next round says what is due."""
        with self._lock:
            self._until = self._advance()
            self._generation += 1

    def generation(self) -> int:
        """Changes with every hold, so a round that began before one cannot end it."""
        with self._lock:
            return self._generation

    def run_until(self, when: datetime | None, generation: int) -> None:
        """Run on, standing still at `when` (None: nothing is due, run freely)."""
        with self._lock:
            if generation == self._generation:
                now = self._advance()
                self._until = None if when is None else max(when, now)


def _tolerate_undecodable_bytes() -> None:
    """Input that is not in the terminal's encoding arrives as lone surrogates (the core
    stores them as U+FFFD and says so) instead of ending the session; output that the
    terminal cannot show (an emoji in an ASCII locale) is replaced, never fatal."""
    for stream, errors in ((sys.stdin, "surrogateescape"), (sys.stdout, "replace")):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=errors)


PROMPT = "you> "


def _prompt(front: ConsoleFrontEnd) -> PromptSession[str]:
    """The interactive prompt: this member's history kept across sessions, Tab completion."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory

    from adapters.console.completion import CommandCompleter

    front.history_path.parent.mkdir(parents=True, exist_ok=True)
    history = FileHistory(str(front.history_path))
    return PromptSession(history=history, completer=CommandCompleter(), complete_while_typing=False)


async def _lines(prompt: PromptSession[str] | None) -> AsyncIterator[str]:
    """Lines typed at a prompt or read from a pipe, without blocking the event loop."""
    while True:
        try:
            if prompt is not None:
                line = await prompt.prompt_async(PROMPT)
            else:
                line = await asyncio.to_thread(sys.stdin.readline)
                if not line:
                    return
        except (EOFError, KeyboardInterrupt):
            return
        yield line


async def console_session(
    app: App,
    who: MemberRef,
    tz_hint: str | None,
    with_worker: bool,
    simulate: timedelta | None,
    interactive: bool | None = None,
) -> None:
    """Run the console until input ends (then, with a fast clock, until `simulate` passes).
    At a terminal, what the worker prints goes above the prompt, not into the typed line."""
    _tolerate_undecodable_bytes()
    if interactive is None:
        interactive = sys.stdin.isatty()
    # No file given: rich writes to whatever sys.stdout is, so also to patch_stdout's proxy.
    console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    front = ConsoleFrontEnd(app.settings.data_path / "exports", console, who.user_id)
    if not interactive:
        await _session(app, who, tz_hint, with_worker, simulate, front, None)
        return
    from prompt_toolkit.patch_stdout import patch_stdout

    console.print(WELCOME, markup=False)
    with patch_stdout(raw=True):
        await _session(app, who, tz_hint, with_worker, None, front, _prompt(front))


async def _session(
    app: App,
    who: MemberRef,
    tz_hint: str | None,
    with_worker: bool,
    simulate: timedelta | None,
    front: ConsoleFrontEnd,
    prompt: PromptSession[str] | None,
) -> None:
    """Answer each line; the worker (when wanted) delivers meanwhile."""
    console = front.console
    async with _background_worker(app, who, front, tz_hint, with_worker) as worker:
        clock = app.clock if isinstance(app.clock, FastClock) else None
        if clock is not None:
            if worker is None:  # nobody here will say what is due: let time run
                clock.run_until(None, clock.generation())
            console.print(_fast_banner(clock, worker is not None), markup=False)
        if worker is not None and prompt is not None:
            await worker.start()  # what is due now must not wait for the member to type
        async for line in _lines(prompt):
            text = line.strip()
            if text.lower() in QUIT:
                break
            if text:
                if clock is not None and worker is not None:
                    clock.hold()  # what is due may change: the worker's next round decides
                # The console's user administers their own little workspace.
                outcome = await asyncio.to_thread(_respond, app, who, text, tz_hint)
                front.answer(outcome)
                if worker is not None:
                    await worker.wake()
        if clock is not None and worker is not None and simulate is not None:
            await worker.start()
            await _wait_until(clock, clock.now() + simulate)


def _respond(app: App, who: MemberRef, text: str, tz_hint: str | None) -> Outcome:
    """One line answered; ``/import PATH`` reads the file here, then the core loads it."""
    try:
        command = import_command(text, app.clock.now().date())
    except UserError as error:
        return Outcome(error_reply(error, text), None, error)
    if command is None:
        return app.coach.respond(who, text, tz_hint, True)
    outcome = app.coach.run(who, command, tz_hint, True)
    if outcome.error is not None:  # give back the line typed, not the file's name
        return Outcome(error_reply(outcome.error, text), None, outcome.error)
    return outcome


def _fast_banner(clock: FastClock, running: bool) -> str:
    start = clock.now().strftime("%a %d %b %H:%M UTC")
    note = "" if running else " (no worker here, so nothing will arrive)"
    return f"Fast clock from {start}: one simulated hour every 0.1 s{note}."


async def _wait_until(clock: FastClock, end: datetime) -> None:
    """Let the simulation run to `end` (the worker delivers on the way)."""
    while clock.now() < end:
        await asyncio.sleep(0.05)


class ConsoleWorker:
    """The console's in-process worker, delivering its member's messages. It starts at its
    first wake, once the first line is answered (so the first reply waits neither for
    the worker's imports, APScheduler's among them, nor for its first round), or when
    `start` is called: at a terminal before the first prompt, or when piped input ended
    and a simulation runs on."""

    def __init__(
        self, app: App, who: MemberRef, front: ConsoleFrontEnd, tz_hint: str | None
    ) -> None:
        self._app = app
        self._who = who
        self._front = front
        self._tz_hint = tz_hint
        self._running = contextlib.AsyncExitStack()
        self._worker: Worker | None = None

    async def start(self) -> None:
        """Start the worker (a first round at once), unless it runs already."""
        if self._worker is not None:
            return
        # The worker's modules are needed from here on only (see the class docstring).
        from bot.runtime import build_worker, member_timezone, running

        app = self._app
        messenger = ConsoleMessenger(
            self._front.console,
            app.clock,
            self._tz_hint or "UTC",
            lambda to: member_timezone(app, to),
            self._front.exports,
        )
        fast = app.clock if isinstance(app.clock, FastClock) else None
        worker = build_worker(
            app,
            {"console": messenger},
            tick_seconds=FAST_TICK_SECONDS if fast else None,
            only_users=frozenset({self._who.user_id}),
            simulated=fast,
        )
        self._worker = await self._running.enter_async_context(running(worker))

    async def wake(self) -> None:
        """Ask for a round now (something may have become due), starting the worker first."""
        if self._worker is None:
            await self.start()
        else:
            await self._worker.wake()

    async def stop(self) -> None:
        """Stop the worker gracefully, if it was started."""
        await self._running.aclose()


@contextlib.asynccontextmanager
async def _background_worker(
    app: App, who: MemberRef, front: ConsoleFrontEnd, tz_hint: str | None, wanted: bool
) -> AsyncIterator[ConsoleWorker | None]:
    """The worker for this member's messages (not started yet), unless one runs elsewhere.
    The worker lock is taken at once, so a note about another worker comes first."""
    if not wanted:
        yield None
        return
    with contextlib.ExitStack() as held:
        try:
            held.enter_context(single_worker_lock(app.settings))
        except WorkerAlreadyRunning as busy:
            note = f"Note: {busy} Check-ins will be printed by that worker."
            front.console.print(note, markup=False)
            yield None
            return
        worker = ConsoleWorker(app, who, front, tz_hint)
        try:
            yield worker
        finally:
            await worker.stop()
