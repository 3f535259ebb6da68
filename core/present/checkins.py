"""Check-in, pause and vacation results as replies."""

from __future__ import annotations

from datetime import date, timedelta

from core.commands.checkins import SET_EXAMPLE, VACATION_EXAMPLE
from core.messages import Fields, Header, Items, Reply, Text
from core.present import Viewer, presents
from core.present.journal import journal_saved
from core.scheduling.rules import Rule
from core.services.checkin_answers import (
    AnswerHintShown,
    CheckinSkipped,
    CheckinSnoozed,
    NoCheckinOpen,
    NothingOpen,
)
from core.services.checkins import (
    CheckinsResumed,
    CheckinsSet,
    CheckinsShown,
    CheckinsSwitched,
    PauseAdded,
    VacationCancelled,
    VacationList,
    local_time_text,
)
from core.storage.models import Pause, Schedule


@presents(CheckinsShown)
def checkins_shown(result: CheckinsShown, viewer: Viewer) -> Reply:
    """The schedules with their next firings in local time, and any pauses."""
    paused = ""
    if result.paused_until is not None:
        back = result.paused_until + timedelta(days=1)
        paused = f"; paused until {_day(result.paused_until)} (back on {_day(back)})"
    rows = (
        ("Check-in", _describe(result.checkin)),
        ("Next check-in", local_time_text(viewer, result.next_checkin) + paused),
        ("Plan review", _describe(result.review)),
        ("Next review", local_time_text(viewer, result.next_review)),
    )
    reply = Reply([Header("Your check-ins"), Fields(rows)])
    if result.pauses:
        lines = tuple(_pause_text(p) for p in result.pauses)
        reply.add(Items("Paused (nothing is sent)", lines))
    return reply.add(Text(f"Change it: {SET_EXAMPLE}, /checkin off, {VACATION_EXAMPLE}"))


def _day(day: date) -> str:
    """``Sat 05 Dec 2026``."""
    return day.strftime("%a %d %b %Y")


def _describe(schedule: Schedule) -> str:
    rule = Rule.decode(schedule.rule, schedule.anchor).describe()
    return rule if schedule.enabled else f"off (was {rule})"


def _pause_text(pause: Pause) -> str:
    """``2026-12-24 to 2027-01-02``, or ``2026-12-24 (one day)``, not "X to X"."""
    start = pause.start_date.isoformat()
    if pause.end_date == pause.start_date:
        return f"{start} (one day)"
    return f"{start} to {pause.end_date.isoformat()}"


@presents(CheckinsSet)
def checkins_set(result: CheckinsSet, viewer: Viewer) -> Reply:
    """The rule as read, and the next check-in."""
    return Reply(
        [
            Text(f"Check-ins set: {result.rule.describe()}, your time ({viewer.tz.key})."),
            Text(f"Next one: {local_time_text(viewer, result.next_checkin)}."),
        ]
    )


@presents(CheckinsSwitched)
def checkins_switched(result: CheckinsSwitched, viewer: Viewer) -> Reply:
    """Off, with the way back; or on, with the next check-in."""
    if not result.on:
        return Reply([Text("Check-ins are off. /checkin on brings them back.")])
    when = local_time_text(viewer, result.next_checkin)
    return Reply([Text(f"Check-ins are on. Next: {when}.")])


def _pause_span(pause: Pause) -> str:
    start = pause.start_date.isoformat()
    if pause.end_date == pause.start_date:
        return f"on {start}"
    return f"from {start} to {pause.end_date.isoformat()}"


@presents(PauseAdded)
def pause_added(result: PauseAdded, _viewer: Viewer) -> Reply:
    """The paused days, and what a pause holds back."""
    pause = result.pause
    return Reply(
        [
            Text(f"🌴 Paused {_pause_span(pause)} (your dates): vacation #{pause.number}."),
            Text(
                "No check-ins or due-date reminders then; your streak neither breaks nor grows. "
                "Your own reminders wait until you are back."
            ),
        ]
    )


@presents(CheckinsResumed)
def checkins_resumed(result: CheckinsResumed, viewer: Viewer) -> Reply:
    """A welcome back, or that nothing was in progress; and what is still planned."""
    if result.ended is None:
        reply = Reply([Text("No vacation or pause is in progress, so nothing changed.")])
    else:
        reply = Reply([Text("Welcome back. Check-ins and reminders are on again.")])
    if result.planned:
        lines = _numbered(result.planned, viewer)
        reply.add(Items("Still planned (/vacation cancel N removes one)", lines))
    return reply


@presents(VacationList)
def vacation_list(result: VacationList, viewer: Viewer) -> Reply:
    """Each pause to come with its number, or how to add one."""
    lines = _numbered(result.pauses, viewer)
    reply = Reply([Items("Your vacations and pauses", lines, f"none. {VACATION_EXAMPLE}")])
    if result.pauses:
        reply.add(
            Text("Remove one: /vacation cancel N. End the one in progress: /vacation cancel.")
        )
    return reply


def _numbered(pauses: list[Pause], viewer: Viewer) -> tuple[str, ...]:
    """``#1 2026-12-20 to 2026-12-28``, the one in progress marked."""
    return tuple(
        f"#{p.number} {_pause_text(p)}" + (" (in progress)" if p.start_date <= viewer.today else "")
        for p in pauses
    )


@presents(VacationCancelled)
def vacation_cancelled(result: VacationCancelled, _viewer: Viewer) -> Reply:
    """Which vacation went."""
    if result.ended:
        return Reply([Text("Welcome back. Your vacation has ended; check-ins are on again.")])
    return Reply([Text(f"Removed vacation #{result.pause.number} {_pause_text(result.pause)}.")])


@presents(CheckinSnoozed)
def checkin_snoozed(result: CheckinSnoozed, viewer: Viewer) -> Reply:
    """When the check-in comes again."""
    return Reply([Text(f"Snoozed. I'll ask again {local_time_text(viewer, result.until)}.")])


@presents(CheckinSkipped)
def checkin_skipped(result: CheckinSkipped, viewer: Viewer) -> Reply:
    """When the next check-in comes."""
    when = local_time_text(viewer, result.next_checkin)
    return Reply([Text(f"Skipped. Next check-in: {when}.")])


@presents(AnswerHintShown)
def answer_hint_shown(_result: AnswerHintShown, _viewer: Viewer) -> Reply:
    """How to answer without a form."""
    return Reply([Text("Type your answer as a message; it goes into your journal.")])


@presents(NoCheckinOpen)
def no_checkin_open(result: NoCheckinOpen, viewer: Viewer) -> Reply:
    """Nothing to answer, when the next question comes, and the typed text kept."""
    when = local_time_text(viewer, result.next_checkin)
    reply = Reply([Text(f"There is no open check-in question right now. Next check-in: {when}.")])
    if result.saved is None:
        return reply.add(Text("To write in your journal anyway: /journal <text>."))
    return reply.add(*journal_saved(result.saved, viewer).blocks)


@presents(NothingOpen)
def nothing_open(result: NothingOpen, viewer: Viewer) -> Reply:
    """No check-in is open; when the next one comes."""
    when = local_time_text(viewer, result.next_checkin)
    return Reply(
        [Text(f"There is nothing to {result.action}: no check-in is open. Next check-in: {when}.")]
    )


def welcome_dm() -> Reply:
    """The first DM, when a member turns check-ins on where they arrive only on request."""
    return Reply([Text("👋 This is where your check-ins will arrive. Reply here to answer them.")])
