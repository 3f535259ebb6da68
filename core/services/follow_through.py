"""How often a member keeps their word: commitments kept over a window of local days."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Protocol

from sqlalchemy import or_, select

from core.context import Context
from core.scheduling.planner import DaySpan
from core.storage.models import Commitment, CommitmentStatus, Goal, GoalStatus

RECENT_DAYS = 28
# A goal this many days (not counting vacation) without a commitment gets asked for one.
IDLE_GOAL_DAYS = 30
ANSWERED = (CommitmentStatus.DONE, CommitmentStatus.PARTLY, CommitmentStatus.MISSED)


@dataclass(frozen=True)
class FollowThrough:
    """Commitments that came due (or were answered) in a window, and how many were kept.

    ``counted`` holds the kept, the partly done, the missed and the unanswered ones whose
    day is over; one not yet due, or dropped, is not counted."""

    kept: int
    counted: int
    partly: int
    unanswered: int

    @property
    def percent(self) -> int | None:
        """Kept as a whole percentage, or None when nothing counted."""
        return round(100 * self.kept / self.counted) if self.counted else None


def quarter_start(today: date) -> date:
    """The first day of today's calendar quarter."""
    return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


@dataclass(frozen=True)
class FollowThroughRecord:
    """The last four weeks, the four before them (for the trend) and this quarter."""

    recent: FollowThrough
    before: FollowThrough
    quarter: FollowThrough


def follow_through_record(ctx: Context) -> FollowThroughRecord:
    """Follow-through over the last four weeks (today included), the four weeks before
    them, and this quarter."""
    today = ctx.today
    recent_start = today - timedelta(days=RECENT_DAYS - 1)
    before_start = recent_start - timedelta(days=RECENT_DAYS)
    rows = _rows_since(ctx, min(before_start, quarter_start(today)))
    return FollowThroughRecord(
        recent=count(rows, recent_start, today),
        before=count(rows, before_start, recent_start - timedelta(days=1)),
        quarter=count(rows, quarter_start(today), today),
    )


def _rows_since(ctx: Context, since: date) -> list[Commitment]:
    return list(
        ctx.session.scalars(
            select(Commitment).where(
                Commitment.member_id == ctx.member.id,
                Commitment.status != CommitmentStatus.DROPPED,
                Commitment.repeat_days.is_(None),  # habits have streaks instead
                or_(Commitment.due_date >= since, Commitment.answered_on >= since),
            )
        )
    )


class CommitmentDay(Protocol):
    """What counting reads of a commitment: a loaded one, or just these columns."""

    @property
    def status(self) -> str: ...
    @property
    def due_date(self) -> date: ...
    @property
    def answered_on(self) -> date | None: ...


def count(commitments: Iterable[CommitmentDay], since: date, today: date) -> FollowThrough:
    """Count the commitments whose day falls in [since, today]: an answered one's day is
    when it was due or answered, whichever came first; an open one counts (as not kept)
    only once its due day is over."""
    kept = partly = unanswered = counted = 0
    for commitment in commitments:
        if commitment.status in ANSWERED and commitment.answered_on is not None:
            day = min(commitment.due_date, commitment.answered_on)
        elif commitment.status == CommitmentStatus.OPEN and commitment.due_date < today:
            day = commitment.due_date
        else:
            continue
        if not since <= day <= today:
            continue
        counted += 1
        kept += commitment.status == CommitmentStatus.DONE
        partly += commitment.status == CommitmentStatus.PARTLY
        unanswered += commitment.status == CommitmentStatus.OPEN
    return FollowThrough(kept, counted, partly, unanswered)


def goal_without_commitment(
    goals: Iterable[Goal],
    last_commitment: Mapping[int, datetime],
    pauses: Iterable[DaySpan],
    today: date,
    tz: tzinfo,
) -> Goal | None:
    """Of these active goals, the one that has gone longest without a commitment (the
    newest commitment made for each goal is in `last_commitment`), once that is a month of
    days the member was not away (a vacation does not make a goal idle)."""
    since = today - timedelta(days=IDLE_GOAL_DAYS)
    since -= timedelta(days=_paused_days(pauses, since, today))
    cutoff = datetime.combine(since, time(), tz)
    idle = [
        (last_commitment.get(goal.id) or goal.created_at, goal.number, goal)
        for goal in goals
        if goal.status == GoalStatus.ACTIVE
        and goal.created_at <= cutoff
        and last_commitment.get(goal.id, cutoff) <= cutoff
    ]
    return min(idle, key=lambda item: item[:2])[2] if idle else None


def _paused_days(pauses: Iterable[DaySpan], since: date, today: date) -> int:
    """How many days from `since` through today fell in a pause or vacation."""
    days = {
        p.start_date + timedelta(days=n)
        for p in pauses
        if p.end_date >= since and p.start_date <= today
        for n in range((p.end_date - p.start_date).days + 1)
    }
    return sum(since <= day <= today for day in days)
