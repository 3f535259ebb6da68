"""Habit and journal streaks follow one rule: a missed day breaks the run, a day not yet over
and not answered does not, and vacation days neither break nor grow it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from core.messages import Fields, Reply
from core.time.clock import ManualClock
from tests.conftest import Conversation

MONDAY = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def _fields(reply: Reply) -> dict[str, str]:
    return dict(next(b.items for b in reply.blocks if isinstance(b, Fields)))


def _on(clock: ManualClock, days_after_monday: int) -> None:
    clock.set(MONDAY + timedelta(days=days_after_monday))


def test_a_missed_day_breaks_the_habit_streak_at_once(
    alice: Conversation, clock: ManualClock
) -> None:
    alice.say("/commit Run every weekday")
    assert "Streak: 1 day" in alice.text("/commit done 1")
    _on(clock, 1)
    assert "Streak: 2 days" in alice.text("/commit done 1")
    _on(clock, 2)
    assert "streak 2 days" in alice.text("/commit list")  # today is open, not missed yet
    assert "Missed today: #1 Run. Streak: 0 days." in alice.text("/commit missed 1 rain")
    assert "streak 0 days" in alice.text("/commit list")
    assert _fields(alice.say("/progress"))["Habit #1 Run"] == "0 days"
    assert "Streak: 3 days" in alice.text("/commit done 1")  # a second answer replaces it


def test_a_habit_kept_on_a_vacation_day_does_not_grow_the_streak(
    alice: Conversation, clock: ManualClock
) -> None:
    alice.say("/commit Run every weekday")
    for day in range(3):
        _on(clock, day)
        alice.say("/commit done 1")
    assert "streak 3 days" in alice.text("/commit list")
    alice.say("/vacation tomorrow")
    _on(clock, 3)
    text = alice.text("/commit done 1")
    assert "Streak: 3 days (a vacation day: it neither breaks nor grows the streak)." in text
    assert "Streak: 3 days" in alice.text("/commit missed 1 on the beach")  # nor breaks it
    _on(clock, 4)
    assert "Streak: 4 days" in alice.text("/commit done 1")


def test_a_journal_entry_on_a_vacation_day_does_not_grow_the_journal_streak(
    alice: Conversation, clock: ManualClock
) -> None:
    alice.say("/win Shipped the login page")
    alice.say("/vacation tomorrow")
    _on(clock, 1)
    alice.say("/win Answered one email from the beach")
    assert _fields(alice.say("/progress"))["Journal streak"] == "1 day"
    _on(clock, 2)
    alice.say("/win Back at work")
    assert _fields(alice.say("/progress"))["Journal streak"] == "2 days"


def test_the_autumn_dst_change_does_not_change_a_habit_streak(
    alice: Conversation, clock: ManualClock
) -> None:
    def late_evening(day: int, month: int = 10) -> datetime:
        """23:30 in New York (already the next day in UTC)."""
        return datetime(2026, month, day, 23, 30, tzinfo=ZoneInfo("America/New_York"))

    clock.set(late_evening(29))  # Thursday; clocks go back on Sunday 1 November
    alice.say("/tz America/New_York")
    alice.say("/commit Run every weekday")
    alice.say("/commit done 1")
    clock.set(late_evening(30))
    alice.say("/commit done 1")
    clock.set(late_evening(2, 11))  # Monday, after the change
    assert "streak 2 days" in alice.text("/commit list")  # Monday is not over yet
    assert "Streak: 3 days" in alice.text("/commit done 1")
