"""The workspace and platform send ceilings, shared by every worker of an install.

Each ceiling is one row of ``send_pace`` holding its next free slot (a GCRA "theoretical
arrival time", real time in epoch seconds). Reserving a slot is one upsert per ceiling,
``next_free_at = max(next_free_at, at) + interval ... RETURNING`` (a reservation less than
one interval late keeps its slot): PostgreSQL's row lock
orders the workers that reserve at once, so together they never pass the ceiling, and a
first use inserts the row (ON CONFLICT). A send under two ceilings (a workspace's and the
platform's) reserves both in one transaction, the workspace's first (every worker locks in
that order, so none deadlocks), and takes the later of the two slots.

Only the ceilings are shared. A channel's pace (a DM is its own channel) stays in the
worker's memory: in practice one worker at a time sends to a channel (a channel post's
parts go out from the worker holding its row, and a member seldom has two rows due at
once), and 429s stay with the worker that met them (Pacer.block_for). Slots are wall-clock
times: the workers' clocks must agree, as their leases already require. On SQLite only one
worker runs (a file lock keeps out a second), so its pacing stays in memory and costs no
statement (SharedPace works there too, but is not wired: see shared_pace).

Where it would fuse: the reservation for the next send could ride in the transaction that
records the previous one (Outbox.record_then_check), saving a round trip per paced send.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Double, Table, bindparam, case, text, update
from sqlalchemy.sql.dml import ReturningInsert

from core.scheduling.ratelimit import Ceiling
from core.storage.db import KeptConnection, SessionFactory, upsert_insert
from core.storage.models import SendPace

SEND_PACE = cast(Table, SendPace.__table__)
# A reservation's commit does not wait for the WAL to reach the disk (each send would wait
# for a second disk flush: measured on the loaded 2-core machine, a reservation took about
# 9 ms with it, 3 ms without): it is seen by every worker at once all the same, and one
# lost to a database crash only means a few sends after the restart start afresh.
NO_FLUSH_WAIT = text("SET LOCAL synchronous_commit TO OFF")
# A row found more than twice this many intervals ahead of the reserving worker's clock
# (a worker whose clock ran fast pushed it there) is pulled back to this many: it would
# otherwise stall every worker's sends there until real time caught up. Pulled back only
# from twice as far, so the reservations that follow the pulled-back one queue behind it
# instead of each being pulled back to the same slot. Each worker waits for its slot
# before reserving the next, so legitimate slots lie one interval ahead for each worker in
# flight, far below it (a Slack workspace: 20 s; Discord's bot: 2 s).
HORIZON_SLOTS = 100


class SharedPace:
    """Reserves send slots at ceilings every worker on the database shares."""

    def __init__(self, sessions: SessionFactory) -> None:
        # Kept through a drain by the sender, like the outbox's.
        self.transactions = KeptConnection(sessions)
        self._take: dict[str, ReturningInsert[Any]] = {}

    def reserve(self, platform: str, ceilings: Sequence[Ceiling], at: float) -> float:
        """Reserve the next slot at or after `at` (epoch seconds) under each ceiling, in one
        transaction; returns when the send may go (the latest of the slots)."""
        with self.transactions.begin() as session:
            dialect = session.get_bind().dialect.name
            if dialect == "postgresql":
                session.execute(NO_FLUSH_WAIT)
            take = self._statement(dialect)
            slots: list[float] = []
            for workspace, interval in ceilings:
                start = max(slots, default=at)
                params = {
                    "platform": platform,
                    "workspace": workspace,
                    "at": start,
                    "interval": interval,
                    "horizon": HORIZON_SLOTS * interval,
                }
                slots.append(session.execute(take, params).scalar_one() - interval)
            slot = max(slots, default=at)
            for (workspace, interval), taken in zip(ceilings, slots, strict=True):
                if taken < slot:  # the platform's slot came later: so does this one's
                    session.execute(
                        update(SEND_PACE)
                        .where(SEND_PACE.c.platform == platform, SEND_PACE.c.workspace == workspace)
                        .values(next_free_at=slot + interval)
                    )
        return slot

    def _statement(self, dialect: str) -> ReturningInsert[Any]:
        """The upsert that takes a slot, built once per dialect (on the table, not the ORM
        entity: an ORM-enabled INSERT costs twice as much a send)."""
        if dialect not in self._take:
            at = bindparam("at", type_=Double)
            interval = bindparam("interval", type_=Double)
            horizon = bindparam("horizon", type_=Double)
            insert = upsert_insert(dialect, SEND_PACE)
            next_free_at = SEND_PACE.c.next_free_at
            # A reservation less than one interval late keeps its slot (as a ceiling
            # does in RateLimiter): the workers' own time between sends does not drag
            # the rate below the ceiling.
            later = case(
                (next_free_at > at + 2 * horizon, at + horizon),
                (next_free_at > at - interval, next_free_at),
                else_=at,
            )
            self._take[dialect] = (
                insert.values(
                    platform=bindparam("platform"),
                    workspace=bindparam("workspace"),
                    next_free_at=at + interval,
                )
                .on_conflict_do_update(
                    index_elements=["platform", "workspace"],
                    set_={"next_free_at": later + interval},
                )
                .returning(next_free_at)
            )
        return self._take[dialect]


def shared_pace(sessions: SessionFactory) -> SharedPace | None:
    """The shared ceilings where several workers can share the database (not SQLite)."""
    bind = sessions.kw.get("bind")
    if bind is None or bind.dialect.name == "sqlite":
        return None
    return SharedPace(sessions)
