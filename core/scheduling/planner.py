"""Creating and re-planning a member's schedules and due-date reminders."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.scheduling.rules import Rule, next_occurrence, wall_to_utc
from core.storage.models import (
    Delivery,
    Goal,
    GoalStatus,
    Member,
    Milestone,
    Pause,
    Reminder,
    ReminderStatus,
    Schedule,
)
from core.time.zones import zone

DEFAULT_CHECKIN = Rule(frozenset({4}), time(16, 0))  # Friday afternoon, local time
DEFAULT_REVIEW = Rule(frozenset({0}), time(10, 0), quarterly=True)
DUE_REMINDER_TIME = time(9, 0)
# A snoozed check-in is a reminder of this kind (the outbox row it becomes too).
SNOOZE_KIND = "snooze"


def plan(schedule: Schedule, member: Member, after: datetime) -> None:
    """Set the schedule's next firing strictly after `after`, in the member's zone."""
    if not schedule.enabled:
        schedule.next_fire_at = None
        return
    rule = Rule.decode(schedule.rule, schedule.anchor)
    schedule.next_fire_at = next_occurrence(rule, zone(member.tz), after)


def add_default_schedules(session: Session, member: Member, now: datetime, checkin: bool) -> None:
    """A new member's weekly check-in (on unless the platform forbids unsolicited DMs)
    and quarterly plan review."""
    for kind, rule, enabled in (
        ("checkin", DEFAULT_CHECKIN, checkin),
        ("review", DEFAULT_REVIEW, checkin),
    ):
        schedule = Schedule(
            member_id=member.id, kind=kind, rule=rule.encode(), enabled=enabled, created_at=now
        )
        plan(schedule, member, now)
        session.add(schedule)


def member_schedule(session: Session, member: Member, kind: str, now: datetime) -> Schedule:
    """The member's schedule of this kind, created (disabled) if it is missing."""
    schedule = session.scalar(
        select(Schedule).where(Schedule.member_id == member.id, Schedule.kind == kind)
    )
    if schedule is None:
        rule = DEFAULT_CHECKIN if kind == "checkin" else DEFAULT_REVIEW
        schedule = Schedule(
            member_id=member.id, kind=kind, rule=rule.encode(), enabled=False, created_at=now
        )
        try:
            with session.begin_nested():
                session.add(schedule)
        except IntegrityError:  # created by a concurrent request for the same member
            return session.scalars(
                select(Schedule).where(Schedule.member_id == member.id, Schedule.kind == kind)
            ).one()
    return schedule


def replan_member(session: Session, member: Member, now: datetime, old_tz: str) -> None:
    """Recompute every schedule after the member's zone changed from `old_tz`. An
    occurrence already queued stays the only one on its local day in the new zone (moving
    west after the Friday check-in must not bring a second one that Friday). Pending
    reminders keep their time on the member's clock."""
    for schedule in session.scalars(select(Schedule).where(Schedule.member_id == member.id)):
        plan(schedule, member, max(now, _end_of_last_day(session, schedule, member)))
    _move_reminders(session, member, zone(old_tz), now)


def _move_reminders(session: Session, member: Member, old: ZoneInfo, now: datetime) -> None:
    """Reminders set on the wall clock ("tomorrow 9am", a due day's morning): the same wall
    time in the new zone (one whose new time has passed goes out now). One set as a moment
    ("in 2 hours", a snoozed check-in) stays."""
    new = zone(member.tz)
    pending = select(Reminder).where(
        Reminder.member_id == member.id,
        Reminder.status == ReminderStatus.PENDING,
        Reminder.at_moment.is_(False),
    )
    for reminder in session.scalars(pending):
        wall = reminder.due_at.astimezone(old)
        reminder.due_at = max(now, wall_to_utc(wall.date(), wall.time(), new))


def _end_of_last_day(session: Session, schedule: Schedule, member: Member) -> datetime:
    """The last instant of the local day, in the member's zone, of the schedule's newest
    queued occurrence (any status: sent, waiting, skipped or missed all used that day)."""
    last = session.scalar(
        select(func.max(Delivery.occurrence_at)).where(
            Delivery.kind == schedule.kind, Delivery.source_id == schedule.id
        )
    )
    if last is None:
        return datetime.min.replace(tzinfo=UTC)
    tz = zone(member.tz)
    return _end_of_day(last.astimezone(tz).date(), tz)


def plan_unplanned(session: Session, now: datetime, limit: int = 1000) -> int:
    """Give enabled schedules without a next firing (e.g. after a migration) one."""
    rows = session.execute(
        select(Schedule, Member)
        .join(Member, Schedule.member_id == Member.id)
        .where(Schedule.enabled.is_(True), Schedule.next_fire_at.is_(None))
        .limit(limit)
    ).all()
    for schedule, member in rows:
        plan(schedule, member, now)
    return len(rows)


class DaySpan(Protocol):
    """Days away, from the first through the last (a Pause row, or its dates alone)."""

    @property
    def start_date(self) -> date: ...

    @property
    def end_date(self) -> date: ...


Span = TypeVar("Span", bound=DaySpan)


def pause_covering(pauses: Iterable[Span], days: Iterable[date]) -> Span | None:
    """The first pause that covers one of these local days: the one test the dispatcher,
    the sender's re-check and /checkin all skip on."""
    wanted = set(days)
    return next(
        (p for p in pauses if any(p.start_date <= day <= p.end_date for day in wanted)), None
    )


def next_sent(schedule: Schedule, member: Member, pauses: Iterable[Pause]) -> datetime | None:
    """The schedule's first firing the worker would really send: its next one, moved past
    every pause that covers its local day."""
    rule, tz, kept = Rule.decode(schedule.rule, schedule.anchor), zone(member.tz), list(pauses)
    fire = schedule.next_fire_at if schedule.enabled else None
    while fire is not None:
        pause = pause_covering(kept, (fire.astimezone(tz).date(),))
        if pause is None:
            return fire
        fire = next_occurrence(rule, tz, _end_of_day(pause.end_date, tz))
    return None


def _end_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The last instant of a local day, in UTC."""
    return wall_to_utc(day + timedelta(days=1), time(0, 0), tz) - timedelta(microseconds=1)


def after_pause(due_at: datetime, pause: DaySpan, tz: ZoneInfo, now: datetime) -> datetime:
    """When a member's own reminder waits for them: the day after the pause, same wall time."""
    local = due_at.astimezone(tz)
    return max(wall_to_utc(pause.end_date + timedelta(days=1), local.time(), tz), now)


def sync_due_reminders(
    session: Session, member: Member, goal: Goal, now: datetime, days_before: tuple[int, ...]
) -> None:
    """(Re)create the reminders ahead of the goal's deadline and its open milestones' dates."""
    session.execute(
        update(Reminder)
        .where(
            Reminder.goal_id == goal.id,
            Reminder.status == ReminderStatus.PENDING,
            Reminder.kind.in_(("milestone", "deadline")),
        )
        .values(status=ReminderStatus.CANCELLED)
    )
    if goal.status != GoalStatus.ACTIVE:
        return
    tz = zone(member.tz)
    targets: list[tuple[str, date, Milestone | None]] = []
    if goal.deadline is not None:
        targets.append(("deadline", goal.deadline, None))
    targets += [("milestone", m.due, m) for m in goal.milestones if m.due and not m.done_at]
    for kind, due, milestone in targets:
        for days in days_before:
            when = wall_to_utc(due - timedelta(days=days), DUE_REMINDER_TIME, tz)
            if when <= now:
                continue
            session.add(
                Reminder(
                    member_id=member.id,
                    kind=kind,
                    text="",
                    due_at=when,
                    status=ReminderStatus.PENDING,
                    goal_id=goal.id,
                    milestone_id=milestone.id if milestone else None,
                    created_at=now,
                )
            )
