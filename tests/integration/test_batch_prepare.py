"""A batch of check-ins is prepared in a few set-based queries, not a few per row (issue
14), and says what each member's own data says. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event, select

from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.outbox import Outbox, Outcome, Sent
from core.scheduling.realtime import SYSTEM_TIME
from core.storage.db import SessionFactory
from core.storage.models import Delivery, DeliveryStatus, Member, Pause
from core.time.clock import ManualClock
from tests.conftest import Conversation
from tests.fakes import OPTIONS
from tests.integration.test_reliability import _seed_due_checkins

OTHERS = 30
TEN = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # Monday
# The claimed rows with their members, the batch's schedules, pauses, goals (and their
# milestones), commitments and recent prompts: however many rows there are.
PREPARE_STATEMENTS = 7


@contextmanager
def counted(engine: Engine, kinds: tuple[str, ...] = ("SELECT",)) -> Iterator[list[str]]:
    """The statements of these kinds (SELECT by default) run on `engine` meanwhile."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(kinds):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _outbox(sessions: SessionFactory, clock: ManualClock) -> Outbox:
    """The outbox side of a sender, as worker w1."""
    return Outbox(
        sessions,
        clock,
        SYSTEM_TIME,
        "w1",
        lease=timedelta(minutes=2),
        max_attempts=6,
        stale_after=timedelta(hours=24),
    )


def test_a_batch_is_prepared_in_a_few_queries_with_each_members_own_data(
    alice: Conversation,
    bob: Conversation,
    engine: Engine,
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
) -> None:
    _seed_due_checkins(engine, OTHERS, TEN)  # first: it gives every member a check-in
    alice.say("/goal add Pass the AWS exam by 2027-03-31")
    alice.say("/commit finish the practice test by today")
    bob.say("/goal add Ship the portfolio site")
    alice.say("/checkin set daily 10:00")
    bob.say("/checkin set daily 10:00")
    clock.set(TEN + timedelta(seconds=30))
    assert Dispatcher(sessions, clock, grace=timedelta(hours=2), batch=200).tick().queued == (
        OTHERS + 2
    )
    outbox = _outbox(sessions, clock)
    claimed = outbox.claim(["console"], 100)
    with counted(engine) as statements:
        prepared = outbox.prepare(claimed, prompts, OPTIONS)
    assert len(prepared) == len(claimed) >= OTHERS
    assert len(statements) <= PREPARE_STATEMENTS
    texts = {item.address.user_id: repr(item.reply) for item in prepared}
    assert "Pass the AWS exam" in texts["alice"] and "finish the practice test" in texts["alice"]
    assert "Ship the portfolio site" in texts["bob"] and "AWS" not in texts["bob"]
    assert "practice test" not in texts["m0"] and "portfolio" not in texts["m0"]
    with sessions() as session:
        asked = session.scalars(select(Member.awaiting_prompt_key)).all()
    assert all(asked)


def test_each_send_costs_one_update_and_one_select(
    sessions: SessionFactory, engine: Engine, clock: ManualClock, prompts: PromptLibrary
) -> None:
    """Issue 14: after a send, its record and the re-check of the next row (pauses
    included) are one UPDATE and one SELECT (on PostgreSQL one statement: the UPDATE rides
    along in a WITH), the record is made, and the re-check still sees a new pause."""
    _seed_due_checkins(engine, 2, TEN)
    clock.set(TEN + timedelta(seconds=30))
    Dispatcher(sessions, clock, grace=timedelta(hours=2), batch=200).tick()
    outbox = _outbox(sessions, clock)
    first, second = outbox.prepare(outbox.claim(["console"], 10), prompts, OPTIONS)
    with counted(engine, ("SELECT", "UPDATE", "WITH")) as statements:
        assert outbox.record_then_check(Outcome(first.delivery_id, Sent.SENT, parts_sent=1), second)
    expected = ["WITH"] if engine.dialect.name == "postgresql" else ["UPDATE", "SELECT"]
    assert [s.split()[0].upper() for s in statements] == expected
    with sessions() as session:
        assert session.get_one(Delivery, first.delivery_id).status == DeliveryStatus.SENT
        assert session.get_one(Delivery, second.delivery_id).status == DeliveryStatus.SENDING
    with sessions.begin() as session:  # the second member pauses meanwhile
        member = session.scalars(select(Member.id).where(Member.user_id == second.address.user_id))
        day = TEN.date()
        session.add(
            Pause(member_id=member.one(), number=1, start_date=day, end_date=day, created_at=TEN)
        )
    assert not outbox.still_to_send(second)
