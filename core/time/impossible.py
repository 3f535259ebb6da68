"""Why a date phrase did not read: a day its month does not have ("31/02/2027", "30 Feb")."""

from __future__ import annotations

import calendar
import re

from core.time.dates import MONTHS, normalize
from core.time.numeric import DateOrder, slashed_parts

_ISO = re.compile(r"(?P<year>[0-9]{4})([-/])(?P<month>[0-9]{1,2})\2(?P<day>[0-9]{1,2})")
_DOTTED = re.compile(r"(?P<day>[0-9]{1,2})\.(?P<month>[0-9]{1,2})\.(?P<year>[0-9]{4})")
_NAMED = [
    re.compile(r"(?P<name>[a-z]+) (?P<day>[0-9]{1,2})(?: (?P<year>[0-9]{4}))?"),
    re.compile(r"(?P<day>[0-9]{1,2}) (?:of )?(?P<name>[a-z]+)(?: (?P<year>[0-9]{4}))?"),
]


def missing_day(text: str, order: DateOrder = DateOrder.DMY) -> str | None:
    """``31 February does not exist`` when the phrase names a day its month lacks; else None."""
    parts = _parts(normalize(text), order)
    if parts is None:
        return None
    day, month, year = parts
    if not 1 <= month <= 12 or day < 1:
        return None
    longest = calendar.monthrange(year or 2000, month)[1]  # 2000: 29 February exists
    if day <= longest:
        return None
    name = calendar.month_name[month]
    when = f" in {year}" if year and month == 2 and day == 29 else ""
    return f"{day} {name} does not exist{when}"


def _parts(phrase: str, order: DateOrder) -> tuple[int, int, int | None] | None:
    """(day, month, year or None) of an all-number or month-name date, however impossible."""
    slashed = slashed_parts(phrase, order)
    if slashed is not None:
        return slashed
    for pattern in (_ISO, _DOTTED):
        match = pattern.fullmatch(phrase)
        if match:
            return int(match["day"]), int(match["month"]), int(match["year"])
    for pattern in _NAMED:
        match = pattern.fullmatch(phrase)
        if match and match["name"] in MONTHS:
            year = int(match["year"]) if match["year"] else None
            return int(match["day"]), MONTHS[match["name"]], year
    return None
