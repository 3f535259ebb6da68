"""Leading "when" phrases of reminders ("tomorrow 9am update my CV") read relative to now.

Date phrases are read by `core.time.dates.parse_date`; this module adds wall-clock times,
hour/minute offsets and the split between the phrase and the reminder text.
Choices made here:

- a date without a time means DEFAULT_TIME; "tonight" means today at EVENING_TIME, and a
  time after it from 1 to 11 o'clock is read as pm ("tonight at 9" is 21:00);
- a bare hour ("9") only counts as a time after "at", so "friday 3 people to call" is
  Friday 09:00 with the text "3 people to call";
- a time without a date means today, or tomorrow when it has already passed today;
- a single word that is also plain English ("may", "march", "sat", "sun") or a bare
  year ("2026") is only read as a date when a time follows it;
- results may lie in the past and may fall into a DST gap: the caller decides.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from itertools import islice

from core.time.dates import MAX_OFFSET_DAYS, NUMBER_WORDS, parse_date

DEFAULT_TIME = time(9, 0)
EVENING_TIME = time(20, 0)
MAX_DATE_WORDS = 5

When = tuple[datetime, str]

_NAMED_TIMES = {"noon": time(12, 0), "midnight": time(0, 0)}
_TIME = re.compile(
    r"(?:at )?(?P<hour>[0-9]{1,2})(?::(?P<minute>[0-9]{2}))?(?: ?(?P<half>[ap])\.?m\.?)?",
    re.ASCII,
)
_MERIDIEM = re.compile(r"[ap]\.?m\.?", re.ASCII | re.IGNORECASE)
_RELATIVE = re.compile(
    r"in\s+(?:(?P<half>half\s+an\s+hour)|(?P<amount>[0-9]{1,6}|[a-z]+)\s*"
    r"(?P<unit>minutes?|mins?|m|hours?|hrs?|h))(?=[\s,;:]|$)",
    re.ASCII | re.IGNORECASE,
)
_WORD = re.compile(r"\S+")
_AMBIGUOUS_WORDS = {"may", "march", "sat", "sun"}
_PUNCTUATION = ",;:.!?"
_SEPARATORS = " \t\r\n,;:-–—"


def parse_time(text: str) -> time | None:
    """Read a wall-clock time: "09:00", "9", "9am", "9:30 pm", "17:30", "noon", "at 9am"."""
    phrase = " ".join(text.lower().split())
    named = _NAMED_TIMES.get(phrase.removeprefix("at "))
    if named is not None:
        return named
    match = _TIME.fullmatch(phrase)
    if match is None:
        return None
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if match["half"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["half"] == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def split_when(text: str, now: datetime) -> When | None:
    """Split a leading when-phrase off reminder text, relative to `now` (aware, member's zone).
    Returns (the local datetime in now's tzinfo, the rest of the text), or None."""
    try:
        found = _split(text.strip(), now)
    except (ValueError, OverflowError):  # dates beyond year 9999
        return None
    return found if found is not None and found[1] else None


def _split(text: str, now: datetime) -> When | None:
    """The first reading that fits: an hour/minute offset, a date, or a bare time."""
    words = list(islice(_WORD.finditer(text), MAX_DATE_WORDS + 3))
    if not words:
        return None
    return _relative(text, now) or _dated(text, words, now) or _timed(text, words, now)


def _relative(text: str, now: datetime) -> When | None:
    """An offset in minutes or hours: "in 2 hours", "in 90 min", "in an hour"."""
    match = _RELATIVE.match(text)
    if match is None:
        return None
    if match["half"]:
        delta = timedelta(minutes=30)
    else:
        amount = _amount(match["amount"])
        if amount is None:
            return None
        unit = match["unit"].lower()
        delta = timedelta(hours=amount) if unit.startswith("h") else timedelta(minutes=amount)
    if delta > timedelta(days=MAX_OFFSET_DAYS):
        return None
    start = now.replace(second=0, microsecond=0)
    return start + delta, _rest(text, match.end())


def _amount(word: str) -> int | None:
    """A count written as digits, "a"/"an" or a number word up to twelve."""
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word.lower())


def _dated(text: str, words: list[re.Match[str]], now: datetime) -> When | None:
    """A date phrase, optionally followed by a time: "next friday at 16:00 demo prep"."""
    today = now.date()
    evening = _bare(words[0].group()) == "tonight"
    leading = (today, 1) if evening else _leading_date(words, today)
    if leading is None:
        return None
    day, count = leading
    timed = _time_after(words, count)
    if timed is None:
        if count == 1 and _is_ambiguous(words[0].group()):
            return None
        at = EVENING_TIME if evening else DEFAULT_TIME
        return _combine(day, at, now), _rest(text, words[count - 1].end())
    at, end = timed
    if evening and 1 <= at.hour <= 11:
        at = at.replace(hour=at.hour + 12)
    return _combine(day, at, now), _rest(text, words[end - 1].end())


def _leading_date(words: list[re.Match[str]], today: date) -> tuple[date, int] | None:
    """The longest run of leading words that reads as a date, with its word count."""
    for count in range(min(MAX_DATE_WORDS, len(words)), 0, -1):
        found = parse_date(" ".join(word.group() for word in words[:count]), today)
        if found is not None:
            return found, count
    return None


def _timed(text: str, words: list[re.Match[str]], now: datetime) -> When | None:
    """A time alone: today at that time, or tomorrow when it has passed today."""
    timed = _time_after(words, 0)
    if timed is None:
        return None
    at, end = timed
    when = _combine(now.date(), at, now)
    if when < now:
        when = _combine(now.date() + timedelta(days=1), at, now)
    return when, _rest(text, words[end - 1].end())


def _time_after(words: list[re.Match[str]], start: int) -> tuple[time, int] | None:
    """An optional "at" and a time in the one or two words from `start`.
    Returns the time and the index of the first word after it."""
    following = [word.group() for word in words[start : start + 3]]
    has_at = bool(following) and following[0].lower() == "at"
    skip = 1 if has_at else 0
    for count in (2, 1):
        chosen = following[skip : skip + count]
        if len(chosen) < count or (count == 2 and not _MERIDIEM.fullmatch(_bare(chosen[1]))):
            continue
        phrase = " ".join(chosen).rstrip(_PUNCTUATION)
        if phrase.isdigit() and not has_at:  # "friday 3 people to call" is not 03:00
            continue
        found = parse_time(phrase)
        if found is not None:
            return found, start + skip + count
    return None


def _is_ambiguous(word: str) -> bool:
    """Whether a lone word reads as a date but is more likely plain text ("may", "2026")."""
    bare = _bare(word)
    return bare in _AMBIGUOUS_WORDS or bare.isdigit()


def _bare(word: str) -> str:
    """A word in lower case without trailing punctuation."""
    return word.lower().rstrip(_PUNCTUATION)


def _combine(day: date, at: time, now: datetime) -> datetime:
    """The wall-clock `at` on `day` in now's zone; DST gaps are left to the scheduler."""
    return datetime.combine(day, at, tzinfo=now.tzinfo)


def _rest(text: str, end: int) -> str:
    """The reminder text after the when-phrase, without leading separators."""
    return text[end:].lstrip(_SEPARATORS).strip()
