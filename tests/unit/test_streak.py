"""The journaling streak: consecutive days ending today or yesterday."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.services.progress import count_streak

TODAY = date(2026, 11, 23)  # a Monday


def ago(*offsets: int) -> list[date]:
    """Dates `offsets` days before TODAY, in the order given (newest first)."""
    return [TODAY - timedelta(days=n) for n in offsets]


@pytest.mark.parametrize(
    ("offsets", "expected"),
    [
        ((), 0),
        ((0,), 1),
        ((1,), 1),
        ((0, 1), 2),
        ((1, 2), 2),  # nothing yet today: the streak is still alive
        ((0, 1, 2, 3, 4), 5),
        ((0, 1, 3, 4), 2),  # a gap breaks the run
        ((0, 2, 3), 1),
        ((1, 3, 4), 1),
        ((2,), 0),  # older than yesterday only
        ((2, 3, 4), 0),
        ((10, 11), 0),
    ],
)
def test_count_streak(offsets: tuple[int, ...], expected: int) -> None:
    assert count_streak(ago(*offsets), TODAY) == expected


def test_long_streak_across_month_and_year_ends() -> None:
    new_year = date(2027, 1, 2)
    days = [new_year - timedelta(days=n) for n in range(40)]
    assert count_streak(days, new_year) == 40


def test_streak_across_leap_day() -> None:
    days = [date(2028, 3, 1), date(2028, 2, 29), date(2028, 2, 28)]
    assert count_streak(days, date(2028, 3, 1)) == 3


def test_paused_days_neither_break_nor_grow_the_streak() -> None:
    today = date(2026, 11, 28)
    logged = [date(2026, 11, 28), date(2026, 11, 24), date(2026, 11, 23)]
    paused = frozenset(date(2026, 11, d) for d in (25, 26, 27))
    assert count_streak(logged, today, paused) == 3
    assert count_streak(logged, today) == 1


def test_a_pause_ending_yesterday_keeps_an_open_today() -> None:
    today = date(2026, 11, 28)
    logged = [date(2026, 11, 24)]
    paused = frozenset(date(2026, 11, d) for d in (25, 26, 27))
    assert count_streak(logged, today, paused) == 1


def test_a_day_answered_missed_is_not_open() -> None:
    logged = ago(1, 2)
    assert count_streak(logged, TODAY) == 2  # today is still open
    assert count_streak(logged, TODAY, missed=frozenset(ago(0))) == 0


def test_a_day_kept_while_paused_does_not_count() -> None:
    assert count_streak(ago(0, 1, 2), TODAY, frozenset(ago(0, 1))) == 1
