"""Reminder handlers: the member's own one-off reminders."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from core.bus import handles
from core.commands.reminders import (
    REMIND_EXAMPLE,
    AddReminder,
    CancelReminder,
    EditReminder,
    ListReminders,
    RepeatReminder,
    WhenInput,
)
from core.context import Context
from core.errors import UserError
from core.parsing import require_text, shorten
from core.scheduling.rules import wall_to_utc
from core.services.checkins import local_time_text
from core.storage.models import Reminder, ReminderStatus
from core.time.dates import looks_like_date
from core.time.when import split_when, starts_with_offset

# Follows a when-phrase given on its own, so that split_when must read all of it.
_END = "§"
_ME = re.compile(r"^me\s+", re.IGNORECASE)
_LEFTOVER_TIME = re.compile(
    r"(?:at\s+[0-9]\S*|[0-9]{1,2}[:.][0-9]\S*|[0-9]{1,2}\s?[ap]\.?m\S*)(?=\s|$)", re.IGNORECASE
)
_MERIDIEM = re.compile(r"[0-9](?:am|pm)\b|:[0-9]{2}", re.IGNORECASE)


@dataclass(frozen=True)
class ReminderSet:
    """A new reminder (or a reminder again); its time is shown as read."""

    reminder: Reminder


@dataclass(frozen=True)
class ReminderList:
    """Pending reminders, soonest first."""

    reminders: list[Reminder]


@dataclass(frozen=True)
class ReminderCancelled:
    """A reminder that will not come."""

    reminder: Reminder


@handles(AddReminder)
def add_reminder(ctx: Context, command: AddReminder) -> ReminderSet:
    """Save a reminder; the reply shows the time as read, so a wrong parse is visible."""
    if command.at is None:
        local, what = _split(ctx, command.text)
        due = _wall_clock(ctx, local)
    else:
        due, what = _due_at(ctx, command.at), command.text
    what = require_text(what, "title", "reminder", REMIND_EXAMPLE, "text")
    if due <= ctx.now:
        field = "text" if command.at is None else "at"
        raise UserError(f"{local_time_text(ctx, due)} has already passed.", REMIND_EXAMPLE, field)
    return ReminderSet(_save(ctx, what, due, _typed_as_offset(command)))


def _typed_as_offset(command: AddReminder) -> bool:
    """Whether the time was typed as an offset from now ("in 2 hours"): a moment. A time
    picked in a form, or typed as a day and time, is on the wall clock."""
    if isinstance(command.at, datetime):
        return False
    typed = command.text if command.at is None else command.at
    return starts_with_offset(_ME.sub("", typed.strip()))


def _split(ctx: Context, text: str) -> tuple[datetime, str]:
    """The when-phrase leading the text ("me" before it is the member, not the text),
    read at the member's now, and the rest."""
    text = _ME.sub("", text.strip())
    if not text:
        raise UserError("Tell me when, and what to remind you of.", REMIND_EXAMPLE, "text")
    found = split_when(text, ctx.local_now, ctx.date_order)
    if found is None:
        _refuse_when_alone(ctx, text)
        raise UserError(
            f"{_unread(text)}Start with the time: “tomorrow 9am”, “in 2 weeks”, "
            "“2026-12-01 17:00”, “next Friday at 16:00”, “on friday to email Dana”.",
            REMIND_EXAMPLE,
            "text",
        )
    leftover = _LEFTOVER_TIME.match(found[1])
    if leftover is not None:  # "tomorrow at 25:00 call": not a 09:00 reminder to "at 25:00 call"
        raise UserError(
            f"I could not read “{shorten(leftover.group(), 30)}” as a time. "
            "Try “9am”, “17:30” or “noon”.",
            REMIND_EXAMPLE,
            "text",
        )
    return found


def _refuse_when_alone(ctx: Context, text: str) -> None:
    """A when-phrase with nothing after it: the text is missing, not the time."""
    alone = split_when(f"{text} {_END}", ctx.local_now, ctx.date_order)
    if alone is not None and alone[1] == _END:
        raise UserError(
            f"What should I remind you of? I read “{shorten(text, 30)}” as "
            f"{local_time_text(ctx, _wall_clock(ctx, alone[0]))}; add the text after it.",
            f"/remind {shorten(text, 30)} update my CV",
            "text",
        )


def _unread(text: str) -> str:
    """What was not understood: the leading words when they look like a date or time."""
    words = text.split()
    lead = " ".join(words[:2])
    if looks_like_date(words[0]) or _MERIDIEM.search(lead):
        return f"I could not read “{shorten(lead, 30)}” as a date or time. "
    return "I could not find when to remind you. "


def _due_at(ctx: Context, at: WhenInput) -> datetime:
    """A picked instant as it is, a picked wall-clock time or a when-phrase on its own
    (read at the member's now) in the member's zone."""
    if isinstance(at, datetime):
        return at.astimezone(UTC) if at.tzinfo is not None else _wall_clock(ctx, at)
    found = split_when(f"{at} {_END}", ctx.local_now, ctx.date_order)
    if found is None or found[1] != _END:
        raise UserError(
            f"I could not read “{shorten(at, 30) or 'nothing'}” as a time. "
            "Try “tomorrow 9am”, “in 2 weeks”, “2026-12-01 17:00” or “next Friday at 16:00”.",
            REMIND_EXAMPLE,
            "at",
        )
    return _wall_clock(ctx, found[0])


def _wall_clock(ctx: Context, local: datetime) -> datetime:
    """The instant of a time on the member's wall clock (DST gaps move as scheduled)."""
    return wall_to_utc(local.date(), local.time(), ctx.tz)


def _save(ctx: Context, what: str, due: datetime, moment: bool) -> Reminder:
    """A numbered reminder of the member's own; `moment`: set as an offset from now."""
    reminder = Reminder(
        member_id=ctx.member.id,
        number=ctx.next_number("reminder_seq"),
        kind="reminder",
        text=what,
        due_at=due,
        status=ReminderStatus.PENDING,
        at_moment=moment,
        created_at=ctx.now,
    )
    ctx.session.add(reminder)
    return reminder


@handles(ListReminders)
def list_reminders(ctx: Context, _command: ListReminders) -> ReminderList:
    """Pending reminders, soonest first."""
    rows = ctx.session.scalars(
        select(Reminder)
        .where(
            Reminder.member_id == ctx.member.id,
            Reminder.kind == "reminder",
            Reminder.status == ReminderStatus.PENDING,
        )
        .order_by(Reminder.due_at)
    ).all()
    return ReminderList(list(rows))


def _pending(ctx: Context, number: int, example: str) -> Reminder:
    """The member's pending reminder `number`, or a UserError."""
    reminder = ctx.session.scalar(
        select(Reminder).where(
            Reminder.member_id == ctx.member.id,
            Reminder.number == number,
            Reminder.status == ReminderStatus.PENDING,
        )
    )
    if reminder is None:
        raise UserError(
            f"You have no pending reminder #{number}. /remind list shows them.", example, "number"
        )
    return reminder


@handles(CancelReminder)
def cancel_reminder(ctx: Context, command: CancelReminder) -> ReminderCancelled:
    """Cancel one of the member's pending reminders."""
    reminder = _pending(ctx, command.number, "/remind cancel 2")
    reminder.status = ReminderStatus.CANCELLED
    return ReminderCancelled(reminder)


@handles(EditReminder)
def edit_reminder(ctx: Context, command: EditReminder) -> ReminderSet:
    """A new time (a leading when-phrase), new text, or both, for a pending reminder."""
    example = f"/remind edit {command.number} friday 3pm call Dana"
    reminder = _pending(ctx, command.number, example)
    found = split_when(f"{command.text} {_END}", ctx.local_now, ctx.date_order)
    if found is None:
        what = command.text
    else:
        due = _wall_clock(ctx, found[0])
        if due <= ctx.now:
            raise UserError(f"{local_time_text(ctx, due)} has already passed.", example, "text")
        reminder.due_at, reminder.at_moment = due, starts_with_offset(command.text)
        what = found[1].removesuffix(_END)
    if what.strip():
        reminder.text = require_text(what, "title", "reminder", example, "text")
    return ReminderSet(reminder)


@handles(RepeatReminder)
def repeat_reminder(ctx: Context, command: RepeatReminder) -> ReminderSet:
    """The snooze on a delivered reminder: the same text again in an hour."""
    original = ctx.session.scalar(
        select(Reminder).where(
            Reminder.member_id == ctx.member.id, Reminder.number == command.number
        )
    )
    if original is None or original.kind != "reminder":
        raise UserError(
            f"You have no reminder #{command.number}. /remind list shows them.",
            "/remind again 2",
            "number",
        )
    return ReminderSet(_save(ctx, original.text, ctx.now + timedelta(hours=1), moment=True))
