"""How often a member keeps their word: commitments kept over a window of local days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select

from core.context import Context
from core.storage.models import Commitment, CommitmentStatus

RECENT_DAYS = 28
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


def recent_and_quarter(ctx: Context) -> tuple[FollowThrough, FollowThrough]:
    """Follow-through over the last four weeks (today included) and this quarter."""
    today = ctx.today
    recent_start = today - timedelta(days=RECENT_DAYS - 1)
    rows = _rows_since(ctx, min(recent_start, quarter_start(today)))
    return count(rows, recent_start, today), count(rows, quarter_start(today), today)


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


def count(commitments: list[Commitment], since: date, today: date) -> FollowThrough:
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
