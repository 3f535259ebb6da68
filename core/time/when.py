"""Leading "when" phrases of reminders ("tomorrow 9am update my CV") read relative to now.

Date phrases are read by `core.time.dates.parse_date`; this module adds wall-clock times,
hour/minute offsets and the split between the phrase and the reminder text.
Choices made here:

- a date without a time means DEFAULT_TIME; "tonight" means today at EVENING_TIME, and a
  time after it from 1 to 11 o'clock is read as pm ("tonight at 9" is 21:00);
- a bare hour ("9") only counts as a time after "at", so "friday 3 people to call" is
  Friday 09:00 with the text "3 people to call";
- a time without a date means today, or tomorrow when it has already passed today; a
  date may also follow the time ("17:00 tomorrow", "9am on friday");
- "morning", "afternoon", "evening" and "night" after a date ("tomorrow morning") mean
  PARTS_OF_DAY, and make a later hour from 1 to 11 pm for the last three;
- a leading "on" ("on friday at 3pm") and a "to" before the text ("... to email Dana")
  belong to the phrase, not to the reminder text;
- a single word that is also plain English ("may", "march", "sat", "sun") or a bare
  year ("2026") is only read as a date when a time follows it;
- results may lie in the past and may fall into a DST gap: the caller decides.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from itertools import islice

from core.time.dates import MAX_OFFSET_DAYS, NUMBER_WORDS, WEEKDAYS, parse_date
from core.time.numeric import DateOrder

DEFAULT_TIME = time(9, 0)
EVENING_TIME = time(20, 0)
MAX_DATE_WORDS = 5
PARTS_OF_DAY = {"morning": DEFAULT_TIME, "afternoon": time(14, 0), "evening": time(18, 0)}
PARTS_OF_DAY |= {"night": EVENING_TIME, "tonight": EVENING_TIME}

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
_ON = re.compile(r"on\s+", re.IGNORECASE)
_TO = re.compile(r"to\s+(?=\S)", re.IGNORECASE)
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


def starts_with_offset(text: str) -> bool:
    """Whether the text begins with an offset from now ("in 2 hours", "in 90 min"): a
    moment, not a time on the wall clock."""
    text = text.strip()
    on = _ON.match(text)
    return _RELATIVE.match(text[on.end() :] if on else text) is not None


def split_when(text: str, now: datetime, order: DateOrder = DateOrder.DMY) -> When | None:
    """Split a leading when-phrase off reminder text, relative to `now` (aware, member's zone).
    Returns (the local datetime in now's tzinfo, the rest of the text), or None."""
    text = text.strip()
    on = _ON.match(text)
    try:
        found = _split(text[on.end() :] if on else text, now, order)
    except (ValueError, OverflowError):  # dates beyond year 9999
        return None
    if found is None:
        return None
    at, rest = found
    to = _TO.match(rest)
    rest = rest[to.end() :] if to else rest
    return (at, rest) if rest else None


def _split(text: str, now: datetime, order: DateOrder) -> When | None:
    """The first reading that fits: an hour/minute offset, a date, or a bare time."""
    words = list(islice(_WORD.finditer(text), 2 * MAX_DATE_WORDS + 3))
    if not words:
        return None
    return (
        _relative(text, now) or _dated(text, words, now, order) or _timed(text, words, now, order)
    )


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
    return start + delta, text[match.end() :].lstrip(_SEPARATORS).strip()


def _amount(word: str) -> int | None:
    """A count written as digits, "a"/"an" or a number word up to twelve."""
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word.lower())


def _dated(text: str, words: list[re.Match[str]], now: datetime, order: DateOrder) -> When | None:
    """A date phrase, optionally followed by a part of the day and a time:
    "next friday at 16:00 demo prep", "tomorrow morning stretch", "tonight at 9 read"."""
    leading = _today_part(words, now.date()) or _leading_date(words, 0, now.date(), order)
    if leading is None:
        return None
    day, count = leading
    last_date_word = count - 1
    part = _bare(words[count - 1].group())
    if part not in PARTS_OF_DAY and count < len(words):
        part = _bare(words[count].group())
        count += part in PARTS_OF_DAY
    timed = _time_after(words, count)
    if timed is None:
        if count == 1 and _is_ambiguous(words[0].group()):
            return None
        at, end = PARTS_OF_DAY.get(part, DEFAULT_TIME), count
    else:
        at, end = timed
    if timed and part in PARTS_OF_DAY and part != "morning" and 1 <= at.hour <= 11:
        at = at.replace(hour=at.hour + 12)
    return _weekday_passed(day, at, words, last_date_word, now), _rest(text, words, end)


def _weekday_passed(
    day: date, at: time, words: list[re.Match[str]], last: int, now: datetime
) -> datetime:
    """`at` on `day`; a bare weekday that is today and whose time has passed ("friday 9am"
    said on a Friday at 10) means the one a week later."""
    when = _combine(day, at, now)
    before = _bare(words[last - 1].group()) if last > 0 else ""
    if when < now and day == now.date() and _bare(words[last].group()) in WEEKDAYS:
        return when if before == "this" else _combine(day + timedelta(days=7), at, now)
    return when


def _today_part(words: list[re.Match[str]], today: date) -> tuple[date, int] | None:
    """ "tonight", or "this" and a part of the day: today, with the words it took."""
    first = _bare(words[0].group())
    if first == "tonight":
        return today, 1
    if first == "this" and len(words) > 1 and _bare(words[1].group()) in PARTS_OF_DAY:
        return today, 2
    return None


def _leading_date(
    words: list[re.Match[str]], start: int, today: date, order: DateOrder
) -> tuple[date, int] | None:
    """The longest run of words from `start` that reads as a date, with the index of the
    first word after it."""
    for count in range(min(MAX_DATE_WORDS, len(words) - start), 0, -1):
        chosen = words[start : start + count]
        found = parse_date(" ".join(word.group() for word in chosen), today, order)
        if found is not None:
            return found, start + count
    return None


def _timed(text: str, words: list[re.Match[str]], now: datetime, order: DateOrder) -> When | None:
    """A time alone (today at that time, or tomorrow when it has passed today), or a time
    and then a date: "17:00 tomorrow", "9am on friday"."""
    timed = _time_after(words, 0)
    if timed is None:
        return None
    at, end = timed
    dated = _date_after(words, end, now.date(), order)
    if dated is not None:
        day, end = dated
        return _weekday_passed(day, at, words, end - 1, now), _rest(text, words, end)
    when = _combine(now.date(), at, now)
    if when < now:
        when = _combine(now.date() + timedelta(days=1), at, now)
    return when, _rest(text, words, end)


def _date_after(
    words: list[re.Match[str]], start: int, today: date, order: DateOrder
) -> tuple[date, int] | None:
    """A date (after an optional "on") following a time; a lone plain word ("may") is text."""
    skip = start + (start < len(words) and _bare(words[start].group()) == "on")
    found = _leading_date(words, skip, today, order)
    if found is None or (found[1] == skip + 1 and _is_ambiguous(words[skip].group())):
        return None
    return found


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


def _rest(text: str, words: list[re.Match[str]], count: int) -> str:
    """The reminder text after the first `count` words, without leading separators."""
    return text[words[count - 1].end() :].lstrip(_SEPARATORS).strip()
