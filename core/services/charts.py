"""Pictures: the roadmap's data for /progress chart, and the digest's team chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from core.bus import handles
from core.commands.progress import ShowProgressChart
from core.context import Context
from core.messages import Attachment
from core.present.chart_alt import ROADMAP_WEEKS, TEAM_GOALS
from core.present.chart_types import Chart, GoalLine
from core.services.goals import goal_progress
from core.services.progress import active_goals
from core.services.team_activity import TeamActivity
from core.storage.models import Entry, EntryKind, Goal


def attachment(chart: Chart) -> Attachment:
    """A chart as a reply attachment, with its text alternative."""
    return Attachment(chart.filename, chart.png, "image/png", chart.alt_text)


@dataclass(frozen=True)
class RoadmapData:
    """What the career roadmap draws: active goals on a timeline, and wins per week."""

    goals: list[GoalLine]
    wins_per_week: list[tuple[date, int]]


@handles(ShowProgressChart)
def progress_chart(ctx: Context, _command: ShowProgressChart) -> RoadmapData:
    """The roadmap's data: goals by horizon with milestones, and recent wins per week."""
    goals = [goal_line(g, ctx) for g in active_goals(ctx)]
    return RoadmapData(goals, wins_per_week(ctx, ROADMAP_WEEKS))


def goal_line(goal: Goal, ctx: Context) -> GoalLine:
    """What the chart needs to know about a goal."""
    fraction, _ = goal_progress(goal)
    return GoalLine(
        number=goal.number,
        title=goal.title,
        horizon=goal.horizon,
        start=goal.created_at.astimezone(ctx.tz).date(),
        deadline=goal.deadline,
        progress=fraction,
        milestones=tuple((m.due, m.done_at is not None) for m in goal.milestones if m.due),
    )


def wins_per_week(ctx: Context, weeks: int) -> list[tuple[date, int]]:
    """(Monday, wins) for the last `weeks` local weeks, oldest first."""
    first_monday = ctx.today - timedelta(days=ctx.today.weekday(), weeks=weeks - 1)
    counts = {first_monday + timedelta(weeks=i): 0 for i in range(weeks)}
    days = ctx.session.scalars(
        select(Entry.local_date).where(
            Entry.member_id == ctx.member.id,
            Entry.kind == EntryKind.WIN,
            Entry.local_date >= first_monday,
        )
    )
    for day in days:
        monday = day - timedelta(days=day.weekday())
        if monday in counts:
            counts[monday] += 1
    return sorted(counts.items())


def team_chart(activity: TeamActivity, end: datetime) -> Attachment:
    """The digest's picture: shared wins per week and shared goals' progress."""
    from core.present.drawing import team_activity_chart  # matplotlib loads on first use

    weeks = [
        ((end - timedelta(weeks=len(activity.weekly) - i)).date(), n)
        for i, n in enumerate(activity.weekly)
    ]
    # Only the first ten are drawn: a large team's hundreds of goals are not all measured.
    goals = [(g.title, g.progress) for g in activity.moved[:TEAM_GOALS]]
    goals += [(g.title, g.progress) for g in activity.completed[: TEAM_GOALS - len(goals)]]
    return attachment(team_activity_chart(weeks, goals))
