"""All-number dates written with slashes: ``15/12``, ``15/12/2027``, ``12/15/2027``.

Day first unless the member chose month first (``/tz ... order mdy``); a date that can
only be read one way (a first number above 12) is read that way whatever the order.
"""

from __future__ import annotations

import re
from enum import StrEnum


class DateOrder(StrEnum):
    """How a member writes an all-number date."""

    DMY = "dmy"
    MDY = "mdy"


_SLASHED = re.compile(r"(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})(?:/(?P<year>[0-9]{4}))?")


def slashed_parts(phrase: str, order: DateOrder) -> tuple[int, int, int | None] | None:
    """(day, month, year or None) of ``15/12`` or ``15/12/2027``; None when it is not one."""
    match = _SLASHED.fullmatch(phrase)
    if match is None:
        return None
    day, month = _day_and_month(int(match["a"]), int(match["b"]), order)
    return day, month, int(match["year"]) if match["year"] else None


def _day_and_month(first: int, second: int, order: DateOrder) -> tuple[int, int]:
    """(day, month): the member's order, unless only the other one makes a date."""
    if first > 12 >= second:
        return first, second
    if second > 12 >= first:
        return second, first
    return (first, second) if order is DateOrder.DMY else (second, first)
