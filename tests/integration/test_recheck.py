"""A queued message follows what the member said since it was queued (issue 12, item 7).

The sender re-checks pauses, ``enabled`` and forget-me just before each send, and a zone
change never gives two occurrences of one schedule on one local day. SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from core.messages import Reply
from core.ports import Address
from core.scheduling.worker import Worker
from core.storage.db import SessionFactory
from core.storage.models import Delivery, Member
from core.time.clock import ManualClock
from tests.conftest import Conversation, run_worker
from tests.fakes import FakeMessenger

TEN = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # Monday


class HookedMessenger(FakeMessenger):
    """A fake platform that runs `hook` (once) when the first message of a batch goes out:
    the member acts while the sender is in the middle of its batch."""

    def __init__(self) -> None:
        super().__init__("console")
        self.hook: Callable[[Address], None] | None = None

    async def send_dm(self, to: Address, reply: Reply) -> None:
        """Record the DM, then let the member act."""
        await super().send_dm(to, reply)
        hook, self.hook = self.hook, None
        if hook is not None:
            hook(to)

    async def post_to_channel(
        self, workspace_id: str, channel_id: str, reply: Reply, details: Sequence[Reply] = ()
    ) -> None:
        """Not used here."""
        await super().post_to_channel(workspace_id, channel_id, reply, details)


@pytest.fixture
def messenger() -> HookedMessenger:
    """The worker fixture's platform, with a hook."""
    return HookedMessenger()


def _rows(sessions: SessionFactory) -> list[tuple[str, str, str | None]]:
    """(user, status, reason) of every outbox row."""
    with sessions() as session:
        rows = session.execute(
            select(Member.user_id, Delivery.status, Delivery.reason)
            .join(Member, Delivery.member_id == Member.id)
            .order_by(Member.user_id, Delivery.occurrence_at)
        )
        return [(user, status, reason) for user, status, reason in rows]


def _queue(worker: Worker, clock: ManualClock, when: datetime = TEN) -> int:
    """Move to `when` and only tick: the occurrences wait in the outbox, unsent."""
    clock.set(when)
    return worker.dispatcher.tick().queued


def test_checkin_queued_before_vacation_is_skipped(
    alice: Conversation,
    worker: Worker,
    messenger: HookedMessenger,
    clock: ManualClock,
    sessions: SessionFactory,
) -> None:
    alice.say("/checkin set daily 10:00")
    assert _queue(worker, clock) == 1
    alice.say("/vacation 2026-11-23 to 2026-11-25")
    run_worker(worker)
    assert messenger.total() == 0
    assert _rows(sessions) == [("alice", "skipped", "paused")]


def test_checkin_queued_before_checkin_off_is_skipped(
    alice: Conversation,
    worker: Worker,
    messenger: HookedMessenger,
    clock: ManualClock,
    sessions: SessionFactory,
) -> None:
    alice.say("/checkin set daily 10:00")
    assert _queue(worker, clock) == 1
    alice.say("/checkin off")
    run_worker(worker)
    assert messenger.total() == 0
    assert _rows(sessions) == [("alice", "skipped", "check-ins are off")]


def test_a_retry_after_a_pause_is_skipped(
    alice: Conversation,
    worker: Worker,
    messenger: HookedMessenger,
    clock: ManualClock,
    sessions: SessionFactory,
) -> None:
    alice.say("/checkin set daily 10:00")
    messenger.limit_next, messenger.retry_after = 1, 600.0  # rendered, then "429, wait 10 min"
    clock.set(TEN)
    run_worker(worker)
    assert messenger.total() == 0
    alice.say("/checkin pause until 2026-11-24")
    with sessions.begin() as session:  # the backoff (real time) has passed
        session.execute(update(Delivery).values(retry_at=None))
    clock.advance(timedelta(minutes=11))
    run_worker(worker)
    assert messenger.total() == 0
    assert _rows(sessions) == [("alice", "skipped", "paused")]


def test_own_reminder_queued_before_vacation_waits_until_the_return(
    alice: Conversation,
    worker: Worker,
    messenger: HookedMessenger,
    clock: ManualClock,
    sessions: SessionFactory,
) -> None:
    alice.say("/remind 2026-11-23 10:00 call the accountant")
    assert _queue(worker, clock) == 1
    alice.say("/vacation 2026-11-23 to 2026-11-24")
    run_worker(worker)
    assert messenger.total() == 0
    clock.set(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    run_worker(worker)
    (reminder,) = messenger.sent[Address("console", "local", "alice")]
    assert "call the accountant" in reminder.plain_text()
    statuses = [status for _, status, _ in _rows(sessions)]
    assert statuses == ["skipped", "sent"]


def test_checkin_off_while_the_batch_is_sending(
    alice: Conversation,
    bob: Conversation,
    worker: Worker,
    messenger: HookedMessenger,
    clock: ManualClock,
    sessions: SessionFactory,
) -> None:
    alice.say("/checkin set daily 10:00")
    bob.say("/checkin set daily 10:00")
    assert _queue(worker, clock) == 2
    members = {"alice": alice, "bob": bob}

    def the_other_switches_off(to: Address) -> None:
        other = next(name for name in members if name != to.user_id)
        members[other].say("/checkin off")

    messenger.hook = the_other_switches_off
    run_worker(worker)
    assert messenger.total() == 1
    (first,) = {a.user_id for a in messenger.sent}
    other = next(name for name in members if name != first)
    assert sorted(_rows(sessions)) == sorted(
        [(first, "sent", None), (other, "skipped", "check-ins are off")]
    )


def test_forget_me_while_the_batch_is_sending(
    alice: Conversation,
    worker: Worker,
    messenger: HookedMessenger,
    clock: ManualClock,
    sessions: SessionFactory,
) -> None:
    alice.say("/checkin set daily 10:00")
    alice.say("/remind 2026-11-23 10:00 stretch")
    assert _queue(worker, clock) == 2
    alice.say("/forget-me")  # confirmed within ten minutes, while the batch is sending
    messenger.hook = lambda _to: alice.say("/forget-me confirm")
    run_worker(worker)
    assert messenger.total() == 1  # the first went out before she asked
    assert _rows(sessions) == []
    run_worker(worker)
    assert messenger.total() == 1


def test_moving_west_after_a_checkin_gives_no_second_one_that_day(
    alice: Conversation,
    worker: Worker,
    messenger: HookedMessenger,
    clock: ManualClock,
) -> None:
    alice.say("/tz Europe/Berlin")
    alice.say("/checkin set fri 16:00")
    clock.set(datetime(2026, 11, 27, 15, 0, tzinfo=UTC))  # Friday 16:00 in Berlin
    run_worker(worker)
    assert messenger.total() == 1
    clock.advance(timedelta(minutes=30))
    alice.say("/tz America/New_York")  # Friday 10:30 there
    assert "Fri 04 Dec 2026 16:00 (America/New_York)" in alice.text("/checkin")
    for hour in range(1, 12):  # through Friday 16:00 in New York and past it
        clock.set(datetime(2026, 11, 27, 15, 30, tzinfo=UTC) + timedelta(hours=hour))
        run_worker(worker)
    assert messenger.total() == 1


def test_moving_west_on_weekdays_continues_the_next_local_day(
    alice: Conversation,
    worker: Worker,
    messenger: HookedMessenger,
    clock: ManualClock,
) -> None:
    alice.say("/tz Europe/Berlin")
    alice.say("/checkin set weekdays 16:00")
    clock.set(datetime(2026, 11, 26, 15, 0, tzinfo=UTC))  # Thursday 16:00 in Berlin
    run_worker(worker)
    alice.say("/tz America/Los_Angeles")  # Thursday 07:00 there
    assert "Fri 27 Nov 2026 16:00 (America/Los_Angeles)" in alice.text("/checkin")
    clock.set(datetime(2026, 11, 28, 0, 0, tzinfo=UTC))  # Friday 16:00 in Los Angeles
    run_worker(worker)
    assert messenger.total() == 2


def test_moving_east_keeps_the_next_checkin(
    alice: Conversation,
    worker: Worker,
    messenger: HookedMessenger,
    clock: ManualClock,
) -> None:
    alice.say("/tz America/New_York")
    alice.say("/checkin set daily 09:00")
    clock.set(datetime(2026, 11, 24, 14, 0, tzinfo=UTC))  # Tuesday 09:00 in New York
    run_worker(worker)
    alice.say("/tz Asia/Tokyo")  # Tuesday 23:00 there: tomorrow 09:00 is a new local day
    assert "Wed 25 Nov 2026 09:00 (Asia/Tokyo)" in alice.text("/checkin")
