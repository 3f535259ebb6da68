"""What a member can take away: a brag document or all their data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportBrag:
    """The brag document for a year (None: the member's current year)."""

    year: int | None = None


@dataclass(frozen=True)
class ExportJson:
    """Everything the member owns, as JSON."""


ExportCommand = ExportBrag | ExportJson
