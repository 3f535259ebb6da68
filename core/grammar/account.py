"""``/tz``, ``/share`` and ``/forget-me`` text to account commands."""

from __future__ import annotations

import re
from datetime import date

from core.commands.account import ForgetMe, SetTimezone, ShowShared, ShowTimezone
from core.errors import UserError
from core.parsing import shorten, split_first
from core.time.numeric import DateOrder

TZ_ORDER_EXAMPLE = "/tz Europe/Berlin order dmy"
_ORDER = re.compile(r"(?:^|\s)(?:date\s+)?order\s*(?P<order>\S*)\s*$", re.IGNORECASE)


def parse_tz(args: str, _today: date) -> ShowTimezone | SetTimezone:
    """``/tz`` shows the zone; ``/tz Europe/Berlin`` sets it; ``/tz [zone] order mdy``
    also says how the member writes all-number dates (day or month first)."""
    zone, order = args.strip(), None
    match = _ORDER.search(zone)
    if match is not None:
        order = _date_order(match["order"])
        zone = zone[: match.start()].strip()
    return SetTimezone(zone, order) if zone or order else ShowTimezone()


def _date_order(word: str) -> DateOrder:
    """``dmy`` or ``mdy`` (also ``day-first`` / ``month-first``), else a UserError."""
    word = word.lower().replace("/", "").replace("-", "")
    found = {"dmy": DateOrder.DMY, "ddmm": DateOrder.DMY, "dayfirst": DateOrder.DMY}
    found |= {"mdy": DateOrder.MDY, "mmdd": DateOrder.MDY, "monthfirst": DateOrder.MDY}
    if word not in found:
        raise UserError(
            f"“{shorten(word, 15) or 'nothing'}” is not a date order: say dmy (15/12/2027, "
            "day first) or mdy (12/15/2027, month first).",
            TZ_ORDER_EXAMPLE,
            "order",
        )
    return found[word]


def parse_share(_args: str, _today: date) -> ShowShared:
    """``/share`` takes no arguments."""
    return ShowShared()


def parse_forget_me(args: str, _today: date) -> ForgetMe:
    """``/forget-me`` asks; ``/forget-me confirm`` deletes."""
    return ForgetMe(confirm=split_first(args)[0] == "confirm")
