"""The worker: APScheduler's timers drive the dispatcher tick and the outbox senders.

APScheduler only provides the timers (a short interval tick, plus one-off wake-ups for
reminders due before the next tick); the schedule data lives in our tables. A timer only
wakes the worker's own loop, which runs one tick-and-drain at a time, so a slow round
never piles up timer runs, and stopping lets the round in progress finish or release
what it holds instead of cancelling it mid-send.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from core.scheduling.dispatcher import Dispatcher, TickReport
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory
from core.storage.models import (
    Delivery,
    DeliveryStatus,
    Digest,
    Member,
    Reminder,
    ReminderStatus,
    Schedule,
)
from core.time.clock import Clock

log = logging.getLogger(__name__)

# Rows due this long for a platform this worker does not deliver are reported, at most
# once per UNSERVED_REPORT_SECONDS (real time).
UNSERVED_AFTER = timedelta(minutes=2)
UNSERVED_REPORT_SECONDS = 300.0


class SimulatedTime(Protocol):
    """A demo clock the worker paces: it stands still at the next due instant until the
    worker has handled it (``coachbot console --clock fast``)."""

    def generation(self) -> int:
        """Changes whenever something else stopped the clock (a command being handled)."""

    def run_until(self, when: datetime | None, generation: int) -> None:
        """Run on until `when` (None: freely), unless `generation` is no longer current."""


class Worker:
    """One tick-and-send loop; several may run against one PostgreSQL database."""

    def __init__(
        self,
        sessions: SessionFactory,
        clock: Clock,
        dispatcher: Dispatcher,
        sender: Sender,
        tick_seconds: float = 15.0,
        wakeups: bool = True,
        *,
        platforms: Iterable[str] | None = None,
        only_users: frozenset[str] | None = None,
        simulated: SimulatedTime | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.dispatcher = dispatcher
        self.sender = sender
        self.tick_seconds = tick_seconds
        self._wakeups = wakeups
        self.platforms = frozenset(platforms) if platforms is not None else None
        self._only_users = only_users
        self._simulated = simulated
        self.delivered = 0
        self._lock = asyncio.Lock()
        self._due = asyncio.Event()
        self._stopping = False
        self._loop_task: asyncio.Task[None] | None = None
        self._scheduler: AsyncIOScheduler | None = None
        self._unserved_reported_at: float | None = None

    async def run_once(self) -> tuple[TickReport, int]:
        """One tick, then drain the outbox; never two at once in this process."""
        async with self._lock:
            report = await asyncio.to_thread(self.dispatcher.tick)
            sent = 0 if self._stopping else await self.sender.drain()
            self.delivered += sent
            return report, sent

    def start(self, scheduler: AsyncIOScheduler) -> None:
        """Start the worker's loop, and its timers on the scheduler (a first round at once)."""
        self._scheduler = scheduler
        self._loop_task = asyncio.get_running_loop().create_task(self._loop())
        scheduler.add_job(
            self.wake,
            "interval",
            seconds=self.tick_seconds,
            id="coachbot-tick",
            coalesce=True,
            next_run_time=datetime.now().astimezone(),
        )

    async def wake(self) -> None:
        """Ask for a round now (a timer fired, or something became due); returns at once."""
        self._due.set()

    async def stop(self, timeout: float) -> bool:
        """Stop claiming, let the round in progress finish or release what it holds, and
        wait up to `timeout` seconds for it; False if it had to be cancelled."""
        self._stopping = True
        self.dispatcher.stop()
        self.sender.stop()
        self._due.set()
        task, self._loop_task = self._loop_task, None
        if task is None:
            return True
        done, _ = await asyncio.wait({task}, timeout=timeout)
        if done:
            return True
        log.warning(
            "worker did not stop within %gs; its claimed rows wait for their lease", timeout
        )
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return False

    async def _loop(self) -> None:
        while not self._stopping:
            await self._due.wait()
            self._due.clear()
            if not self._stopping:
                await self._round()

    async def _round(self) -> None:
        generation = self._simulated.generation() if self._simulated else 0
        try:
            await self.run_once()
            if self._stopping:
                return
            due = await asyncio.to_thread(self._next_due)
            self._plan_wakeup(due)
            if self._simulated is not None:
                self._simulated.run_until(due, generation)
            await self._report_unserved()
        except Exception:  # keep the loop alive; the next tick retries
            log.exception("worker tick failed")

    def _plan_wakeup(self, due: datetime | None) -> None:
        """If something is due before the next tick, wake up for it exactly then."""
        if self._scheduler is None or not self._wakeups or due is None:
            return
        wait = (due - self._clock.now()).total_seconds()
        if 0 < wait < self.tick_seconds:
            run_at = datetime.now().astimezone() + timedelta(seconds=wait)
            self._scheduler.add_job(
                self.wake, "date", run_date=run_at, id="coachbot-wakeup", replace_existing=True
            )

    def _next_due(self) -> datetime | None:
        """The soonest instant anything becomes due: a schedule, reminder or digest, or a
        row this worker would send (a retry, a rate-limited row)."""
        with self._sessions() as session:
            found = [
                session.scalar(
                    select(func.min(Reminder.due_at)).where(
                        Reminder.status == ReminderStatus.PENDING
                    )
                ),
                session.scalar(
                    select(func.min(Schedule.next_fire_at)).where(Schedule.enabled.is_(True))
                ),
                session.scalar(
                    select(func.min(Digest.next_fire_at)).where(Digest.enabled.is_(True))
                ),
                self._next_attempt(session),
            ]
        candidates = [d for d in found if d is not None]
        return min(candidates) if candidates else None

    def _next_attempt(self, session: Session) -> datetime | None:
        """The next pending row this worker sends (its platforms; in the console, its member),
        leaving out rows backing off in real time (their retry does not wait on the clock)."""
        query = select(func.min(Delivery.next_attempt_at)).where(
            Delivery.status == DeliveryStatus.PENDING,
            or_(Delivery.retry_at.is_(None), Delivery.retry_at <= datetime.now(UTC)),
        )
        if self.platforms is not None:
            query = query.where(Delivery.platform.in_(self.platforms))
        if self._only_users is not None:
            query = query.outerjoin(Member, Delivery.member_id == Member.id).where(
                or_(Delivery.member_id.is_(None), Member.user_id.in_(self._only_users))
            )
        return session.scalar(query)

    async def _report_unserved(self) -> None:
        """Warn, now and then, about rows waiting for a platform no worker here delivers."""
        if self.platforms is None or self._only_users is not None:
            return
        now = time.monotonic()
        last = self._unserved_reported_at
        if last is not None and now - last < UNSERVED_REPORT_SECONDS:
            return
        self._unserved_reported_at = now
        for platform, count in (await asyncio.to_thread(self.unserved)).items():
            log.warning(
                "%d deliveries for %s have waited over %d minutes, and this worker delivers "
                "only for %s: start a worker configured for %s",
                count,
                platform,
                UNSERVED_AFTER // timedelta(minutes=1),
                ", ".join(sorted(self.platforms)) or "no platform",
                platform,
            )

    def unserved(self) -> dict[str, int]:
        """Pending rows by platform, due for a while, that this worker does not deliver."""
        served = self.platforms or frozenset()
        cutoff = self._clock.now() - UNSERVED_AFTER
        with self._sessions() as session:
            rows = session.execute(
                select(Delivery.platform, func.count())
                .where(
                    and_(
                        Delivery.status == DeliveryStatus.PENDING,
                        Delivery.next_attempt_at <= cutoff,
                        Delivery.platform.not_in(served),
                    )
                )
                .group_by(Delivery.platform)
            )
            return {platform: int(count) for platform, count in rows}
