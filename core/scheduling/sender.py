"""Senders drain the outbox through each platform's Messenger, paced and retried.

A batch is claimed (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) with a lease, rendered, and
sent one delivery at a time. Each delivery, and each part of a multi-part post, is recorded
the moment the platform accepts it; what cannot be recorded yet (the database connection
dropped) is kept in memory and written before anything else is sent. A send starts only
if the lease outlasts the messenger's `send_timeout` plus a margin to record it (the lease
is renewed for it when needed), and a send that takes longer is abandoned; so no other
worker takes over a row while it is being sent.

Bound on repeats: one worker has one send in flight. If it dies between the platform's
answer and the record, that one message (or part) is sent again after the lease expires;
nothing claimed is ever lost. Leases, timeouts and backoff run on real time (RealTime),
never on the member-facing Clock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from core.context import Options
from core.ports import DeliveryError, Messenger, PostPart, RateLimited
from core.prompts import PromptLibrary
from core.scheduling.outbox import Outbox, Outcome, Prepared, Sent
from core.scheduling.ratelimit import Ceiling, Pace, Pacer, Where
from core.scheduling.realtime import SYSTEM_TIME, RealTime
from core.scheduling.sharedpace import SharedPace
from core.storage.db import SessionFactory
from core.time.clock import Clock

log = logging.getLogger(__name__)

# Time kept after a send's timeout to record it: at most a quarter of a short lease.
RECORD_MARGIN = timedelta(seconds=15)
# A database step that fails on a dropped connection is tried again this often, on a
# fresh connection, after 0.1 s, 0.2 s, ...
DB_TRIES = 4
DB_RETRY_SECONDS = 0.1

# A batch waits at most this long for a channel's or workspace's pace; rows that would
# wait longer are handed back until their turn, and a drain with nothing else to send
# waits for them if their turn comes within DEFERRED_WAIT_SECONDS (else the next round).
BATCH_WAIT_SECONDS = 1.0
DEFERRED_WAIT_SECONDS = 5.0

P = ParamSpec("P")
T = TypeVar("T")


@dataclass
class Held:
    """The rows of a batch this worker still holds, and until when (real time)."""

    ids: set[int]
    until: datetime


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
        pace: Mapping[str, Pace] | None = None,
        max_attempts: int = 6,
        stale_after: timedelta = timedelta(hours=24),
        only_users: frozenset[str] | None = None,
        realtime: RealTime = SYSTEM_TIME,
        shared_pace: SharedPace | None = None,
        options: Options,
    ) -> None:
        self._outbox = Outbox(
            sessions,
            clock,
            realtime,
            worker_id,
            lease=lease,
            max_attempts=max_attempts,
            stale_after=stale_after,
        )
        self._prompts = prompts
        self._messengers = dict(messengers)
        self._batch = batch
        self._lease = lease
        self._margin = min(RECORD_MARGIN, lease / 4)
        self._only_users = only_users
        self._options = options
        self._realtime = realtime
        self._shared_pace = shared_pace
        self._pacer = Pacer(
            pace or {},
            realtime.monotonic,
            realtime.sleep,
            reserve=self._reserve_shared if shared_pace is not None else None,
        )
        self._unrecorded: dict[int, Outcome] = {}
        # When the rows handed back for their pace may go (real time).
        self._deferred: list[datetime] = []
        self._stopping = False
        self._lock = asyncio.Lock()

    def stop(self) -> None:
        """Claim nothing more: a drain finishes the send in flight, records it, releases
        the rest of its batch and returns."""
        self._stopping = True

    async def drain(self) -> int:
        """Send everything that is due now; returns how many were delivered."""
        async with self._lock:
            kept = [self._outbox.transactions]
            if self._shared_pace is not None:
                kept.append(self._shared_pace.transactions)
            for transactions in kept:
                transactions.keep()
            try:
                return await self._drain()
            finally:
                for transactions in kept:
                    await asyncio.to_thread(transactions.let_go)

    async def _drain(self) -> int:
        delivered = 0
        while not self._stopping and await self.flush():
            claimed = await self._db(
                self._outbox.claim, list(self._messengers), self._batch, self._only_users
            )
            if not claimed and not await self._wait_for_deferred():
                break
            if not claimed:
                continue
            sent, finished = await self._send_batch(claimed)
            delivered += sent
            if not finished:
                break  # stopped early (a long wait, a lost lease, the database): next tick
        return delivered

    async def _wait_for_deferred(self) -> bool:
        """Nothing else to send: wait for the rows handed back for their pace if their turn
        is soon (else the next round takes them); False when there is nothing to wait for."""
        wall = self._realtime.wall()
        self._deferred = [when for when in self._deferred if when > wall]
        if not self._deferred:
            return False
        wait = (min(self._deferred) - wall).total_seconds()
        if wait > DEFERRED_WAIT_SECONDS:
            self._deferred = []
            return False
        await self._realtime.sleep(wait)
        return True

    async def flush(self) -> bool:
        """Record what was sent and not yet recorded; False while the database fails."""
        while self._unrecorded:
            delivery_id, outcome = next(iter(self._unrecorded.items()))
            try:
                await self._db(self._outbox.record, outcome)
            except DBAPIError as error:
                _not_recorded(outcome, error)
                return False
            del self._unrecorded[delivery_id]
        return True

    async def _send_batch(self, claimed: list[int]) -> tuple[int, bool]:
        """Send a claimed batch; returns how many were delivered, and whether all were
        tried."""
        held = Held(set(claimed), self._realtime.wall() + self._lease)
        prepared = await self._db(self._outbox.prepare, claimed, self._prompts, self._options)
        held.ids &= {item.delivery_id for item in prepared}
        delivered = 0
        checked: int | None = None  # the row re-checked along with the last record
        try:
            waiting = await self._defer_late(held, prepared)
            while waiting and not self._stopping:
                wait, item = self._soonest(waiting)
                if wait > BATCH_WAIT_SECONDS:
                    # Everything left waits longer (a 429): handed back until its turn.
                    await self._defer_late(held, waiting)
                    return delivered, True
                waiting.remove(item)
                # Issue 12 #7: a row the member paused, switched off or deleted since it was
                # prepared is marked skipped (or is gone) by the re-check: not sent.
                if checked != item.delivery_id and not await self._db(
                    self._outbox.still_to_send, item
                ):
                    held.ids.discard(item.delivery_id)
                    continue
                outcome = await self._deliver(item, held)
                held.ids.discard(item.delivery_id)
                recorded, checked = await self._record_then_check(outcome, waiting, held)
                if not recorded:
                    return delivered, False  # the database is away: nothing more is sent
                delivered += outcome.status == Sent.SENT
                if outcome.status == Sent.RELEASED:
                    return delivered, False
        finally:
            await self._release(held)
        return delivered, not self._stopping

    def _soonest(self, waiting: list[Prepared]) -> tuple[float, Prepared]:
        """The row that can go soonest: a workspace at its ceiling, or a channel just
        posted to, waits while the others go."""
        best: tuple[float, Prepared] | None = None
        for item in waiting:
            wait = self._pacer.wait_seconds(_where(item))
            if wait <= 0:
                return wait, item  # in line and free: no need to look further
            if best is None or wait < best[0]:
                best = (wait, item)
        assert best is not None, "nothing is waiting"
        return best

    async def _record_then_check(
        self, outcome: Outcome, waiting: list[Prepared], held: Held
    ) -> tuple[bool, int | None]:
        """Record an outcome, and in the same transaction re-check the row likely to go
        next (one that is no longer to send leaves the batch); returns whether it was
        recorded and the id of the row found still to send, if any."""
        wait, following = self._soonest(waiting) if waiting else (0.0, None)
        if following is None or wait > BATCH_WAIT_SECONDS or outcome.status == Sent.RELEASED:
            return await self._record(outcome), None
        self._unrecorded[outcome.delivery_id] = outcome
        if len(self._unrecorded) > 1:
            return await self.flush(), None
        try:
            still = await self._db(self._outbox.record_then_check, outcome, following)
        except DBAPIError as error:
            _not_recorded(outcome, error)
            return False, None
        del self._unrecorded[outcome.delivery_id]
        if still:
            return True, following.delivery_id
        waiting.remove(following)
        held.ids.discard(following.delivery_id)
        return True, None

    async def _deliver(self, item: Prepared, held: Held) -> Outcome:
        """Send the parts not sent yet, recording each but the last as it goes out."""
        messenger = self._messengers[item.address.platform]
        parts = _parts(messenger, item)
        progress = Outcome(
            item.delivery_id, Sent.PART_SENT, None, None, item.parts_sent, item.thread
        )
        for index in range(item.parts_sent, len(parts)):
            if not await self._ready(item, held, messenger.send_timeout):
                return replace(progress, status=Sent.RELEASED)
            try:
                async with asyncio.timeout(messenger.send_timeout):
                    ref = await parts[index](progress.thread)
            except Exception as error:  # every failure becomes an outcome
                return self._failed(progress, error, _where(item), messenger.send_timeout)
            progress = _after_part(progress, item, index, ref)
            if index + 1 < len(parts) and not await self._record(progress):
                return replace(progress, status=Sent.RELEASED)
        return replace(progress, status=Sent.SENT)

    def _failed(self, progress: Outcome, error: Exception, where: Where, timeout: float) -> Outcome:
        """What a failed send means for the row: wait, retry later, or give up."""
        if isinstance(error, RateLimited):
            self._pacer.block_for(where, error.retry_after, error.scope)
            return replace(
                progress, status=Sent.RATE_LIMITED, reason=str(error), retry_after=error.retry_after
            )
        if isinstance(error, DeliveryError):
            status = Sent.FAILED if error.permanent else Sent.RETRY
            return replace(progress, status=status, reason=error.reason[:300])
        if isinstance(error, TimeoutError):
            return replace(progress, status=Sent.RETRY, reason=f"no answer within {timeout:g}s")
        # A bug or an unexpected network failure: retried, and logged.
        log.error("sending delivery %d failed", progress.delivery_id, exc_info=error)
        return replace(progress, status=Sent.RETRY, reason=type(error).__name__)

    async def _ready(self, item: Prepared, held: Held, timeout: float) -> bool:
        """Wait for the pace of where it goes and hold the lease long enough for the send;
        False when the row is no longer ours or the wait is longer than a lease."""
        where = _where(item)
        wait = self._pacer.wait_seconds(where)
        if wait > self._lease.total_seconds() or not await self._hold(held, wait + timeout):
            return False
        try:
            await self._pacer.acquire(where)
        except (DBAPIError, PoolTimeout):  # the database, or a pool with nothing to give
            log.warning("could not reserve a shared send slot for delivery %d", item.delivery_id)
            return False
        return await self._hold(held, timeout) and item.delivery_id in held.ids

    async def _reserve_shared(self, platform: str, ceilings: Sequence[Ceiling]) -> float:
        """Reserve the slot every worker's sends under these ceilings share; returns the
        seconds until it."""
        assert self._shared_pace is not None
        at = self._realtime.wall().timestamp()
        slot = await self._db(self._shared_pace.reserve, platform, ceilings, at)
        return slot - self._realtime.wall().timestamp()

    async def _hold(self, held: Held, seconds: float) -> bool:
        """Renew the lease if it would not outlast `seconds` of sending and the record."""
        needed = timedelta(seconds=seconds) + self._margin
        wall = self._realtime.wall()
        if held.until - wall >= needed:
            return True
        until = wall + max(self._lease, needed)
        try:
            held.ids &= await self._db(self._outbox.renew, held.ids, until)
        except DBAPIError:
            log.warning("could not renew the lease of %d deliveries", len(held.ids))
            return False
        held.until = until
        return True

    async def _record(self, outcome: Outcome) -> bool:
        """Record one outcome now; kept in memory (and False) while the database fails."""
        self._unrecorded[outcome.delivery_id] = outcome
        return await self.flush()

    async def _defer_late(self, held: Held, items: list[Prepared]) -> list[Prepared]:
        """Hand back the rows whose turn at their pace, in this order, is more than a
        moment away (a backlog larger than the pace allows now, a 429), each until its
        turn, so other workspaces' rows are claimed and sent meanwhile; returns the rest."""
        waits = self._pacer.projected_waits([_where(item) for item in items])
        wall = self._realtime.wall()
        until = {
            item.delivery_id: wall + timedelta(seconds=wait)
            for item, wait in zip(items, waits, strict=True)
            if wait > BATCH_WAIT_SECONDS and item.delivery_id in held.ids
        }
        now = [item for item, wait in zip(items, waits, strict=True) if wait <= BATCH_WAIT_SECONDS]
        if not until:
            return now
        try:
            await self._db(self._outbox.defer, until)
        except DBAPIError:
            log.warning("could not hand back %d deliveries; their lease will", len(until))
            return now
        held.ids -= set(until)
        self._deferred.extend(until.values())
        return now

    async def _release(self, held: Held) -> None:
        """Hand back the rows of a batch that were not tried (best effort: a lease that
        runs out hands them back too)."""
        if not held.ids:
            return
        try:
            await self._db(self._outbox.release, held.ids)
        except DBAPIError:
            log.warning("could not release %d deliveries; their lease will", len(held.ids))

    async def _db(self, step: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """A database step off the event loop; one that fails on a dropped connection is
        retried on a fresh one (the pool pings connections before use)."""
        for attempt in range(DB_TRIES):
            try:
                return await asyncio.to_thread(step, *args, **kwargs)
            except DBAPIError as error:
                if attempt == DB_TRIES - 1 or not _connection_lost(error):
                    raise
                log.warning(
                    "outbox %s failed (%s), retrying", step.__name__, type(error.orig).__name__
                )
                await self._realtime.sleep(DB_RETRY_SECONDS * 2**attempt)
        raise AssertionError("unreachable")


def _not_recorded(outcome: Outcome, error: DBAPIError) -> None:
    log.warning(
        "delivery %d (%s) not recorded yet, kept until the database answers: %s",
        outcome.delivery_id,
        outcome.status,
        type(error.orig).__name__,
    )


def _connection_lost(error: DBAPIError) -> bool:
    """A failure that a new connection (or a moment) may cure, not a bug in the statement."""
    return error.connection_invalidated or isinstance(error, OperationalError | InterfaceError)


def _where(item: Prepared) -> Where:
    """A DM is its own channel (Slack paces chat.postMessage per channel)."""
    address = item.address
    channel = item.channel_id or f"dm:{address.user_id}"
    return Where(address.platform, address.workspace_id, channel)


def _parts(messenger: Messenger, item: Prepared) -> Sequence[PostPart]:
    """The parts its messenger makes of a DM or a channel post."""
    if item.channel_id is None:
        return messenger.dm_parts(item.address, item.reply, item.dm_channel)
    workspace = item.address.workspace_id
    return messenger.channel_post(workspace, item.channel_id, item.reply, item.details)


def _after_part(progress: Outcome, item: Prepared, index: int, ref: str | None) -> Outcome:
    """One more part out: a channel post's first part is the thread of the others; a DM's
    part names the DM channel it went to, kept on the member when it is a new one."""
    if item.channel_id is not None:
        return replace(progress, parts_sent=index + 1, thread=progress.thread or ref)
    fresh = ref if ref is not None and ref != item.dm_channel else progress.dm_channel
    return replace(progress, parts_sent=index + 1, dm_channel=fresh)
