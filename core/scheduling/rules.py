"""Recurrence rules on the member's wall clock, turned into UTC instants, DST-safe.

A wall time that does not exist (spring forward) fires at the first valid minute after
it; an ambiguous one (fall back) fires once, at its first occurrence (fold=0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
QUARTER_MONTHS = (1, 4, 7, 10)
MAX_SEARCH_DAYS = 800
EPOCH_MONDAY = date(2024, 1, 1)


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
        if day.weekday() not in self.days:
            return False
        if self.quarterly:
            return day.month in QUARTER_MONTHS and day.day <= 7
        if self.monthly:
            return day.day <= 7
        if self.every_weeks <= 1:
            return True
        weeks = (_monday(day) - _monday(self.anchor or EPOCH_MONDAY)).days // 7
        return weeks % self.every_weeks == 0

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


def next_occurrence(rule: Rule, tz: ZoneInfo, after: datetime) -> datetime | None:
    """The first firing strictly after `after` (aware), as UTC; None if none is near."""
    local_day = after.astimezone(tz).date() - timedelta(days=1)
    for offset in range(MAX_SEARCH_DAYS):
        day = local_day + timedelta(days=offset)
        if not rule.matches(day):
            continue
        fire = wall_to_utc(day, rule.at, tz)
        if fire > after:
            return fire
    return None


def occurrences_between(
    rule: Rule, tz: ZoneInfo, start: datetime, end: datetime, limit: int = 1000
) -> list[datetime]:
    """Firings in [start, end], oldest first, at most `limit` (the newest ones kept)."""
    found: list[datetime] = []
    current = next_occurrence(rule, tz, start - timedelta(microseconds=1))
    while current is not None and current <= end:
        found.append(current)
        current = next_occurrence(rule, tz, current)
    return found[-limit:]


def previous_occurrence(rule: Rule, tz: ZoneInfo, before: datetime) -> datetime | None:
    """The last firing strictly before `before` (aware), as UTC; None if none is near."""
    local_day = before.astimezone(tz).date() + timedelta(days=1)
    for offset in range(MAX_SEARCH_DAYS):
        day = local_day - timedelta(days=offset)
        if not rule.matches(day):
            continue
        fire = wall_to_utc(day, rule.at, tz)
        if fire < before:
            return fire
    return None
