"""Team digests: built only from what members chose to share; nobody is named for silence."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from core.context import PlatformTraits
from core.messages import Attachment, Block, Fields, Header, Items, Progress, Reply, Text
from core.parsing import count_of, shorten
from core.services.follow_through import FollowThrough
from core.services.goals import goal_progress
from core.services.team_follow_through import follow_through_text, shared_follow_through
from core.storage.models import (
    Digest,
    Entry,
    EntryKind,
    Goal,
    GoalStatus,
    Member,
    Milestone,
)
from core.time.zones import zone

TREND_WEEKS = 4
STREAK_WEEKS = 52
# A share of shared commitments kept worth a 🎉 (at least half); below it, said plainly.
CELEBRATED_KEPT = 50
SUMMARY_ITEMS = 12  # up to this many detail lines, everything goes in the summary


CONSOLE = PlatformTraits()  # details right below, in one piece


@dataclass
class TeamActivity:
    """What the members of one workspace shared in a period."""

    wins: dict[int, list[Entry]] = field(default_factory=dict)
    milestones: list[tuple[Goal, Milestone]] = field(default_factory=list)
    completed: list[Goal] = field(default_factory=list)
    moved: list[Goal] = field(default_factory=list)
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
        owners = set(self.wins) | {g.member_id for g, _ in self.milestones}
        return len(owners | {g.member_id for g in self.completed})


@dataclass
class DigestPost:
    """A digest ready to post: a short summary, and details for a thread or follow-ups."""

    summary: Reply
    details: list[Reply]


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
    wins = _in_space(Entry, member_id, platform, workspace_id)
    goals = _in_space(Goal, member_id, platform, workspace_id)
    activity = TeamActivity()
    _gather_wins(session, activity, wins, start, end)
    _gather_goals(session, activity, goals, start, end)
    activity.commitments = shared_follow_through(session, goals, start, end)
    ids = (
        set(activity.wins)
        | {g.member_id for g, _ in activity.milestones}
        | {g.member_id for g in activity.completed}
    )
    if ids:
        for member in session.scalars(select(Member).where(Member.id.in_(ids))):
            activity.names[member.id] = member.display_name or "A teammate"
    weekly = _weekly_counts(session, wins, end, STREAK_WEEKS)
    activity.weekly = weekly[-TREND_WEEKS:]
    activity.streak_weeks = _streak(weekly)
    return activity


def _in_space(
    model: type[Entry] | type[Goal], member_id: int | None, platform: str, space: str
) -> ColumnElement[bool]:
    """Rows shared in `space`: marked with it, or unmarked (their own workspace) when the
    member belongs to it. Two branches, each served by an index (by space, by member)."""
    own = select(Member.id).where(Member.platform == platform, Member.workspace_id == space)
    of_platform = select(Member.id).where(Member.id == model.member_id, Member.platform == platform)
    if member_id is not None:
        own = own.where(Member.id == member_id)
        of_platform = of_platform.where(Member.id == member_id)
    return or_(
        and_(model.space_id == space, of_platform.exists()),
        and_(model.space_id.is_(None), model.member_id.in_(own)),
    )


def _gather_wins(
    session: Session,
    activity: TeamActivity,
    in_space: ColumnElement[bool],
    start: datetime,
    end: datetime,
) -> None:
    wins = session.scalars(
        select(Entry)
        .where(
            in_space,
            Entry.kind == EntryKind.WIN,
            Entry.shared.is_(True),
            Entry.created_at >= start,
            Entry.created_at < end,
        )
        .order_by(Entry.created_at)
    )
    grouped: dict[int, list[Entry]] = defaultdict(list)
    for win in wins:
        grouped[win.member_id].append(win)
    activity.wins = dict(grouped)


def _gather_goals(
    session: Session,
    activity: TeamActivity,
    in_space: ColumnElement[bool],
    start: datetime,
    end: datetime,
) -> None:
    """Milestones reached and goals completed in the period, on shared goals only."""
    reached = session.execute(
        select(Goal, Milestone)
        .join(Milestone, Milestone.goal_id == Goal.id)
        .where(
            in_space,
            Goal.shared.is_(True),
            Milestone.done_at >= start,
            Milestone.done_at < end,
        )
        .options(selectinload(Goal.milestones))
        .order_by(Milestone.done_at)
    ).all()
    activity.milestones = [(goal, milestone) for goal, milestone in reached]
    activity.completed = list(
        session.scalars(
            select(Goal).where(
                in_space,
                Goal.shared.is_(True),
                Goal.status == GoalStatus.DONE,
                Goal.completed_at >= start,
                Goal.completed_at < end,
            )
        )
    )
    moved = {goal.id: goal for goal, _ in reached if goal.status == GoalStatus.ACTIVE}
    activity.moved = list(moved.values())


def _weekly_counts(
    session: Session, in_space: ColumnElement[bool], end: datetime, weeks: int
) -> list[int]:
    """Shared wins logged before `end`, per 7-day window ending on its day, oldest first
    (by the member's local day they were logged on, which the entries index covers; east
    of UTC that day can be the one after `end`'s, and counts in the last window)."""
    last = end.date()
    first = last - timedelta(weeks=weeks) + timedelta(days=1)
    rows = session.execute(
        select(Entry.local_date, func.count())
        .where(
            in_space,
            Entry.kind == EntryKind.WIN,
            Entry.local_date >= first,
            Entry.local_date <= last + timedelta(days=1),
            Entry.created_at < end,
            Entry.shared.is_(True),
        )
        .group_by(Entry.local_date)
    ).all()
    counts = [0] * weeks
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


def headline(activity: TeamActivity) -> str:
    """One line, no names, no shaming: what merits it is celebrated, the rest said plainly."""
    kept = activity.commitments
    shared = activity.win_count or activity.milestones or activity.completed
    if not shared and kept.percent is None:
        return "A quiet period: nothing shared yet. Shared wins will show up here."
    people = "1 person" if activity.people == 1 else f"{activity.people} people"
    parts = [f"{count_of(activity.win_count, 'win')} from {people}"] if shared else []
    if activity.milestones:
        parts.append(f"{count_of(len(activity.milestones), 'milestone')} reached")
    if activity.completed:
        parts.append(f"{count_of(len(activity.completed), 'goal')} completed")
    plain = ""
    if kept.percent is not None and kept.percent >= CELEBRATED_KEPT:
        parts.append(f"the team kept {kept.percent}% of shared commitments")
    elif kept.percent is not None:
        were = "was" if kept.kept == 1 else "were"
        plain = f"{kept.kept} of {kept.counted} shared commitments {were} kept."
    if not parts:
        return plain[0].upper() + plain[1:]
    line = ", ".join(parts)
    return " ".join(filter(None, ("🎉 " + line[0].upper() + line[1:] + ".", plain)))


@dataclass(frozen=True)
class DigestParts:
    """A digest's parts by name: a preview shows the title and the details alone."""

    title: str
    headline: str
    numbers: tuple[tuple[str, str], ...]
    # Wins by member, milestones reached, goals completed, goals moved: for a digest
    # gathered for one member, exactly that member's part.
    details: list[Block]


def digest_parts(activity: TeamActivity, title: str) -> DigestParts:
    """The headline, the numbers with the trend, and the detail blocks."""
    trend = " → ".join(str(n) for n in activity.weekly) or "0"
    numbers: tuple[tuple[str, str], ...] = (
        ("Shared wins", str(activity.win_count)),
        ("Milestones reached", str(len(activity.milestones))),
        ("Goals completed", str(len(activity.completed))),
        ("Team streak", count_of(activity.streak_weeks, "week")),
        (f"Last {TREND_WEEKS} weeks", trend),
    )
    kept = follow_through_text(activity.commitments)
    if kept is not None:
        numbers += (("Shared commitments kept", kept),)
    return DigestParts(title, headline(activity), numbers, _detail_blocks(activity))


def compose(
    activity: TeamActivity,
    title: str,
    traits: PlatformTraits = CONSOLE,
    chart: Attachment | None = None,
) -> DigestPost:
    """Summary (headline, numbers, trend) and details (wins by member, milestones, goals),
    the details where and in messages of the size the platform's `traits` say."""
    parts = digest_parts(activity, title)
    summary = Reply(
        [Header(parts.title), Text(parts.headline), Fields(parts.numbers)], ephemeral=False
    )
    if chart is not None:
        summary.attachments.append(chart)
    blocks = parts.details
    if sum(len(b.items) if isinstance(b, Items) else 1 for b in blocks) <= SUMMARY_ITEMS:
        summary.blocks.extend(blocks)
        return DigestPost(summary, [])
    summary.add(Text(f"Details {traits.details_where}."))
    size = traits.detail_blocks or len(blocks)
    chunks = [blocks[i : i + size] for i in range(0, len(blocks), size)]
    return DigestPost(summary, [Reply(list(chunk), ephemeral=False) for chunk in chunks])


def _detail_blocks(activity: TeamActivity) -> list[Block]:
    blocks: list[Block] = []
    for member_id, wins in activity.wins.items():
        lines = tuple(_win_line(w) for w in wins)
        blocks.append(Items(f"{activity.names.get(member_id, 'A teammate')}", lines))
    if activity.milestones:
        lines = tuple(
            f"{_name(activity, g)}: {shorten(m.title, 80)} ({shorten(g.title, 60)})"
            for g, m in activity.milestones
        )
        blocks.append(Items("Milestones reached", lines))
    if activity.completed:
        lines = tuple(
            f"{activity.names.get(g.member_id, 'A teammate')}: {shorten(g.title, 80)}"
            for g in activity.completed
        )
        blocks.append(Items("Goals completed 🏁", lines))
    for goal in activity.moved:
        fraction, detail = goal_progress(goal)
        name = activity.names.get(goal.member_id, "A teammate")
        blocks.append(Progress(f"{name}: {shorten(goal.title, 60)}", fraction, detail))
    return blocks


def _name(activity: TeamActivity, goal: Goal) -> str:
    return activity.names.get(goal.member_id, "A teammate")


def _win_line(win: Entry) -> str:
    outcome = f" → {shorten(win.outcome, 120)}" if win.outcome else ""
    return f"{shorten(win.text, 300)}{outcome}"


def period_title(digest: Digest, start: datetime, end: datetime) -> str:
    """``Team digest · 16 Nov to 22 Nov``, in the digest's zone."""
    tz = zone(digest.tz)
    first: date = start.astimezone(tz).date()
    last: date = (end - timedelta(seconds=1)).astimezone(tz).date()
    if first == last:
        return f"Team digest · {first.strftime('%a %d %b')}"
    return f"Team digest · {first.strftime('%d %b')} to {last.strftime('%d %b')}"
