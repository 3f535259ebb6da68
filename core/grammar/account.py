"""``/tz``, ``/share`` and ``/forget-me`` text to account commands."""

from __future__ import annotations

from datetime import date

from core.commands.account import ForgetMe, SetTimezone, ShowShared, ShowTimezone
from core.parsing import split_first


def parse_tz(args: str, _today: date) -> ShowTimezone | SetTimezone:
    """``/tz`` shows the zone; ``/tz Europe/Berlin`` sets it."""
    zone = args.strip()
    return SetTimezone(zone) if zone else ShowTimezone()


def parse_share(_args: str, _today: date) -> ShowShared:
    """``/share`` takes no arguments."""
    return ShowShared()


def parse_forget_me(args: str, _today: date) -> ForgetMe:
    """``/forget-me`` asks; ``/forget-me confirm`` deletes."""
    return ForgetMe(confirm=split_first(args)[0] == "confirm")
