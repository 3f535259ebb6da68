"""``/import <path>`` text to an import command."""

from __future__ import annotations

from datetime import date

from core.commands.importing import IMPORT_EXAMPLE, ImportFile
from core.errors import UserError


def parse_import(args: str, _today: date) -> ImportFile:
    """The rest of the line is the file's path (it may contain spaces)."""
    path = args.strip()
    if not path:
        raise UserError("Name the /export json file to import.", IMPORT_EXAMPLE, "path")
    return ImportFile(path)
