"""Small text helpers shared by every command: words, flags, keyword fields, numbers."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import TypeVar

from core.errors import UserError
from core.time.deadlines import parse_day
from core.time.impossible import missing_day
from core.time.numeric import DateOrder

LIMITS = {
    "command": 5000,
    "title": 200,
    "win": 2000,
    "journal": 4000,
    "outcome": 2000,
    "field": 1000,
    "commitment": 500,
    "channel": 80,  # Slack's longest channel name; ids are shorter on every platform
}
# An entry's #tags: at most MAX_TAGS of TAG_LENGTH characters each, stored space-separated.
MAX_TAGS = 20
TAG_LENGTH = 40
TAGS_COLUMN = MAX_TAGS * (TAG_LENGTH + 1) - 1

TAGS_EXAMPLE = "/win Cut CI time from 20 to 8 minutes #devops #ci"

# The first number in a goal's measure ("3 new clients"), which progress counts towards.
# \d and float() both read decimal digits of any script; superscripts are not numbers.
MEASURE_NUMBER = re.compile(r"(?:^|\s)(\d+(?:\.\d+)?)(?=\s|$|%)")
_TAG = re.compile(rf"(?<![\w&])#([A-Za-z][\w-]{{0,{TAG_LENGTH - 1}}})")


def split_first(text: str) -> tuple[str, str]:
    """Split off the first word (lower-cased) from the rest."""
    parts = text.strip().split(maxsplit=1)
    if not parts:
        return "", ""
    return parts[0].lower(), parts[1].strip() if len(parts) > 1 else ""


def take_flag(text: str, *flags: str) -> tuple[str, bool]:
    """Remove any of `flags` (like ``--share``) from text; report whether one was there."""
    pattern = re.compile(r"(?:^|\s)(?:" + "|".join(re.escape(f) for f in flags) + r")(?=\s|$)")
    cleaned, count = pattern.subn(" ", text)
    return " ".join(cleaned.split()) if count else text.strip(), count > 0


def split_fields(text: str, keys: tuple[str, ...]) -> tuple[str, dict[str, str]]:
    """Split ``head key: value key: value`` into the head and a dict of the named fields."""
    pattern = re.compile(r"(?:^|(?<=\s))(" + "|".join(keys) + r"):(?=\s|$)", re.IGNORECASE)
    pieces = pattern.split(text)
    head = pieces[0].strip()
    fields: dict[str, str] = {}
    for key, value in zip(pieces[1::2], pieces[2::2], strict=True):
        fields[key.lower()] = unquoted(value)
    return head, fields


# A quoted value may hold spaces: client:"Foo Inc", client:“Foo Inc”, skill:'Machine learning'.
_QUOTED = r"(?:\"([^\"]+)\"|“([^”]+)”|'([^']+)'|(\S+))"
_QUOTES = "\"'“”"


def take_token(text: str, key: str) -> tuple[str, str | None]:
    """Remove a ``key:value`` token (a single word, or quoted) from text, returning its
    value."""
    pattern = re.compile(r"(?:^|(?<=\s))" + key + ":" + _QUOTED, re.IGNORECASE)
    match = pattern.search(text)
    if match is None:
        return text, None
    cleaned = text[: match.start()] + text[match.end() :]
    value = next(group for group in match.groups() if group is not None)
    return " ".join(cleaned.split()), value.strip(_QUOTES + " ")  # half-quoted: client:"Foo


def unquoted(value: str) -> str:
    """A field value without the quotes around it (``"Foo Inc"`` -> ``Foo Inc``)."""
    value = value.strip()
    if len(value) > 1 and value[0] in _QUOTES and value[-1] in _QUOTES:
        return value[1:-1].strip()
    return value


def hashtags(text: str) -> list[str]:
    """The #tags in text, lower-cased (and then cut to TAG_LENGTH, since a few letters
    lower-case to two characters), without '#', in order, without repeats."""
    seen: dict[str, None] = {}
    for tag in _TAG.findall(text):
        seen.setdefault(tag.lower()[:TAG_LENGTH], None)
    return list(seen)


_EDGE_TAGS = re.compile(rf"^(?:\s*{_TAG.pattern})+|(?:\s*{_TAG.pattern})+\s*$")


def without_hashtags(text: str) -> str:
    """Text to read without its #tags: those before or after the sentence go, those inside
    it stay as plain words."""
    sentence = _TAG.sub(r"\1", _EDGE_TAGS.sub("", text))
    return " ".join(sentence.split()) or " ".join(_TAG.sub(r"\1", text).split())


def require_tags(text: str, what: str, field: str | None = None) -> str:
    """The #tags of text as stored (space-separated), or a UserError past MAX_TAGS."""
    tags = hashtags(text)
    if len(tags) > MAX_TAGS:
        raise UserError(
            f"A {what} can carry at most {MAX_TAGS} #tags, and this one has {len(tags)}. "
            "Keep the ones you will search for.",
            TAGS_EXAMPLE,
            field,
        )
    return " ".join(tags)


def is_number(word: str) -> bool:
    """Decimal digits only (of any script, as int() reads them): not ``²``, ``①`` or ``-1``."""
    return word.isdecimal()


def parse_number(word: str, what: str, example: str, field: str | None = None) -> int:
    """Read a goal/entry number such as ``3`` or ``#3``."""
    cleaned = word.strip().lstrip("#")
    if not is_number(cleaned) or len(cleaned) > 9:
        shown = word or "nothing"
        raise UserError(
            f"I need a {what} number here, and got “{shorten(shown, 30)}”.", example, field
        )
    return int(cleaned)


def require_text(
    text: str, limit_name: str, what: str, example: str, field: str | None = None
) -> str:
    """Check that text is present and within its documented length limit; a UserError
    names `field` when it is not."""
    text = text.strip()
    if not text:
        raise UserError(f"The {what} is empty.", example, field)
    limit = LIMITS[limit_name]
    if len(text) > limit:
        raise UserError(
            f"The {what} is {len(text):,} characters; the limit is {limit:,}. "
            "Shorten it, or split it in two.",
            example,
            field,
        )
    return text


def shorten(text: str, width: int) -> str:
    """Cut text to `width` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def count_of(n: int, word: str, plural: str | None = None) -> str:
    """``1 day``, ``3 days``; ``plural`` for words that do not just add an s (entries)."""
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


def relative_days(days: int) -> str:
    """``today``, ``in 3 days``, ``2 days ago``, ``in about 7 months``, ``in about 14 years``."""
    if days == 0:
        return "today"
    span = duration(abs(days))
    return f"in {span}" if days > 0 else f"{span} ago"


def duration(days: int) -> str:
    """A span in the unit people use for it: days up to ~2 months, months up to ~2 years,
    then years (``45 days``, ``about 7 months``, ``about 14 years``)."""
    if days < 60:
        return count_of(days, "day")
    if days < 730:
        return f"about {count_of(round(days / 30.44), 'month')}"
    return f"about {count_of(round(days / 365.25), 'year')}"


Handler = TypeVar("Handler", bound=Callable[..., object])


def pick_subcommand(
    table: Mapping[str, Handler], args: str, command: str, example: str, default: str
) -> tuple[Handler, str]:
    """The handler for the first word of `args` (or `default`), and the rest of the text;
    an unknown word gets the list of options and a working example."""
    sub, rest = split_first(args)
    handler = table.get(sub or default)
    if handler is None:
        close = difflib.get_close_matches(sub, list(table), n=1)
        hint = f" Did you mean /{command} {close[0]}?" if close else ""
        raise UserError(
            f"/{command} has no “{shorten(sub, 20)}” option.{hint} Try: {', '.join(table)}.",
            f"/{command} {close[0]} {shorten(rest, 60)}".strip() if close else example,
        )
    return handler, rest


def read_date(
    value: date | str, today: date, field: str, example: str, order: DateOrder = DateOrder.DMY
) -> date:
    """A picked date as it is; words read in the member's zone, or a UserError on `field`."""
    if isinstance(value, date):
        return value
    parsed = parse_day(value, today, order)
    if parsed is None:
        raise UserError(
            f"{unread_date_text(value, order)} "
            "Try 2027-03-31, “end of June”, “in 6 months” or “next Friday”.",
            example,
            field,
        )
    return parsed


def unread_date_text(phrase: str, order: DateOrder = DateOrder.DMY) -> str:
    """``I could not read “31/02/2027” as a date: 31 February does not exist.``"""
    why = missing_day(phrase, order)
    return f"I could not read “{shorten(phrase, 40)}” as a date{f': {why}' if why else ''}."
