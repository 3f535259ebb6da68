"""What a member can do with their own settings: time zone, sharing, forget-me."""

from __future__ import annotations

from dataclasses import dataclass

from core.time.numeric import DateOrder


@dataclass(frozen=True)
class ShowTimezone:
    """The member's time zone and the time there."""


@dataclass(frozen=True)
class SetTimezone:
    """Set the member's time zone from an IANA name (any case; typos get suggestions),
    and/or how they write all-number dates; an empty zone keeps the zone."""

    zone: str
    order: DateOrder | None = None


@dataclass(frozen=True)
class ShowShared:
    """What the member shares with team digests, and how to change it."""


@dataclass(frozen=True)
class ForgetMe:
    """Ask to delete everything (``confirm`` False), then confirm within the window."""

    confirm: bool = False


AccountCommand = ShowTimezone | SetTimezone | ShowShared | ForgetMe
