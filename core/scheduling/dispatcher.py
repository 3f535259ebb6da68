"""The tick: claim due schedules and reminders, write one outbox row per occurrence, advance.

On PostgreSQL rows are claimed with ``FOR UPDATE SKIP LOCKED`` so several workers share
the work; on SQLite one worker runs at a time. The outbox key (source, occurrence) is
unique, so a restart or a second worker can never queue the same occurrence twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from core.scheduling.planner import after_pause, pause_covering, plan_unplanned
from core.scheduling.rules import Rule, next_occurrence, occurrences_between
from core.services.partnerships import drop_lapsed_invitations
from core.storage.db import SessionFactory, upsert_insert
from core.storage.models import (
    Delivery,
    DeliveryStatus,
    Digest,
    Member,
    Pause,
    Reminder,
    ReminderStatus,
    Schedule,
)
from core.time.clock import Clock
from core.time.zones import zone

log = logging.getLogger(__name__)

MAX_MISSED_RECORDED = 20


@dataclass
class TickReport:
    """What one tick did."""

    queued: int = 0
    skipped: int = 0
    missed: int = 0

    def add(self, status: DeliveryStatus) -> None:
        """Count one outbox row by status."""
        if status == DeliveryStatus.PENDING:
            self.queued += 1
        elif status == DeliveryStatus.SKIPPED:
            self.skipped += 1
        else:
            self.missed += 1


class Dispatcher:
    """Turns due schedule rows into outbox rows."""

    def __init__(
        self,
        sessions: SessionFactory,
        clock: Clock,
        grace: timedelta = timedelta(hours=2),
        batch: int = 500,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._grace = grace
        self._batch = batch
        self._stopping = threading.Event()

    def stop(self) -> None:
        """Claim no further batch: a tick in progress ends after the batch it commits."""
        self._stopping.set()

    def tick(self) -> TickReport:
        """Claim and queue everything due now; returns counts."""
        now = self._clock.now()
        report = TickReport()
        self._plan_unplanned(now)
        with self._sessions.begin() as session:
            drop_lapsed_invitations(session, now)
        for step in (self._tick_schedules, self._tick_reminders, self._tick_digests):
            while not self._stopping.is_set() and step(now, report) == self._batch:
                pass
        if report.queued or report.missed:
            log.info(
                "tick queued=%d skipped=%d missed=%d", report.queued, report.skipped, report.missed
            )
        return report

    def _plan_unplanned(self, now: datetime) -> None:
        """Plan schedules without a next firing; one whose rule the core cannot read is
        switched off first, so it does not keep every other one unplanned."""
        try:
            with self._sessions.begin() as session:
                plan_unplanned(session, now)
        except ValueError:
            with self._sessions.begin() as session:
                unplanned = select(Schedule).where(
                    Schedule.enabled.is_(True), Schedule.next_fire_at.is_(None)
                )
                for schedule in session.scalars(unplanned):
                    try:
                        Rule.decode(schedule.rule, schedule.anchor)
                    except ValueError as error:
                        _switch_off(schedule, error)
            with self._sessions.begin() as session:
                plan_unplanned(session, now)

    def _tick_schedules(self, now: datetime, report: TickReport) -> int:
        query = (
            select(Schedule, Member)
            .join(Member, Schedule.member_id == Member.id)
            .where(Schedule.enabled.is_(True), Schedule.next_fire_at <= now)
            .order_by(Schedule.next_fire_at)
            .limit(self._batch)
        )
        return self._claim_and_queue(query, Schedule, self._schedule_occurrences, now, report)

    def _tick_reminders(self, now: datetime, report: TickReport) -> int:
        query = (
            select(Reminder, Member)
            .join(Member, Reminder.member_id == Member.id)
            .where(Reminder.status == ReminderStatus.PENDING, Reminder.due_at <= now)
            .order_by(Reminder.due_at)
            .limit(self._batch)
        )
        return self._claim_and_queue(query, Reminder, self._reminder_rows, now, report)

    def _claim_and_queue(
        self,
        query: Select[Any, Member],
        table: type[Schedule | Reminder],
        to_rows: Callable[[Any, Member, dict[int, list[Pause]], datetime], list[dict[str, Any]]],
        now: datetime,
        report: TickReport,
    ) -> int:
        """Lock a batch of due rows, turn each into outbox rows, and commit together."""
        with self._sessions.begin() as session:
            if _is_postgres(session):
                query = query.with_for_update(skip_locked=True, of=table)
            rows = session.execute(query).all()
            pauses = _pauses_for(session, {member.id for _, member in rows})
            outbox = [
                row
                for source, member in rows
                for row in _rows_or_skip(source, partial(to_rows, source, member, pauses, now))
            ]
            _insert_outbox(session, outbox)
            for row in outbox:
                report.add(row["status"])
            return len(rows)

    def _schedule_occurrences(
        self, schedule: Schedule, member: Member, pauses: dict[int, list[Pause]], now: datetime
    ) -> list[dict[str, Any]]:
        """A member's recurring message: catch-up policy, then vacations."""
        assert schedule.next_fire_at is not None
        tz = zone(member.tz)
        rule = Rule.decode(schedule.rule, schedule.anchor)
        due = occurrences_between(rule, tz, schedule.next_fire_at, now, MAX_MISSED_RECORDED + 1)
        schedule.next_fire_at = next_occurrence(rule, tz, now)
        rows = []
        for occurrence, status, reason in self._catch_up(due, now):
            if status == DeliveryStatus.PENDING and _paused(
                pauses, member.id, occurrence.astimezone(tz).date()
            ):
                status, reason = DeliveryStatus.SKIPPED, "paused"
            rows.append(_row(schedule.kind, schedule.id, member, occurrence, now, status, reason))
        return rows

    def _catch_up(
        self, due: list[datetime], now: datetime
    ) -> list[tuple[datetime, DeliveryStatus, str | None]]:
        """The newest occurrence within the grace window is delivered once; older ones
        within it are coalesced into it, and anything older is recorded as missed."""
        decided: list[tuple[datetime, DeliveryStatus, str | None]] = []
        for index, occurrence in enumerate(due):
            if now - occurrence > self._grace:
                decided.append(
                    (occurrence, DeliveryStatus.MISSED, "older than the catch-up window")
                )
            elif index == len(due) - 1:
                decided.append((occurrence, DeliveryStatus.PENDING, None))
            else:
                decided.append((occurrence, DeliveryStatus.SKIPPED, "coalesced"))
        return decided

    def _tick_digests(self, now: datetime, report: TickReport) -> int:
        with self._sessions.begin() as session:
            query = (
                select(Digest)
                .where(Digest.enabled.is_(True), Digest.next_fire_at <= now)
                .order_by(Digest.next_fire_at)
                .limit(self._batch)
            )
            if _is_postgres(session):
                query = query.with_for_update(skip_locked=True)
            digests = list(session.scalars(query))
            outbox = [
                row
                for digest in digests
                for row in _rows_or_skip(digest, partial(self._digest_rows, digest, now))
            ]
            _insert_outbox(session, outbox)
            for row in outbox:
                report.add(row["status"])
            return len(digests)

    def _digest_rows(self, digest: Digest, now: datetime) -> list[dict[str, Any]]:
        """A channel's digest: one delivery per period, catch-up policy as for check-ins."""
        assert digest.next_fire_at is not None
        tz = zone(digest.tz)
        rule = Rule.decode(digest.rule, digest.anchor)
        due = occurrences_between(rule, tz, digest.next_fire_at, now, MAX_MISSED_RECORDED + 1)
        digest.next_fire_at = next_occurrence(rule, tz, now)
        return [
            _row("digest", digest.id, None, occurrence, now, status, reason, digest.platform)
            for occurrence, status, reason in self._catch_up(due, now)
        ]

    def _reminder_rows(
        self, reminder: Reminder, member: Member, pauses: dict[int, list[Pause]], now: datetime
    ) -> list[dict[str, Any]]:
        tz = zone(member.tz)
        pause = _paused(pauses, member.id, reminder.due_at.astimezone(tz).date())
        if pause is not None and reminder.kind == "reminder":
            # The member's own reminder waits until they are back, same wall time.
            reminder.due_at = after_pause(reminder.due_at, pause, tz, now)
            return []
        reminder.status = ReminderStatus.FIRED
        status, reason = DeliveryStatus.PENDING, None
        if now - reminder.due_at > self._grace:
            status, reason = DeliveryStatus.MISSED, "older than the catch-up window"
        elif pause is not None:
            status, reason = DeliveryStatus.SKIPPED, "paused"
        return [_row(reminder.kind, reminder.id, member, reminder.due_at, now, status, reason)]


def _rows_or_skip(
    source: Schedule | Reminder | Digest, make: Callable[[], list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """The row's outbox rows. A row that cannot make them (a stored rule the core cannot
    read) is switched off, so it neither stays first in line nor stops the rest of the batch."""
    try:
        return make()
    except (ValueError, OverflowError) as error:
        _switch_off(source, error)
        return []


def _switch_off(source: Schedule | Reminder | Digest, error: Exception) -> None:
    """Take a row the tick cannot use out of the queue, with a warning naming its id only
    (its values may be the member's text)."""
    log.warning(
        "%s id %d cannot be queued (%s); switched off",
        source.__tablename__,
        source.id,
        type(error).__name__,
    )
    if isinstance(source, Reminder):
        source.status = ReminderStatus.CANCELLED
    else:
        source.enabled = False
        source.next_fire_at = None


def _row(
    kind: str,
    source_id: int,
    member: Member | None,
    occurrence: datetime,
    now: datetime,
    status: DeliveryStatus,
    reason: str | None,
    platform: str | None = None,
) -> dict[str, Any]:
    """One outbox row; its key (kind, source, occurrence in UTC) is unique."""
    return {
        "key": f"{kind}:{source_id}:{occurrence.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}",
        "platform": platform or (member.platform if member else "console"),
        "member_id": member.id if member else None,
        "kind": kind,
        "source_id": source_id,
        "occurrence_at": occurrence,
        "created_at": now,
        "status": status,
        "attempts": 0,
        "next_attempt_at": now,
        "reason": reason,
    }


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _insert_outbox(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert outbox rows; a key that already exists is left alone (idempotent)."""
    if not rows:
        return
    dialect = "postgresql" if _is_postgres(session) else "sqlite"
    stmt = upsert_insert(dialect, Delivery).on_conflict_do_nothing(index_elements=["key"])
    session.execute(stmt, rows)


def _pauses_for(session: Session, member_ids: set[int]) -> dict[int, list[Pause]]:
    found: dict[int, list[Pause]] = {}
    if member_ids:
        for pause in session.scalars(select(Pause).where(Pause.member_id.in_(member_ids))):
            found.setdefault(pause.member_id, []).append(pause)
    return found


def _paused(pauses: dict[int, list[Pause]], member_id: int, day: date) -> Pause | None:
    return pause_covering(pauses.get(member_id, ()), (day,))
