"""/progress: goals, milestones due soon, weekly and monthly wins and the local-day streak."""

from __future__ import annotations

from datetime import timedelta

from core.messages import Fields, Items, Progress, Reply
from core.time.clock import ManualClock
from tests.conftest import Conversation


def _fields(reply: Reply) -> dict[str, str]:
    return {k: v for b in reply.blocks if isinstance(b, Fields) for k, v in b.items}


def _items(reply: Reply) -> tuple[str, ...]:
    return next(b.items for b in reply.blocks if isinstance(b, Items))


def test_progress_dashboard(alice: Conversation, clock: ManualClock) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/goal milestone 1 add Finish the course by 2026-12-10")
    alice.say("/goal milestone 1 add Book the exam by 2027-02-01")
    alice.say("/goal add Old idea")
    alice.say("/goal drop 2")
    clock.set(clock.now() - timedelta(days=10))  # Friday 13 November
    alice.say("/win Earlier this month")
    clock.advance(timedelta(days=10))
    alice.say("/win Today's win")
    reply = alice.say("/progress")
    bars = [b for b in reply.blocks if isinstance(b, Progress)]
    assert [b.label for b in bars] == ["#1 Pass the CKA exam"]
    assert _items(reply) == ("1.1 Finish the course · in 17 days",)
    assert _fields(reply) == {
        "Wins this week": "1",
        "Wins this month": "2",
        "Journal streak": "1 day",
        "Network": "0 met, 0 followed up this quarter",
        "Commitments, last 4 weeks": "none due yet",
        "Commitments, this quarter": "none due yet",
    }


def test_overdue_milestone_is_listed(alice: Conversation, clock: ManualClock) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/goal milestone 1 add Finish the course by 2026-11-30")
    clock.advance(timedelta(days=9))
    assert _items(alice.say("/progress")) == ("1.1 Finish the course · overdue since 30 Nov",)


def test_streak_counts_local_days(alice: Conversation, clock: ManualClock) -> None:
    alice.say("/tz Asia/Kathmandu")  # +05:45
    for _ in range(5):
        alice.say("/journal a daily note")
        clock.advance(timedelta(days=1))
    # Nothing yet today: the streak still stands until the day is over.
    assert _fields(alice.say("/progress"))["Journal streak"] == "5 days"
    clock.advance(timedelta(days=1))
    assert _fields(alice.say("/progress"))["Journal streak"] == "0 days"


def test_streak_near_midnight_uses_member_zone(alice: Conversation, clock: ManualClock) -> None:
    alice.say("/tz America/New_York")
    clock.set(clock.now().replace(hour=3))  # 22:00 Sunday in New York
    alice.say("/win Sunday evening")
    clock.advance(timedelta(hours=3))  # 01:00 Monday in New York
    alice.say("/win Monday, very early")
    assert _fields(alice.say("/progress"))["Journal streak"] == "2 days"


def test_progress_for_a_new_member(bob: Conversation) -> None:
    text = bob.text("/progress")
    assert "No active goals" in text
    assert "Journal streak: 0 days" in text
