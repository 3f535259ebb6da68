"""Kept commitments as proof: promoted to wins for the brag document, and evidence in /gap."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from core.commands.journal import LogWin, MilestoneRef
from core.context import Context
from core.services.journal import WinLogged, log_win
from core.storage.models import Commitment, CommitmentStatus, Entry, EntryKind, Goal

# A win promoted from a commitment names it in prompt_key (no prompt asked for a win), so
# a second promotion finds the first and /gap does not count the same work twice.
PROMOTED_PREFIX = "commitment:"


def promoted_key(commitment: Commitment) -> str:
    """The prompt_key of the win a commitment was promoted to."""
    return f"{PROMOTED_PREFIX}{commitment.number}"


def promoted_win(ctx: Context, commitment: Commitment) -> Entry | None:
    """The win this commitment was already promoted to, if any."""
    return ctx.session.scalar(
        select(Entry).where(
            Entry.member_id == ctx.member.id,
            Entry.kind == EntryKind.WIN,
            Entry.prompt_key == promoted_key(commitment),
        )
    )


def promote_to_win(ctx: Context, commitment: Commitment) -> WinLogged:
    """A win with the commitment's text, goal or milestone, and its skill as a tag."""
    milestone = None
    if commitment.milestone is not None and commitment.goal is not None:
        milestone = MilestoneRef(commitment.goal.number, commitment.milestone.number)
    goal = commitment.goal.number if commitment.goal is not None else None
    logged = log_win(ctx, LogWin(commitment.text, goal=goal, milestone=milestone))
    entry = logged.entry
    entry.prompt_key = promoted_key(commitment)
    if commitment.skill is not None and commitment.skill.slug not in entry.tag_list:
        entry.tags = " ".join([*entry.tag_list, commitment.skill.slug])
    ctx.session.flush()
    return logged


def kept_evidence(ctx: Context, since: date) -> dict[str, int]:
    """Commitments kept since the day, by the slug of the skill they prove: their own
    skill, or the #tags of their goal; those promoted to a win count as that win."""
    promoted = set(
        ctx.session.scalars(
            select(Entry.prompt_key).where(
                Entry.member_id == ctx.member.id, Entry.prompt_key.startswith(PROMOTED_PREFIX)
            )
        )
    )
    kept = ctx.session.scalars(
        select(Commitment).where(
            Commitment.member_id == ctx.member.id,
            Commitment.status == CommitmentStatus.DONE,
            Commitment.repeat_days.is_(None),
            Commitment.answered_on >= since,
        )
    )
    counts: dict[str, int] = {}
    for commitment in kept:
        if promoted_key(commitment) in promoted:
            continue
        for skill in _proves(commitment):
            counts[skill] = counts.get(skill, 0) + 1
    return counts


def _proves(commitment: Commitment) -> set[str]:
    slugs = {commitment.skill.slug} if commitment.skill is not None else set()
    goal: Goal | None = commitment.goal
    if goal is not None:
        slugs.update(goal.tags.split() if goal.tags else ())
    return slugs
