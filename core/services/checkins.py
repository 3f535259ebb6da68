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
    ShowCheckins,
    TurnCheckins,
)
from core.context import Context
from core.errors import UserError
from core.parsing import read_date, shorten
from core.scheduling.planner import member_schedule, next_sent, pause_covering, plan
from core.scheduling.rules import Rule
from core.services.recurrence_text import parse_rule
from core.storage.models import Pause, Schedule


class Zoned(Protocol):
    """Whoever an instant is shown to: a handler's Context or a presenter's Viewer."""

    @property
    def tz(self) -> ZoneInfo:
        """Their time zone."""
        ...


@dataclass(frozen=True)
class CheckinsShown:
    """The check-in and review schedules with the next of each the worker would really
    send, pauses that have not ended, and the last day of the pause in progress."""

    checkin: Schedule
    review: Schedule
    next_checkin: datetime | None
    next_review: datetime | None
    pauses: list[Pause]
    paused_until: date | None


@dataclass(frozen=True)
class CheckinsSet:
    """A new check-in rule; ``started`` when check-ins were off before (the member
    has just asked for them, so a platform may open the DM they arrive in)."""

    rule: Rule
    next_checkin: datetime | None
    started: bool


@dataclass(frozen=True)
class CheckinsSwitched:
    """Check-ins turned on or off; ``started`` as in CheckinsSet."""

    on: bool
    next_checkin: datetime | None
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


def next_checkin(ctx: Context) -> datetime | None:
    """When the member's next check-in really arrives (pauses skipped), if they are on."""
    checkin = member_schedule(ctx.session, ctx.member, "checkin", ctx.now)
    return next_sent(checkin, ctx.member, upcoming_pauses(ctx))


def paused_until(pauses: list[Pause], today: date) -> date | None:
    """The last paused day of the pause in progress (and of any that follows on from it)."""
    pause = pause_covering(pauses, (today,))
    last = None
    while pause is not None:
        last = pause.end_date
        pause = pause_covering(pauses, (last + timedelta(days=1),))
    return last


@handles(ShowCheckins)
def show_checkins(ctx: Context, _command: ShowCheckins) -> CheckinsShown:
    """The member's schedules and pauses."""
    checkin = member_schedule(ctx.session, ctx.member, "checkin", ctx.now)
    review = member_schedule(ctx.session, ctx.member, "review", ctx.now)
    pauses = upcoming_pauses(ctx)
    return CheckinsShown(
        checkin,
        review,
        next_sent(checkin, ctx.member, pauses),
        next_sent(review, ctx.member, pauses),
        pauses,
        paused_until(pauses, ctx.today),
    )


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
    return CheckinsSet(rule, next_checkin(ctx), started)


@handles(TurnCheckins)
def turn_checkins(ctx: Context, command: TurnCheckins) -> CheckinsSwitched:
    """Switch check-ins (and plan reviews) off or back on."""
    checkin = member_schedule(ctx.session, ctx.member, "checkin", ctx.now)
    started = command.on and not checkin.enabled
    for kind in ("checkin", "review"):
        schedule = member_schedule(ctx.session, ctx.member, kind, ctx.now)
        schedule.enabled = command.on
        plan(schedule, ctx.member, ctx.now)
    return CheckinsSwitched(command.on, next_checkin(ctx), started)


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


def _refuse_covered(ctx: Context, start: date, end: date) -> None:
    """Days already inside one planned vacation are not planned again (typed twice, the
    same vacation would be listed twice and need cancelling twice)."""
    covering = ctx.session.scalar(
        select(Pause)
        .where(
            Pause.member_id == ctx.member.id,
            Pause.start_date <= start,
            Pause.end_date >= end,
        )
        .order_by(Pause.number)
        .limit(1)
    )
    if covering is not None:
        raise UserError(
            f"You are already on vacation from {covering.start_date} to {covering.end_date} "
            f"(vacation #{covering.number}), so nothing changed. To change it, cancel it and "
            "add the new dates.",
            f"/vacation cancel {covering.number}",
            "start",
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
    _refuse_covered(ctx, start, end)
    pause = Pause(
        member_id=ctx.member.id,
        number=ctx.next_number("pause_seq"),
        start_date=start,
        end_date=end,
        created_at=ctx.now,
    )
    ctx.session.add(pause)
    return pause


@handles(ListVacations)
def list_vacations(ctx: Context, _command: ListVacations) -> VacationList:
    """Vacations and pauses to come, with the numbers ``/vacation cancel N`` reads."""
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
    """Remove one vacation of the list, by its number; one in progress ends today."""
    pause = next((p for p in upcoming_pauses(ctx) if p.number == command.number), None)
    if pause is None:
        raise UserError(
            f"You have no vacation #{command.number} to come. "
            "/vacation lists them with their numbers.",
            "/vacation cancel 1",
            "number",
        )
    in_progress = pause.start_date <= ctx.today
    _end_or_drop(ctx, pause)
    return VacationCancelled(pause, in_progress)


def _end_or_drop(ctx: Context, pause: Pause) -> None:
    """A pause that started before today ends yesterday; any other is deleted."""
    if pause.start_date < ctx.today:
        pause.end_date = ctx.today - timedelta(days=1)
    else:
        ctx.session.delete(pause)
