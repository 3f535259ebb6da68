"""Goals and milestones through the real grammar, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from core.messages import Progress
from core.storage.db import SessionFactory
from core.storage.models import Goal, Member
from core.time.clock import ManualClock
from tests.conftest import Conversation


def _goal(sessions: SessionFactory, number: int, user: str = "alice") -> Goal:
    with sessions() as session:
        goal = session.scalar(
            select(Goal).join(Member).where(Member.user_id == user, Goal.number == number)
        )
        assert goal is not None
        return goal


def test_smart_goal_is_saved_with_deadline_and_horizon(
    alice: Conversation, sessions: SessionFactory
) -> None:
    text = alice.text("/goal add Become a certified AWS Solutions Architect by 2027-03-31")
    assert "Goal #1 saved" in text
    assert "2027-03-31" in text
    assert "S ✓  M ✓  A ✓  R ✗  T ✓" in text
    goal = _goal(sessions, 1)
    assert goal.title == "Become a certified AWS Solutions Architect"
    assert goal.deadline == date(2027, 3, 31)
    assert goal.horizon == "short"
    assert goal.shared is False


def test_vague_goal_is_saved_and_coached(alice: Conversation, sessions: SessionFactory) -> None:
    text = alice.text("/goal add be a manager")
    assert "Goal #1 saved" in text
    assert "S ✗  M ✗" in text
    assert "T ✗" in text
    assert "/goal edit 1 by" in text
    assert _goal(sessions, 1).title == "be a manager"


def test_goal_with_all_fields(alice: Conversation, sessions: SessionFactory) -> None:
    alice.say(
        "/goal add Land new consulting clients within 6 months measure: 3 new clients "
        "why: stable income resources: LinkedIn, meetups --share"
    )
    goal = _goal(sessions, 1)
    assert goal.title == "Land new consulting clients"
    assert goal.deadline == date(2027, 5, 23)
    assert goal.measure == "3 new clients"
    assert goal.measure_target == 3
    assert goal.why == "stable income"
    assert goal.resources == "LinkedIn, meetups"
    assert goal.shared is True


def test_horizon_follows_deadline_unless_given(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/goal add Become an engineering manager by 2029-06-30")
    alice.say("/goal add Found my own consultancy by 2034-01-01")
    alice.say("/goal add Speak at a conference by 2027-10-01 horizon: mid")
    assert [_goal(sessions, n).horizon for n in (1, 2, 3)] == ["mid", "long", "mid"]


def test_a_horizon_set_by_hand_stays_when_the_deadline_moves(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/goal add Become a staff engineer by 2027-12-31")
    alice.say("/goal edit 1 horizon: long")
    text = alice.text("/goal edit 1 by 2026-11-01")
    assert _goal(sessions, 1).horizon == "long" and "Horizon: long" in text
    assert "T ✗" in text
    assert "The horizon is long, but a deadline of 2026-11-01 makes it a short goal" in text
    assert "/goal edit 1 horizon: short (or horizon: auto)" in text


def test_a_deadline_moves_a_horizon_not_set_by_hand_and_auto_gives_it_back(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/goal add Become a staff engineer by 2027-12-31")
    alice.say("/goal edit 1 by 2032-06-30")
    assert _goal(sessions, 1).horizon == "long"
    alice.say("/goal edit 1 horizon: short")
    alice.say("/goal edit 1 by 2030-06-30")
    assert _goal(sessions, 1).horizon == "short"
    text = alice.text("/goal edit 1 horizon: auto")
    assert _goal(sessions, 1).horizon == "mid" and "T ✓" in text
    alice.say("/goal edit 1 by 2027-03-31")
    assert _goal(sessions, 1).horizon == "short"


def test_editing_other_fields_leaves_the_horizon_alone(
    alice: Conversation, sessions: SessionFactory, clock: ManualClock
) -> None:
    alice.say("/goal add Become a staff engineer by 2028-01-31")
    assert _goal(sessions, 1).horizon == "mid"
    clock.advance(timedelta(days=120))  # the deadline is now less than a year away
    alice.say("/goal edit 1 why: lead the platform's design")
    assert _goal(sessions, 1).horizon == "mid"


def test_a_horizon_given_with_the_goal_counts_as_set_by_hand(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/goal add Lead the platform team by 2027-10-01 horizon: mid")
    text = alice.text("/goal edit 1 by 2027-03-31")
    assert _goal(sessions, 1).horizon == "mid" and "makes it a short goal" in text


def test_past_and_unreadable_deadlines_are_coached(
    alice: Conversation, sessions: SessionFactory
) -> None:
    assert "deadline has passed" in alice.text("/goal add Pass the CKA exam by 2025-01-01")
    text = alice.text("/goal add Publish my talk by end of Juen")
    assert "could not read “end of Juen”" in text
    assert _goal(sessions, 2).deadline is None


def test_list_show_edit_done_drop(alice: Conversation) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/goal add Write 4 blog posts by end of June")
    listing = alice.say("/goal list")
    labels = [b.label for b in listing.blocks if isinstance(b, Progress)]
    assert labels == ["#1 Pass the CKA exam", "#2 Write 4 blog posts"]
    assert "Write 4 blog posts" in alice.text("/goal show 2")
    edited = alice.text("/goal edit 2 by 2027-09-30 why: visibility")
    assert "2027-09-30" in edited and "R ✓" in edited
    assert "🎉" in alice.text("/goal done 1")
    assert "Dropped goal #2" in alice.text("/goal drop 2")
    assert "No goals yet" in alice.text("/goal list")
    assert "#1 Pass the CKA exam" in alice.text("/goal list all")


def test_progress_from_milestones_measure_and_by_hand(alice: Conversation) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/goal milestone 1 add Finish the course by 2026-12-15")
    alice.say("/goal milestone 1 add Two practice exams by 2027-01-31")
    assert "50%" in alice.text("/goal milestone 1 done 1")
    assert "40%" in alice.text("/goal progress 1 40%")
    assert "50%" in alice.text("/goal progress 1 auto")
    alice.say("/goal add Win clients by 2027-06-30 measure: 4 clients")
    assert "75%" in alice.text("/goal progress 2 3")


def test_milestone_after_goal_deadline_is_noted(alice: Conversation) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    text = alice.text("/goal milestone 1 add Book the exam by 2027-03-15")
    assert "after the goal's deadline" in text


def test_another_members_goal_is_not_found(
    alice: Conversation, bob: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    for command in ("/goal show 1", "/goal done 1", "/goal edit 1 why: x", "/goal share 1"):
        text = bob.text(command)
        assert "You have no goal #1" in text
        assert "CKA" not in text
    assert _goal(sessions, 1).status == "active"


def test_bad_goal_input_gets_a_message_and_an_example(alice: Conversation) -> None:
    cases = {
        "/goal add": "The goal is empty",
        "/goal show x": "goal number",
        "/goal progress 1 lots": "You have no goal #1",
        "/goal frobnicate 1": "no “frobnicate” option",
        "/goal add Lead a team horizon: someday": "short, mid, long or auto",
        "/goal add " + "x" * 300: "the limit is 200",
    }
    for command, expected in cases.items():
        text = alice.text(command)
        assert expected in text, command
        assert "Example: /" in text
    alice.say("/goal add Pass the CKA exam")
    assert "percentage" in alice.text("/goal progress 1 lots")
    assert "Your text, so nothing is lost: /goal add " + "x" * 300 in alice.text(
        "/goal add " + "x" * 300
    )


def test_share_and_unshare(alice: Conversation, sessions: SessionFactory) -> None:
    alice.say("/goal add Pass the CKA exam")
    assert "shared" in alice.text("/goal share 1")
    assert _goal(sessions, 1).shared is True
    alice.say("/goal unshare 1")
    assert _goal(sessions, 1).shared is False
