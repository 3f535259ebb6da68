"""More than one vacation: numbered, cancelled one at a time, read in the member's zone."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from core.storage.db import SessionFactory
from core.storage.models import Pause
from core.time.clock import ManualClock
from tests.conftest import Conversation

# The conversation starts on Monday 2026-11-23, 09:30 UTC.


def _pauses(sessions: SessionFactory) -> list[tuple[date, date]]:
    with sessions() as session:
        rows = session.scalars(select(Pause).order_by(Pause.start_date))
        return [(p.start_date, p.end_date) for p in rows]


def test_cancel_without_one_in_progress_keeps_planned_ones(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/vacation 2026-12-01 to 2026-12-03")
    alice.say("/vacation 2026-12-24 to 2027-01-02")
    reply = alice.text("/vacation cancel")
    assert "No vacation or pause is in progress" in reply
    assert "#1 2026-12-01 to 2026-12-03" in reply and "#2 2026-12-24 to 2027-01-02" in reply
    assert len(_pauses(sessions)) == 2


def test_cancel_ends_the_one_in_progress_and_keeps_christmas(
    alice: Conversation, sessions: SessionFactory, clock: ManualClock
) -> None:
    alice.say("/vacation 2026-11-23 to 2026-11-27")
    alice.say("/vacation 2026-12-24 to 2027-01-02")
    clock.advance(timedelta(days=2))  # Wednesday 25
    reply = alice.text("/vacation cancel")
    assert "Welcome back" in reply and "2026-12-24 to 2027-01-02" in reply
    assert _pauses(sessions) == [
        (date(2026, 11, 23), date(2026, 11, 24)),
        (date(2026, 12, 24), date(2027, 1, 2)),
    ]


def test_list_is_numbered_and_cancel_n_removes_one(
    alice: Conversation, sessions: SessionFactory
) -> None:
    assert "vacation #1" in alice.text("/vacation 2026-12-24 to 2027-01-02")
    listed = alice.text("/vacation")
    assert "#1 2026-12-24 to 2027-01-02" in listed
    assert "vacation #2" in alice.text("/vacation 2026-12-01 to 2026-12-03")
    alice.say("/vacation 2027-02-10 to 2027-02-12")
    listed = alice.text("/vacation")  # soonest first, each keeping the number it was given
    assert "#2 2026-12-01 to 2026-12-03" in listed
    assert "#1 2026-12-24 to 2027-01-02" in listed
    assert "#3 2027-02-10 to 2027-02-12" in listed
    assert listed.index("#2 2026-12-01") < listed.index("#1 2026-12-24")
    assert "Removed vacation #1 2026-12-24 to 2027-01-02" in alice.text("/vacation cancel 1")
    assert _pauses(sessions) == [
        (date(2026, 12, 1), date(2026, 12, 3)),
        (date(2027, 2, 10), date(2027, 2, 12)),
    ]
    assert "no vacation #5" in alice.text("/vacation cancel 5")
    assert "/vacation cancel 2" in alice.text("/vacation cancel soon")


def test_a_number_stays_when_an_earlier_vacation_is_added(alice: Conversation) -> None:
    """The number read off the list still names the same vacation after another is added."""
    alice.say("/vacation 2026-12-24 to 2027-01-02")
    assert "#1 2026-12-24 to 2027-01-02" in alice.text("/vacation")
    alice.say("/vacation 2026-12-01 to 2026-12-03")  # sooner: comes first in the list
    assert "Removed vacation #1 2026-12-24 to 2027-01-02" in alice.text("/vacation cancel 1")
    assert "#2 2026-12-01 to 2026-12-03" in alice.text("/vacation")
    alice.say("/vacation 2027-03-01")
    assert "#3 2027-03-01 (one day)" in alice.text("/vacation")  # numbers are not reused


def test_next_week_a_single_day_and_until(alice: Conversation, sessions: SessionFactory) -> None:
    assert "2026-11-30 to 2026-12-06" in alice.text("/vacation next week")
    one_day = alice.text("/vacation 2026-12-24")
    assert "Paused on 2026-12-24 (your dates)" in one_day and "to 2026-12-24" not in one_day
    assert "2026-11-23 to 2027-01-05" in alice.text("/vacation until Jan 5")
    assert len(_pauses(sessions)) == 3
    assert "#2 2026-12-24 (one day)" in alice.text("/vacation")  # the second one added


def test_vacation_dates_follow_the_members_local_today(
    alice: Conversation, clock: ManualClock
) -> None:
    alice.say("/tz Pacific/Auckland")
    clock.advance(timedelta(days=6, hours=2))  # Sunday 29 11:30 UTC, Monday 30 in Auckland
    assert "2026-12-07 to 2026-12-13" in alice.text("/vacation next week")
    assert "2026-11-30 to 2027-01-05" in alice.text("/vacation until Jan 5")


def test_an_unreadable_day_is_refused_with_an_example(alice: Conversation) -> None:
    assert "could not read “someday”" in alice.text("/vacation someday")


def test_a_vacation_already_planned_is_not_added_twice(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/vacation 24/12 to 2/1")
    again = alice.text("/vacation 2026-12-24 to 2027-01-02")
    assert "already on vacation from 2026-12-24 to 2027-01-02 (vacation #1)" in again
    assert "/vacation cancel 1" in again  # how to change it instead
    assert "already on vacation" in alice.text("/vacation 2026-12-27")  # inside it
    assert len(_pauses(sessions)) == 1
    assert "Paused" in alice.text("/vacation 2026-12-20 to 2027-01-02")  # longer: a new one
    assert len(_pauses(sessions)) == 2


def test_a_misspelt_cancel_gets_did_you_mean_not_a_date_error(alice: Conversation) -> None:
    alice.say("/vacation 2026-12-24")
    text = alice.text("/vacation cancle 1")
    assert "Did you mean /vacation cancel?" in text and "/vacation cancel 1" in text
    assert "as a date" not in text
    assert "#1 2026-12-24 (one day)" in alice.text("/vacation list")
