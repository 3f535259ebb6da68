"""One stored row the core cannot read (a rule edited by hand, a bad import) is switched
off by the tick; every other member's check-in is still queued."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from core.scheduling.dispatcher import Dispatcher
from core.storage.db import SessionFactory
from core.storage.models import Delivery, Digest, Member, Schedule
from core.time.clock import ManualClock
from tests.conftest import Conversation


def _checkin(sessions: SessionFactory, user_id: str) -> int:
    with sessions() as session:
        return session.scalars(
            select(Schedule.id)
            .join(Member, Schedule.member_id == Member.id)
            .where(Member.user_id == user_id, Schedule.kind == "checkin")
        ).one()


def test_a_row_with_a_rule_the_core_cannot_read_does_not_stop_the_others(
    sessions: SessionFactory,
    clock: ManualClock,
    alice: Conversation,
    bob: Conversation,
    caplog: pytest.LogCaptureFixture,
) -> None:
    alice.say("/checkin set weekdays 10:00")
    bob.say("/checkin set weekdays 10:00")
    admin = Conversation(alice.coach, alice.who, admin=True)
    assert "C0TEAM" in admin.text("/digest set <#C0TEAM> weekly tue 10:00 UTC")
    bad, good = _checkin(sessions, "bob"), _checkin(sessions, "alice")
    with sessions.begin() as session:
        due = session.get_one(Schedule, good).next_fire_at
        assert due is not None
        # Bob's row is corrupted and comes first in the batch, Alice's right after.
        session.execute(
            update(Schedule)
            .where(Schedule.id == bad)
            .values(rule="bogus", next_fire_at=due - timedelta(minutes=1))
        )
        session.execute(update(Digest).values(rule="bogus", next_fire_at=due))
    clock.set(due + timedelta(minutes=1))
    with caplog.at_level(logging.WARNING, logger="core.scheduling.dispatcher"):
        report = Dispatcher(sessions, clock, batch=1).tick()
    assert report.queued == 1
    with sessions() as session:
        queued = session.execute(select(Delivery.kind, Delivery.source_id)).all()
        assert queued == [("checkin", good)]
        schedule = session.get_one(Schedule, bad)
        assert not schedule.enabled and schedule.next_fire_at is None
        assert not session.scalars(select(Digest.enabled)).one()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert f"schedules id {bad} cannot be queued (ValueError); switched off" in warnings
    assert not any("bogus" in text for text in warnings)
    # The next tick is not held up either: nothing of Bob's is due any more.
    assert Dispatcher(sessions, clock).tick().queued == 0


def test_an_unplanned_row_with_a_bad_rule_does_not_keep_the_others_unplanned(
    sessions: SessionFactory, clock: ManualClock, alice: Conversation, bob: Conversation
) -> None:
    alice.say("/checkin set weekdays 10:00")
    bob.say("/checkin set weekdays 10:00")
    bad, good = _checkin(sessions, "bob"), _checkin(sessions, "alice")
    with sessions.begin() as session:  # as after a migration: nothing planned yet
        session.execute(update(Schedule).values(next_fire_at=None))
        session.execute(update(Schedule).where(Schedule.id == bad).values(rule="bogus"))
    Dispatcher(sessions, clock).tick()
    with sessions() as session:
        assert session.get_one(Schedule, good).next_fire_at is not None
        assert not session.get_one(Schedule, bad).enabled
