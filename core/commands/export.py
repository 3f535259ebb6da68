"""What a member can take away: a brag document or all their data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class BragFormat(StrEnum):
    """How the brag document is written out."""

    MARKDOWN = "markdown"
    HTML = "html"


@dataclass(frozen=True)
class ExportBrag:
    """The brag document for a year (None: the member's current year); with shared_only,
    private goals and wins are left out instead of marked."""

    year: int | None = None
    shared_only: bool = False
    format: BragFormat = BragFormat.MARKDOWN


@dataclass(frozen=True)
class ExportJson:
    """Everything the member owns, as JSON."""


ExportCommand = ExportBrag | ExportJson
