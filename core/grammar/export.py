"""``/export brag [year]`` and ``/export json`` text to export commands."""

from __future__ import annotations

from datetime import date

from core.commands.export import ExportBrag, ExportCommand, ExportJson
from core.errors import UserError
from core.parsing import split_first

EXAMPLE = "/export brag 2026"


def parse_export(args: str, _today: date) -> ExportCommand:
    """A bare /export is the brag document for this year."""
    kind, rest = split_first(args)
    if kind in ("brag", ""):
        return ExportBrag(parse_year(rest))
    if kind == "json":
        return ExportJson()
    raise UserError("I can export a brag document (brag) or all your data (json).", EXAMPLE)


def parse_year(text: str) -> int | None:
    """A year as digits, or None when none is given; the handler checks its range."""
    word = text.strip()
    if not word:
        return None
    if word.isascii() and word.isdigit():
        return int(word)
    raise UserError(not_a_year(word), EXAMPLE, field="year")


def not_a_year(word: str) -> str:
    """The message for a year that cannot be exported."""
    return f"“{word[:20]}” is not a year I can export."
