"""What a batch of claimed outbox rows needs, read in a few set-based queries.

Preparing 50 check-ins asked the database about each member in turn (schedules, pauses,
active goals, commitments due, recent prompts): some 8 statements a row. `load_batch` asks
once per table for every member of the batch; the same object, loaded for one row, serves
the re-check just before a send, so both judge a row by the same code.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from core.scheduling.planner import DaySpan, pause_covering
from core.storage.models import (
    Commitment,
    CommitmentStatus,
    Goal,
    GoalStatus,
    Pause,
    PromptLog,
    Schedule,
)


@dataclass(frozen=True, slots=True)
class ScheduleState:
    """What the re-check reads of a schedule (plain values: read for every send)."""

    id: int
    kind: str
    enabled: bool


@dataclass(frozen=True, slots=True)
class Away:
    """The days of one pause or vacation."""

    start_date: date
    end_date: date


@dataclass
class Batch:
    """Per member of a batch: schedules and pauses (for the re-check), and for check-ins
    the active goals (with when each last had a commitment), open dated commitments and
    recent prompts (theme, key), newest first."""

    schedules: dict[int, list[ScheduleState]] = field(default_factory=lambda: defaultdict(list))
    pauses: dict[int, list[Away]] = field(default_factory=lambda: defaultdict(list))
    goals: dict[int, list[Goal]] = field(default_factory=lambda: defaultdict(list))
    commitments: dict[int, list[Commitment]] = field(default_factory=lambda: defaultdict(list))
    prompts: dict[int, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    # When the newest commitment for each of those goals was made (goal id to time).
    last_commitment: dict[int, datetime] = field(default_factory=dict)

    def checkin_schedule(self, member_id: int) -> ScheduleState | None:
        """The member's check-in schedule."""
        return next((s for s in self.schedules[member_id] if s.kind == "checkin"), None)

    def schedule_by_id(self, member_id: int, schedule_id: int | None) -> ScheduleState | None:
        """The member's schedule with this id."""
        return next((s for s in self.schedules[member_id] if s.id == schedule_id), None)

    def pause_covering(self, member_id: int, days: Iterable[date]) -> DaySpan | None:
        """One of the member's pauses that covers one of these local days."""
        return pause_covering(self.pauses[member_id], days)

    def due_commitments(self, member_id: int, today: date) -> list[Commitment]:
        """Open dated commitments due today or before, soonest first (not habits)."""
        return [c for c in self.commitments[member_id] if c.due_date <= today]


def load_rechecks(session: Session, member_ids: Collection[int], earliest: date) -> Batch:
    """Schedules and the pauses that end on `earliest` or later, for these members."""
    batch = Batch()
    if not member_ids:
        return batch
    ids = list(member_ids)
    schedules = select(Schedule.member_id, Schedule.id, Schedule.kind, Schedule.enabled)
    for member_id, schedule_id, kind, enabled in session.execute(
        schedules.where(Schedule.member_id.in_(ids))
    ):
        batch.schedules[member_id].append(ScheduleState(schedule_id, kind, enabled))
    pauses = (
        select(Pause.member_id, Pause.start_date, Pause.end_date)
        .where(Pause.member_id.in_(ids), Pause.end_date >= earliest)
        .order_by(Pause.id)
    )
    for member_id, start, end in session.execute(pauses):
        batch.pauses[member_id].append(Away(start, end))
    return batch


def load_checkins(
    batch: Batch, session: Session, member_ids: Collection[int], latest: date, recent: int
) -> None:
    """Active goals (with milestones and when each last had a commitment), open dated
    commitments due by `latest`, and the last `recent` prompts of each of these members."""
    ids = list(member_ids)
    if not ids:
        return
    last_made = (
        select(func.max(Commitment.created_at))
        .where(Commitment.goal_id == Goal.id)
        .scalar_subquery()
    )
    goals = (
        select(Goal, last_made)
        .where(Goal.member_id.in_(ids), Goal.status == GoalStatus.ACTIVE)
        .options(selectinload(Goal.milestones))
        .order_by(Goal.member_id, Goal.number)
    )
    for goal, made in session.execute(goals):
        batch.goals[goal.member_id].append(goal)
        if made is not None:
            batch.last_commitment[goal.id] = made
    commitments = select(Commitment).where(
        Commitment.member_id.in_(ids),
        Commitment.status == CommitmentStatus.OPEN,
        Commitment.repeat_days.is_(None),
        Commitment.due_date <= latest,
    )
    order = (Commitment.member_id, Commitment.due_date, Commitment.number)
    for commitment in session.scalars(commitments.order_by(*order)):
        batch.commitments[commitment.member_id].append(commitment)
    for member_id, theme, key in session.execute(_recent_prompts(ids, recent)):
        batch.prompts[member_id].append((theme, key))


def _recent_prompts(ids: list[int], recent: int) -> Any:
    """The last `recent` prompt log rows of each member, newest first (a window query)."""
    rank = (
        func.row_number()
        .over(
            partition_by=PromptLog.member_id,
            order_by=(PromptLog.asked_at.desc(), PromptLog.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(PromptLog.member_id, PromptLog.theme, PromptLog.prompt_key, rank)
        .where(PromptLog.member_id.in_(ids))
        .subquery()
    )
    return (
        select(ranked.c.member_id, ranked.c.theme, ranked.c.prompt_key)
        .where(ranked.c.rank <= recent)
        .order_by(ranked.c.member_id, ranked.c.rank)
    )
