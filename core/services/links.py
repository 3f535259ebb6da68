"""What an entry is linked to, so a confirmation can repeat it: goal, milestone, client and
the skills its #tags give evidence for."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from core.context import Context
from core.storage.models import Client, Entry, Skill


@dataclass(frozen=True)
class EntryLinks:
    """The links of one entry as the member would name them."""

    goal: str | None = None  # "#2 Become a staff engineer"
    milestone: str | None = None  # "2.1 Write the design doc"
    client: tuple[str, str] | None = None  # (name, slug)
    skills: tuple[str, ...] = ()


def entry_links(ctx: Context, entry: Entry) -> EntryLinks:
    """The entry's goal, milestone, client and skills, read back from what was stored."""
    ctx.session.flush()
    goal = f"#{entry.goal.number} {entry.goal.title}" if entry.goal else None
    milestone = None
    if entry.milestone is not None and entry.goal is not None:
        milestone = f"{entry.goal.number}.{entry.milestone.number} {entry.milestone.title}"
    return EntryLinks(goal, milestone, _client(ctx, entry.client), _skills(ctx, entry))


def _client(ctx: Context, slug: str | None) -> tuple[str, str] | None:
    if slug is None:
        return None
    name = ctx.session.scalar(
        select(Client.name).where(Client.member_id == ctx.member.id, Client.slug == slug)
    )
    return (name or slug, slug)


def _skills(ctx: Context, entry: Entry) -> tuple[str, ...]:
    """The member's skills whose slug is one of the entry's tags (evidence for /gap)."""
    tags = entry.tag_list
    if not tags:
        return ()
    rows = ctx.session.scalars(
        select(Skill.name)
        .where(Skill.member_id == ctx.member.id, Skill.slug.in_(tags))
        .order_by(Skill.number)
    )
    return tuple(rows)
