"""Recurrence phrases of check-ins and digests ("every other monday 10:00") into rules."""

from __future__ import annotations

import re
from datetime import date, time

from core.commands.checkins import SET_EXAMPLE
from core.errors import UserError
from core.parsing import shorten
from core.scheduling.rules import DAY_NAMES, Rule
from core.time.when import parse_time

DAY_NAMES_FULL = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_EVERY_WEEKS = 12
_EVERY = re.compile(r"^every (?:(?P<n>\d{1,2}) weeks?|(?P<other>other)(?: weeks?)?) (?:on )?")
_EACH = re.compile(r"^(?:every|each) (?:on )?")
_FIRST = re.compile(
    r"^(?:the )?first (?P<days>\S+) (?:of|in) (?:the |each |every )?(?P<period>month|quarter) "
)
_WEEKDAYS = {"weekday", "weekdays", "workday", "workdays"}
_EVERY_DAY = {"daily", "everyday", "day", "days"}


def parse_rule(text: str, today: date, field: str | None = "rule") -> Rule:
    """Read ``weekdays 09:00``, ``mon,thu 17:30``, ``fri 16:00 weekly``, ``daily 8am``,
    ``every friday at 4pm``, ``every weekday 9:00``, ``every other monday 10:00``,
    ``every 2 weeks mon 10:00`` or ``first friday of the month 16:00``; a UserError
    names `field`. An interval of weeks counts from the week of `today`."""
    spec = " ".join(text.lower().split())
    first = _FIRST.match(spec)
    if first is not None:
        at = _time(spec[first.end() :], field)
        days = parse_days(first["days"], field)
        quarterly = first["period"] == "quarter"
        return Rule(days, at, quarterly=quarterly, monthly=not quarterly)
    every, spec = _interval(spec, field)
    words = [w for w in spec.replace(" at ", " ").split() if w != "weekly"]
    if len(words) < 2:
        raise UserError("Tell me the days and the time of your check-ins.", SET_EXAMPLE, field)
    at = _time(" ".join(words[1:]), field)
    days = parse_days(words[0], field)
    return Rule(days, at, every, today if every > 1 else None)


def _interval(spec: str, field: str | None) -> tuple[int, str]:
    """Weeks between firings (``every 2 weeks``, ``every other``), and the rest."""
    match = _EVERY.match(spec)
    if match is None:
        each = _EACH.match(spec)
        return 1, spec[each.end() :] if each else spec
    every = 2 if match["other"] else int(match["n"])
    if not 1 <= every <= MAX_EVERY_WEEKS:
        raise UserError(f"Check-ins can be every 1 to {MAX_EVERY_WEEKS} weeks.", SET_EXAMPLE, field)
    return every, spec[match.end() :]


def _time(text: str, field: str | None) -> time:
    """A wall-clock time, or a UserError that shows what was not read."""
    at = parse_time(text)
    if at is None:
        raise UserError(f"I could not read “{shorten(text, 20)}” as a time.", SET_EXAMPLE, field)
    return at


def _day_number(word: str) -> int | None:
    """0 for "mon", "monday" or any start of it from three letters; None otherwise."""
    prefix = word[:3]
    if prefix not in DAY_NAMES or not DAY_NAMES_FULL[DAY_NAMES.index(prefix)].startswith(word):
        return None
    return DAY_NAMES.index(prefix)


def parse_days(word: str, field: str | None = "rule") -> frozenset[int]:
    """``weekdays``, ``daily``, ``mon,thu``, ``monday`` or ``mondays`` into weekday
    numbers."""
    if word in _WEEKDAYS:
        return frozenset(range(5))
    if word in _EVERY_DAY:
        return frozenset(range(7))
    days: set[int] = set()
    for part in filter(None, word.split(",")):
        day = _day_number(part)
        if day is None and part.endswith("s"):  # "fridays"
            day = _day_number(part[:-1])
        if day is None:
            raise UserError(f"“{shorten(part, 15)}” is not a day of the week.", SET_EXAMPLE, field)
        days.add(day)
    if not days:
        raise UserError("Name at least one day.", SET_EXAMPLE, field)
    return frozenset(days)
