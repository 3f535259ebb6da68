"""Issue #16, how typed phrases are read: a date ending a commitment without "by", a day
with a part of the day, quoted field values, tags and fields after a date, milestone 1.1."""

from __future__ import annotations

import pytest

from tests.conftest import Conversation


@pytest.mark.parametrize(
    ("line", "what", "day"),
    [
        ("Call Dana on 15/12", "Call Dana", "in 22 days (Tue 15 Dec 2026)"),
        ("Follow up with Acme next monday", "Follow up with Acme", "in 7 days (Mon 30 Nov 2026)"),
        ("Call Dana friday", "Call Dana", "in 4 days (Fri 27 Nov 2026)"),
        ("Call Dana on friday", "Call Dana", "in 4 days (Fri 27 Nov 2026)"),
        ("Call Dana by friday", "Call Dana", "in 4 days (Fri 27 Nov 2026)"),
    ],
)
def test_a_date_ending_a_commitment_without_by_is_its_day(
    alice: Conversation, line: str, what: str, day: str
) -> None:
    alice.say("/checkin set every wednesday 09:00")
    text = alice.text(f"/commit {line}")
    assert f"Committed: #1 {what} · due {day}" in text
    assert "next check-in" not in text


@pytest.mark.parametrize(
    "line",
    ["Call Jan", "Plan for may", "Review the 2027 plan", "Work on Q3", "Read chapter 12"],
)
def test_words_that_only_look_like_dates_stay_in_the_text(alice: Conversation, line: str) -> None:
    alice.say("/checkin set every wednesday 09:00")
    text = alice.text(f"/commit {line}")
    assert f"Committed: #1 {line} · due in 2 days (Wed 25 Nov 2026)" in text


def test_a_goal_and_a_milestone_take_a_trailing_date_without_by(alice: Conversation) -> None:
    text = alice.text("/goal add Ship the course next monday")
    assert "Goal: Ship the course\n" in text and "Deadline: 2026-11-30" in text
    text = alice.text("/goal milestone 1 add Record the intro on friday")
    assert "Milestone 1.1 added: ○ 1. Record the intro (due 2026-11-27)" in text


def test_by_tomorrow_morning_is_tomorrow_for_a_commitment(alice: Conversation) -> None:
    text = alice.text("/commit Prep demo by tomorrow morning")
    assert "Committed: #1 Prep demo · due in 1 day (Tue 24 Nov 2026)" in text
    text = alice.text("/commit move 1 to friday afternoon")
    assert "Fri 27 Nov 2026" in text


def test_tags_after_the_date_are_split_off_first(alice: Conversation) -> None:
    text = alice.text("/commit Call Dana by friday #sales")
    assert "Committed: #1 Call Dana #sales · due in 4 days (Fri 27 Nov 2026)" in text
    text = alice.text("/goal add Ship v2 by 2027-03-31 #work")
    assert "Goal: Ship v2 #work\n" in text and "Deadline: 2027-03-31" in text


def test_a_quoted_client_keeps_its_name_and_the_text(alice: Conversation) -> None:
    text = alice.text('/win Signed Foo Inc client:"Foo Inc"')
    assert "“Signed Foo Inc”" in text
    assert "Linked to: client Foo Inc (client:foo)." in text
    assert alice.text("/clients").endswith("Foo Inc (1 win):\n• 2026-11-23 Signed Foo Inc")


def test_curly_quotes_and_a_quoted_skill(alice: Conversation) -> None:
    alice.say("/skill add Machine learning learning")
    text = alice.text("/win Shipped the ranking model client:“Big Corp” #ml")
    assert "“Shipped the ranking model #ml”" in text and "client Big Corp" in text
    text = alice.text('/commit Do the course labs by friday skill:"Machine learning"')
    assert "Committed: #1 Do the course labs · due in 4 days (Fri 27 Nov 2026)" in text


def test_a_client_on_a_commitment_says_which_fields_it_takes(alice: Conversation) -> None:
    text = alice.text("/commit Send invoice to Globex by friday client:globex")
    assert "could not read" not in text
    assert "Commitments take goal:, milestone: and skill:, not client:" in text
    assert "Example: /commit " in text
    assert "Your text, so nothing is lost: /commit Send invoice to Globex by friday" in text
    assert "Wins take it: once this is done, /commit done N --win makes it a win." in text
    assert "none." in alice.text("/commit list")


def test_an_unread_date_in_a_goal_edit_is_named(alice: Conversation) -> None:
    alice.say("/goal add Write the book by 2027-06-30")
    text = alice.text("/goal edit 1 by someday")
    assert "I could not read “someday” as a date" in text
    assert "Tell me what to change" not in text and "Example: /goal edit 1 by " in text
    assert "Your text, so nothing is lost: /goal edit 1 by someday" in text


def test_a_milestone_is_marked_done_by_its_shown_number(alice: Conversation) -> None:
    alice.say("/goal add Write the book by 2027-06-30")
    alice.say("/goal milestone 1 add Outline by 2027-01-31")
    alice.say("/goal milestone 1 add First draft by 2027-04-30")
    assert "1.1" in alice.text("/goal milestone 1 done 1.1")
    assert "1.2" in alice.text("/goal milestone done 1.2")
    assert "✓ 1. Outline" in alice.text("/goal show 1")
    assert "✓ 2. First draft" in alice.text("/goal show 1")


def test_a_milestone_of_another_goal_is_refused_with_a_working_example(
    alice: Conversation,
) -> None:
    alice.say("/goal add Write the book by 2027-06-30")
    text = alice.text("/goal milestone 1 done 2.1")
    assert "2.1 is a milestone of goal 2, not of goal 1" in text
    assert "Example: /goal milestone 2 done 1" in text
    text = alice.text("/goal milestone done")
    assert "Example: /goal milestone 1 done 1" in text and "done add" not in text
    text = alice.text("/goal milestone add")
    assert "Example: /goal milestone 1 add Pass the practice exam" in text


def test_an_impossible_day_after_on_is_named(alice: Conversation) -> None:
    text = alice.text("/commit Call Dana on 31/02")
    assert "I could not read “31/02” as a date: 31 February does not exist" in text
    assert "Your text, so nothing is lost: /commit Call Dana on 31/02" in text
    assert "Committed: #1 Work on 3.12 ·" in alice.text("/commit Work on 3.12")


@pytest.mark.parametrize(
    "line", ["Call Dana on friday at 3pm", "Call Dana by friday at 3pm", "Call Dana friday 15:00"]
)
def test_a_time_after_the_day_stays_in_the_text(alice: Conversation, line: str) -> None:
    text = alice.text(f"/commit {line}")
    time = line.split()[-1]
    assert f"Committed: #1 Call Dana {'at ' * ('at' in line)}{time} · due in 4 days" in text
    assert "(Fri 27 Nov 2026)" in text
