"""A milestone logged wrong can be corrected: a new date or title, or dropped. (Before,
`/goal milestone 1 edit|drop 1` answered only "Milestones can be added or marked done".)"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from core.storage.db import SessionFactory
from core.storage.models import Entry, Milestone, Reminder, ReminderStatus
from tests.conftest import Conversation


def _milestones(sessions: SessionFactory) -> list[tuple[str, date | None]]:
    with sessions() as session:
        rows = session.scalars(select(Milestone).order_by(Milestone.number))
        return [(m.title, m.due) for m in rows]


def test_a_milestone_gets_a_new_date_or_title(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/goal milestone 1 add Practice exam by 32/12")  # unread: saved without a date
    moved = alice.text("/goal milestone 1 edit 1 by 20/12")
    assert "Milestone 1.1 now" in moved and "due 2026-12-20" in moved
    alice.say("/goal milestone 1 edit 1.1 Mock exam by 2027-01-10")
    assert _milestones(sessions) == [("Mock exam", date(2027, 1, 10))]
    with sessions() as session:  # its reminders follow the new date
        pending = select(Reminder).where(Reminder.status == ReminderStatus.PENDING)
        days = {r.due_at.date() for r in session.scalars(pending)}
    assert date(2026, 12, 20) not in days and any(d.year == 2027 for d in days)


def test_an_unreadable_new_date_changes_nothing_and_says_why(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/goal milestone 1 add Mock exam by 2027-01-10")
    text = alice.text("/goal milestone 1 edit 1 by someday")
    assert "could not read “someday” as a date" in text
    assert "Your text, so nothing is lost: /goal milestone 1 edit 1 by someday" in text
    assert _milestones(sessions) == [("Mock exam", date(2027, 1, 10))]
    assert "Which milestone?" in alice.text("/goal milestone 1 edit")


def test_a_dropped_milestone_goes_and_what_was_linked_to_it_stays(
    alice: Conversation, bob: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/goal milestone 1 add Mock exam by 2027-01-10")
    alice.say("/win Booked the mock exam milestone:1.1")
    assert "You have no goal #1" in bob.text("/goal milestone 1 drop 1")  # not Bob's
    assert "Milestone 1.1 dropped: Mock exam" in alice.text("/goal milestone 1 drop 1")
    assert _milestones(sessions) == []
    with sessions() as session:
        win = session.scalars(select(Entry)).one()
        assert win.milestone_id is None and win.goal_id is not None
        milestone_reminders = select(Reminder).where(
            Reminder.kind == "milestone", Reminder.status == ReminderStatus.PENDING
        )
        assert session.scalars(milestone_reminders).all() == []
