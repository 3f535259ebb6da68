"""When a line that starts with a sub-command word is that sub-command, and when it is prose.

``/win delete 3`` deletes win 3, but ``/win share the slides`` is a win about sharing. The
rule: the first word is a sub-command when nothing follows it or a number (``3``, ``#3``)
does; a misspelt sub-command so placed (``/win delet 3``, ``/win lst``) gets "did you
mean"."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import TypeVar

from core.errors import UserError
from core.parsing import shorten, split_first

T = TypeVar("T")

RULE_HELP = (
    "A line that starts with a sub-command word followed by a number (or nothing) is that "
    "sub-command: /win delete 3. Anything else is your text: /win share the slides is a win."
)


def starts_with_number(text: str) -> bool:
    """Whether the first word is a number such as ``3`` or ``#3``."""
    return split_first(text)[0].lstrip("#")[:1].isdecimal()


def pick_if_command(
    table: Mapping[str, Callable[[str, date], T]], command: str, args: str, today: date
) -> T | None:
    """The sub-command `args` starts with, or None when the line is the member's text."""
    sub, rest = split_first(args)
    parser = table.get(sub)
    if parser is not None and (not rest or starts_with_number(rest)):
        return parser(rest, today)
    meant = misspelling_of(sub, table) if parser is None else None
    if meant is not None and (not rest or starts_with_number(rest)):
        raise UserError(
            f"/{command} has no “{shorten(sub, 20)}”. Did you mean /{command} {meant}?",
            f"/{command} {meant} {shorten(rest, 60)}".rstrip(),
        )
    return None


def misspelling_of(word: str, names: Iterable[str]) -> str | None:
    """The name `word` is a typo of: two letters swapped (``edti``) or close enough
    (``delet``), within one letter of its length. Words that start with a name are prose
    ("Deleted 200 flags", "shared 3 talks"), and so are near words of four letters ("lost
    3 kg" is not "list")."""
    if not word.isalpha():  # "--share" is a flag
        return None
    for name in names:
        if word.startswith(name) or abs(len(word) - len(name)) > 1:  # "delegated" is a word
            continue
        if _one_swap(word, name) or difflib.SequenceMatcher(None, word, name).ratio() >= 0.8:
            return name
    return None


def _one_swap(word: str, name: str) -> bool:
    """Two neighbouring letters swapped ("edti", "lsit"); an anagram ("slit") is a word."""
    if len(word) != len(name):
        return False
    differ = [i for i, (a, b) in enumerate(zip(word, name, strict=True)) if a != b]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and word[differ[0]] == name[differ[1]]
        and word[differ[1]] == name[differ[0]]
    )


def refuse_command_text(
    table: Mapping[str, Callable[[str, date], object]], command: str, text: str, today: date
) -> None:
    """Text from a form field that the grammar would read as a sub-command (``delete 1``) is
    refused rather than stored, so every front end keeps the same rule."""
    try:
        found = pick_if_command(table, command, text, today) is not None
    except UserError:  # a sub-command with bad arguments, or a misspelt one
        found = True
    if found:
        shown = shorten(text, 40)
        raise UserError(
            f"“{shown}” reads as the command /{command} {shown}, so I did not save it as text. "
            "Run that command, or begin your text another way.",
            f"/{command} {shown}",
            "text",
        )


def only_number(args: str, what: str, example: str) -> str:
    """The one word of `args` (a number, checked by the caller); extra text is refused."""
    word, extra = split_first(args)
    if extra:
        raise UserError(
            f"Give just the {what} number. To write text that starts with this word, "
            "begin it another way (“Deleted …” rather than “delete …”).",
            example,
            "number",
        )
    return word
