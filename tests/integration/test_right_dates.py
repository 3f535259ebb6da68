"""Issue #16, dates and goal wording: errors that blame the right thing, "today" read as a
date, "by friday" versus "next friday", humane durations, overdue marks, SMART examples."""

from __future__ import annotations

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
