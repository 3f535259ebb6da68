"""``/export brag [html] [year] [--shared-only]`` and ``/export json`` text to export
commands."""

from __future__ import annotations

from datetime import date

from core.commands.export import BragFormat, ExportBrag, ExportCommand, ExportJson
from core.errors import UserError
from core.parsing import split_first, take_flag

EXAMPLE = "/export brag 2026"
SHARED_ONLY = "--shared-only"
FORMAT_WORDS = {"html": BragFormat.HTML, "markdown": BragFormat.MARKDOWN, "md": BragFormat.MARKDOWN}


def parse_export(args: str, _today: date) -> ExportCommand:
    """A bare /export is the brag document for this year, in Markdown."""
    kind, rest = split_first(args)
    if kind in ("brag", ""):
        return parse_brag(rest)
    if kind == "json":
        return ExportJson()
    raise UserError("I can export a brag document (brag) or all your data (json).", EXAMPLE)


def parse_brag(text: str) -> ExportBrag:
    """The format word (html, markdown) and the year may come in either order."""
    rest, shared_only = take_flag(text, SHARED_ONLY)
    words = rest.split()
    formats = [FORMAT_WORDS[w.lower()] for w in words if w.lower() in FORMAT_WORDS]
    year = " ".join(w for w in words if w.lower() not in FORMAT_WORDS)
    brag_format = formats[0] if formats else BragFormat.MARKDOWN
    return ExportBrag(parse_year(year), shared_only, brag_format)


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
