"""/progress: goals, milestones due soon, wins this week and month, the journaling streak."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from core.context import Context
from core.messages import Fields, Header, Items, Progress, Reply, Text
from core.models import Entry, Goal, Milestone, Pause
from core.parsing import count_of, relative_days, shorten
from core.services.goals import ADD_EXAMPLE, goal_progress
from core.services.network import networking_line

DUE_SOON_DAYS = 30
STREAK_LOOKBACK_DAYS = 1000


def show_progress(ctx: Context, _args: str) -> Reply:
    """The member's dashboard."""
    today = ctx.today
    reply = Reply([Header(f"Your progress · {today.strftime('%A %d %B %Y')}")])
    goals = active_goals(ctx)
    for goal in goals:
        fraction, detail = goal_progress(goal)
        due = f" · due {goal.deadline.isoformat()}" if goal.deadline else ""
        reply.add(Progress(f"#{goal.number} {shorten(goal.title, 60)}", fraction, detail + due))
    if not goals:
        reply.add(Text(f"No active goals. Set one: {ADD_EXAMPLE}"))
    soon = due_soon(ctx, goals)
    reply.add(Items(f"Milestones due in the next {DUE_SOON_DAYS} days", soon, "none"))
    week, month = wins_this_week_and_month(ctx)
    streak = journal_streak(ctx)
    reply.add(
        Fields(
            (
                ("Wins this week", str(week)),
                ("Wins this month", str(month)),
                ("Journal streak", count_of(streak, "day")),
                ("Network", networking_line(ctx)),
            )
        )
    )
    return reply


def active_goals(ctx: Context) -> list[Goal]:
    """The member's active goals with their milestones loaded."""
    query = (
        select(Goal)
        .where(Goal.member_id == ctx.member.id, Goal.status == "active")
        .options(selectinload(Goal.milestones))
        .order_by(Goal.number)
    )
    return list(ctx.session.scalars(query))


def due_soon(ctx: Context, goals: list[Goal]) -> tuple[str, ...]:
    """Open milestones of these goals that are overdue or due within the window."""
    horizon = ctx.today + timedelta(days=DUE_SOON_DAYS)
    due = [
        (m.due, goal.number, m)
        for goal in goals
        for m in goal.milestones
        if m.done_at is None and m.due is not None and m.due <= horizon
    ]
    due.sort(key=lambda item: (item[0], item[1], item[2].number))
    return tuple(_due_line(m, number, ctx.today) for _, number, m in due)


def _due_line(milestone: Milestone, goal_number: int, today: date) -> str:
    assert milestone.due is not None
    days = (milestone.due - today).days
    when = relative_days(days) if days >= 0 else f"overdue by {count_of(-days, 'day')}"
    return f"{goal_number}.{milestone.number} {shorten(milestone.title, 60)} · {when}"


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
            Entry.kind == "win",
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


def paused_days(ctx: Context, since: date, until: date) -> frozenset[date]:
    """Every local day in [since, until] covered by one of the member's pauses."""
    pauses = ctx.session.scalars(
        select(Pause).where(
            Pause.member_id == ctx.member.id, Pause.end_date >= since, Pause.start_date <= until
        )
    ).all()
    found: set[date] = set()
    for pause in pauses:
        day = max(pause.start_date, since)
        while day <= min(pause.end_date, until):
            found.add(day)
            day += timedelta(days=1)
    return frozenset(found)


def count_streak(
    days_newest_first: list[date], today: date, paused: frozenset[date] = frozenset()
) -> int:
    """Length of the run of consecutive days ending today or yesterday; paused days are
    skipped over without counting."""
    if not days_newest_first:
        return 0
    logged = set(days_newest_first)
    oldest = days_newest_first[-1]
    day = today if today in logged else today - timedelta(days=1)
    streak = 0
    while day >= oldest:
        if day in logged:
            streak += 1
        elif day not in paused:
            break
        day -= timedelta(days=1)
    return streak
