"""What /checkin, /checkin answer and /checkin snooze say when no check-in is open, and
the next check-in the worker would really send (pauses skipped, in the member's zone)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from core.ports import Address
from core.scheduling.worker import Worker
from core.storage.db import SessionFactory
from core.storage.models import Entry, Reminder
from core.time.clock import ManualClock
from tests.conftest import Conversation, run_worker
from tests.fakes import FakeMessenger

# The conversation starts on Monday 2026-11-23, 09:30 UTC; check-ins default to Fri 16:00.
ALICE = Address("console", "local", "alice")


def _entries(sessions: SessionFactory) -> list[str]:
    with sessions() as session:
        return [e.text for e in session.scalars(select(Entry).order_by(Entry.id))]


def _daily_checkin_sent(alice: Conversation, worker: Worker, clock: ManualClock) -> None:
    """Daily check-ins at 10:00, and today's sent (its question is open)."""
    alice.say("/checkin set daily 10:00")
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    run_worker(worker)


def test_answer_with_nothing_open_says_so_and_when_the_next_one_is(alice: Conversation) -> None:
    reply = alice.text("/checkin answer")
    assert "no open check-in question" in reply
    assert "Fri 27 Nov 2026 16:00 (UTC)" in reply
    assert "/journal <text>" in reply
    assert "goes into your journal" not in reply


def test_answer_text_with_nothing_open_is_kept_as_a_journal_entry(
    alice: Conversation, sessions: SessionFactory
) -> None:
    reply = alice.text("/checkin answer Shipped the billing migration")
    assert "no open check-in question" in reply
    assert "Saved to your journal as #1" in reply
    assert "Shipped the billing migration" in reply
    assert _entries(sessions) == ["Shipped the billing migration"]


def test_answer_after_the_checkin_was_answered_says_nothing_is_open(
    alice: Conversation, worker: Worker, clock: ManualClock, sessions: SessionFactory
) -> None:
    _daily_checkin_sent(alice, worker, clock)
    assert "Saved to your journal" in alice.text("/checkin answer Paired with Dana on the CKA lab")
    alice.say("/checkin skip")  # no commitment this time
    reply = alice.text("/checkin answer")
    assert "no open check-in question" in reply and "Tue 24 Nov 2026 10:00 (UTC)" in reply
    assert _entries(sessions) == ["Paired with Dana on the CKA lab"]


def test_answer_while_a_checkin_is_open_still_explains_how(
    alice: Conversation, worker: Worker, clock: ManualClock
) -> None:
    _daily_checkin_sent(alice, worker, clock)
    assert "Type your answer as a message" in alice.text("/checkin answer")


def test_next_checkin_skips_a_vacation(alice: Conversation) -> None:
    alice.say("/vacation 2026-11-27 to 2026-11-29")
    reply = alice.text("/checkin")
    assert "Fri 04 Dec 2026 16:00 (UTC)" in reply
    assert "Fri 27 Nov 2026" not in reply


def test_next_checkin_while_paused_says_until_when(alice: Conversation) -> None:
    alice.say("/checkin pause until 2026-12-05")
    reply = alice.text("/checkin")
    assert "paused until Sat 05 Dec 2026" in reply
    assert "Fri 11 Dec 2026 16:00 (UTC)" in reply


def test_next_checkin_reads_pauses_on_the_members_local_day(
    alice: Conversation, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    alice.say("/tz America/Los_Angeles")
    alice.say("/checkin set fri 20:00")  # Saturday 04:00 UTC
    alice.say("/vacation 2026-11-28")  # the Saturday: the Friday evening still comes
    assert "Fri 27 Nov 2026 20:00 (America/Los_Angeles)" in alice.text("/checkin")
    alice.say("/vacation cancel 1")
    alice.say("/vacation 2026-11-27")
    assert "Fri 04 Dec 2026 20:00 (America/Los_Angeles)" in alice.text("/checkin")
    clock.set(datetime(2026, 11, 28, 4, 0, 5, tzinfo=UTC))
    run_worker(worker)
    assert messenger.total() == 0  # the worker agrees: skipped


def test_snooze_with_nothing_open_says_there_is_nothing_to_snooze(
    alice: Conversation, sessions: SessionFactory
) -> None:
    reply = alice.text("/checkin snooze 1h")
    assert "nothing to snooze" in reply.lower()
    assert "Fri 27 Nov 2026 16:00 (UTC)" in reply
    assert "Snoozed" not in reply
    with sessions() as session:
        assert session.scalars(select(Reminder)).all() == []


def test_snooze_after_answering_has_nothing_to_snooze(
    alice: Conversation, worker: Worker, clock: ManualClock
) -> None:
    _daily_checkin_sent(alice, worker, clock)
    alice.say("Read two chapters of the SRE book")
    alice.say("/checkin skip")
    clock.advance(timedelta(minutes=5))
    assert "nothing to snooze" in alice.text("/checkin snooze tomorrow").lower()


def test_a_commitment_due_at_the_next_checkin_skips_a_vacation(alice: Conversation) -> None:
    alice.say("/vacation 2026-11-27 to 2026-11-29")
    reply = alice.text("/commit Update my CV")
    assert "Fri 04 Dec 2026 16:00 (UTC)" in reply and "27 Nov" not in reply


def test_setting_checkins_during_a_vacation_names_the_first_one_sent(
    alice: Conversation,
) -> None:
    alice.say("/vacation 2026-11-23 to 2026-11-25")
    assert "Thu 26 Nov 2026 09:00 (UTC)" in alice.text("/checkin set weekdays 09:00")


def test_skip_with_nothing_open_says_there_is_nothing_to_skip(alice: Conversation) -> None:
    reply = alice.text("/checkin skip")
    assert "nothing to skip" in reply.lower()
    assert "Fri 27 Nov 2026 16:00 (UTC)" in reply and "Skipped" not in reply
