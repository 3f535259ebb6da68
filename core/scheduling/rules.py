"""Recurrence rules on the member's wall clock, turned into UTC instants, DST-safe.

A rule's local wall times come from `dateutil.rrule` (RFC 5545: weekly with an interval,
or monthly on the first-week days); each is then turned into UTC on its own day. A wall
time that does not exist (spring forward) fires at the first valid minute after it; an
ambiguous one (fall back) fires once, at its first occurrence (fold=0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from dateutil.rrule import FR, MO, MONTHLY, SA, SU, TH, TU, WE, WEEKLY, rrule

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
QUARTER_MONTHS = (1, 4, 7, 10)
MAX_SEARCH_DAYS = 800
EPOCH_MONDAY = date(2024, 1, 1)
WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)
FIRST_WEEK = tuple(range(1, 8))  # "first friday of the month": a Friday on days 1-7


@dataclass(frozen=True)
class Rule:
    """Fire on `days` (0 = Monday) at wall time `at`, every `every_weeks` weeks counted
    from the week of `anchor` (or of EPOCH_MONDAY when none was stored); or, when
    `quarterly`, on each of `days` in the first seven days of Jan, Apr, Jul and Oct; or,
    when `monthly`, on each of `days` in the first seven days of every month."""

    days: frozenset[int]
    at: time
    every_weeks: int = 1
    anchor: date | None = None
    quarterly: bool = False
    monthly: bool = False

    def matches(self, day: date) -> bool:
        """Whether the rule fires on this local date."""
        return any(wall.date() == day for wall in recurrence(self, day, day) or ())

    def encode(self) -> str:
        """Compact text form for storage, e.g. ``mon,thu@17:30/2``."""
        days = ",".join(DAY_NAMES[d] for d in sorted(self.days))
        text = f"{days}@{self.at.strftime('%H:%M')}"
        if self.quarterly:
            return text + "/q"
        if self.monthly:
            return text + "/m"
        return text + (f"/{self.every_weeks}" if self.every_weeks > 1 else "")

    @classmethod
    def decode(cls, text: str, anchor: date | None = None) -> Rule:
        """Inverse of `encode`."""
        match = re.fullmatch(r"([a-z,]+)@(\d\d):(\d\d)(?:/(q|m|\d+))?", text)
        if match is None:
            raise ValueError(f"bad rule: {text!r}")
        days = frozenset(DAY_NAMES.index(d) for d in match.group(1).split(","))
        at = time(int(match.group(2)), int(match.group(3)))
        extra = match.group(4)
        if extra == "q":
            return cls(days, at, quarterly=True)
        if extra == "m":
            return cls(days, at, monthly=True)
        every = int(extra or 1)
        if not 1 <= every <= 52:
            raise ValueError(f"bad interval in rule: {text!r}")
        return cls(days, at, every, anchor)

    def describe(self) -> str:
        """Human wording, e.g. ``every 2 weeks on Mon at 10:00``."""
        at = self.at.strftime("%H:%M")
        if self.quarterly:
            return f"quarterly, first {_day_list(self.days)} of Jan/Apr/Jul/Oct at {at}"
        if self.monthly:
            return f"monthly, first {_day_list(self.days)} of the month at {at}"
        if self.days == frozenset(range(5)):
            when = "weekdays"
        elif self.days == frozenset(range(7)):
            when = "every day"
        else:
            when = _day_list(self.days)
        every = f"every {self.every_weeks} weeks on " if self.every_weeks > 1 else ""
        return f"{every}{when} at {at}"


def _day_list(days: frozenset[int]) -> str:
    return ", ".join(DAY_NAMES[d].capitalize() for d in sorted(days))


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def wall_to_utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant for a local wall time; nonexistent times move to the next valid minute."""
    naive = datetime.combine(day, at)
    for minutes in range(0, 24 * 60):
        candidate = naive + timedelta(minutes=minutes)
        aware = candidate.replace(tzinfo=tz, fold=0)
        if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == candidate:
            return aware.astimezone(UTC)
    raise ValueError(f"no valid wall time after {naive} in {tz}")  # pragma: no cover


@lru_cache(maxsize=512)  # a tick plans many schedules with the same rule on the same day
def recurrence(rule: Rule, start: date, until: date) -> rrule | None:
    """The rule as an RFC 5545 recurrence of local wall times up to `until`, from about
    `start` (a weekly rule starts on the Monday of `start`'s week, or of the last week
    before it that the interval is on); None when it names no day. Cached once computed."""
    if not rule.days:
        return None
    last = datetime.combine(until, time.max)
    return (
        _first_week(rule, start, last)
        if rule.quarterly or rule.monthly
        else _weekly(rule, start, last)
    )


def _first_week(rule: Rule, start: date, last: datetime) -> rrule:
    """FREQ=MONTHLY;BYMONTHDAY=1..7;BYDAY=...: the rule's days in each month's (or each
    quarter's first month's) first seven days."""
    first = datetime.combine(start, time.min)
    months = QUARTER_MONTHS if rule.quarterly else None
    return _wall_times(rule, MONTHLY, first, last, bymonth=months, bymonthday=FIRST_WEEK)


def _weekly(rule: Rule, start: date, last: datetime) -> rrule:
    """FREQ=WEEKLY;INTERVAL=n;BYDAY=...: the interval counted from the anchor's week."""
    weeks = (_monday(start) - _monday(rule.anchor or EPOCH_MONDAY)).days // 7
    interval = max(rule.every_weeks, 1)
    first_week = _monday(start) - timedelta(weeks=weeks % interval)  # a week the rule is on
    return _wall_times(rule, WEEKLY, datetime.combine(first_week, time.min), last, interval)


def _wall_times(
    rule: Rule,
    freq: Literal[1, 2],  # MONTHLY or WEEKLY
    first: datetime,
    last: datetime,
    interval: int = 1,
    bymonth: tuple[int, ...] | None = None,
    bymonthday: tuple[int, ...] | None = None,
) -> rrule:
    """The recurrence on the rule's days at its wall time (weeks start on Monday)."""
    return rrule(
        freq,
        first,
        interval,
        wkst=MO,
        until=last,
        bymonth=bymonth,
        bymonthday=bymonthday,
        byweekday=[WEEKDAYS[day] for day in sorted(rule.days)],
        byhour=rule.at.hour,
        byminute=rule.at.minute,
        bysecond=0,
        cache=True,
    )


def next_occurrence(rule: Rule, tz: ZoneInfo, after: datetime) -> datetime | None:
    """The first firing strictly after `after` (aware), as UTC; None if none is near."""
    local_day = after.astimezone(tz).date() - timedelta(days=1)
    wall_times = recurrence(rule, local_day, local_day + timedelta(days=MAX_SEARCH_DAYS))
    for wall in wall_times or ():
        fire = wall_to_utc(wall.date(), wall.time(), tz)
        if fire > after:
            return fire
    return None


def occurrences_between(
    rule: Rule, tz: ZoneInfo, start: datetime, end: datetime, limit: int = 1000
) -> list[datetime]:
    """Firings in [start, end], oldest first, at most `limit` (the newest ones kept)."""
    first = start.astimezone(tz).date() - timedelta(days=1)
    wall_times = recurrence(rule, first, end.astimezone(tz).date() + timedelta(days=1))
    fires = (wall_to_utc(wall.date(), wall.time(), tz) for wall in wall_times or ())
    return [fire for fire in fires if start <= fire <= end][-limit:]


def previous_occurrence(rule: Rule, tz: ZoneInfo, before: datetime) -> datetime | None:
    """The last firing strictly before `before` (aware), as UTC; None if none is near."""
    last = before.astimezone(tz).date() + timedelta(days=1)
    for days_back in (8, 100, MAX_SEARCH_DAYS):  # most rules fire within a week
        wall_times = recurrence(rule, last - timedelta(days=days_back), last)
        fires = [wall_to_utc(wall.date(), wall.time(), tz) for wall in wall_times or ()]
        earlier = [fire for fire in fires if fire < before]
        if earlier:
            return earlier[-1]
    return None
