"""``/import``: a member's own ``/export json`` file loaded back into their account."""

from __future__ import annotations

from dataclasses import dataclass

IMPORT_EXAMPLE = "/import ~/coachbot-alice.json"


@dataclass(frozen=True)
class ImportFile:
    """A file the member named; only a front end on their machine (the console) can read
    it, and turns it into ImportExport."""

    path: str


@dataclass(frozen=True)
class ImportExport:
    """An export file's bytes, read by the front end, to load into the member's account
    (bytes: an error reply gives back what the member typed, never the whole file)."""

    filename: str
    content: bytes


ImportCommand = ImportFile | ImportExport
