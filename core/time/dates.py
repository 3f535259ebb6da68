"""Free-form date phrases ("by end of June", "in 6 months") read relative to a member's today.

Nothing here reads the clock: every function takes the member's local `today`.
Ambiguous phrases are settled like this:

- a bare weekday ("friday", "by friday") and "this friday" mean the first one on or after
  today, so "by friday" on a Friday is today; "next friday" is the first one strictly after
  today, so on a Friday it is a week later;
- a month or quarter without a year ("June", "Q3") means the end of its next occurrence,
  the current one included; a day without a year ("31 Mar") means this year, or the
  next year in which it exists when it has already passed;
- "next week" / "next month" / "next quarter" / "next year" mean the first day of that
  period (weeks start on Monday); "end of the week" is the coming Sunday;
- offsets ("in 6 months", "within a year", "2 weeks from now") are capped at ~100 years.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from core.time.numeric import DateOrder, slashed_parts

MAX_PHRASE_LENGTH = 200
MAX_OFFSET_DAYS = 36_600  # about 100 years: anything further is a typo, not a plan


def _numbered(words: str, first: int) -> dict[str, int]:
    """Number space-separated words in order."""
    return {word: n for n, word in enumerate(words.split(), first)}


def _abbreviated(names: dict[str, int]) -> dict[str, int]:
    """Add three-letter abbreviations of the names."""
    return {name[:3]: n for name, n in names.items()} | names


MONTHS = _abbreviated(
    _numbered("january february march april may june july", 1)
    | _numbered("august september october november december", 8)
) | {"sept": 9}
DAY_NAMES = _numbered("monday tuesday wednesday thursday friday saturday sunday", 0)
WEEKDAYS = _abbreviated(DAY_NAMES)
WEEKDAYS |= {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
NUMBER_WORDS = _numbered("one two three four five six seven eight nine ten eleven twelve", 1)
NUMBER_WORDS |= {"a": 1, "an": 1}
RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}
UNIT_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}
ALIASES = {"eow": "end of week", "eom": "end of month", "eoq": "end of quarter"}
ALIASES |= {"eoy": "end of year", "year end": "end of year", "year-end": "end of year"}

Rule = Callable[[re.Match[str], date], date | None]

_END_OF = r"(?:(?:the )?end of )?"
_YEAR = r"(?: (?P<year>[0-9]{4}))?"
_AMOUNT = r"(?P<n>[0-9]{1,6}|[a-z]+) (?P<unit>day|week|month|year)s?"
_PERIOD = r"(?P<unit>week|month|quarter|year)"


def parse_date(text: str, today: date, order: DateOrder = DateOrder.DMY) -> date | None:
    """Read a free-form date phrase relative to `today`; None when it is not a date.
    `order` settles all-number dates such as 05/06 (day first unless told otherwise)."""
    if len(text) > MAX_PHRASE_LENGTH:
        return None
    phrase = normalize(text)
    try:
        return _slashed(phrase, today, order) or _apply_rules(phrase, today)
    except (ValueError, OverflowError):  # impossible dates, or years past 9999
        return None


def _slashed(phrase: str, today: date, order: DateOrder) -> date | None:
    """``15/12`` (its next occurrence) or ``15/12/2027``."""
    parts = slashed_parts(phrase, order)
    if parts is None:
        return None
    day, month, year = parts
    return _next_valid_day(month, day, today) if year is None else date(year, month, day)


def normalize(text: str) -> str:
    """Lower-case, drop commas, ordinal suffixes and edge punctuation, collapse spaces."""
    text = text.lower().replace(",", " ")
    text = re.sub(r"(?<=[a-z])\.", " ", text)  # "mar. 31"
    text = re.sub(r"\b([0-9]{1,2})(?:st|nd|rd|th)\b", r"\1", text)
    text = " ".join(text.split()).strip(" .;:!?\"'()")
    return ALIASES.get(text, text)


def _apply_rules(phrase: str, today: date) -> date | None:
    """Return the result of the first rule whose pattern matches and which reads a date."""
    for pattern, rule in _RULES:
        match = pattern.fullmatch(phrase)
        if match:
            found = rule(match, today)
            if found is not None:
                return found
    return None


def _exact(match: re.Match[str], today: date) -> date | None:
    """A fully numeric date: 2027-03-31, 2027/03/31, 31.03.2027."""
    return date(int(match["year"]), int(match["month"]), int(match["day"]))


def _relative_day(match: re.Match[str], today: date) -> date | None:
    """Yesterday, today or tomorrow."""
    return today + timedelta(days=RELATIVE_DAYS[match["word"]])


def _weekday(match: re.Match[str], today: date) -> date | None:
    """A weekday: strictly after today with "next", on or after today otherwise."""
    target = WEEKDAYS.get(match["day"])
    if target is None:
        return None
    ahead = (target - today.weekday()) % 7
    if ahead == 0 and match["which"] == "next":
        ahead = 7
    return today + timedelta(days=ahead)


def _month_day(match: re.Match[str], today: date) -> date | None:
    """A day of a named month, with or without a year."""
    month = MONTHS.get(match["month"])
    if month is None:
        return None
    day = int(match["day"])
    if match["year"]:
        return date(int(match["year"]), month, day)
    return _next_valid_day(month, day, today)


def _next_valid_day(month: int, day: int, today: date) -> date | None:
    """The first `month`/`day` on or after today; Feb 29 waits for a leap year."""
    for year in range(today.year, today.year + 9):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


def _month_end(match: re.Match[str], today: date) -> date | None:
    """The last day of a named month; without a year, its next occurrence."""
    month = MONTHS.get(match["month"])
    if month is None:
        return None
    year = int(match["year"]) if match["year"] else _next_year_for(month, today)
    return _last_day(year, month)


def _quarter_end(match: re.Match[str], today: date) -> date | None:
    """The last day of a quarter; without a year, its next occurrence."""
    last_month = 3 * int(match["quarter"])
    year = int(match["year"]) if match["year"] else _next_year_for(last_month, today)
    return _last_day(year, last_month)


def _year_end(match: re.Match[str], today: date) -> date | None:
    """December 31 of a given year."""
    return date(int(match["year"]), 12, 31)


def _period_end(match: re.Match[str], today: date) -> date | None:
    """The end of this (or next) week, month, quarter or year; weeks end on Sunday."""
    shift = 1 if match["which"] == "next" else 0
    unit = match["unit"]
    if unit == "week":
        return today + timedelta(days=6 - today.weekday() + 7 * shift)
    if unit == "month":
        return today + relativedelta(months=shift, day=31)
    if unit == "quarter":
        return _last_day(today.year, _quarter_last_month(today)) + relativedelta(
            months=3 * shift, day=31
        )
    return date(today.year + shift, 12, 31)


def _period_start(match: re.Match[str], today: date) -> date | None:
    """The first day of next week (Monday), month, quarter or year."""
    unit = match["unit"]
    if unit == "week":
        return today + timedelta(days=7 - today.weekday())
    if unit == "month":
        return today + relativedelta(months=1, day=1)
    if unit == "quarter":
        return date(today.year, _quarter_last_month(today), 1) + relativedelta(months=1)
    return date(today.year + 1, 1, 1)


def _offset(match: re.Match[str], today: date) -> date | None:
    """A distance from today: "in 6 months", "within a year", "2 weeks from now"."""
    amount = _amount(match["n"])
    unit = match["unit"]
    if amount is None or amount * UNIT_DAYS[unit] > MAX_OFFSET_DAYS:
        return None
    months = amount * {"month": 1, "year": 12}.get(unit, 0)
    days = amount * {"day": 1, "week": 7}.get(unit, 0)
    return today + relativedelta(months=months, days=days)


def _amount(word: str) -> int | None:
    """A count written as digits, "a"/"an" or a number word up to twelve."""
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def _next_year_for(month: int, today: date) -> int:
    """This year if `month` has not ended yet, otherwise next year."""
    return today.year if month >= today.month else today.year + 1


def _quarter_last_month(today: date) -> int:
    """The last month of the quarter `today` falls in."""
    return 3 * ((today.month - 1) // 3) + 3


def _last_day(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, 1) + relativedelta(day=31)


_RULES: list[tuple[re.Pattern[str], Rule]] = [
    (re.compile(r"(?P<year>[0-9]{4})([-/])(?P<month>[0-9]{1,2})\2(?P<day>[0-9]{1,2})"), _exact),
    (re.compile(r"(?P<day>[0-9]{1,2})\.(?P<month>[0-9]{1,2})\.(?P<year>[0-9]{4})"), _exact),
    (re.compile(r"(?P<word>yesterday|today|tomorrow)"), _relative_day),
    (re.compile(r"next " + _PERIOD), _period_start),
    (re.compile(r"(?P<which>this) " + _PERIOD), _period_end),
    (re.compile(r"(?:the )?end of (?:the )?(?:(?P<which>this|next) )?" + _PERIOD), _period_end),
    (re.compile(r"(?:(?P<which>this|next) )?(?P<day>[a-z]+)"), _weekday),
    (re.compile(r"(?P<month>[a-z]+) (?P<day>[0-9]{1,2})" + _YEAR), _month_day),
    (re.compile(r"(?P<day>[0-9]{1,2}) (?:of )?(?P<month>[a-z]+)" + _YEAR), _month_day),
    (re.compile(_END_OF + r"(?P<month>[a-z]+)" + _YEAR), _month_end),
    (re.compile(_END_OF + r"q(?P<quarter>[1-4])" + _YEAR), _quarter_end),
    (re.compile(_END_OF + r"(?P<year>[0-9]{4})"), _year_end),
    (re.compile(r"(?:in|within) " + _AMOUNT), _offset),
    (re.compile(r"(?:(?:in|within) )?" + _AMOUNT + r" from (?:now|today)"), _offset),
]

_DATE_WORDS = [*MONTHS, *WEEKDAYS, *RELATIVE_DAYS, "end", "next", "week", "month", "year"]


def looks_like_date(phrase: str) -> bool:
    """Whether a phrase that did not parse was probably meant as a date (a digit, a
    month or weekday name, perhaps misspelt), as opposed to ordinary words."""
    words = re.findall(r"[a-z]+", phrase.lower())[:6]
    if re.search(r"[0-9]", phrase) or re.fullmatch(r"q[1-4]", phrase.strip().lower()):
        return True
    return any(difflib.get_close_matches(word, _DATE_WORDS, n=1, cutoff=0.8) for word in words)
