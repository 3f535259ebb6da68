"""What a team shared in a period, read as the few columns a digest shows (no ORM objects):
wins, milestones reached, goals completed and moved, names, and the weekly counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from core.services.follow_through import FollowThrough
from core.services.goals import DONE_PROGRESS, progress_of
from core.services.team_follow_through import shared_follow_through
from core.storage.models import Entry, EntryKind, Goal, GoalStatus, Member, Milestone

TREND_WEEKS = 4
STREAK_WEEKS = 52
LOCAL_DAY_SPREAD = timedelta(days=1)  # UTC-12 to UTC+14: a local day is within one of UTC's


@dataclass(frozen=True)
class SharedWin:
    """A shared win as a digest lists it."""

    member_id: int
    text: str
    outcome: str | None


@dataclass(frozen=True)
class ReachedMilestone:
    """A milestone reached on a shared goal."""

    member_id: int
    title: str
    goal_title: str


@dataclass(frozen=True)
class SharedGoal:
    """A shared goal with its progress (`goal_progress`'s figure and where it comes from)."""

    member_id: int
    title: str
    progress: float
    detail: str


@dataclass
class TeamActivity:
    """What the members of one workspace shared in a period."""

    wins: dict[int, list[SharedWin]] = field(default_factory=dict)
    milestones: list[ReachedMilestone] = field(default_factory=list)
    completed: list[SharedGoal] = field(default_factory=list)
    moved: list[SharedGoal] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    weekly: list[int] = field(default_factory=list)  # shared wins per week, oldest first
    streak_weeks: int = 0
    # Shared commitments (on shared goals) that came due, and how many were kept.
    commitments: FollowThrough = field(default_factory=lambda: FollowThrough(0, 0, 0, 0))

    @property
    def win_count(self) -> int:
        """Shared wins in the period."""
        return sum(len(w) for w in self.wins.values())

    @property
    def people(self) -> int:
        """Members who shared anything in the period."""
        owners = set(self.wins) | {m.member_id for m in self.milestones}
        return len(owners | {g.member_id for g in self.completed})


def gather(
    session: Session,
    platform: str,
    workspace_id: str,
    start: datetime,
    end: datetime,
    member_id: int | None = None,
) -> TeamActivity:
    """Everything shared in [start, end) in one workspace or guild (by one member, if
    given): what its own members shared, and what members of several guilds (Discord)
    shared in this one, never what they shared elsewhere."""
    win_branches = _in_space(Entry, member_id, platform, workspace_id)
    wins, goals = or_(*win_branches), or_(*_in_space(Goal, member_id, platform, workspace_id))
    activity = TeamActivity(wins=_shared_wins(session, wins, start, end))
    _gather_goals(session, activity, goals, start, end)
    activity.commitments = shared_follow_through(session, goals, start, end)
    ids = (
        set(activity.wins)
        | {m.member_id for m in activity.milestones}
        | {g.member_id for g in activity.completed}
    )
    if ids:
        named = session.execute(select(Member.id, Member.display_name).where(Member.id.in_(ids)))
        activity.names = {member: name or "A teammate" for member, name in named}
    weekly = _weekly_counts(session, win_branches, end, STREAK_WEEKS)
    activity.weekly = weekly[-TREND_WEEKS:]
    activity.streak_weeks = _streak(weekly)
    return activity


def _in_space(
    model: type[Entry] | type[Goal], member_id: int | None, platform: str, space: str
) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """Rows shared in `space`, as two branches that never overlap, each served by an index
    (by space, by member): marked with it, or unmarked (their own workspace) when the
    member belongs to it."""
    own = select(Member.id).where(Member.platform == platform, Member.workspace_id == space)
    of_platform = select(Member.id).where(Member.id == model.member_id, Member.platform == platform)
    if member_id is not None:
        own = own.where(Member.id == member_id)
        of_platform = of_platform.where(Member.id == member_id)
    return (
        and_(model.space_id == space, of_platform.exists()),
        and_(model.space_id.is_(None), model.member_id.in_(own)),
    )


def _shared_wins(
    session: Session, in_space: ColumnElement[bool], start: datetime, end: datetime
) -> dict[int, list[SharedWin]]:
    """The period's shared wins by member, in the order they were logged."""
    rows = session.execute(
        select(Entry.member_id, Entry.text, Entry.outcome)
        .where(
            in_space,
            Entry.kind == EntryKind.WIN,
            Entry.shared.is_(True),
            # Bounds the search to the period in the entries index, not every win ever.
            Entry.local_date >= start.date() - LOCAL_DAY_SPREAD,
            Entry.local_date <= end.date() + LOCAL_DAY_SPREAD,
            Entry.created_at >= start,
            Entry.created_at < end,
        )
        .order_by(Entry.created_at)
    )
    grouped: dict[int, list[SharedWin]] = defaultdict(list)
    for member, text, outcome in rows:
        grouped[member].append(SharedWin(member, text, outcome))
    return dict(grouped)


def _gather_goals(
    session: Session,
    activity: TeamActivity,
    in_space: ColumnElement[bool],
    start: datetime,
    end: datetime,
) -> None:
    """Milestones reached and goals completed in the period, on shared goals only; the
    active goals among the first are the ones that moved, with their progress."""
    other = aliased(Milestone)
    of_goal = select(func.count(other.id)).where(other.goal_id == Goal.id)
    done = select(func.count(other.done_at)).where(other.goal_id == Goal.id)
    reached = session.execute(
        select(
            Goal.id,
            Goal.member_id,
            Goal.title,
            Milestone.title,
            Goal.status,
            Goal.progress_manual,
            Goal.measure_target,
            Goal.measure_current,
            done.scalar_subquery(),
            of_goal.scalar_subquery(),
        )
        .join(Milestone, Milestone.goal_id == Goal.id)
        .where(in_space, Goal.shared.is_(True), Milestone.done_at >= start, Milestone.done_at < end)
        .order_by(Milestone.done_at)
    )
    moved: dict[int, SharedGoal] = {}
    for goal, member, title, reached_title, *figures in reached:
        activity.milestones.append(ReachedMilestone(member, reached_title, title))
        if figures[0] == GoalStatus.ACTIVE and goal not in moved:
            moved[goal] = _moved_goal(member, title, *figures)
    activity.moved = list(moved.values())
    completed = session.execute(
        select(Goal.member_id, Goal.title).where(
            in_space,
            Goal.shared.is_(True),
            Goal.status == GoalStatus.DONE,
            Goal.completed_at >= start,
            Goal.completed_at < end,
        )
    )
    activity.completed = [SharedGoal(member, title, *DONE_PROGRESS) for member, title in completed]


def _moved_goal(
    member: int,
    title: str,
    status: str,
    manual: int | None,
    target: float | None,
    current: float | None,
    done: int,
    milestones: int,
) -> SharedGoal:
    progress = progress_of(status, manual, target, current, lambda: (done, milestones))
    return SharedGoal(member, title, *progress)


def _weekly_counts(
    session: Session, in_space: tuple[ColumnElement[bool], ...], end: datetime, weeks: int
) -> list[int]:
    """Shared wins logged before `end`, per 7-day window ending on its day, oldest first
    (by the member's local day they were logged on, which the entries index covers; east
    of UTC that day can be the one after `end`'s, and counts in the last window). Counted
    per branch of the space: OR-ed, SQLite would test every win of the year twice."""
    last = end.date()
    first = last - timedelta(weeks=weeks) + timedelta(days=1)
    counts = [0] * weeks
    for branch in in_space:
        rows = session.execute(
            select(Entry.local_date, func.count())
            .where(
                branch,
                Entry.kind == EntryKind.WIN,
                Entry.local_date >= first,
                Entry.local_date <= last + LOCAL_DAY_SPREAD,
                Entry.created_at < end,
                Entry.shared.is_(True),
            )
            .group_by(Entry.local_date)
        )
        for day, count in rows:
            counts[min(weeks - 1, (day - first).days // 7)] += count
    return counts


def _streak(weekly: list[int]) -> int:
    streak = 0
    for count in reversed(weekly):
        if not count:
            break
        streak += 1
    return streak
