"""What kept commitments are worth, through the real grammar with a moved clock: a win in
the brag document, evidence in /gap, the trend in /progress, and the check-in asking for
a commitment to a goal that has gone a month without one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from core.messages import Fields, Reply
from core.ports import Address
from core.scheduling.worker import Worker
from core.storage.db import SessionFactory
from core.storage.models import Entry
from core.time.clock import ManualClock
from tests.conftest import Conversation, run_worker
from tests.fakes import FakeMessenger

ALICE = Address("console", "local", "alice")
IDLE_ASK = "has had no commitment for a month"
BEFORE = " the 4 weeks before"


def _fields(reply: Reply) -> dict[str, str]:
    return dict(next(b.items for b in reply.blocks if isinstance(b, Fields)))


def test_done_with_win_promotes_it_to_a_linked_win_once(
    alice: Conversation, bob: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/goal milestone 1 add Finish the course by 2026-12-15")
    alice.say("/skill add Kubernetes learning")
    alice.say("/commit Do two practice labs by friday milestone:1.1 skill:kubernetes")
    text = alice.text("/commit done 1 --win")
    assert "Kept: #1 Do two practice labs" in text
    assert "Also saved as win #1, so your brag document has it" in text
    assert "already win #1" in alice.text("/commit done 1 --win")  # not a second win
    with sessions() as session:
        (win,) = session.scalars(select(Entry).where(Entry.kind == "win"))
        assert (win.text, win.tag_list) == ("Do two practice labs", ["kubernetes"])
        assert (win.goal.number, win.milestone and win.milestone.number) == (1, 1)
    brag = alice.say("/export brag").attachments[0].content
    assert "Do two practice labs" in brag
    assert "Only a kept commitment becomes a win" in alice.text("/commit missed 1 --win")
    assert "You have no commitment #1" in bob.text("/commit done 1 --win")


def test_a_plain_done_is_no_win(alice: Conversation, sessions: SessionFactory) -> None:
    alice.say("/commit Update my CV by friday")
    assert "win" not in alice.text("/commit done 1")
    with sessions() as session:
        assert session.scalars(select(Entry).where(Entry.kind == "win")).all() == []


def test_kept_commitments_are_evidence_in_gap(alice: Conversation, bob: Conversation) -> None:
    alice.say("/skill add Kubernetes learning")
    alice.say("/skill add Terraform learning")
    alice.say("/skill add Go learning")
    alice.say("/goal add Automate our infra #terraform by 2027-06-30")
    alice.say("/commit Do a practice lab by friday skill:kubernetes")
    alice.say("/commit Write the VPC module by friday goal:1")
    alice.say("/commit Learn Go generics by friday skill:go")
    alice.say("/commit Deploy a cluster by friday skill:kubernetes")
    alice.say("/commit done 1")
    alice.say("/commit done 2")
    alice.say("/commit missed 3")  # missed: no evidence
    alice.say("/commit done 4 --win")  # counted once, as its win
    fields = _fields(alice.say("/gap"))
    assert fields["Kubernetes"] == "1 entry, 1 kept commitment"
    assert fields["Terraform"] == "1 kept commitment"
    assert "Go" not in fields
    assert "No evidence for “Go”" in alice.text("/gap")
    bob.say("/skill add Kubernetes learning")
    assert "Kubernetes" not in _fields(bob.say("/gap"))  # Alice's record is hers


def test_progress_shows_the_trend_against_the_four_weeks_before(
    alice: Conversation, clock: ManualClock
) -> None:
    for n in range(5):
        alice.say(f"/commit Earlier step {n} by today")
    for n in (1, 2, 3):
        alice.say(f"/commit done {n}")
    for n in (4, 5):
        alice.say(f"/commit missed {n}")
    fields = _fields(alice.say("/progress"))
    assert fields["Commitments, last 4 weeks"] == "kept 3 of 5, 60%"  # nothing before: no trend
    clock.advance(timedelta(days=30))
    for n in range(4):
        alice.say(f"/commit Later step {n} by today")
    for n in (6, 7, 8, 9):
        alice.say(f"/commit done {n}")
    fields = _fields(alice.say("/progress"))
    assert (
        fields["Commitments, last 4 weeks"] == "kept 4 of 4, 100% · up from 60% the 4 weeks before"
    )
    clock.advance(timedelta(days=28))
    alice.say("/commit One more by today")
    alice.say("/commit missed 10")
    fields = _fields(alice.say("/progress"))
    assert (
        fields["Commitments, last 4 weeks"] == "kept 0 of 1, 0% · down from 100% the 4 weeks before"
    )


def _checkin(worker: Worker, messenger: FakeMessenger, clock: ManualClock, days: int) -> str:
    """Move on by `days`, run the worker, and return the newest DM to Alice (or "")."""
    clock.advance(timedelta(days=days))
    before = len(messenger.sent[ALICE])
    run_worker(worker)
    sent = messenger.sent[ALICE][before:]
    return "\n".join(r.plain_text() for r in sent)


def test_checkin_asks_for_a_commitment_to_a_goal_idle_for_a_month(
    alice: Conversation, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    alice.say("/checkin set daily 16:00")
    alice.say("/goal add Pass the CKA exam by 2027-06-30")
    alice.say("/goal add Speak at a meetup by 2027-06-30")
    alice.say("/goal add Old goal that is done by 2027-06-30")
    alice.say("/goal done 3")
    clock.advance(timedelta(hours=1))
    alice.say("/commit Book the exam by friday goal:1")
    clock.set(datetime(2026, 12, 10, 16, 0, 5, tzinfo=UTC))
    run_worker(worker)
    assert IDLE_ASK not in messenger.sent[ALICE][-1].plain_text()  # not a month yet
    clock.set(datetime(2026, 12, 24, 16, 0, 5, tzinfo=UTC))  # a month after goals and #1
    text = _checkin(worker, messenger, clock, 0)
    assert "Goal #2 Speak at a meetup has had no commitment for a month" in text
    assert text.count(IDLE_ASK) == 1  # one ask per check-in: the goal idle longest
    assert "goal:2" in text and "Old goal" not in text
    alice.say("/commit Submit a talk proposal by 2027-01-15 goal:2")
    text = _checkin(worker, messenger, clock, 1)
    assert "Goal #1 Pass the CKA exam " + IDLE_ASK in text and "Goal #2" not in text


def test_no_idle_ask_during_vacation_and_vacation_days_do_not_count(
    alice: Conversation, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    alice.say("/checkin set daily 16:00")
    alice.say("/goal add Speak at a meetup by 2027-06-30")
    alice.say("/vacation 2026-12-07 to 2026-12-20")
    clock.set(datetime(2026, 12, 15, 16, 0, 5, tzinfo=UTC))
    assert _checkin(worker, messenger, clock, 0) == ""  # away: nothing is sent
    clock.set(datetime(2026, 12, 24, 16, 0, 5, tzinfo=UTC))  # 31 days, 14 of them away
    text = _checkin(worker, messenger, clock, 0)
    assert "Check-in time" in text and IDLE_ASK not in text
    clock.set(datetime(2027, 1, 7, 16, 0, 5, tzinfo=UTC))  # a month of days not away
    assert "Goal #1 Speak at a meetup " + IDLE_ASK in _checkin(worker, messenger, clock, 0)


def test_the_move_button_without_a_form_asks_for_the_day(alice: Conversation) -> None:
    """The console has no forms: the Move button's command explains itself."""
    alice.say("/commit Update my CV by today")
    text = alice.text("/commit move 1")
    assert "Say the new day to move it to." in text and "/commit move 1 to friday" in text
    assert "Moved: #1 Update my CV · due in 4 days" in alice.text("/commit move 1 to friday")
