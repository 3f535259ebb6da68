"""/remind: the member's own one-off reminders, echoed back in local time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select

from core.context import Context
from core.errors import UserError
from core.messages import Items, Reply, Text
from core.models import Reminder
from core.parsing import parse_number, require_text, shorten, split_first
from core.scheduling.rules import wall_to_utc
from core.services.checkins import local_time_text
from core.when import split_when

EXAMPLE = "/remind tomorrow 9am update my CV"


def handle_remind(ctx: Context, args: str) -> Reply:
    """``/remind <when> <text>``, ``/remind list``, ``/remind cancel N``."""
    sub, rest = split_first(args)
    handler = REMIND_SUBCOMMANDS.get(sub)
    if handler is not None and (sub == "list" or rest[:1].lstrip("#").isdigit()):
        return handler(ctx, rest)
    return add_reminder(ctx, args)


def add_reminder(ctx: Context, args: str) -> Reply:
    """Save a reminder; the reply shows the time as read, so a wrong parse is visible."""
    text = args.strip()
    if not text:
        raise UserError("Tell me when, and what to remind you of.", EXAMPLE)
    found = split_when(text, ctx.local_now)
    if found is None:
        raise UserError(
            "I could not find when to remind you. Start with the time: “tomorrow 9am”, "
            "“in 2 weeks”, “2026-12-01 17:00”, “next Friday at 16:00”.",
            EXAMPLE,
        )
    local, what = found
    what = require_text(what, "title", "reminder", EXAMPLE)
    due = wall_to_utc(local.date(), local.time(), ctx.tz)
    if due <= ctx.now:
        raise UserError(f"{local_time_text(ctx, due)} has already passed.", EXAMPLE)
    return _save(ctx, what, due)


def _save(ctx: Context, what: str, due: datetime) -> Reply:
    reminder = Reminder(
        member_id=ctx.member.id,
        number=ctx.next_number("reminder_seq"),
        kind="reminder",
        text=what,
        due_at=due,
        status="pending",
        created_at=ctx.now,
    )
    ctx.session.add(reminder)
    return Reply(
        [Text(f"⏰ Reminder #{reminder.number} set for {local_time_text(ctx, due)}: {what}")]
    )


def list_reminders(ctx: Context, _args: str) -> Reply:
    """Pending reminders, soonest first, in local time."""
    rows = ctx.session.scalars(
        select(Reminder)
        .where(
            Reminder.member_id == ctx.member.id,
            Reminder.kind == "reminder",
            Reminder.status == "pending",
        )
        .order_by(Reminder.due_at)
    ).all()
    lines = tuple(
        f"#{r.number} {local_time_text(ctx, r.due_at)}: {shorten(r.text, 80)}" for r in rows
    )
    return Reply([Items("Your reminders", lines, f"none. {EXAMPLE}")])


def cancel_reminder(ctx: Context, args: str) -> Reply:
    """Cancel one of the member's pending reminders."""
    example = "/remind cancel 2"
    number = parse_number(split_first(args)[0], "reminder", example)
    reminder = ctx.session.scalar(
        select(Reminder).where(
            Reminder.member_id == ctx.member.id,
            Reminder.number == number,
            Reminder.status == "pending",
        )
    )
    if reminder is None:
        raise UserError(
            f"You have no pending reminder #{number}. /remind list shows them.", example
        )
    reminder.status = "cancelled"
    return Reply([Text(f"Cancelled reminder #{number}: {shorten(reminder.text, 80)}")])


def remind_again(ctx: Context, args: str) -> Reply:
    """The snooze on a delivered reminder: the same text again in an hour."""
    example = "/remind again 2"
    number = parse_number(split_first(args)[0], "reminder", example)
    original = ctx.session.scalar(
        select(Reminder).where(Reminder.member_id == ctx.member.id, Reminder.number == number)
    )
    if original is None or original.kind != "reminder":
        raise UserError(f"You have no reminder #{number}. /remind list shows them.", example)
    when = ctx.now + timedelta(hours=1)
    return _save(ctx, original.text, when)


REMIND_SUBCOMMANDS: dict[str, Callable[[Context, str], Reply]] = {
    "list": list_reminders,
    "cancel": cancel_reminder,
    "again": remind_again,
}
