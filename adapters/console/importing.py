"""``/import PATH`` in the console: the file is read here, on the member's own machine."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from core import grammar
from core.commands.importing import IMPORT_EXAMPLE, ImportExport, ImportFile
from core.errors import UserError
from core.parsing import shorten


def import_command(line: str, today: date) -> ImportExport | None:
    """The file a ``/import PATH`` line names, read from disk; None for any other line
    (the core answers those, and a bare /import, itself)."""
    try:
        command = grammar.parse(line, today)
    except UserError:
        return None
    if not isinstance(command, ImportFile):
        return None
    path = Path(command.path).expanduser()
    try:
        return ImportExport(path.name, path.read_bytes())
    except OSError as error:
        why = (error.strerror or type(error).__name__).lower()
        raise UserError(
            f"Nothing was imported: I cannot read {shorten(str(path), 80)} ({why}).",
            IMPORT_EXAMPLE,
            "path",
        ) from None
