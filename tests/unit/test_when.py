"""Wall-clock times and leading when-phrases of reminders, read relative to now."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.time.numeric import DateOrder
from core.time.when import DEFAULT_TIME, parse_time, split_when

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 23, 10, 15, 42, 123456, tzinfo=BERLIN)  # a Monday
NOW_MINUTE = NOW.replace(second=0, microsecond=0)


def local(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    """A Berlin wall-clock datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00", time(9, 0)),
        ("9:00", time(9, 0)),
        ("9", time(9, 0)),
        ("9am", time(9, 0)),
        ("9 am", time(9, 0)),
        ("9AM", time(9, 0)),
        ("9 a.m.", time(9, 0)),
        ("9:30pm", time(21, 30)),
        ("9:30 PM", time(21, 30)),
        ("17:30", time(17, 30)),
        ("00:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("noon", time(12, 0)),
        ("Midnight", time(0, 0)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("12:30am", time(0, 30)),
        ("1pm", time(13, 0)),
        ("at 9am", time(9, 0)),
        ("at noon", time(12, 0)),
        ("  at  17:00 ", time(17, 0)),
    ],
)
def test_reads_wall_clock_times(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        *["", "   ", "25:00", "24:00", "9:75", "9:5", "13pm", "0am", "00am", "9 xm", "9:00:00"],
        *["at", "nine", "9am tomorrow", "-1", "1.5", "９:００", "noonish", "at at 9"],
    ],
)
def test_rejects_anything_else_as_a_time(text: str) -> None:
    assert parse_time(text) is None


@pytest.mark.parametrize(
    ("text", "expected", "rest"),
    [
        ("tomorrow 9am update my CV", local(11, 24, 9), "update my CV"),
        ("Tomorrow at 9:30 update my CV", local(11, 24, 9, 30), "update my CV"),
        ("tomorrow 9 am update my CV", local(11, 24, 9), "update my CV"),
        ("tomorrow at 9 update my CV", local(11, 24, 9), "update my CV"),
        ("tomorrow, 9am: update my CV", local(11, 24, 9), "update my CV"),
        ("tomorrow update my CV", local(11, 24, 9), "update my CV"),
        ("in 2 weeks ask Dana for feedback", local(12, 7, 9), "ask Dana for feedback"),
        ("in 3 days at 5pm send the deck", local(11, 26, 17), "send the deck"),
        ("2026-12-01 17:00 send the invoice", local(12, 1, 17), "send the invoice"),
        ("next friday 16:00 demo prep", local(11, 27, 16), "demo prep"),
        ("next friday at 16:00 demo prep", local(11, 27, 16), "demo prep"),
        ("friday 4pm review goals", local(11, 27, 16), "review goals"),
        ("FRIDAY 4 PM review goals", local(11, 27, 16), "review goals"),
        ("friday 3 people to call", local(11, 27, 9), "3 people to call"),
        ("friday at the office print CV", local(11, 27, 9), "at the office print CV"),
        ("dec 1 17:00 send the invoice", local(12, 1, 17), "send the invoice"),
        ("1 dec at noon lunch with Sam", local(12, 1, 12), "lunch with Sam"),
        ("end of june write the review", local(6, 30, 9, year=2027), "write the review"),
        ("today 18:00 call mum", local(11, 23, 18), "call mum"),
        ("today at midnight deploy", local(11, 23, 0), "deploy"),
        ("tonight stretch", local(11, 23, 20), "stretch"),
        ("tonight at 9 read a chapter", local(11, 23, 21), "read a chapter"),
        ("tonight 22:30 read a chapter", local(11, 23, 22, 30), "read a chapter"),
        ("at 17:00 ship it", local(11, 23, 17), "ship it"),
        ("17:00 ship it", local(11, 23, 17), "ship it"),
        ("at 9 ship it", local(11, 24, 9), "ship it"),
        ("9:00 ship it", local(11, 24, 9), "ship it"),
        ("10:15 ship it", local(11, 24, 10, 15), "ship it"),
        ("10:16 ship it", local(11, 23, 10, 16), "ship it"),
        ("noon lunch with Sam", local(11, 23, 12), "lunch with Sam"),
        ("2020-01-01 9:00 too late", local(1, 1, 9, year=2020), "too late"),
        ("may 5 ask for a raise", local(5, 5, 9, year=2027), "ask for a raise"),
        ("may 9am ask for a raise", local(5, 31, 9, year=2027), "ask for a raise"),
        ("  tomorrow   9am   update my CV  ", local(11, 24, 9), "update my CV"),
    ],
)
def test_splits_a_leading_when_phrase(text: str, expected: datetime, rest: str) -> None:
    found = split_when(text, NOW)
    assert found == (expected, rest)
    assert found is not None
    assert found[0].tzinfo is BERLIN


@pytest.mark.parametrize(
    ("text", "delta", "rest"),
    [
        ("in 2 hours call Sam", timedelta(hours=2), "call Sam"),
        ("in 30 minutes stretch", timedelta(minutes=30), "stretch"),
        ("in 90 min check build", timedelta(minutes=90), "check build"),
        ("in an hour drink water", timedelta(hours=1), "drink water"),
        ("In a minute breathe", timedelta(minutes=1), "breathe"),
        ("in 5 mins stand up", timedelta(minutes=5), "stand up"),
        ("in 2h push the branch", timedelta(hours=2), "push the branch"),
        ("in 3 hrs: leave", timedelta(hours=3), "leave"),
        ("in half an hour tea", timedelta(minutes=30), "tea"),
        ("in two hours call Sam", timedelta(hours=2), "call Sam"),
    ],
)
def test_reads_hour_and_minute_offsets(text: str, delta: timedelta, rest: str) -> None:
    assert split_when(text, NOW) == (NOW_MINUTE + delta, rest)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "tomorrow",
        "tomorrow 9am",
        "next friday at 16:00",
        "in 2 hours",
        "tonight",
        "at 9am",
        "update my CV",
        "may I have a raise",
        "march on",
        "sat with Dana",
        "2026 goals review",
        "9 things to do",
        "in them we trust",
        "in 99999999 hours x",
        "in 999999 hours x",
    ],
)
def test_says_nothing_without_both_a_when_phrase_and_text(text: str) -> None:
    assert split_when(text, NOW) is None


def test_date_without_time_uses_the_default_time() -> None:
    found = split_when("monday retro", NOW)
    assert found is not None
    assert found[0].timetz() == DEFAULT_TIME.replace(tzinfo=BERLIN)


def test_keeps_wall_clock_inside_a_dst_gap_for_the_scheduler() -> None:
    before_gap = datetime(2027, 3, 27, 12, 0, tzinfo=BERLIN)
    found = split_when("tomorrow 2:30 weird hour", before_gap)
    assert found == (datetime(2027, 3, 28, 2, 30, tzinfo=BERLIN), "weird hour")


@given(st.text())
def test_parse_time_never_raises(text: str) -> None:
    parse_time(text)


@given(st.text(), st.datetimes(timezones=st.none() | st.timezones()))
def test_split_when_never_raises(text: str, now: datetime) -> None:
    found = split_when(text, now)
    if found is not None:
        assert found[1]
        assert found[0].tzinfo is now.tzinfo


_PREFIXES = ["tomorrow", "in 2 hours", "at 9", "next friday at", "9pm", "dec 31", "in an"]


@given(st.sampled_from(_PREFIXES), st.text(), st.datetimes(max_value=datetime(9999, 12, 30)))
def test_split_when_never_raises_after_a_when_phrase(prefix: str, tail: str, now: datetime) -> None:
    split_when(f"{prefix} {tail}", now.replace(tzinfo=BERLIN))


@pytest.mark.parametrize(
    ("text", "expected", "rest"),
    [
        ("17:00 tomorrow call Dana", local(11, 24, 17), "call Dana"),
        ("noon tomorrow lunch with Sam", local(11, 24, 12), "lunch with Sam"),
        ("at 3pm tomorrow standup notes", local(11, 24, 15), "standup notes"),
        ("9am friday review goals", local(11, 27, 9), "review goals"),
        ("9am on friday review goals", local(11, 27, 9), "review goals"),
        ("10:00 15/12 send the invoice", local(12, 15, 10), "send the invoice"),
        ("17:00 may the force", local(11, 23, 17), "may the force"),
        ("tomorrow morning stretch", local(11, 24, 9), "stretch"),
        ("tomorrow afternoon call Sam", local(11, 24, 14), "call Sam"),
        ("tomorrow evening at 7 call Sam", local(11, 24, 19), "call Sam"),
        ("friday morning at 8 gym", local(11, 27, 8), "gym"),
        ("this afternoon call Sam", local(11, 23, 14), "call Sam"),
        ("on friday at 3pm demo prep", local(11, 27, 15), "demo prep"),
        ("on friday to email Dana", local(11, 27, 9), "email Dana"),
        ("15/12 send the invoice", local(12, 15, 9), "send the invoice"),
        ("15/12/2027 17:00 renew the domain", local(12, 15, 17, year=2027), "renew the domain"),
    ],
)
def test_splits_time_first_parts_of_the_day_on_and_to(
    text: str, expected: datetime, rest: str
) -> None:
    assert split_when(text, NOW) == (expected, rest)


def test_reads_all_number_dates_in_the_members_order() -> None:
    assert split_when("05/06 x", NOW, DateOrder.MDY) == (local(5, 6, 9, year=2027), "x")
    assert split_when("05/06 x", NOW) == (local(6, 5, 9, year=2027), "x")


FRIDAY = datetime(2026, 11, 27, 10, 15, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("friday 4pm demo prep", local(11, 27, 16)),
        ("friday 9am demo prep", local(12, 4, 9)),  # passed today: the Friday a week on
        ("9am friday demo prep", local(12, 4, 9)),
        ("next friday 4pm demo prep", local(12, 4, 16)),
        ("this friday 9am demo prep", local(11, 27, 9)),  # said so: today, and in the past
    ],
)
def test_a_weekday_said_on_that_weekday(text: str, expected: datetime) -> None:
    assert split_when(text, FRIDAY) == (expected, "demo prep")
