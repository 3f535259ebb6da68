"""The senders' side of the outbox table: claims under a lease, renewals and records.

When a row is due is the member-facing Clock's business (``next_attempt_at``). Leases and
retry times are real time (``lease_until``, ``retry_at``, from RealTime's wall clock), which
every worker compares alike however fast the simulated clock runs.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Row, and_, bindparam, case, func, or_, select, update
from sqlalchemy.orm import Session

from core.context import Options
from core.messages import Reply, reply_from_dict
from core.ports import Address
from core.prompts import PromptLibrary
from core.scheduling.batch import Batch, load_checkins, load_rechecks
from core.scheduling.compose import (
    CHECKIN_KINDS,
    RECHECK_ROW,
    Due,
    earliest_day,
    render_payload,
    skip_reason,
    still_to_send,
)
from core.scheduling.realtime import RealTime
from core.services.follow_through import IDLE_GOAL_DAYS
from core.storage.db import KeptConnection, SessionFactory
from core.storage.models import Delivery, DeliveryStatus, Member
from core.time.clock import Clock

FIRST_BACKOFF_SECONDS = 30


# Built once (it runs after every send); a thread ref that is not known yet keeps the
# stored one.
_GREW = Delivery.parts_sent < bindparam("parts")
RECORD_SENT = (
    update(Delivery)
    .where(Delivery.id == bindparam("row"), Delivery.status != DeliveryStatus.SENT)
    .values(
        status=DeliveryStatus.SENT,
        sent_at=bindparam("sent_at"),
        reason=None,
        claimed_by=None,
        lease_until=None,
        retry_at=None,
        parts_sent=case((_GREW, bindparam("parts")), else_=Delivery.parts_sent),
        thread_ref=case(
            (_GREW, func.coalesce(bindparam("thread"), Delivery.thread_ref)),
            else_=Delivery.thread_ref,
        ),
    )
)

# On PostgreSQL the record of a send rides along with the re-check of the next row, in one
# round trip: a data-modifying WITH runs once, whether or not the query reads it.
RECORD_SENT_THEN_RECHECK = RECHECK_ROW.add_cte(RECORD_SENT.cte("recorded"))

# What a record other than "sent" reads of its row (locked) to decide what changes.
RECORDED = (
    Delivery.status,
    Delivery.claimed_by,
    Delivery.attempts,
    Delivery.parts_sent,
    Delivery.thread_ref,
)
Recorded = Row[str, str | None, int, int, str | None]

# The DM channel a send found for the row's member, kept for their next DMs.
KEEP_DM_CHANNEL = (
    update(Member)
    .where(
        Member.id
        == select(Delivery.member_id).where(Delivery.id == bindparam("row")).scalar_subquery()
    )
    .values(dm_channel_id=bindparam("channel"))
)


class Sent(StrEnum):
    """What one delivery attempt (or one part of it) came to."""

    SENT = "sent"
    PART_SENT = "part_sent"  # one part of a multi-part post; the rest follows
    RELEASED = "released"  # handed back untried (or part way), for a later attempt
    RATE_LIMITED = "rate_limited"
    FAILED = "failed"  # never worth another try
    RETRY = "retry"


@dataclass(frozen=True)
class Outcome:
    """What happened to one delivery, with how many of its parts are out."""

    delivery_id: int
    status: Sent
    reason: str | None = None
    retry_after: float | None = None
    parts_sent: int = 0
    thread: str | None = None
    # A DM channel the platform opened (or opened again) for the member: kept on them.
    dm_channel: str | None = None


@dataclass(frozen=True)
class Prepared:
    """A claimed delivery, ready to send: a DM, or a channel post with its details, and
    how far an earlier attempt got with it."""

    delivery_id: int
    occurrence_at: datetime
    address: Address
    reply: Reply
    channel_id: str | None = None
    details: tuple[Reply, ...] = ()
    parts_sent: int = 0
    thread: str | None = None
    dm_channel: str | None = None  # the member's DM channel, as the platform gave it before


class Outbox:
    """Claims, renews and records outbox rows for one worker."""

    def __init__(
        self,
        sessions: SessionFactory,
        clock: Clock,
        realtime: RealTime,
        worker_id: str,
        *,
        lease: timedelta,
        max_attempts: int,
        stale_after: timedelta,
    ) -> None:
        # Kept through a drain by the sender (one connection for all its steps).
        self.transactions = KeptConnection(sessions)
        self._clock = clock
        self._realtime = realtime
        self._worker_id = worker_id
        self._lease = lease
        self._max_attempts = max_attempts
        self._stale_after = stale_after

    def claim(
        self, platforms: Collection[str], limit: int, only_users: frozenset[str] | None = None
    ) -> list[int]:
        """Take up to `limit` due rows (or rows whose lease ran out) under a fresh lease."""
        now, wall = self._clock.now(), self._realtime.wall()
        with self.transactions.connection() as connection:
            query = (
                select(
                    Delivery.id,
                    Delivery.attempts,
                    Delivery.payload.is_(None).label("unrendered"),
                    Delivery.occurrence_at,
                )
                .where(self._claimable(now, wall), Delivery.platform.in_(list(platforms)))
                .order_by(Delivery.next_attempt_at, Delivery.id)
                .limit(limit)
            )
            if only_users is not None:
                query = query.outerjoin(Member, Delivery.member_id == Member.id).where(
                    or_(Delivery.member_id.is_(None), Member.user_id.in_(list(only_users)))
                )
            if connection.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True, of=Delivery)
            claimed: list[int] = []
            stale: list[int] = []
            for row in connection.execute(query):
                # Never replay something long past as if it were new (a closed console's).
                never_tried = row.attempts == 0 and row.unrendered
                late = now - row.occurrence_at > self._stale_after
                (stale if never_tried and late else claimed).append(row.id)
            if stale:
                connection.execute(
                    update(Delivery)
                    .where(Delivery.id.in_(stale))
                    .values(status=DeliveryStatus.MISSED, reason="waited too long in the outbox")
                )
            if claimed:
                connection.execute(
                    update(Delivery)
                    .where(Delivery.id.in_(claimed))
                    .values(
                        status=DeliveryStatus.SENDING,
                        claimed_by=self._worker_id,
                        lease_until=wall + self._lease,
                    )
                )
            return claimed

    def _claimable(self, now: datetime, wall: datetime) -> Any:
        """Due and not backing off; or claimed, and the lease ran out (or the claim is this
        worker's own, left over from a drain that stopped early)."""
        return or_(
            and_(
                Delivery.status == DeliveryStatus.PENDING,
                Delivery.next_attempt_at <= now,
                or_(Delivery.retry_at.is_(None), Delivery.retry_at <= wall),
            ),
            and_(
                Delivery.status == DeliveryStatus.SENDING,
                or_(Delivery.lease_until < wall, Delivery.claimed_by == self._worker_id),
            ),
        )

    def prepare(self, ids: list[int], prompts: PromptLibrary, options: Options) -> list[Prepared]:
        """Render (once, then stored) what each claimed row sends; drop what no longer
        applies. What the rows need is read for the whole batch; one flush, at commit."""
        now = self._clock.now()
        ready: list[Prepared] = []
        with self.transactions.begin() as session, session.no_autoflush:
            found = session.execute(
                select(Delivery, Member)
                .outerjoin(Member, Delivery.member_id == Member.id)
                .where(Delivery.id.in_(ids), Delivery.claimed_by == self._worker_id)
                .order_by(Delivery.next_attempt_at, Delivery.id)
            )
            rows: list[tuple[Delivery, Member | None]] = [(d, m) for d, m in found]
            batch = _load(session, rows, now, len(prompts.prompts))
            for delivery, member in rows:
                payload = _payload(session, delivery, member, now, batch, prompts, options)
                if payload is not None:
                    ready.append(_prepared(delivery, member, payload))
        return ready

    def still_to_send(self, item: Prepared) -> bool:
        """Issue 12 #7: re-check pauses, `enabled` and forget-me just before a send."""
        with self.transactions.connection() as connection:
            now = self._clock.now()
            return still_to_send(connection, item.delivery_id, item.occurrence_at, now)

    def record_then_check(self, outcome: Outcome, following: Prepared) -> bool:
        """Record one outcome and re-check the row to send next, in one transaction (one
        round of commits per message); the record is in whatever the re-check finds."""
        with self.transactions.connection() as connection:
            now = self._clock.now()
            checked = following.delivery_id, following.occurrence_at, now
            along = outcome.status == Sent.SENT and outcome.dm_channel is None
            if along and connection.dialect.name == "postgresql":
                sent = self._sent_params(outcome)
                return still_to_send(connection, *checked, RECORD_SENT_THEN_RECHECK, **sent)
            self._record_in(connection, outcome)
            return still_to_send(connection, *checked)

    def renew(self, ids: Iterable[int], until: datetime) -> set[int]:
        """Extend the lease of those rows this worker still holds; returns their ids."""
        with self.transactions.begin() as session:
            renewed = session.scalars(
                update(Delivery)
                .where(
                    Delivery.id.in_(list(ids)),
                    Delivery.claimed_by == self._worker_id,
                    Delivery.status == DeliveryStatus.SENDING,
                )
                .values(lease_until=until)
                .returning(Delivery.id)
            )
            return set(renewed)

    def release(self, ids: Iterable[int]) -> None:
        """Hand back claimed rows that were not tried, for the next drain (any worker's)."""
        with self.transactions.begin() as session:
            session.execute(
                update(Delivery)
                .where(
                    Delivery.id.in_(list(ids)),
                    Delivery.claimed_by == self._worker_id,
                    Delivery.status == DeliveryStatus.SENDING,
                )
                .values(status=DeliveryStatus.PENDING, claimed_by=None, lease_until=None)
            )

    def defer(self, until: Mapping[int, datetime]) -> None:
        """Hand back claimed rows that must wait for their channel's or workspace's pace
        (real time), so the rows of other workspaces are claimed and sent meanwhile. Not an
        attempt: nothing was sent."""
        with self.transactions.begin() as session:
            session.connection().execute(  # one statement for every row (executemany)
                update(Delivery)
                .where(
                    Delivery.id == bindparam("row"),
                    Delivery.claimed_by == self._worker_id,
                    Delivery.status == DeliveryStatus.SENDING,
                )
                .values(
                    status=DeliveryStatus.PENDING,
                    claimed_by=None,
                    lease_until=None,
                    retry_at=bindparam("until"),
                ),
                [{"row": row, "until": when} for row, when in until.items()],
            )

    def record(self, outcome: Outcome) -> None:
        """Write down one delivery's outcome, or a part's, the moment it is known."""
        with self.transactions.connection() as connection:
            self._record_in(connection, outcome)

    def _record_in(self, connection: Connection, outcome: Outcome) -> None:
        """Plain statements, no ORM session: this runs after every send."""
        if outcome.dm_channel is not None:
            params = {"row": outcome.delivery_id, "channel": outcome.dm_channel}
            connection.execute(KEEP_DM_CHANNEL, params)
        if outcome.status == Sent.SENT:
            connection.execute(RECORD_SENT, self._sent_params(outcome))
            return
        row = connection.execute(
            select(*RECORDED).where(Delivery.id == outcome.delivery_id).with_for_update()
        ).first()
        if row is None or row.status == DeliveryStatus.SENT:
            return
        changes = self._changes(row, outcome)
        if changes:
            connection.execute(
                update(Delivery).where(Delivery.id == outcome.delivery_id).values(changes)
            )

    def _sent_params(self, outcome: Outcome) -> dict[str, Any]:
        """Sent is sent, whoever holds the row now: one UPDATE (the common case, so one
        round trip); progress only grows, as in `_changes`."""
        return {
            "row": outcome.delivery_id,
            "sent_at": self._clock.now(),
            "parts": outcome.parts_sent,
            "thread": outcome.thread,
        }

    def _changes(self, row: Recorded, outcome: Outcome) -> dict[str, Any]:
        """What an outcome other than sent changes on its row (as it stands now)."""
        changes: dict[str, Any] = {}
        # Progress only grows: a late record never winds back a later attempt's.
        if outcome.parts_sent > row.parts_sent:
            changes["parts_sent"] = outcome.parts_sent
            changes["thread_ref"] = outcome.thread or row.thread_ref
        mine = row.status == DeliveryStatus.SENDING and row.claimed_by == self._worker_id
        if outcome.status == Sent.PART_SENT or not mine:
            return changes
        changes.update(status=DeliveryStatus.PENDING, claimed_by=None, lease_until=None)
        if outcome.status == Sent.RELEASED:
            return changes
        wall = self._realtime.wall()
        changes["reason"] = outcome.reason
        if outcome.status == Sent.RATE_LIMITED:
            changes["retry_at"] = wall + timedelta(seconds=outcome.retry_after or 1)
            return changes
        attempts = changes["attempts"] = row.attempts + 1
        if outcome.status == Sent.FAILED or attempts >= self._max_attempts:
            changes["status"] = DeliveryStatus.FAILED
            return changes
        changes["retry_at"] = wall + timedelta(seconds=FIRST_BACKOFF_SECONDS * 2 ** (attempts - 1))
        return changes


def _load(
    session: Session,
    rows: Sequence[tuple[Delivery, Member | None]],
    now: datetime,
    recent: int,
) -> Batch:
    """What the rows of a batch need, in a few queries for all of them: the re-check's
    schedules and pauses, and, for the check-ins still to render, goals, commitments and
    recent prompts."""
    members = {m.id for _d, m in rows if m is not None}
    rendering = {
        m.id for d, m in rows if m is not None and d.payload is None and d.kind in CHECKIN_KINDS
    }
    earliest = min((earliest_day(d.occurrence_at, now) for d, _m in rows), default=now.date())
    if rendering:
        # A check-in asks about a goal idle for a month of days not away: that month's pauses.
        earliest = min(earliest, now.date() - timedelta(days=IDLE_GOAL_DAYS + 1))
    batch = load_rechecks(session, members, earliest)
    # Every member's "today" is on or before tomorrow's date in UTC.
    load_checkins(batch, session, rendering, (now + timedelta(days=1)).date(), recent)
    return batch


def _payload(
    session: Session,
    delivery: Delivery,
    member: Member | None,
    now: datetime,
    batch: Batch,
    prompts: PromptLibrary,
    options: Options,
) -> dict[str, Any] | None:
    """What a claimed row sends, rendered once and stored as JSON; None (and the row
    skipped) when it no longer applies."""
    # Issue 12 #7: what the member said since queueing (a pause, check-ins off) wins;
    # checked before rendering, which would assign a prompt.
    if reason := skip_reason(session.connection(), Due.of(delivery, member), now, batch):
        delivery.status, delivery.reason, delivery.claimed_by = DeliveryStatus.SKIPPED, reason, None
        return None
    if delivery.payload is not None:
        return dict(json.loads(delivery.payload))
    payload = render_payload(session, delivery, member, now, prompts, options, batch)
    if payload is None:
        delivery.status, delivery.reason = DeliveryStatus.SKIPPED, "no longer relevant"
        delivery.claimed_by = None
        return None
    delivery.payload = json.dumps(payload, ensure_ascii=False)
    return payload


def _prepared(delivery: Delivery, member: Member | None, payload: dict[str, Any]) -> Prepared:
    """A stored payload back into something to send."""
    address = Address(delivery.platform, payload["workspace_id"], payload.get("user_id") or "")
    details = tuple(reply_from_dict(d) for d in payload.get("details", []))
    reply = reply_from_dict(payload["reply"])
    channel_id = payload.get("channel_id")
    return Prepared(
        delivery.id,
        delivery.occurrence_at,
        address,
        reply,
        channel_id,
        details,
        delivery.parts_sent,
        delivery.thread_ref,
        member.dm_channel_id if member is not None else None,
    )
