"""Free-form date parsing relative to a member's today."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.time.dates import parse_date
from core.time.deadlines import split_deadline, split_year_period
from core.time.numeric import DateOrder

MONDAY = date(2026, 11, 23)  # the fixed "today" for most tests; a Monday
NEW_YEARS_EVE = date(2026, 12, 31)  # a Thursday
LEAP_DAY = date(2028, 2, 29)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-03-31", date(2027, 3, 31)),
        ("2027/03/31", date(2027, 3, 31)),
        ("2027-3-1", date(2027, 3, 1)),
        ("31.03.2027", date(2027, 3, 31)),
        ("March 31 2027", date(2027, 3, 31)),
        ("March 31, 2027", date(2027, 3, 31)),
        ("31 March 2027", date(2027, 3, 31)),
        ("31st of March 2027", date(2027, 3, 31)),
        ("Mar. 31st", date(2027, 3, 31)),
        ("31 Mar", date(2027, 3, 31)),
        ("Mar 31", date(2027, 3, 31)),
        ("Sept 3", date(2027, 9, 3)),
        ("Dec 24", date(2026, 12, 24)),
        ("Nov 23", date(2026, 11, 23)),
        ("Nov 22", date(2027, 11, 22)),
        ("June 2027", date(2027, 6, 30)),
        ("February 2028", date(2028, 2, 29)),
        ("June", date(2027, 6, 30)),
        ("november", date(2026, 11, 30)),
        ("Dec", date(2026, 12, 31)),
    ],
)
def test_reads_calendar_dates(text: str, expected: date) -> None:
    assert parse_date(text, MONDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", MONDAY),
        ("tomorrow", date(2026, 11, 24)),
        ("yesterday", date(2026, 11, 22)),
        ("friday", date(2026, 11, 27)),
        ("fri", date(2026, 11, 27)),
        ("this friday", date(2026, 11, 27)),
        ("next friday", date(2026, 11, 27)),
        ("monday", MONDAY),  # "by monday" on a Monday is today
        ("mon", MONDAY),
        ("this monday", MONDAY),
        ("next monday", date(2026, 11, 30)),
        ("Sunday", date(2026, 11, 29)),
        ("thurs", date(2026, 11, 26)),
        ("next week", date(2026, 11, 30)),
        ("next month", date(2026, 12, 1)),
        ("next quarter", date(2027, 1, 1)),
        ("next year", date(2027, 1, 1)),
    ],
)
def test_reads_days_relative_to_today(text: str, expected: date) -> None:
    assert parse_date(text, MONDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("end of June", date(2027, 6, 30)),
        ("end of june 2027", date(2027, 6, 30)),
        ("the end of November", date(2026, 11, 30)),
        ("end of the month", date(2026, 11, 30)),
        ("end of month", date(2026, 11, 30)),
        ("end of next month", date(2026, 12, 31)),
        ("end of the week", date(2026, 11, 29)),
        ("end of next week", date(2026, 12, 6)),
        ("end of the year", date(2026, 12, 31)),
        ("end of year", date(2026, 12, 31)),
        ("year end", date(2026, 12, 31)),
        ("EOY", date(2026, 12, 31)),
        ("end of the quarter", date(2026, 12, 31)),
        ("end of next quarter", date(2027, 3, 31)),
        ("end of Q3", date(2027, 9, 30)),
        ("end of Q4", date(2026, 12, 31)),
        ("Q3 2027", date(2027, 9, 30)),
        ("Q1", date(2027, 3, 31)),
        ("end of Q3 2027", date(2027, 9, 30)),
        ("end of 2027", date(2027, 12, 31)),
        ("2027", date(2027, 12, 31)),
    ],
)
def test_reads_ends_of_periods(text: str, expected: date) -> None:
    assert parse_date(text, MONDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 6 months", date(2027, 5, 23)),
        ("in 2 weeks", date(2026, 12, 7)),
        ("in 10 days", date(2026, 12, 3)),
        ("in 1 day", date(2026, 11, 24)),
        ("in a year", date(2027, 11, 23)),
        ("in an year", date(2027, 11, 23)),
        ("in one month", date(2026, 12, 23)),
        ("in three weeks", date(2026, 12, 14)),
        ("in twelve months", date(2027, 11, 23)),
        ("within 6 months", date(2027, 5, 23)),
        ("6 months from now", date(2027, 5, 23)),
        ("two weeks from today", date(2026, 12, 7)),
        ("in 100 years", date(2126, 11, 23)),
    ],
)
def test_reads_offsets(text: str, expected: date) -> None:
    assert parse_date(text, MONDAY) == expected


@pytest.mark.parametrize(
    "text",
    ["  Friday. ", "FRIDAY", "friday!", "Friday,", "\tfriday\n", '"friday"', "this   friday"],
)
def test_ignores_case_spacing_and_edge_punctuation(text: str) -> None:
    assert parse_date(text, MONDAY) == date(2026, 11, 27)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        ".",
        "2027-02-30",
        "2027-13-01",
        "31.02.2027",
        "0000-01-01",
        "April 31",
        "Juen",
        "end of Juen",
        "Q5",
        "next decade",
        "in 1.5 years",
        "in 3 hours",
        "in many months",
        "in 99999999 years",
        "in 101 years",
        "in 6000 weeks",
        "9" * 5000,
        "in " + "9" * 5000 + " days",
        "Get better in Python",
        "by Friday",
        "2027-03-31 maybe",
        "fridays",
    ],
)
def test_rejects_what_is_not_a_date(text: str) -> None:
    assert parse_date(text, MONDAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow", date(2027, 1, 1)),
        ("next week", date(2027, 1, 4)),
        ("next month", date(2027, 1, 1)),
        ("next year", date(2027, 1, 1)),
        ("end of the year", NEW_YEARS_EVE),
        ("end of the month", NEW_YEARS_EVE),
        ("end of next month", date(2027, 1, 31)),
        ("end of the week", date(2027, 1, 3)),
        ("this thursday", NEW_YEARS_EVE),
        ("thursday", NEW_YEARS_EVE),
        ("next thursday", date(2027, 1, 7)),
        ("December", NEW_YEARS_EVE),
        ("Dec 31", NEW_YEARS_EVE),
        ("Dec 30", date(2027, 12, 30)),
        ("Jan 1", date(2027, 1, 1)),
        ("end of Q4", NEW_YEARS_EVE),
        ("end of Q1", date(2027, 3, 31)),
        ("in 2 months", date(2027, 2, 28)),
        ("in 1 day", date(2027, 1, 1)),
    ],
)
def test_year_end_rolls_over(text: str, expected: date) -> None:
    assert parse_date(text, NEW_YEARS_EVE) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("Feb 29", MONDAY, date(2028, 2, 29)),
        ("29 February 2028", MONDAY, date(2028, 2, 29)),
        ("Feb 29", LEAP_DAY, LEAP_DAY),
        ("in a year", LEAP_DAY, date(2029, 2, 28)),
        ("in 4 years", LEAP_DAY, date(2032, 2, 29)),
        ("end of the month", LEAP_DAY, LEAP_DAY),
        ("end of February", date(2028, 2, 1), LEAP_DAY),
        ("in 1 month", date(2027, 1, 31), date(2027, 2, 28)),
        ("in 1 month", date(2028, 1, 31), LEAP_DAY),
    ],
)
def test_leap_days_and_short_months(text: str, today: date, expected: date) -> None:
    assert parse_date(text, today) == expected


def test_rejects_february_29_in_a_common_year() -> None:
    assert parse_date("29 February 2027", MONDAY) is None


def test_dates_past_year_9999_are_none() -> None:
    last_day = date(9999, 12, 31)
    assert parse_date("tomorrow", last_day) is None
    assert parse_date("next year", last_day) is None
    assert parse_date("in 1 day", last_day) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Become a certified AWS Solutions Architect by 2027-03-31",
            ("Become a certified AWS Solutions Architect", date(2027, 3, 31), None),
        ),
        ("Get better in Python", ("Get better in Python", None, None)),
        ("  Get better in Python  ", ("Get better in Python", None, None)),
        (
            "Land 3 new clients within 6 months",
            ("Land 3 new clients", date(2027, 5, 23), None),
        ),
        ("Learn Go in 2 weeks.", ("Learn Go", date(2026, 12, 7), None)),
        ("Ship v2 by end of June", ("Ship v2", date(2027, 6, 30), None)),
        ("Ship v2 by end of June.", ("Ship v2", date(2027, 6, 30), None)),
        ("Ship v2, by June", ("Ship v2", date(2027, 6, 30), None)),
        ("Talk to my manager before Friday", ("Talk to my manager", date(2026, 11, 27), None)),
        ("Keep a log until end of year", ("Keep a log", date(2026, 12, 31), None)),
        ("Report due Friday", ("Report", date(2026, 11, 27), None)),
        ("Report due by Friday", ("Report", date(2026, 11, 27), None)),
        ("Pass the exam BY March 31, 2027", ("Pass the exam", date(2027, 3, 31), None)),
        ("Land 2 clients 6 months from now", ("Land 2 clients", date(2027, 5, 23), None)),
        ("Be in by Friday", ("Be in", date(2026, 11, 27), None)),
        ("Speak in Berlin by Q3 2027", ("Speak in Berlin", date(2027, 9, 30), None)),
        ("Give a talk in Berlin in 3 months", ("Give a talk in Berlin", date(2027, 2, 23), None)),
        ("Read 12 books by 2027", ("Read 12 books", date(2027, 12, 31), None)),
        ("Read 12 books", ("Read 12 books", None, None)),
        ("Send the invoice today", ("Send the invoice", MONDAY, None)),
        ("Send the invoice tomorrow.", ("Send the invoice", date(2026, 11, 24), None)),
        ("Plan today's work", ("Plan today's work", None, None)),
        ("", ("", None, None)),
    ],
)
def test_split_deadline(text: str, expected: tuple[str, date | None, str | None]) -> None:
    assert split_deadline(text, MONDAY) == expected


@pytest.mark.parametrize(
    ("text", "unread"),
    [
        ("Write talk by end of Juen", "end of Juen"),
        ("Write talk by end of Juen.", "end of Juen"),
        ("Ship it by Febuary 3", "Febuary 3"),
        ("Publish until Juen 3", "Juen 3"),
        ("Report due on Fridy", "Fridy"),
        ("Go to Berlin by train by Fridy", "Fridy"),
    ],
)
def test_split_deadline_reports_unread_phrase(text: str, unread: str) -> None:
    assert split_deadline(text, MONDAY) == (text.strip(), None, unread)


@pytest.mark.parametrize(
    "text",
    ["Get better by practicing daily", "Finish the course before the holidays"],
)
def test_split_deadline_does_not_report_ordinary_words(text: str) -> None:
    assert split_deadline(text, MONDAY) == (text, None, None)


@pytest.mark.parametrize(
    "text",
    ["Get better in Python", "Stay calm within reason", "Get good in 3 hours", "Stand by"],
)
def test_split_deadline_stays_quiet_about_common_words(text: str) -> None:
    assert split_deadline(text, MONDAY) == (text, None, None)


def test_split_deadline_needs_text_before_the_phrase() -> None:
    assert split_deadline("within 6 months", MONDAY) == ("within 6 months", None, None)


@given(st.text(), st.dates())
def test_parse_date_never_raises(text: str, today: date) -> None:
    result = parse_date(text, today)
    assert result is None or isinstance(result, date)


@given(st.text(), st.dates())
def test_split_deadline_never_raises(text: str, today: date) -> None:
    head, when, unread = split_deadline(text, today)
    assert isinstance(head, str)
    assert when is None or unread is None


@given(
    st.lists(
        st.sampled_from(["in", "by", "end", "of", "june", "q3", "2027", "next", "99999", "a", " "]),
        max_size=8,
    ).map(" ".join),
    st.dates(),
)
def test_date_like_noise_never_raises(text: str, today: date) -> None:
    parse_date(text, today)
    split_deadline("Goal " + text, today)


def test_a_goal_for_a_calendar_year_covers_the_whole_year() -> None:
    from core.time.deadlines import split_year_period

    today = date(2026, 11, 23)
    year_2027 = (date(2027, 1, 1), date(2027, 12, 31))
    assert split_year_period("Land 3 new clients in 2027", today) == (
        "Land 3 new clients",
        *year_2027,
    )
    assert split_year_period("Speak at two meetups during 2027.", today) == (
        "Speak at two meetups",
        *year_2027,
    )
    assert split_year_period("Land 3 new clients this year", today) == (
        "Land 3 new clients",
        date(2026, 1, 1),
        date(2026, 12, 31),
    )
    assert split_year_period("in 2027", today) is None  # no goal left
    assert split_year_period("Ship v2 by 2027", today) is None  # a deadline, not a year
    assert split_year_period("Restore the 0000 archive in 0000", today) is None


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("15/12", DateOrder.DMY, date(2026, 12, 15)),
        ("15/12/2027", DateOrder.DMY, date(2027, 12, 15)),
        ("12/15/2027", DateOrder.DMY, date(2027, 12, 15)),  # only month first makes a date
        ("05/06/2027", DateOrder.DMY, date(2027, 6, 5)),
        ("05/06/2027", DateOrder.MDY, date(2027, 5, 6)),
        ("15/12/2027", DateOrder.MDY, date(2027, 12, 15)),  # only day first makes a date
        ("1/3", DateOrder.DMY, date(2027, 3, 1)),  # passed this year: next year's
        ("23/11", DateOrder.DMY, MONDAY),
        ("29/2", DateOrder.DMY, date(2028, 2, 29)),
    ],
)
def test_reads_all_number_dates_in_the_members_order(
    text: str, order: DateOrder, expected: date
) -> None:
    assert parse_date(text, MONDAY, order) == expected


@pytest.mark.parametrize("text", ["15/15/2027", "31/02/2027", "0/12", "13/13", "15/12/27"])
def test_rejects_impossible_all_number_dates(text: str) -> None:
    assert parse_date(text, MONDAY) is None
    assert parse_date(text, MONDAY, DateOrder.MDY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("this year", date(2026, 12, 31)),
        ("end of this year", date(2026, 12, 31)),
        ("this month", date(2026, 11, 30)),
        ("this quarter", date(2026, 12, 31)),
        ("this week", date(2026, 11, 29)),
        ("2027", date(2027, 12, 31)),
        ("next quarter", date(2027, 1, 1)),
    ],
)
def test_reads_this_period_as_its_end(text: str, expected: date) -> None:
    assert parse_date(text, MONDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ship the portfolio by end of this year", ("Ship the portfolio", date(2026, 12, 31))),
        ("Ship the portfolio by this year", ("Ship the portfolio", date(2026, 12, 31))),
        ("Learn Go this year", ("Learn Go", date(2026, 12, 31))),
        ("Learn Go next quarter", ("Learn Go", date(2027, 1, 1))),
        ("Speak at a meetup by 2027", ("Speak at a meetup", date(2027, 12, 31))),
        ("Write the design doc by 15/12", ("Write the design doc", date(2026, 12, 15))),
        ("Write the book by 15/12/2027", ("Write the book", date(2027, 12, 15))),
        ("Write the book by 12/15/2027", ("Write the book", date(2027, 12, 15))),
    ],
)
def test_split_deadline_reads_years_periods_and_all_number_dates(
    text: str, expected: tuple[str, date]
) -> None:
    assert split_deadline(text, MONDAY) == (*expected, None)


def test_split_deadline_follows_the_members_order() -> None:
    assert split_deadline("Demo by 05/06", MONDAY, DateOrder.MDY)[1] == date(2027, 5, 6)
    assert split_deadline("Demo by 05/06", MONDAY)[1] == date(2027, 6, 5)


def test_split_deadline_reports_an_impossible_all_number_date() -> None:
    assert split_deadline("Write the book by 31/02/2027", MONDAY) == (
        "Write the book by 31/02/2027",
        None,
        "31/02/2027",
    )


def test_a_deadline_at_the_end_of_this_year_is_not_a_goal_for_the_year() -> None:
    assert split_year_period("Ship the portfolio by end of this year", MONDAY) is None
    assert split_year_period("Ship the portfolio by this year", MONDAY) is None
