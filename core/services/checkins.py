"""Check-in, pause and vacation handlers: when check-ins arrive, and when nothing should."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.bus import handles
from core.commands.checkins import (
    VACATION_EXAMPLE,
    AddVacation,
    CancelVacation,
    ListVacations,
    PauseCheckins,
    ResumeCheckins,
    SetCheckins,
    ShowAnswerHint,
    ShowCheckins,
    SkipCheckin,
    SnoozeCheckin,
    SnoozeLength,
    TurnCheckins,
)
from core.context import Context
from core.errors import UserError
from core.parsing import read_date, shorten
from core.scheduling.planner import member_schedule, plan
from core.scheduling.rules import Rule
from core.services.recurrence_text import parse_rule
from core.storage.models import Pause, Reminder, ReminderStatus, Schedule

_SNOOZE_DELAYS = {SnoozeLength.HOUR: timedelta(hours=1), SnoozeLength.DAY: timedelta(days=1)}


class Zoned(Protocol):
    """Whoever an instant is shown to: a handler's Context or a presenter's Viewer."""

    @property
    def tz(self) -> ZoneInfo:
        """Their time zone."""
        ...


@dataclass(frozen=True)
class CheckinsShown:
    """The check-in and review schedules, and pauses that have not ended."""

    checkin: Schedule
    review: Schedule
    pauses: list[Pause]


@dataclass(frozen=True)
class CheckinsSet:
    """A new check-in rule; ``started`` when check-ins were off before (the member
    has just asked for them, so a platform may open the DM they arrive in)."""

    rule: Rule
    checkin: Schedule
    started: bool


@dataclass(frozen=True)
class CheckinsSwitched:
    """Check-ins turned on or off; ``started`` as in CheckinsSet."""

    on: bool
    checkin: Schedule
    started: bool


@dataclass(frozen=True)
class PauseAdded:
    """A pause or vacation: nothing is sent on its days."""

    pause: Pause


@dataclass(frozen=True)
class CheckinsResumed:
    """The pause in progress ended (None: there was none); ``planned`` ones stay."""

    ended: Pause | None
    planned: list[Pause]


@dataclass(frozen=True)
class VacationList:
    """Pauses and vacations that have not ended yet, soonest first."""

    pauses: list[Pause]


@dataclass(frozen=True)
class VacationCancelled:
    """A planned vacation removed, or (``ended``) the one in progress ended today."""

    pause: Pause
    ended: bool


@dataclass(frozen=True)
class CheckinSnoozed:
    """The check-in comes again at ``until``."""

    until: datetime


@dataclass(frozen=True)
class CheckinSkipped:
    """The pending check-in dropped; the next one is at ``next_checkin``."""

    next_checkin: datetime | None


@dataclass(frozen=True)
class AnswerHintShown:
    """Where there is no form: how to answer a check-in."""


def local_time_text(viewer: Zoned, when: datetime | None) -> str:
    """An instant on the viewer's wall clock, e.g. ``Fri 27 Nov 16:00 (Europe/Berlin)``."""
    if when is None:
        return "not scheduled"
    local = when.astimezone(viewer.tz)
    return f"{local.strftime('%a %d %b %Y %H:%M')} ({viewer.tz.key})"


def upcoming_pauses(ctx: Context) -> list[Pause]:
    """Pauses that have not ended yet, soonest first."""
    return list(
        ctx.session.scalars(
            select(Pause)
            .where(Pause.member_id == ctx.member.id, Pause.end_date >= ctx.today)
            .order_by(Pause.start_date)
        )
    )


@handles(ShowCheckins)
def show_checkins(ctx: Context, _command: ShowCheckins) -> CheckinsShown:
    """The member's schedules and pauses."""
    checkin = member_schedule(ctx.session, ctx.member, "checkin", ctx.now)
    review = member_schedule(ctx.session, ctx.member, "review", ctx.now)
    return CheckinsShown(checkin, review, upcoming_pauses(ctx))


@handles(SetCheckins)
def set_checkins(ctx: Context, command: SetCheckins) -> CheckinsSet:
    """``/checkin set weekdays 09:00`` and friends; turns check-ins on."""
    rule = parse_rule(command.rule, ctx.today)
    schedule = member_schedule(ctx.session, ctx.member, "checkin", ctx.now)
    started = not schedule.enabled
    schedule.rule, schedule.anchor, schedule.enabled = rule.encode(), rule.anchor, True
    plan(schedule, ctx.member, ctx.now)
    review = member_schedule(ctx.session, ctx.member, "review", ctx.now)
    if not review.enabled:  # whoever asks for check-ins gets the quarterly review too
        review.enabled = True
        plan(review, ctx.member, ctx.now)
    return CheckinsSet(rule, schedule, started)


@handles(TurnCheckins)
def turn_checkins(ctx: Context, command: TurnCheckins) -> CheckinsSwitched:
    """Switch check-ins (and plan reviews) off or back on."""
    checkin = member_schedule(ctx.session, ctx.member, "checkin", ctx.now)
    started = command.on and not checkin.enabled
    for kind in ("checkin", "review"):
        schedule = member_schedule(ctx.session, ctx.member, kind, ctx.now)
        schedule.enabled = command.on
        plan(schedule, ctx.member, ctx.now)
    return CheckinsSwitched(command.on, checkin, started)


@handles(PauseCheckins)
def pause_checkins(ctx: Context, command: PauseCheckins) -> PauseAdded:
    """From today through the given date."""
    example = f"/checkin pause until {ctx.today + timedelta(days=14)}"
    end = read_date(command.until, ctx.today, "until", example, ctx.date_order)
    _refuse_past(ctx, command.until, end, example, "until")
    return PauseAdded(_add_pause(ctx, ctx.today, end, "until"))


@handles(AddVacation)
def add_vacation(ctx: Context, command: AddVacation) -> PauseAdded:
    """From the first through the last day of the vacation."""
    first = ctx.today + timedelta(days=14)
    example = f"/vacation {first} to {first + timedelta(days=4)}"
    start = read_date(command.start, ctx.today, "start", example, ctx.date_order)
    end = read_date(command.end, ctx.today, "end", example, ctx.date_order)
    _refuse_past(ctx, command.end, end, example, "end")
    return PauseAdded(_add_pause(ctx, start, end, "end"))


def _refuse_past(ctx: Context, typed: date | str, end: date, example: str, field: str) -> None:
    """A last day before today: say it is past, with what was typed and the day it read as."""
    if end < ctx.today:
        raise UserError(
            f"“{shorten(str(typed), 40)}” ({end.strftime('%a %d %b %Y')}) is in the past; "
            f"today is {ctx.today.strftime('%a %d %b %Y')}. Pick a last day from today on.",
            example,
            field,
        )


def _add_pause(ctx: Context, start: date, end: date, end_field: str) -> Pause:
    """Record a pause; nothing is sent and streaks hold still on those days."""
    if end < start:
        raise UserError("The last day comes before the first.", VACATION_EXAMPLE, end_field)
    if (end - start).days > 366:
        raise UserError(
            "A pause can last up to a year. /checkin off stops check-ins for good.",
            field=end_field,
        )
    pause = Pause(member_id=ctx.member.id, start_date=start, end_date=end, created_at=ctx.now)
    ctx.session.add(pause)
    return pause


@handles(ListVacations)
def list_vacations(ctx: Context, _command: ListVacations) -> VacationList:
    """Vacations and pauses to come, numbered as ``/vacation cancel N`` reads them."""
    return VacationList(upcoming_pauses(ctx))


@handles(ResumeCheckins)
def resume_checkins(ctx: Context, _command: ResumeCheckins) -> CheckinsResumed:
    """End the pause in progress today; vacations planned for later stay."""
    pauses = upcoming_pauses(ctx)
    current = next((p for p in pauses if p.start_date <= ctx.today), None)
    if current is not None:
        _end_or_drop(ctx, current)
    return CheckinsResumed(current, [p for p in pauses if p is not current])


@handles(CancelVacation)
def cancel_vacation(ctx: Context, command: CancelVacation) -> VacationCancelled:
    """Remove one vacation of the list; one in progress ends today."""
    pauses = upcoming_pauses(ctx)
    if not 1 <= command.number <= len(pauses):
        raise UserError(
            f"You have no vacation #{command.number}. /vacation lists them with their numbers.",
            "/vacation cancel 1",
            "number",
        )
    pause = pauses[command.number - 1]
    in_progress = pause.start_date <= ctx.today
    _end_or_drop(ctx, pause)
    return VacationCancelled(pause, in_progress)


def _end_or_drop(ctx: Context, pause: Pause) -> None:
    """A pause that started before today ends yesterday; any other is deleted."""
    if pause.start_date < ctx.today:
        pause.end_date = ctx.today - timedelta(days=1)
    else:
        ctx.session.delete(pause)


@handles(SnoozeCheckin)
def snooze_checkin(ctx: Context, command: SnoozeCheckin) -> CheckinSnoozed:
    """Send the check-in again in an hour, or tomorrow at the same time."""
    when = ctx.now + _SNOOZE_DELAYS[command.length]
    ctx.session.add(
        Reminder(
            member_id=ctx.member.id,
            kind="snooze",
            text="",
            due_at=when,
            status=ReminderStatus.PENDING,
            created_at=ctx.now,
        )
    )
    return CheckinSnoozed(when)


@handles(SkipCheckin)
def skip_checkin(ctx: Context, _command: SkipCheckin) -> CheckinSkipped:
    """Let this check-in go unanswered, without guilt."""
    ctx.member.awaiting_prompt_key = None
    ctx.member.awaiting_since = None
    ctx.member.commitment_asked_at = None
    checkin = member_schedule(ctx.session, ctx.member, "checkin", ctx.now)
    return CheckinSkipped(checkin.next_fire_at)


@handles(ShowAnswerHint)
def show_answer_hint(_ctx: Context, _command: ShowAnswerHint) -> AnswerHintShown:
    """What the Answer button says where there is no form to open."""
    return AnswerHintShown()
