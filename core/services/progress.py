"""Progress handler: goals, milestones due soon, wins this week and month, the streak,
and commitments kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from core.bus import handles
from core.commands.progress import ShowProgress
from core.context import Context
from core.services.commitments import open_habits
from core.services.follow_through import FollowThroughRecord, follow_through_record
from core.services.habits import habit_streak
from core.services.network import networking_line
from core.services.streaks import count_streak, paused_days
from core.storage.models import Commitment, Entry, EntryKind, Goal, GoalStatus, Milestone

DUE_SOON_DAYS = 30
STREAK_LOOKBACK_DAYS = 1000


@dataclass(frozen=True)
class DueMilestone:
    """An open milestone due within the window (or overdue), with its goal's number."""

    goal_number: int
    milestone: Milestone


@dataclass(frozen=True)
class ProgressReport:
    """The member's dashboard: active goals, what is due, wins, streak and network."""

    goals: list[Goal]
    due: list[DueMilestone]
    wins_this_week: int
    wins_this_month: int
    streak_days: int
    network: str
    # Commitments kept in the last four weeks, the four before, and this quarter.
    commitments: FollowThroughRecord
    # Each habit (a repeating commitment) and its current streak in days.
    habits: list[tuple[Commitment, int]]


@handles(ShowProgress)
def show_progress(ctx: Context, _command: ShowProgress) -> ProgressReport:
    """Everything the dashboard shows, counted in the member's local days."""
    goals = active_goals(ctx)
    week, month = wins_this_week_and_month(ctx)
    return ProgressReport(
        goals=goals,
        due=due_milestones(goals, ctx.today),
        wins_this_week=week,
        wins_this_month=month,
        streak_days=journal_streak(ctx),
        network=networking_line(ctx),
        commitments=follow_through_record(ctx),
        habits=[(habit, habit_streak(ctx, habit)) for habit in open_habits(ctx)],
    )


def active_goals(ctx: Context) -> list[Goal]:
    """The member's active goals with their milestones loaded."""
    query = (
        select(Goal)
        .where(Goal.member_id == ctx.member.id, Goal.status == GoalStatus.ACTIVE)
        .options(selectinload(Goal.milestones))
        .order_by(Goal.number)
    )
    return list(ctx.session.scalars(query))


def due_milestones(goals: list[Goal], today: date) -> list[DueMilestone]:
    """Open milestones of these goals that are overdue or due within the window, soonest
    first."""
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    due = [
        DueMilestone(goal.number, m)
        for goal in goals
        for m in goal.milestones
        if m.done_at is None and m.due is not None and m.due <= horizon
    ]
    due.sort(key=lambda d: (d.milestone.due, d.goal_number, d.milestone.number))
    return due


def wins_this_week_and_month(ctx: Context) -> tuple[int, int]:
    """Wins logged this local week (from Monday) and this local month."""
    today = ctx.today
    week_start = today - timedelta(days=today.weekday())
    month_start = today.replace(day=1)
    start = min(week_start, month_start)
    rows = ctx.session.execute(
        select(Entry.local_date, func.count())
        .where(
            Entry.member_id == ctx.member.id,
            Entry.kind == EntryKind.WIN,
            Entry.local_date >= start,
            Entry.local_date <= today,
        )
        .group_by(Entry.local_date)
    ).all()
    week = sum(n for day, n in rows if day >= week_start)
    month = sum(n for day, n in rows if day >= month_start)
    return week, month


def journal_streak(ctx: Context) -> int:
    """Consecutive local days with an entry, ending today (or yesterday, if today is open).

    Paused days (vacations) neither break nor grow the streak."""
    today = ctx.today
    since = today - timedelta(days=STREAK_LOOKBACK_DAYS)
    days = ctx.session.scalars(
        select(Entry.local_date)
        .where(
            Entry.member_id == ctx.member.id,
            Entry.local_date >= since,
            Entry.local_date <= today,
        )
        .distinct()
        .order_by(Entry.local_date.desc())
    ).all()
    return count_streak(list(days), today, paused_days(ctx, since, today))
