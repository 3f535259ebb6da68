"""Commitments through the real grammar with a moved clock, on SQLite and PostgreSQL:
commit, answer, move, the check-in that closes the loop, and the follow-through record."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.messages import Actions, Fields, Reply
from core.ports import Address
from core.scheduling.worker import Worker
from core.storage.db import SessionFactory
from core.storage.models import Commitment, Entry, HabitDay
from core.time.clock import ManualClock
from tests.conftest import Conversation, run_worker
from tests.fakes import FakeMessenger

ALICE = Address("console", "local", "alice")
FRIDAY_CHECKIN = datetime(2026, 11, 27, 16, 0, 5, tzinfo=UTC)


def _commitments(sessions: SessionFactory) -> list[Commitment]:
    with sessions() as session:
        return list(session.scalars(select(Commitment).order_by(Commitment.id)))


def _buttons(reply: Reply) -> list[str]:
    return [b.command for b in reply.blocks if isinstance(b, Actions) for b in b.buttons]


def _fields(reply: Reply) -> dict[str, str]:
    return dict(next(b.items for b in reply.blocks if isinstance(b, Fields)))


def test_commit_by_a_day_echoes_it_in_local_time(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/tz Pacific/Auckland")  # Monday 09:30 UTC is Monday 22:30 in Auckland
    text = alice.text("/commit Finish chapter 3 of the CKA course by tomorrow")
    assert "Committed: #1 Finish chapter 3 of the CKA course · due in 1 day (Tue 24 Nov 2026)" in (
        text
    )
    (commitment,) = _commitments(sessions)
    assert (commitment.due_date, commitment.status) == (date(2026, 11, 24), "open")


def test_without_a_day_it_is_due_at_the_next_checkin_or_in_a_week(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/tz Europe/Berlin")
    text = alice.text("/commit Ask Dana for feedback on the design doc")
    assert "due in 4 days (Fri 27 Nov 2026)" in text
    assert "your next check-in, Fri 27 Nov 2026 16:00 (Europe/Berlin)" in text
    alice.say("/checkin off")
    text = alice.text("/commit Read the SRE book chapter on SLOs")
    assert "due in 7 days (Mon 30 Nov 2026)" in text and "check-in" not in text
    assert [c.due_date for c in _commitments(sessions)] == [date(2026, 11, 27), date(2026, 11, 30)]


def test_links_to_goal_milestone_and_skill(
    alice: Conversation, bob: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/goal milestone 1 add Finish the course by 2026-12-15")
    alice.say("/skill add Kubernetes learning")
    text = alice.text("/commit Do two practice labs by friday milestone:1.1 skill:kubernetes")
    assert "milestone 1.1 · skill Kubernetes" in text
    assert "goal #1" in alice.text("/commit Book the exam by sunday goal:1")
    assert "You have no goal #4" in alice.text("/commit Something by friday goal:4")
    assert "has no milestone 3" in alice.text("/commit Something by friday milestone:1.3")
    assert "You have no skill “go”" in alice.text("/commit Something by friday skill:go")
    assert "You have no goal #1" in bob.text("/commit Steal by friday goal:1")
    assert len(_commitments(sessions)) == 2  # the failed ones saved nothing
    assert "You have no commitment #1" in bob.text("/commit done 1")


def test_help_states_the_default_day(alice: Conversation) -> None:
    text = alice.text("/help commit")
    assert "due at your next check-in, or in 7 days if check-ins are off" in text
    assert "/commit move 1 to next monday" in text


def test_bad_input_says_why_with_an_example_and_keeps_the_text(alice: Conversation) -> None:
    text = alice.text("/commit Call the recruiter by frday")
    assert "could not read “frday” as a date" in text
    assert "Example: /commit" in text and "call the recruiter by frday" in text.lower()
    assert "has already passed" in alice.text("/commit Write the report by 2026-11-01")
    assert "The commitment is empty" in alice.text("/commit by friday")
    assert "the limit is 500" in alice.text("/commit " + "x" * 600)
    assert "You have no commitment #99" in alice.text("/commit done 99")
    assert "Say the new day" in alice.text("/commit move 1")


def test_done_partly_missed_and_drop(alice: Conversation, sessions: SessionFactory) -> None:
    for text in ("Update my CV", "Write the blog post", "Call two recruiters", "Learn Rust"):
        alice.say(f"/commit {text} by friday")
    assert "Kept: #1 Update my CV" in alice.text("/commit done 1")
    assert "Partly done: #2" in alice.text("/commit partly 2")
    text = alice.text("/commit missed 3")
    assert "Missed: #3" in text and "What got in the way? /commit missed 3" in text
    text = alice.text("/commit missed 3 the on-call week took my evenings")
    assert "in your journal as #1, private" in text
    assert "Dropped: #4" in alice.text("/commit drop 4")
    assert "was dropped" in alice.text("/commit done 4")
    assert [c.status for c in _commitments(sessions)] == ["done", "partly", "missed", "dropped"]
    assert "none" in alice.text("/commit list")
    with sessions() as session:
        (note,) = session.scalars(select(Entry)).all()
    assert note.kind == "journal" and note.shared is False
    assert (
        note.text
        == "What got in the way of “Call two recruiters”: the on-call week took my evenings"
    )
    # "drop" followed by words is a commitment about dropping something.
    assert "Committed: #5 drop the side project" in alice.text("/commit drop the side project")


def test_moved_three_times_suggests_a_smaller_step(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/commit Write the conference talk proposal by tomorrow")
    assert "Moved: #1 Write the conference talk proposal · due in 3 days" in alice.text(
        "/commit move 1 to thursday"
    )
    assert "smaller" not in alice.text("/commit move 1 to friday")
    text = alice.text("/commit move 1 to next monday")
    assert "moved this one 3 times" in text and "smaller first step" in text
    assert "has already passed" in alice.text("/commit move 1 to 2026-11-20")
    assert _commitments(sessions)[0].moves == 3


def test_edit_text_day_and_link(alice: Conversation, sessions: SessionFactory) -> None:
    alice.say("/goal add Become a staff engineer by 2027-12-31")
    alice.say("/commit Draft the RFC by friday")
    assert "Updated: #1 Draft the RFC · due in 6 days (Sun 29 Nov 2026)" in alice.text(
        "/commit edit 1 by sunday"
    )
    text = alice.text("/commit edit 1 Draft and circulate the RFC goal:1")
    assert "#1 Draft and circulate the RFC · due in 6 days (Sun 29 Nov 2026) · goal #1" in text
    alice.say("/commit done 1")
    assert "already done" in alice.text("/commit edit 1 by monday")


def test_the_checkin_asks_about_due_commitments_then_for_a_new_one(
    alice: Conversation,
    worker: Worker,
    messenger: FakeMessenger,
    clock: ManualClock,
    sessions: SessionFactory,
) -> None:
    alice.say("/commit Finish chapter 3 by wednesday")
    alice.say("/commit Ask Dana for feedback")  # due at Friday's check-in
    alice.say("/commit Prepare the demo by 2026-12-10")  # not due yet
    clock.set(FRIDAY_CHECKIN)
    run_worker(worker)
    (checkin,) = messenger.sent[ALICE]
    text = checkin.plain_text()
    assert "#1 Finish chapter 3 · due 2 days ago" in text
    assert "#2 Ask Dana for feedback · due today" in text
    assert "Prepare the demo" not in text
    assert "/commit done 1" in _buttons(checkin) and "/commit missed 2" in _buttons(checkin)
    assert "What will you commit to before the next check-in?" in text
    assert "Kept" in alice.text("/commit done 1")  # the button's command
    alice.say("/commit missed 2 Dana was out sick")
    answer = alice.text("I mostly studied for the CKA")
    assert "Saved to your journal" in answer and "What will you commit to" in answer
    made = alice.text("Book the CKA exam date")
    assert "Committed: #4 Book the CKA exam · due in 7 days (Fri 04 Dec 2026)" not in made
    assert "Committed: #4 Book the CKA exam date · due in 7 days (Fri 04 Dec 2026)" in made
    assert "I only keep plain messages" in alice.text("and one more thing")
    assert [c.status for c in _commitments(sessions)] == ["done", "missed", "open", "open"]
    with sessions() as session:
        kinds = [e.kind for e in session.scalars(select(Entry).order_by(Entry.number))]
    assert kinds == ["journal", "journal"]  # the why and the check-in answer


def test_progress_counts_kept_on_local_days_and_never_counts_what_is_not_due(
    alice: Conversation, clock: ManualClock
) -> None:
    alice.say("/tz America/Los_Angeles")  # Monday 09:30 UTC is Monday 01:30 there
    alice.say("/commit Kept one by today")
    alice.say("/commit Missed one by today")
    alice.say("/commit Open one by today")
    alice.say("/commit Later one by 2026-12-20")
    alice.say("/commit Dropped one by today")
    alice.say("/commit done 1")
    alice.say("/commit missed 2")
    alice.say("/commit drop 5")
    fields = _fields(alice.say("/progress"))
    assert fields["Commitments, last 4 weeks"] == "kept 1 of 2, 50%"
    clock.advance(timedelta(hours=20))  # Tuesday 05:30 UTC, still Monday in Los Angeles
    assert _fields(alice.say("/progress"))["Commitments, this quarter"] == "kept 1 of 2, 50%"
    clock.advance(timedelta(hours=3))  # Tuesday 00:30 in Los Angeles: #3's day is over
    fields = _fields(alice.say("/progress"))
    assert fields["Commitments, last 4 weeks"] == "kept 1 of 3, 33% (1 unanswered)"
    clock.advance(timedelta(days=40))  # January: a new quarter, and #4's day is over
    fields = _fields(alice.say("/progress"))
    assert fields["Commitments, this quarter"] == "none due yet"
    assert fields["Commitments, last 4 weeks"] == (
        "kept 0 of 1, 0% (1 unanswered) · down from 33% the 4 weeks before"
    )


def test_export_json_includes_commitments(alice: Conversation) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/commit Do the mock exam by friday goal:1")
    alice.say("/commit partly 1")
    alice.say("/commit Practise kubectl every day")
    alice.say("/commit done 2")
    data = json.loads(alice.say("/export json").attachments[0].content)
    row, habit = data["tables"]["commitments"]
    goal = next(g for g in data["tables"]["goals"] if g["number"] == 1)
    assert habit["repeat_days"] == "0,1,2,3,4,5,6"
    (day,) = data["tables"]["habit_days"]
    assert (day["commitment_id"], day["local_date"], day["kept"]) == (
        habit["id"],
        "2026-11-23",
        True,
    )
    assert row["text"] == "Do the mock exam" and row["status"] == "partly"
    assert (row["due_date"], row["answered_on"], row["goal_id"]) == (
        "2026-11-27",
        "2026-11-23",
        goal["id"],
    )


def test_the_morning_of_the_day_one_reminder_through_the_outbox(
    alice: Conversation,
    worker: Worker,
    messenger: FakeMessenger,
    clock: ManualClock,
    sessions: SessionFactory,
) -> None:
    alice.say("/checkin off")
    alice.say("/tz Asia/Tokyo")  # Monday 09:30 UTC is Monday 18:30 in Tokyo
    alice.say("/commit Send the invoice to Acme by wednesday")
    alice.say("/commit Book the conference ticket by wednesday")
    alice.say("/commit Call the accountant by tomorrow")  # moved, then dropped: no reminder
    alice.say("/commit move 3 to thursday")
    alice.say("/commit drop 3")
    alice.say("/commit done 2")
    clock.set(datetime(2026, 11, 24, 23, 59, tzinfo=UTC))  # Wednesday 08:59 in Tokyo
    run_worker(worker)
    assert messenger.total() == 0
    clock.set(datetime(2026, 11, 25, 0, 0, 5, tzinfo=UTC))  # Wednesday 09:00 in Tokyo
    run_worker(worker)
    run_worker(worker)  # a second tick sends nothing more
    clock.set(datetime(2026, 11, 26, 0, 0, 5, tzinfo=UTC))  # Thursday 09:00: #3 was dropped
    run_worker(worker)
    (reminder,) = messenger.sent[ALICE]
    assert "Today is the day you committed to: #1 Send the invoice to Acme · due today" in (
        reminder.plain_text()
    )
    assert _buttons(reminder) == [
        "/commit done 1",
        "/commit partly 1",
        "/commit missed 1",
        "/commit move 1",
        "/commit drop 1",
    ]


def test_no_reminder_on_a_vacation_day(
    alice: Conversation, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    alice.say("/checkin off")
    alice.say("/vacation 2026-11-25 to 2026-11-27")
    alice.say("/commit Read the SRE chapter by thursday")
    clock.set(datetime(2026, 11, 26, 9, 0, 5, tzinfo=UTC))
    run_worker(worker)
    assert messenger.total() == 0


def _at_berlin(day: int, month: int = 3) -> datetime:
    """00:30 in Berlin on that day of 2027 (the evening before in UTC)."""
    berlin = datetime(2027, month, day, 0, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    return berlin.astimezone(UTC)


def test_habit_streak_counts_local_days_across_dst_and_a_vacation(
    alice: Conversation, clock: ManualClock, sessions: SessionFactory
) -> None:
    clock.set(_at_berlin(25))  # Thursday; clocks go forward on Sunday 28 March
    alice.say("/tz Europe/Berlin")
    text = alice.text("/commit Study 30 minutes every weekday skill:nothing")
    assert "You have no skill" in text  # links are checked for habits too
    text = alice.text("/commit Study 30 minutes every weekday")
    assert "Habit: #1 Study 30 minutes · every weekday" in text
    assert "Streak: 1 day" in alice.text("/commit done 1")
    clock.set(_at_berlin(26))
    assert "Streak: 2 days" in alice.text("/commit done 1")
    clock.set(_at_berlin(27))
    assert "is not on today" in alice.text("/commit done 1")  # Saturday
    clock.set(_at_berlin(29))  # Monday, after the DST change: the weekend passed over
    assert "Streak: 3 days" in alice.text("/commit done 1")
    alice.say("/vacation 2027-03-30 to 2027-03-31")
    clock.set(_at_berlin(1, 4))  # Thursday, after two paused weekdays
    assert "streak 3 days" in alice.text("/commit list")  # today is not over yet
    assert "Streak: 4 days" in alice.text("/commit done 1")
    clock.set(_at_berlin(3, 4))  # Saturday: Friday was a weekday and was not done
    assert _fields(alice.say("/progress"))["Habit #1 Study 30 minutes"] == "0 days"
    with sessions() as session:
        days = session.scalars(select(HabitDay.local_date).order_by(HabitDay.local_date)).all()
    assert days == [date(2027, 3, 25), date(2027, 3, 26), date(2027, 3, 29), date(2027, 4, 1)]


def test_habit_missed_day_why_and_what_habits_do_not_do(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/commit Reach out to one person in my network every monday")
    text = alice.text("/commit missed 1 back-to-back meetings")
    assert "Missed today: #1" in text and "Streak: 0 days" in text and "journal as #1" in text
    assert "Streak: 1 day" in alice.text("/commit done 1")  # a second answer replaces it
    assert "done or missed" in alice.text("/commit partly 1")
    assert "has no day to move" in alice.text("/commit move 1 to friday")
    assert "every Mon, Thu" in alice.text("/commit edit 1 Reach out to someone every mon,thu")
    assert "Committed: #2 Read every book" in alice.text("/commit Read every book by sunday")
    assert "kept 0 of 0" not in alice.text("/progress")  # habits are not in the kept count
    assert "Dropped: #1" in alice.text("/commit drop 1")
    assert "Habit" not in alice.text("/progress")
