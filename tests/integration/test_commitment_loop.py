"""The whole accountability loop as one conversation with a moved clock: four weeks in
Berlin across the spring DST change and a vacation, with commitments kept (one promoted
to a win), missed and moved, a weekday habit's streak, and the weekly check-in closing
the loop at 17:00 local time before and after the change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from core.messages import Actions, Fields, Reply
from core.ports import Address
from core.scheduling.worker import Worker
from core.time.clock import ManualClock
from tests.conftest import Conversation, run_worker
from tests.fakes import FakeMessenger

ALICE = Address("console", "local", "alice")
BERLIN = ZoneInfo("Europe/Berlin")
# Monday 15 March 2027; clocks go forward on Sunday 28 March; away 31 March to 2 April.
FIRST_MONDAY = datetime(2027, 3, 15, tzinfo=BERLIN)


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    """Berlin wall time, `day` days after the first Monday, as UTC."""
    local = (FIRST_MONDAY + timedelta(days=day)).replace(hour=hour, minute=minute, second=5)
    return local.astimezone(UTC)


def _fields(reply: Reply) -> dict[str, str]:
    return dict(next(b.items for b in reply.blocks if isinstance(b, Fields)))


def _buttons(reply: Reply) -> list[str]:
    return [b.command for b in reply.blocks if isinstance(b, Actions) for b in b.buttons]


def _checkin(worker: Worker, messenger: FakeMessenger, clock: ManualClock, day: int) -> Reply:
    """Run the worker at 17:00 Berlin on `day`; the one check-in it sends."""
    before = len(messenger.sent[ALICE])
    clock.set(_at(day, 17))
    run_worker(worker)
    (checkin,) = messenger.sent[ALICE][before:]
    assert "Check-in time" in checkin.plain_text()
    return checkin


def _habit_days(alice: Conversation, clock: ManualClock, days: range) -> str:
    """Keep the habit at 20:00 Berlin on each of these days; the last answer."""
    text = ""
    for day in days:
        clock.set(_at(day, 20))
        text = alice.text("/commit done 3")
    return text


def _week_one(
    alice: Conversation, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    clock.set(_at(0, 9, 30))
    alice.say("/tz Europe/Berlin")
    alice.say("/checkin set fri 17:00")
    alice.say("/skill add Kubernetes learning")
    alice.say("/goal add Pass the CKA exam by 2027-06-30")
    alice.say("/commit Finish chapter 3 by wednesday skill:kubernetes")
    assert "Fri 19 Mar 2027 17:00 (Europe/Berlin)" in alice.text("/commit Book the exam")
    alice.say("/commit Study 30 minutes every weekday")
    assert "Streak: 4 days" in _habit_days(alice, clock, range(4))
    checkin = _checkin(worker, messenger, clock, 4)
    text = checkin.plain_text()
    assert "#1 Finish chapter 3 · due 2 days ago" in text and "#2 Book the exam · due today" in text
    assert {"/commit move 1", "/commit drop 2"} <= set(_buttons(checkin))
    assert "Also saved as win #1" in alice.text("/commit done 1 --win")
    assert "Moved: #2 Book the exam" in alice.text("/commit move 2 to 2027-03-26")
    assert "Saved to your journal" in alice.text("Chapter 3 done, labs were the hard part")
    assert "Committed: #4 Update my CV" in alice.text("Update my CV")  # due at the next check-in
    assert "Streak: 5 days" in _habit_days(alice, clock, range(4, 5))


def _week_two(
    alice: Conversation, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    assert "Streak: 9 days" in _habit_days(alice, clock, range(7, 11))
    text = _checkin(worker, messenger, clock, 11).plain_text()
    assert "#2 Book the exam · due today" in text and "#4 Update my CV · due today" in text
    assert "journal as #3" in alice.text("/commit missed 4 on call all week")
    alice.say("/commit move 2 to 2027-04-02")  # a vacation day: no morning reminder then
    assert "Streak: 10 days" in _habit_days(alice, clock, range(11, 12))


def test_four_weeks_of_commitments_habit_vacation_and_dst(
    alice: Conversation, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    _week_one(alice, worker, messenger, clock)
    _week_two(alice, worker, messenger, clock)
    alice.say("/vacation 2027-03-31 to 2027-04-02")
    assert "Streak: 12 days" in _habit_days(alice, clock, range(14, 16))  # after the change
    sent = len(messenger.sent[ALICE])
    for day in (16, 17, 18):  # away: no reminder, no check-in, nothing
        clock.set(_at(day, 17))
        run_worker(worker)
    assert len(messenger.sent[ALICE]) == sent
    assert "Streak: 16 days" in _habit_days(alice, clock, range(21, 25))  # vacation held it
    clock.set(_at(25, 16, 59))
    run_worker(worker)
    assert len(messenger.sent[ALICE]) == sent  # not an hour early after the change
    assert (_at(4, 17).hour, _at(25, 17).hour) == (16, 15)  # 17:00 Berlin in UTC, then
    checkin = _checkin(worker, messenger, clock, 25)
    assert "#2 Book the exam · due 7 days ago" in checkin.plain_text()
    moved = alice.text("/commit move 2 to 2027-04-16")
    assert "moved this one 3 times" in moved and "smaller first step" in moved
    fields = _fields(alice.say("/progress"))  # Friday evening: today is not yet missed
    assert fields["Habit #3 Study 30 minutes"] == "16 days"
    assert fields["Commitments, last 4 weeks"] == "kept 1 of 2, 50%"
    assert _fields(alice.say("/gap"))["Kubernetes"] == "1 entry"  # the win, counted once
    brag = alice.say("/export brag").attachments[0].content
    assert "Finish chapter 3" in brag
