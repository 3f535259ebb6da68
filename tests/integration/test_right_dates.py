"""Issue #16, dates and goal wording: errors that blame the right thing, "today" read as a
date, "by friday" versus "next friday", humane durations, overdue marks, SMART examples."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.time.clock import ManualClock
from tests.conftest import Conversation


def test_a_reminder_without_text_asks_what_to_remind_of(alice: Conversation) -> None:
    text = alice.text("/remind tomorrow 9am")
    assert "What should I remind you of?" in text
    assert "“tomorrow 9am”" in text and "Tue 24 Nov 2026 09:00" in text
    assert "Example: /remind tomorrow 9am update my CV" in text
    assert "could not read" not in text
    assert "Your text, so nothing is lost: /remind tomorrow 9am" in text


def test_an_impossible_day_in_a_goal_edit_is_named(alice: Conversation) -> None:
    alice.say("/goal add Write the book by 2027-06-30")
    text = alice.text("/goal edit 1 by 31/02/2027")
    assert "“31/02/2027”" in text and "31 February does not exist" in text
    assert "Tell me what to change" not in text and "Example: /goal edit 1 by " in text
    assert "Your text, so nothing is lost: /goal edit 1 by 31/02/2027" in text
    assert "Deadline: 2027-06-30" in alice.text("/goal show 1")


def test_an_impossible_day_in_a_new_goal_is_named(alice: Conversation) -> None:
    text = alice.text("/goal add Write the book by 30 February 2027")
    assert "I could not read “30 February 2027” as a date: 30 February does not exist" in text


def test_a_pause_until_a_past_date_says_it_is_past(alice: Conversation) -> None:
    text = alice.text("/checkin pause until 2025-01-01")
    assert "“2025-01-01” (Wed 01 Jan 2025) is in the past" in text
    assert "comes before the first" not in text
    assert "Example: /checkin pause until 2026-12-07" in text
    assert "Your text, so nothing is lost: /checkin pause until 2025-01-01" in text


def test_a_vacation_that_is_over_says_it_is_past(alice: Conversation) -> None:
    text = alice.text("/vacation 2025-01-01 to 2025-01-05")
    assert "“2025-01-05” (Sun 05 Jan 2025) is in the past" in text
    assert "Example: /vacation 2026-12-07 to 2026-12-11" in text


@pytest.mark.parametrize(
    ("line", "what", "day"),
    [
        ("send the invoice today", "send the invoice", "today (Mon 23 Nov 2026)"),
        ("send the invoice tomorrow", "send the invoice", "in 1 day (Tue 24 Nov 2026)"),
    ],
)
def test_today_without_by_is_a_due_day(alice: Conversation, line: str, what: str, day: str) -> None:
    text = alice.text(f"/commit {line}")
    assert f"Committed: #1 {what} · due {day}" in text


def test_a_goal_due_today_without_by(alice: Conversation) -> None:
    text = alice.text("/goal add Send the portfolio to Acme today")
    assert "Goal: Send the portfolio to Acme\n" in text and "Deadline: 2026-11-23" in text


def test_a_reminder_today_at_a_time(alice: Conversation) -> None:
    text = alice.text("/remind today 5pm call Dana")
    assert "Reminder #1 set for Mon 23 Nov 2026 17:00 (UTC): call Dana" in text


@pytest.mark.parametrize(
    ("zone", "utc", "friday"),
    [
        ("Pacific/Auckland", datetime(2026, 11, 26, 11, 30, tzinfo=UTC), "Fri 27 Nov 2026"),
        ("America/Los_Angeles", datetime(2026, 11, 28, 1, 30, tzinfo=UTC), "Fri 27 Nov 2026"),
    ],
)
def test_by_friday_on_a_friday_is_today_and_next_friday_a_week_on(
    alice: Conversation, clock: ManualClock, zone: str, utc: datetime, friday: str
) -> None:
    alice.say(f"/tz {zone}")
    clock.set(utc)  # Friday in the member's zone, another day in UTC
    assert f"due today ({friday})" in alice.text("/commit Send the invoice by friday")
    assert "due in 7 days (Fri 04 Dec 2026)" in alice.text("/commit Ship it by next friday")
    assert "Deadline: 2026-11-27 (today)" in alice.text("/goal add Ship the demo by friday")
    assert "Deadline: 2026-12-04" in alice.text("/goal add Ship the deck by next friday")


@pytest.mark.parametrize(
    ("deadline", "wording"),
    [
        ("2040-12-31", "2040-12-31 (in about 14 years)"),
        ("2027-06-30", "2027-06-30 (in about 7 months)"),
        ("2028-06-30", "2028-06-30 (in about 19 months)"),
        ("2026-12-10", "2026-12-10 (in 17 days)"),
    ],
)
def test_long_horizons_read_in_years(alice: Conversation, deadline: str, wording: str) -> None:
    assert f"Deadline: {wording}" in alice.text(f"/goal add Become a CTO by {deadline}")


def test_overdue_goals_and_milestones_are_marked(alice: Conversation, clock: ManualClock) -> None:
    alice.say("/tz America/New_York")
    alice.say("/goal add Pass the CKA exam by 2026-11-12")
    alice.say("/goal add Ship the portfolio by 2027-06-30")
    alice.say("/goal milestone 2 add Draft the case studies by 2026-11-20")
    alice.say("/goal add Write the talk by 2026-11-23")
    clock.set(datetime(2026, 11, 24, 3, 0, tzinfo=UTC))  # still Monday 23rd in New York
    listed = alice.text("/goal list")
    assert "#1 Pass the CKA exam" in listed and "overdue since 12 Nov" in listed
    assert "milestone 2.1 overdue since 20 Nov" in listed
    assert "#3 Write the talk" in listed and "due 2026-11-23" in listed
    progress = alice.text("/progress")
    assert "overdue since 12 Nov" in progress
    assert "2.1 Draft the case studies · overdue since 20 Nov" in progress
    assert "overdue since 23 Nov" not in progress


def test_smart_examples_are_built_from_the_goal(alice: Conversation) -> None:
    text = alice.text("/goal add Learn Rust")
    example = "/goal edit 1 by 2027-05-31 measure: ship 1 small project in Rust"
    assert example in text and "3 new clients" not in text
    assert "SMART check: S ✗  M ✓  A ✓  R ✗  T ✓" in alice.text(example)  # it works as shown
    text = alice.text("/goal add Get better at public speaking by 2027-06-30")
    assert "/goal edit 2 measure: give 2 talks" in text and "3 new clients" not in text
