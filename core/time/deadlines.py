"""Deadline phrases ending goal, milestone, commitment and skill text ("... by friday").

A phrase after by/before/until/due/in/within is read as a date; so is a trailing phrase
without one ("Call Dana friday", "... on 15/12", "... next monday") when it cannot be
ordinary words: a single word only counts when it is today, tomorrow, a full weekday name
or an all-number date, so "Call Jan", "Plan for may" and "Work on Q3" stay text.
#tags after the phrase ("... by friday #sales") stay with the text. A part of the day
("tomorrow morning") names a day for what is due on a day rather than at a time.
"""

from __future__ import annotations

import re
from datetime import date

from core.time.dates import DAY_NAMES, looks_like_date, normalize, parse_date
from core.time.numeric import DateOrder
from core.time.when import parse_time

MAX_BARE_WORDS = 5  # the longest date phrase read without by/on ("end of next month")

_KEYWORD = re.compile(r"(?<=\s)(by|before|until|due|within|in)(?=\s)", re.IGNORECASE)
_KEPT_KEYWORDS = {"in", "within"}  # common words: kept in the phrase, never reported unread
_DUE_FILLER = re.compile(r"^(?:by|on)\s+", re.IGNORECASE)
_ON = re.compile(r"on\s+", re.IGNORECASE)
_LEADING_KEYWORD = re.compile(r"(?:by|before|until|due(?:\s+by|\s+on)?)\s+(?=\S)", re.IGNORECASE)
_WORD = re.compile(r"\S+")
_SLASHED_TAIL = re.compile(
    r"(?<=\s)(?:on\s+(?P<day>[0-9]{1,2}/[0-9]{1,2}(?:/[0-9]{2,4})?)"
    r"|(?P<dated>[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}))$",
    re.IGNORECASE,
)
_TIME_TAIL = re.compile(
    r"\s+(?:at\s+[0-9]{1,2}(?::[0-9]{2})?(?:\s*[ap]\.?m\.?)?"
    r"|[0-9]{1,2}(?::[0-9]{2}|\s*[ap]\.?m\.?)|(?:at\s+)?(?:noon|midnight))$",
    re.IGNORECASE,
)
_TEXT_BEFORE = re.compile(
    r"\b(?:every|each|other|first|second|third|fourth|last|the"
    r"|for|to|from|of|at|with|about|since|after)\s+$",
    re.IGNORECASE,
)
_TAGS_TAIL = re.compile(r"(?:\s+#[A-Za-z][\w-]*)+$")
_PART_OF_DAY = re.compile(r"\s+(?:in the\s+)?(?:morning|afternoon|evening|night)$")
_NUMERIC_DATE = re.compile(r"[0-9]{1,4}[./-][0-9]{1,2}(?:[./-](?P<year>[0-9]{1,4}))?")
_ALONE = {"today", "tomorrow", "tonight", *DAY_NAMES}
_TRAILING = " \t\r\n.!;:,"
_HEAD_TRAILING = " \t\r\n,;:-–—"

Split = tuple[str, str | None, date | None, str | None]


def parse_day(text: str, today: date, order: DateOrder = DateOrder.DMY) -> date | None:
    """A day phrase; a part of the day is left out ("tomorrow morning" is tomorrow, and
    "tonight" today), for what is due on a day rather than at a time."""
    phrase = normalize(text)
    if phrase == "tonight":
        return today
    return parse_date(_PART_OF_DAY.sub("", phrase), today, order)


def split_deadline(
    text: str, today: date, order: DateOrder = DateOrder.DMY
) -> tuple[str, date | None, str | None]:
    """Split a trailing deadline phrase off goal or milestone text.
    Returns (text without the phrase, the date or None, the unread phrase or None)."""
    head, _, when, unread = _split(text, today, order)
    return head, when, unread


def split_deadline_phrase(text: str, today: date) -> tuple[str, str | None, str | None]:
    """Like `split_deadline`, with the phrase that reads as a date instead of the date, for
    a grammar that leaves the reading to the member's date order: (text without the
    phrase, the phrase or None, the unread phrase or None)."""
    head, phrase, _, unread = _split(text, today, DateOrder.DMY)  # either order reads
    return head, phrase, unread


def _split(text: str, today: date, order: DateOrder) -> Split:
    """(head with its trailing #tags, phrase, date, unread phrase)."""
    body = text.strip()
    tags = _TAGS_TAIL.search(body)
    core = (body[: tags.start()] if tags else body).rstrip(_TRAILING)
    found = _reading_before_time(core, today, order)
    if found is None:
        return body, None, None, _unread_phrase(core) or _unread_slashed(core)
    head, phrase, when = found
    return head + (tags.group() if tags else ""), phrase, when, None


def _reading_before_time(core: str, today: date, order: DateOrder) -> tuple[str, str, date] | None:
    """A reading of the text; a time after the day ("on friday at 3pm") stays in the text
    ("Call Dana at 3pm"), since what is committed to is due on a day."""
    at = _TIME_TAIL.search(core)
    if at is not None and parse_time(at.group().strip()) is not None:
        found = _reading(core[: at.start()], today, order)
        if found is not None:
            return found[0] + at.group(), found[1], found[2]
    return _reading(core, today, order)


def _reading(core: str, today: date, order: DateOrder) -> tuple[str, str, date] | None:
    """(head, phrase, date) of the longest trailing phrase that reads as a date."""
    for start, phrase in _candidates(core):
        head = core[:start].rstrip(_HEAD_TRAILING)
        when = parse_day(phrase, today, order)
        if head and when is not None:
            return head, phrase, when
    return None


def _candidates(core: str) -> list[tuple[int, str]]:
    """Possible (cut position, deadline phrase) pairs, longest phrase first; a phrase
    after "by" that does not read is not cut shorter ("by 30 February 2027")."""
    found = [(match.start(), _phrase_after(core, match)) for match in _KEYWORD.finditer(core)]
    if not _strong_keywords(core):
        found += _bare_tails(core)
    return sorted(found, key=lambda candidate: candidate[0])


def _bare_tails(core: str) -> list[tuple[int, str]]:
    """The trailing runs of words, after an optional "on", that may be a date without a
    keyword: "... next monday", "... on 15/12", "... friday"."""
    found = []
    for word in list(_WORD.finditer(core))[-MAX_BARE_WORDS - 1 :]:
        phrase = core[word.start() :]
        on = _ON.match(phrase)
        phrase = phrase[on.end() :] if on else phrase
        # "every friday" repeats, "the room for friday" is what the text is about
        belongs = _TEXT_BEFORE.search(core[: word.start()])
        if phrase and word.start() > 0 and not belongs and _may_stand_alone(phrase, bool(on)):
            found.append((word.start(), phrase))
    return found


def _may_stand_alone(phrase: str, after_on: bool) -> bool:
    """Whether a phrase without a keyword may be a date: several words, or a single one
    that is not also an ordinary word (a name, "may", a year, "q3"); an all-number day
    without a year ("sprint 10/11") only after "on"."""
    if len(phrase.split()) > MAX_BARE_WORDS:
        return False
    word = normalize(phrase)
    numeric = _NUMERIC_DATE.fullmatch(word)
    return " " in word or word in _ALONE or bool(numeric and (after_on or numeric["year"]))


def _unread_slashed(core: str) -> str | None:
    """A trailing day written with slashes, after "on" or with a year, that did not read
    ("on 31/02"): said so, since it can only be a date (dotted numbers are often versions:
    "Work on 3.12")."""
    match = _SLASHED_TAIL.search(core)
    return (match["day"] or match["dated"]) if match else None


def _phrase_after(core: str, match: re.Match[str]) -> str:
    """The phrase a keyword introduces; "in"/"within" stay part of it, "due by" loses "by"."""
    keyword = match.group(1).lower()
    if keyword in _KEPT_KEYWORDS:
        return core[match.start() :]
    phrase = core[match.end() :].strip()
    return _DUE_FILLER.sub("", phrase) if keyword == "due" else phrase


def _strong_keywords(core: str) -> list[re.Match[str]]:
    """The by/before/until/due keywords of the text, which always introduce a date."""
    return [m for m in _KEYWORD.finditer(core) if m.group(1).lower() not in _KEPT_KEYWORDS]


def _unread_phrase(core: str) -> str | None:
    """The phrase after the rightmost by/before/until/due, which did not read as a date."""
    strong = _strong_keywords(core)
    if not strong:
        return None
    phrase = _phrase_after(core, strong[-1])
    return phrase if phrase and looks_like_date(phrase) else None


def phrase_after_by(text: str) -> str | None:
    """What follows a leading by/before/until/due ("by someday" -> "someday"), read or
    not: for a line whose only words are a deadline, such as a goal edit's."""
    body = text.strip()
    match = _LEADING_KEYWORD.match(body)
    return body[match.end() :] if match else None


_YEAR_PERIOD = re.compile(r"\s+(?:in|during)\s+(?:(?P<year>[0-9]{4})|(?P<which>this|next) year)$")
# "by end of this year" is a deadline, not a goal for the whole year
_THIS_YEAR = re.compile(r"(?<!\bof)(?<!\bby)\s+(?P<which>this) year$")


def split_year_period(text: str, today: date) -> tuple[str, date, date] | None:
    """``Land 3 new clients in 2027`` -> (``Land 3 new clients``, 2027-01-01, 2027-12-31):
    a goal for a calendar year (``in 2027``, ``during 2027``, ``this year``, ``in next
    year``) covers the whole year. None when the text does not end with one."""
    body = text.strip().rstrip(_TRAILING)
    match = _YEAR_PERIOD.search(body) or _THIS_YEAR.search(body)
    if match is None or not body[: match.start()].strip():
        return None
    if match.group("which"):
        year = today.year + (match.group("which") == "next")
    else:
        year = int(match.group("year"))
    if not 1970 <= year <= 9999:
        return None
    return body[: match.start()].strip(), date(year, 1, 1), date(year, 12, 31)
