"""/checkin and /vacation: when check-ins arrive, and when nothing should."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import select

from core import dates
from core.context import Context
from core.errors import UserError
from core.messages import Fields, Header, Items, Reply, Text
from core.models import Pause, Reminder, Schedule
from core.parsing import pick_subcommand, shorten
from core.scheduling.planner import member_schedule, plan
from core.scheduling.rules import DAY_NAMES, Rule
from core.when import parse_time

SET_EXAMPLE = "/checkin set mon,thu 17:30"
VACATION_EXAMPLE = "/vacation 2026-12-20 to 2026-12-28"
_EVERY = re.compile(r"^every (\d{1,2}) weeks?\s+", re.IGNORECASE)


def local_time_text(ctx: Context, when: datetime | None) -> str:
    """An instant on the member's wall clock, e.g. ``Fri 27 Nov 16:00 (Europe/Berlin)``."""
    if when is None:
        return "not scheduled"
    local = when.astimezone(ctx.tz)
    return f"{local.strftime('%a %d %b %Y %H:%M')} ({ctx.member.tz})"


def handle_checkin(ctx: Context, args: str) -> Reply:
    """Show, set, turn off/on, pause, resume, snooze or skip check-ins."""
    handler, rest = pick_subcommand(CHECKIN_SUBCOMMANDS, args, "checkin", SET_EXAMPLE, "show")
    return handler(ctx, rest)


def show_checkins(ctx: Context) -> Reply:
    """The member's schedules, next firings in local time, and pauses."""
    checkin = member_schedule(ctx.session, ctx.member, "checkin", ctx.now)
    review = member_schedule(ctx.session, ctx.member, "review", ctx.now)
    rows = [
        ("Check-in", _describe(checkin)),
        ("Next check-in", local_time_text(ctx, checkin.next_fire_at)),
        ("Plan review", _describe(review)),
        ("Next review", local_time_text(ctx, review.next_fire_at)),
    ]
    pauses = upcoming_pauses(ctx)
    reply = Reply([Header("Your check-ins"), Fields(tuple(rows))])
    if pauses:
        reply.add(Items("Paused (nothing is sent)", tuple(_pause_text(p) for p in pauses)))
    reply.add(Text(f"Change it: {SET_EXAMPLE}, /checkin off, {VACATION_EXAMPLE}"))
    return reply


def _describe(schedule: Schedule) -> str:
    rule = Rule.decode(schedule.rule, schedule.anchor).describe()
    return rule if schedule.enabled else f"off (was {rule})"


def _pause_text(pause: Pause) -> str:
    return f"{pause.start_date.isoformat()} to {pause.end_date.isoformat()}"


def set_checkin(ctx: Context, args: str) -> Reply:
    """``/checkin set weekdays 09:00`` and friends."""
    rule = parse_rule(args, ctx.today)
    schedule = member_schedule(ctx.session, ctx.member, "checkin", ctx.now)
    schedule.rule, schedule.anchor, schedule.enabled = rule.encode(), rule.anchor, True
    plan(schedule, ctx.member, ctx.now)
    review = member_schedule(ctx.session, ctx.member, "review", ctx.now)
    if not review.enabled:  # whoever asks for check-ins gets the quarterly review too
        review.enabled = True
        plan(review, ctx.member, ctx.now)
    return Reply(
        [
            Text(f"Check-ins set: {rule.describe()}, your time ({ctx.member.tz})."),
            Text(f"Next one: {local_time_text(ctx, schedule.next_fire_at)}."),
        ]
    )


def parse_rule(text: str, today: date) -> Rule:
    """Read ``weekdays 09:00``, ``mon,thu 17:30``, ``fri 16:00 weekly``,
    ``every 2 weeks mon 10:00`` or ``daily 8am``."""
    spec = " ".join(text.lower().split())
    every = 1
    match = _EVERY.match(spec)
    if match:
        every = int(match.group(1))
        spec = spec[match.end() :]
    words = [w for w in spec.replace(" at ", " ").split() if w != "weekly"]
    if len(words) < 2 or not 1 <= every <= 12:
        raise UserError("Tell me the days and the time of your check-ins.", SET_EXAMPLE)
    at = parse_time(" ".join(words[1:]))
    if at is None:
        raise UserError(
            f"I could not read “{shorten(' '.join(words[1:]), 20)}” as a time.", SET_EXAMPLE
        )
    days = parse_days(words[0])
    anchor = today if every > 1 else None
    return Rule(days, at, every, anchor)


def parse_days(word: str) -> frozenset[int]:
    """``weekdays``, ``daily``, ``mon,thu`` or ``monday`` into weekday numbers."""
    if word in ("weekdays", "workdays"):
        return frozenset(range(5))
    if word in ("daily", "everyday", "day"):
        return frozenset(range(7))
    days: set[int] = set()
    for part in filter(None, word.split(",")):
        prefix = part[:3]
        if prefix not in DAY_NAMES or not DAY_NAMES_FULL[DAY_NAMES.index(prefix)].startswith(part):
            raise UserError(f"“{shorten(part, 15)}” is not a day of the week.", SET_EXAMPLE)
        days.add(DAY_NAMES.index(prefix))
    if not days:
        raise UserError("Name at least one day.", SET_EXAMPLE)
    return frozenset(days)


DAY_NAMES_FULL = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def turn_checkins(ctx: Context, on: bool) -> Reply:
    """Switch check-ins (and plan reviews) off or back on."""
    for kind in ("checkin", "review"):
        schedule = member_schedule(ctx.session, ctx.member, kind, ctx.now)
        schedule.enabled = on
        plan(schedule, ctx.member, ctx.now)
    if not on:
        return Reply([Text("Check-ins are off. /checkin on brings them back.")])
    checkin = member_schedule(ctx.session, ctx.member, "checkin", ctx.now)
    return Reply([Text(f"Check-ins are on. Next: {local_time_text(ctx, checkin.next_fire_at)}.")])


def pause_until(ctx: Context, args: str) -> Reply:
    """``/checkin pause until 2026-12-28``: from today through that date."""
    text = re.sub(r"^until\s+", "", args.strip(), flags=re.IGNORECASE)
    end = _date(ctx, text, "/checkin pause until 2026-12-28")
    return add_pause(ctx, ctx.today, end)


def handle_vacation(ctx: Context, args: str) -> Reply:
    """``/vacation 2026-12-20 to 2026-12-28``, ``/vacation`` lists, ``/vacation cancel``."""
    text = args.strip()
    if not text:
        pauses = upcoming_pauses(ctx)
        lines = tuple(_pause_text(p) for p in pauses)
        return Reply([Items("Your vacations and pauses", lines, f"none. {VACATION_EXAMPLE}")])
    if text.lower() == "cancel":
        return resume(ctx, "")
    parts = re.split(r"\s+(?:to|until|through|-|–)\s+", text, maxsplit=1)
    if len(parts) != 2:
        raise UserError("Give the first and the last day of your vacation.", VACATION_EXAMPLE)
    start_text, end_text = parts
    start = _date(ctx, start_text, VACATION_EXAMPLE)
    end = _date(ctx, end_text, VACATION_EXAMPLE)
    return add_pause(ctx, start, end)


def _date(ctx: Context, text: str, example: str) -> date:
    parsed = dates.parse_date(text, ctx.today)
    if parsed is None:
        raise UserError(f"I could not read “{shorten(text, 30) or 'nothing'}” as a date.", example)
    return parsed


def add_pause(ctx: Context, start: date, end: date) -> Reply:
    """Record a pause; nothing is sent and streaks hold still on those days."""
    if end < start:
        raise UserError("The last day comes before the first.", VACATION_EXAMPLE)
    if end < ctx.today:
        raise UserError("That is already over.", VACATION_EXAMPLE)
    if (end - start).days > 366:
        raise UserError("A pause can last up to a year. /checkin off stops check-ins for good.")
    ctx.session.add(
        Pause(member_id=ctx.member.id, start_date=start, end_date=end, created_at=ctx.now)
    )
    return Reply(
        [
            Text(f"🌴 Paused from {start.isoformat()} to {end.isoformat()} (your dates)."),
            Text(
                "No check-ins or due-date reminders then; your streak neither breaks nor grows. "
                "Your own reminders wait until you are back."
            ),
        ]
    )


def upcoming_pauses(ctx: Context) -> list[Pause]:
    """Pauses that have not ended yet, soonest first."""
    return list(
        ctx.session.scalars(
            select(Pause)
            .where(Pause.member_id == ctx.member.id, Pause.end_date >= ctx.today)
            .order_by(Pause.start_date)
        )
    )


def resume(ctx: Context, _args: str) -> Reply:
    """End the current pause today and drop future ones."""
    for pause in upcoming_pauses(ctx):
        if pause.start_date >= ctx.today:
            ctx.session.delete(pause)
        else:
            pause.end_date = ctx.today - timedelta(days=1)
    return Reply([Text("Welcome back. Check-ins and reminders are on again.")])


def snooze(ctx: Context, args: str) -> Reply:
    """Send the check-in again in an hour, or tomorrow at the same time."""
    choice = args.strip().lower() or "1h"
    if choice in ("1h", "hour", "1 hour", "an hour"):
        when = ctx.now + timedelta(hours=1)
    elif choice in ("tomorrow", "1d"):
        when = ctx.now + timedelta(days=1)
    else:
        raise UserError("Snooze for an hour or until tomorrow.", "/checkin snooze tomorrow")
    ctx.session.add(
        Reminder(
            member_id=ctx.member.id,
            kind="snooze",
            text="",
            due_at=when,
            status="pending",
            created_at=ctx.now,
        )
    )
    return Reply([Text(f"Snoozed. I'll ask again {local_time_text(ctx, when)}.")])


def skip(ctx: Context, _args: str) -> Reply:
    """Let this check-in go unanswered, without guilt."""
    ctx.member.awaiting_prompt_key = None
    ctx.member.awaiting_since = None
    checkin = member_schedule(ctx.session, ctx.member, "checkin", ctx.now)
    return Reply([Text(f"Skipped. Next check-in: {local_time_text(ctx, checkin.next_fire_at)}.")])


def answer_hint(ctx: Context, _args: str) -> Reply:
    """What the Answer button says where there is no form to open."""
    return Reply([Text("Type your answer as a message; it goes into your journal.")])


CHECKIN_SUBCOMMANDS: dict[str, Callable[[Context, str], Reply]] = {
    "show": lambda ctx, _args: show_checkins(ctx),
    "set": set_checkin,
    "off": lambda ctx, _args: turn_checkins(ctx, False),
    "on": lambda ctx, _args: turn_checkins(ctx, True),
    "pause": pause_until,
    "resume": resume,
    "snooze": snooze,
    "skip": skip,
    "answer": answer_hint,
}
