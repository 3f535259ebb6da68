"""Member input as every database can store it, before anything reads or stores it.

PostgreSQL refuses NUL in text and no driver can encode a lone surrogate (what an
undecodable byte becomes when a terminal or a JSON payload carries it), so the entry point
cleans every string a member gave and tells them what it changed."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import TypeVar

from core.parsing import count_of

# C0/C1 control characters (NUL, escapes, bells) other than tab and newlines, and whole
# terminal colour sequences (ESC [ ... m), as pasted from a shell.
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

T = TypeVar("T")


@dataclass
class Changes:
    """What cleaning changed: control characters left out, unreadable characters replaced."""

    controls: int = 0
    unreadable: int = 0

    def note(self) -> str | None:
        """A word to the member about what changed, or None when nothing did."""
        notes = []
        if self.controls:
            notes.append(
                f"I left out {count_of(self.controls, 'control character')} "
                "(such as NUL or a terminal colour code), which cannot be stored."
            )
        if self.unreadable:
            notes.append(
                f"{count_of(self.unreadable, 'character')} could not be read (not UTF-8) "
                "and became “\ufffd”."
            )
        return " ".join(notes) or None


def clean_text(text: str, changes: Changes | None = None) -> str:
    """Text without control characters; lone surrogates become U+FFFD and a surrogate
    pair the character it encodes. What changed is counted in `changes`."""
    text, controls = _CONTROL.subn("", text)
    unreadable = 0
    if _SURROGATE.search(text):
        fixed = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        unreadable = fixed.count("\ufffd") - text.count("\ufffd")
        text = fixed
    if changes is not None:
        changes.controls += controls
        changes.unreadable += unreadable
    return text


def clean_fields(value: T, changes: Changes) -> T:
    """A command (a dataclass, perhaps nested, with strings and tuples) with every string
    cleaned; values that need no change, enums among them, are kept as they are."""
    if isinstance(value, str):
        cleaned = clean_text(value, changes)
        return value if cleaned == value else cleaned  # type: ignore[return-value]
    if isinstance(value, tuple):
        items = tuple(clean_fields(item, changes) for item in value)
        return value if items == value else items  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        updates = {
            item.name: new
            for item in fields(value)
            if (new := clean_fields(old := getattr(value, item.name), changes)) is not old
        }
        return replace(value, **updates) if updates else value
    return value
