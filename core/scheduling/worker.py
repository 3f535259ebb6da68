"""The worker: APScheduler's timers drive the dispatcher tick and the outbox senders.

APScheduler only provides the timers (a short interval tick, plus one-off wake-ups
for reminders due before the next tick); the schedule data lives in our tables.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import func, select

from core.scheduling.dispatcher import Dispatcher, TickReport
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory
from core.storage.models import Reminder, ReminderStatus, Schedule
from core.time.clock import Clock

log = logging.getLogger(__name__)


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
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.dispatcher = dispatcher
        self.sender = sender
        self.tick_seconds = tick_seconds
        self._wakeups = wakeups
        self._lock = asyncio.Lock()
        self._scheduler: AsyncIOScheduler | None = None

    async def run_once(self) -> tuple[TickReport, int]:
        """One tick, then drain the outbox; never two at once in this process."""
        async with self._lock:
            report = await asyncio.to_thread(self.dispatcher.tick)
            sent = await self.sender.drain()
            return report, sent

    async def _safe_run(self) -> None:
        try:
            await self.run_once()
            await self._plan_wakeup()
        except Exception:  # keep the timer alive; the next tick retries
            log.exception("worker tick failed")

    def start(self, scheduler: AsyncIOScheduler) -> None:
        """Register the periodic tick (and an immediate first one) on the scheduler."""
        self._scheduler = scheduler
        scheduler.add_job(
            self._safe_run,
            "interval",
            seconds=self.tick_seconds,
            id="coachbot-tick",
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now().astimezone(),
        )

    async def _plan_wakeup(self) -> None:
        """If something is due before the next tick, wake up for it exactly then."""
        if self._scheduler is None or not self._wakeups:
            return
        due = await asyncio.to_thread(self._next_due)
        if due is None:
            return
        wait = (due - self._clock.now()).total_seconds()
        if 0 < wait < self.tick_seconds:
            run_at = datetime.now().astimezone() + timedelta(seconds=wait)
            self._scheduler.add_job(
                self._safe_run, "date", run_date=run_at, id="coachbot-wakeup", replace_existing=True
            )

    def _next_due(self) -> datetime | None:
        with self._sessions() as session:
            reminder = session.scalar(
                select(func.min(Reminder.due_at)).where(Reminder.status == ReminderStatus.PENDING)
            )
            schedule = session.scalar(
                select(func.min(Schedule.next_fire_at)).where(Schedule.enabled.is_(True))
            )
        candidates = [d for d in (reminder, schedule) if d is not None]
        return min(candidates) if candidates else None
