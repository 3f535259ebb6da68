"""The team's follow-through for a digest: commitments kept, counted only from those
members shared (linked to a goal they shared), and never who missed which."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from core.services.follow_through import FollowThrough, count
from core.storage.models import Commitment, CommitmentStatus, Goal


def shared_follow_through(
    session: Session, goals_in_space: ColumnElement[bool], start: datetime, end: datetime
) -> FollowThrough:
    """Commitments on shared goals of the space whose day fell in [start, end) (UTC days;
    one still open counts once its day is over), and how many were kept."""
    since, last_day = start.date(), (end - timedelta(microseconds=1)).date()
    rows = session.execute(
        select(Commitment.status, Commitment.due_date, Commitment.answered_on)
        .join(Goal, Commitment.goal_id == Goal.id)
        .where(
            goals_in_space,
            Goal.shared.is_(True),
            Commitment.status != CommitmentStatus.DROPPED,
            Commitment.repeat_days.is_(None),
            or_(Commitment.due_date >= since, Commitment.answered_on >= since),
        )
    )
    return count(rows, since, last_day)


def follow_through_text(found: FollowThrough) -> str | None:
    """``82% (9 of 11)``, or None when no shared commitment came due."""
    if found.percent is None:
        return None
    return f"{found.percent}% ({found.kept} of {found.counted})"
