"""Deadline phrases ending a line: with or without "by", with #tags after them."""

from __future__ import annotations

from datetime import date

import pytest

from core.time.deadlines import parse_day, phrase_after_by, split_deadline

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "head", "day"),
    [
        ("Call Dana friday", "Call Dana", date(2026, 11, 27)),
        ("Call Dana on friday", "Call Dana", date(2026, 11, 27)),
        ("Call Dana on 15/12", "Call Dana", date(2026, 12, 15)),
        ("Email Sam 2026-12-01", "Email Sam", date(2026, 12, 1)),
        ("Email Sam 15/12/2026", "Email Sam", date(2026, 12, 15)),
        ("Follow up with Acme next monday", "Follow up with Acme", date(2026, 11, 30)),
        ("Ship it end of next month", "Ship it", date(2026, 12, 31)),
        ("Prep demo by tomorrow morning", "Prep demo", date(2026, 11, 24)),
        ("Call Dana by friday #sales #q4", "Call Dana #sales #q4", date(2026, 11, 27)),
    ],
)
def test_a_trailing_date_with_or_without_by(text: str, head: str, day: date) -> None:
    assert split_deadline(text, MONDAY) == (head, day, None)


@pytest.mark.parametrize(
    "text",
    [
        "Call Jan",
        "Plan for may",
        "Work on Q3",
        "Review the 2027 plan",
        "Read chapter 12",
        "Post on the blog every friday",
        "Run 5k each sunday",
        "Demo on the last friday",
        "Book the room for friday",
        "Plan sprint 10/11",
    ],
)
def test_ordinary_words_are_not_a_date_without_by(text: str) -> None:
    assert split_deadline(text, MONDAY) == (text, None, None)


def test_an_unread_phrase_after_by_is_not_cut_shorter() -> None:
    text = "Write the book by 30 February 2027"
    assert split_deadline(text, MONDAY) == (text, None, "30 February 2027")


def test_a_part_of_the_day_names_the_day() -> None:
    assert parse_day("tomorrow morning", MONDAY) == date(2026, 11, 24)
    assert parse_day("friday evening", MONDAY) == date(2026, 11, 27)
    assert parse_day("tonight", MONDAY) == MONDAY
    assert parse_day("morning", MONDAY) is None


def test_the_phrase_after_a_leading_by() -> None:
    assert phrase_after_by("by someday") == "someday"
    assert phrase_after_by("due by June") == "June"
    assert phrase_after_by("Ship it") is None


def test_an_impossible_slashed_day_is_reported() -> None:
    assert split_deadline("Call Dana on 31/02", MONDAY) == ("Call Dana on 31/02", None, "31/02")
    text = "Call Dana 31/02/2027"
    assert split_deadline(text, MONDAY) == (text, None, "31/02/2027")
