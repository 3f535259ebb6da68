"""Exports written before a column existed, brought up to date before they are imported
(a column with a database default needs nothing here)."""

from __future__ import annotations

from typing import Any


def number_old_pauses(member: dict[str, Any], tables: dict[str, Any]) -> None:
    """A file from before pauses had numbers (migration 0018): number them in order of
    their first day, as the migration does, and start the member's counter after them."""
    found = tables.get("pauses")
    rows = [row for row in found if isinstance(row, dict)] if isinstance(found, list) else []
    numbers = [row["number"] for row in rows if isinstance(row.get("number"), int)]
    last = max(numbers, default=0)
    unnumbered = [row for row in rows if "number" not in row]
    for row in sorted(unnumbered, key=lambda row: str(row.get("start_date"))):
        last += 1
        row["number"] = last
    member.setdefault("pause_seq", last)
