"""Habits: commitments that repeat on weekdays (``... every weekday``), each day kept or
missed on the member's local day, with a streak that vacations neither break nor grow."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from core.context import Context
from core.errors import UserError
from core.services.recurrence_text import parse_days
from core.services.streaks import count_streak, paused_days
from core.storage.models import Commitment, HabitDay

HABIT_EXAMPLE = "/commit Study 30 minutes every weekday"
_EVERY = re.compile(r"\s+every\s+(\S+)\s*$", re.IGNORECASE)
_WORDS = {"weekday": "weekdays", "workday": "workdays"}
DAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def split_repeat(text: str) -> tuple[str, frozenset[int] | None]:
    """A trailing ``every weekday|day|monday|mon,thu`` off a commitment's text, as
    weekday numbers; None (and the text as it is) when it does not name days."""
    match = _EVERY.search(text)
    if match is None:
        return text, None
    word = match.group(1).lower().rstrip(".")
    try:
        days = parse_days(_WORDS.get(word, word), "text")
    except UserError:
        return text, None  # "Read every book" is not a habit
    return text[: match.start()].strip(), days


def encode_days(days: frozenset[int]) -> str:
    """Weekday numbers as stored: ``0,3``."""
    return ",".join(str(d) for d in sorted(days))


def habit_days(commitment: Commitment) -> frozenset[int]:
    """The weekdays a habit is on (empty for a one-off commitment)."""
    return frozenset(int(d) for d in (commitment.repeat_days or "").split(",") if d)


def describe_days(days: frozenset[int]) -> str:
    """``every day``, ``every weekday`` or ``every Mon, Thu``."""
    if len(days) == 7:
        return "every day"
    if days == frozenset(range(5)):
        return "every weekday"
    return "every " + ", ".join(DAY_LABELS[d] for d in sorted(days))


def record_day(ctx: Context, commitment: Commitment, kept: bool) -> None:
    """Mark today, on the member's local day, kept or missed (a second answer replaces it)."""
    days = habit_days(commitment)
    if ctx.today.weekday() not in days:
        raise UserError(
            f"Habit #{commitment.number} is not on today ({describe_days(days)}).",
            HABIT_EXAMPLE,
            "number",
        )
    found = ctx.session.scalar(
        select(HabitDay).where(
            HabitDay.commitment_id == commitment.id, HabitDay.local_date == ctx.today
        )
    )
    if found is None:
        found = HabitDay(
            member_id=ctx.member.id,
            commitment_id=commitment.id,
            local_date=ctx.today,
            created_at=ctx.now,
        )
        ctx.session.add(found)
    found.kept = kept
    ctx.session.flush()


def habit_streak(ctx: Context, commitment: Commitment) -> int:
    """Kept days in a row, ending today (or the last day before it, while today is open);
    a missed day breaks it, days the habit is not on and paused days are passed over."""
    start = commitment.created_at.astimezone(ctx.tz).date()
    answers = ctx.session.execute(
        select(HabitDay.local_date, HabitDay.kept)
        .where(HabitDay.commitment_id == commitment.id)
        .order_by(HabitDay.local_date.desc())
    ).all()
    kept = [day for day, was_kept in answers if was_kept]
    missed = frozenset(day for day, was_kept in answers if not was_kept)
    skipped = paused_days(ctx, start, ctx.today) | _off_days(
        habit_days(commitment), start, ctx.today
    )
    return count_streak(kept, ctx.today, skipped, missed)


def _off_days(days: frozenset[int], since: date, until: date) -> frozenset[date]:
    return frozenset(
        since + timedelta(days=n)
        for n in range((until - since).days + 1)
        if (since + timedelta(days=n)).weekday() not in days
    )
