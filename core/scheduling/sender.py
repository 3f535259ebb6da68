"""Senders drain the outbox through each platform's Messenger, paced and retried.

A batch is claimed (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) with a lease, rendered,
sent, and marked. If a worker dies after sending and before marking, the lease expires
and another worker sends those rows again: at most one batch (`batch` rows) per dead
worker is repeated. Nothing claimed is ever lost. A live worker never sends past its
lease: when pacing or a Retry-After would take it there, it releases the rest of the
batch instead, so a slow worker and the one taking over never both send a row.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, or_, select

from core.context import Options
from core.messages import Reply, reply_from_dict
from core.ports import Address, DeliveryError, Messenger, RateLimited
from core.prompts import PromptLibrary
from core.scheduling.compose import render_payload
from core.scheduling.ratelimit import RateLimiter, Sleep
from core.storage.db import SessionFactory
from core.storage.models import Delivery, DeliveryStatus, Member
from core.time.clock import Clock

log = logging.getLogger(__name__)

# Stop sending this long before the lease runs out (at most a quarter of a short lease),
# leaving time to record the outcomes.
LEASE_MARGIN = timedelta(seconds=15)


class Sent(StrEnum):
    """What one delivery attempt came to."""

    SENT = "sent"
    RELEASED = "released"  # not tried: the lease would have run out first
    RATE_LIMITED = "rate_limited"
    FAILED = "failed"  # never worth another try
    RETRY = "retry"


@dataclass(frozen=True)
class Outcome:
    """What happened to one delivery attempt."""

    delivery_id: int
    status: Sent
    reason: str | None = None
    retry_after: float | None = None


@dataclass(frozen=True)
class Prepared:
    """A claimed delivery, ready to send: a DM, or a channel post with its details."""

    delivery_id: int
    address: Address
    reply: Reply
    channel_id: str | None = None
    details: tuple[Reply, ...] = ()


class Sender:
    """Drains the outbox for the platforms it has messengers for."""

    def __init__(
        self,
        sessions: SessionFactory,
        clock: Clock,
        prompts: PromptLibrary,
        messengers: Mapping[str, Messenger],
        worker_id: str,
        *,
        batch: int = 50,
        lease: timedelta = timedelta(minutes=2),
        per_second: Mapping[str, float] | None = None,
        max_attempts: int = 6,
        stale_after: timedelta = timedelta(hours=24),
        only_users: frozenset[str] | None = None,
        sleep: Sleep = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
        options: Options,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._prompts = prompts
        self._messengers = dict(messengers)
        self._worker_id = worker_id
        self._batch = batch
        self._lease = lease
        self._max_attempts = max_attempts
        self._stale_after = stale_after
        self._only_users = only_users
        self._options = options
        rates = per_second or {}
        self._limiters = {
            p: RateLimiter(rates.get(p, 0.0), monotonic, sleep) for p in self._messengers
        }

    async def drain(self) -> int:
        """Send everything that is due now; returns how many were delivered."""
        delivered = 0
        while True:
            deadline = self._clock.now() + self._lease - min(LEASE_MARGIN, self._lease / 4)
            claimed = await asyncio.to_thread(self._claim)
            if not claimed:
                return delivered
            prepared = await asyncio.to_thread(self._prepare, claimed)
            outcomes = [await self._send(item, deadline) for item in prepared]
            await asyncio.to_thread(self._record, outcomes)
            delivered += sum(1 for o in outcomes if o.status == Sent.SENT)

    def _claim(self) -> list[int]:
        now = self._clock.now()
        with self._sessions.begin() as session:
            due = or_(
                and_(Delivery.status == DeliveryStatus.PENDING, Delivery.next_attempt_at <= now),
                and_(Delivery.status == DeliveryStatus.SENDING, Delivery.lease_until < now),
            )
            query = (
                select(Delivery)
                .where(due, Delivery.platform.in_(list(self._messengers)))
                .order_by(Delivery.next_attempt_at, Delivery.id)
                .limit(self._batch)
            )
            if self._only_users is not None:
                query = query.outerjoin(Member, Delivery.member_id == Member.id).where(
                    or_(Delivery.member_id.is_(None), Member.user_id.in_(list(self._only_users)))
                )
            if session.get_bind().dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True, of=Delivery)
            claimed: list[int] = []
            for row in session.scalars(query):
                if row.attempts == 0 and row.payload is None and self._is_stale(row, now):
                    row.status, row.reason = DeliveryStatus.MISSED, "waited too long in the outbox"
                    continue
                row.status, row.claimed_by = DeliveryStatus.SENDING, self._worker_id
                row.lease_until = now + self._lease
                claimed.append(row.id)
            return claimed

    def _is_stale(self, row: Delivery, now: datetime) -> bool:
        """Never replay something long past as if it were new (e.g. a closed console's)."""
        return now - row.occurrence_at > self._stale_after

    def _prepare(self, ids: list[int]) -> list[Prepared]:
        now = self._clock.now()
        ready: list[Prepared] = []
        with self._sessions.begin() as session:
            rows = session.execute(
                select(Delivery, Member)
                .outerjoin(Member, Delivery.member_id == Member.id)
                .where(Delivery.id.in_(ids), Delivery.claimed_by == self._worker_id)
            ).all()
            for delivery, member in rows:
                if delivery.payload is None:
                    payload = render_payload(
                        session, delivery, member, now, self._prompts, self._options
                    )
                    if payload is None:
                        delivery.status, delivery.reason = (
                            DeliveryStatus.SKIPPED,
                            "no longer relevant",
                        )
                        continue
                    delivery.payload = json.dumps(payload, ensure_ascii=False)
                ready.append(_prepared(delivery, json.loads(delivery.payload)))
        return ready

    async def _send(self, item: Prepared, deadline: datetime) -> Outcome:
        platform = item.address.platform
        if self._clock.now() < deadline:
            await self._limiters[platform].acquire()
        if self._clock.now() >= deadline:
            return Outcome(item.delivery_id, Sent.RELEASED)
        try:
            messenger = self._messengers[platform]
            if item.channel_id is None:
                await messenger.send_dm(item.address, item.reply)
            else:
                workspace = item.address.workspace_id
                await messenger.post_to_channel(
                    workspace, item.channel_id, item.reply, item.details
                )
        except RateLimited as limited:
            self._limiters[platform].block_for(limited.retry_after)
            return Outcome(item.delivery_id, Sent.RATE_LIMITED, str(limited), limited.retry_after)
        except DeliveryError as error:
            status = Sent.FAILED if error.permanent else Sent.RETRY
            return Outcome(item.delivery_id, status, error.reason[:300])
        except Exception as error:  # a bug or an unexpected network failure: retry, logged
            log.exception("sending delivery %d failed", item.delivery_id)
            return Outcome(item.delivery_id, Sent.RETRY, type(error).__name__)
        return Outcome(item.delivery_id, Sent.SENT)

    def _record(self, outcomes: list[Outcome]) -> None:
        now = self._clock.now()
        by_id = {o.delivery_id: o for o in outcomes}
        with self._sessions.begin() as session:
            rows = session.scalars(
                select(Delivery).where(
                    Delivery.id.in_(list(by_id)), Delivery.claimed_by == self._worker_id
                )
            )
            for row in rows:
                self._apply(row, by_id[row.id], now)

    def _apply(self, row: Delivery, outcome: Outcome, now: datetime) -> None:
        row.claimed_by, row.lease_until = None, None
        if outcome.status == Sent.SENT:
            row.status, row.sent_at, row.reason = DeliveryStatus.SENT, now, None
            return
        if outcome.status == Sent.RELEASED:
            row.status, row.next_attempt_at = DeliveryStatus.PENDING, now
            return
        row.reason = outcome.reason
        if outcome.status == Sent.RATE_LIMITED:
            row.status = DeliveryStatus.PENDING
            row.next_attempt_at = now + timedelta(seconds=outcome.retry_after or 1)
            return
        row.attempts += 1
        if outcome.status == Sent.FAILED or row.attempts >= self._max_attempts:
            row.status = DeliveryStatus.FAILED
            return
        row.status = DeliveryStatus.PENDING
        row.next_attempt_at = now + timedelta(seconds=30 * 2 ** (row.attempts - 1))


def _prepared(delivery: Delivery, payload: dict[str, Any]) -> Prepared:
    """A stored payload back into something to send."""
    address = Address(delivery.platform, payload["workspace_id"], payload.get("user_id") or "")
    details = tuple(reply_from_dict(d) for d in payload.get("details", []))
    reply = reply_from_dict(payload["reply"])
    return Prepared(delivery.id, address, reply, payload.get("channel_id"), details)
