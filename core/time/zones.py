"""IANA time zone names: validation and suggestions for typos."""

from __future__ import annotations

import difflib
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from core.errors import UserError

EXAMPLE = "/tz Europe/Berlin"


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    """Lower-cased name -> canonical name, for every zone tzdata knows."""
    return {name.lower(): name for name in available_timezones() if "/" in name or name == "UTC"}


def is_valid_timezone(name: str) -> bool:
    """Whether `name` is a known IANA zone."""
    return name.lower() in _zones()


def canonical_timezone(name: str) -> str:
    """Return the canonical spelling of a zone name or raise a UserError with suggestions."""
    cleaned = name.strip().replace(" ", "_")
    if not cleaned:
        raise UserError("Tell me your time zone as an IANA name.", EXAMPLE)
    found = _zones().get(cleaned.lower())
    if found is not None:
        return found
    suggestions = suggest_timezones(cleaned)
    hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise UserError(f"“{cleaned[:64]}” is not a time zone I know.{hint}", EXAMPLE)


def suggest_timezones(text: str, limit: int = 3) -> list[str]:
    """Zones that look like `text`: same city first, then close spellings."""
    needle = text.strip().lower().replace(" ", "_")[:64]
    if not needle:
        return []
    zones = _zones()
    by_city = sorted(v for k, v in zones.items() if k.rsplit("/", 1)[-1].startswith(needle))
    close = difflib.get_close_matches(needle, list(zones), n=limit, cutoff=0.6)
    cities = {k.rsplit("/", 1)[-1]: v for k, v in zones.items()}
    close += difflib.get_close_matches(needle.rsplit("/", 1)[-1], list(cities), n=limit)
    ordered = by_city + [zones.get(c) or cities[c] for c in close]
    return list(dict.fromkeys(ordered))[:limit]


def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for a stored zone name, falling back to UTC if tzdata lost it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
