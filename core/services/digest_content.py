"""Team digests: built only from what members chose to share; nobody is named for silence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.context import PlatformTraits
from core.messages import Attachment, Block, Fields, Header, Items, Progress, Reply, Text
from core.parsing import count_of, shorten
from core.services.team_activity import (
    STREAK_WEEKS,
    TREND_WEEKS,
    ReachedMilestone,
    SharedGoal,
    SharedWin,
    TeamActivity,
    gather,
)
from core.services.team_follow_through import follow_through_text
from core.storage.models import Digest
from core.time.zones import zone

__all__ = ["STREAK_WEEKS", "TeamActivity", "compose", "digest_parts", "gather", "headline"]

# A share of shared commitments kept worth a 🎉 (at least half); below it, said plainly.
CELEBRATED_KEPT = 50
SUMMARY_ITEMS = 12  # up to this many detail lines, everything goes in the summary


CONSOLE = PlatformTraits()  # details right below, in one piece


@dataclass
class DigestPost:
    """A digest ready to post: a short summary, and details for a thread or follow-ups."""

    summary: Reply
    details: list[Reply]


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
        blocks.append(Items(activity.names.get(member_id, "A teammate"), lines))
    if activity.milestones:
        lines = tuple(
            f"{_name(activity, m)}: {shorten(m.title, 80)} ({shorten(m.goal_title, 60)})"
            for m in activity.milestones
        )
        blocks.append(Items("Milestones reached", lines))
    if activity.completed:
        lines = tuple(f"{_name(activity, g)}: {shorten(g.title, 80)}" for g in activity.completed)
        blocks.append(Items("Goals completed 🏁", lines))
    for goal in activity.moved:
        title = f"{_name(activity, goal)}: {shorten(goal.title, 60)}"
        blocks.append(Progress(title, goal.progress, goal.detail))
    return blocks


def _name(activity: TeamActivity, shared: ReachedMilestone | SharedGoal) -> str:
    return activity.names.get(shared.member_id, "A teammate")


def _win_line(win: SharedWin) -> str:
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
