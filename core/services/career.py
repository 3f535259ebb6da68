"""Target role, skill and gap handlers: typed command in, typed result out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from core.bus import handles
from core.commands.career import (
    AddSkill,
    ListSkills,
    RemoveSkill,
    SetTarget,
    ShowGap,
    ShowTarget,
    UpdateSkill,
)
from core.context import Context
from core.errors import UserError
from core.parsing import read_date, require_text
from core.services.kept import kept_evidence
from core.storage.models import Entry, Skill, SkillStatus

SKILL_EXAMPLE = "/skill add Kubernetes need by 2027-06-30"
EVIDENCE_WINDOW = timedelta(days=183)


@dataclass(frozen=True)
class TargetShown:
    """The member's target role, if they set one."""

    role: str | None


@dataclass(frozen=True)
class TargetSet:
    """A new target role."""

    role: str


@dataclass(frozen=True)
class SkillSaved:
    """A skill added, or updated because one with the same name existed."""

    skill: Skill
    created: bool


@dataclass(frozen=True)
class SkillList:
    """The member's skills, in number order."""

    skills: list[Skill]


@dataclass(frozen=True)
class SkillUpdated:
    """A skill moved to another status."""

    skill: Skill


@dataclass(frozen=True)
class SkillRemoved:
    """A skill deleted."""

    skill: Skill


@dataclass(frozen=True)
class GapReport:
    """What stands between the member and their target role."""

    role: str | None
    needed: list[Skill]
    learning: list[Skill]
    # Skills with tagged entries in the evidence window, and how many.
    evidence: list[tuple[Skill, int]]
    # Skills the member has or is learning with no entry to show for them.
    unproven: list[Skill]
    # Kept commitments (linked to the skill or to a goal tagged with it) by skill slug.
    kept: dict[str, int] = field(default_factory=dict)


def slug(name: str) -> str:
    """The tag form of a skill: ``Public speaking`` -> ``public-speaking``."""
    return re.sub(r"[^a-z0-9+#.]+", "-", name.lower()).strip("-")[:100]


@handles(ShowTarget)
def show_target(ctx: Context, _command: ShowTarget) -> TargetShown:
    """The role the member is aiming at."""
    return TargetShown(ctx.member.target_role)


@handles(SetTarget)
def set_target(ctx: Context, command: SetTarget) -> TargetSet:
    """Aim at a new role."""
    role = require_text(command.role, "title", "target role", "/target Engineering manager", "role")
    ctx.member.target_role = role
    return TargetSet(role)


@handles(AddSkill)
def add_skill(ctx: Context, command: AddSkill) -> SkillSaved:
    """Add a skill, or update the member's skill with the same name."""
    name = require_text(command.name, "title", "skill", SKILL_EXAMPLE, "name")
    if len(name) > 100:
        raise UserError("Keep a skill's name under 100 characters.", SKILL_EXAMPLE, "name")
    due = (
        None
        if command.due is None
        else read_date(command.due, ctx.today, "due", SKILL_EXAMPLE, ctx.date_order)
    )
    existing = _by_slug(ctx, slug(name))
    skill = existing or Skill(
        member_id=ctx.member.id,
        number=ctx.next_number("skill_seq"),
        name=name,
        slug=slug(name),
        created_at=ctx.now,
    )
    skill.status, skill.kind = command.status, command.kind
    skill.due = due or skill.due
    skill.provider = (command.provider or "").strip()[:100] or skill.provider
    skill.updated_at = ctx.now
    ctx.session.add(skill)
    ctx.session.flush()
    return SkillSaved(skill, existing is None)


def _by_slug(ctx: Context, key: str) -> Skill | None:
    return ctx.session.scalar(
        select(Skill).where(Skill.member_id == ctx.member.id, Skill.slug == key)
    )


def member_skills(ctx: Context) -> list[Skill]:
    """The member's skills in number order."""
    return list(
        ctx.session.scalars(
            select(Skill).where(Skill.member_id == ctx.member.id).order_by(Skill.number)
        )
    )


@handles(ListSkills)
def list_skills(ctx: Context, _command: ListSkills) -> SkillList:
    """Every skill the member has listed."""
    return SkillList(member_skills(ctx))


def _find_skill(ctx: Context, number: int, example: str) -> Skill:
    skill = ctx.session.scalar(
        select(Skill).where(Skill.member_id == ctx.member.id, Skill.number == number)
    )
    if skill is None:
        raise UserError(f"You have no skill #{number}. /skill list shows yours.", example, "number")
    return skill


@handles(UpdateSkill)
def update_skill(ctx: Context, command: UpdateSkill) -> SkillUpdated:
    """Move a skill to have, learning or need."""
    skill = _find_skill(ctx, command.number, f"/skill update {command.number} learning")
    skill.status, skill.updated_at = command.status, ctx.now
    return SkillUpdated(skill)


@handles(RemoveSkill)
def remove_skill(ctx: Context, command: RemoveSkill) -> SkillRemoved:
    """Delete a skill (wins tagged with it keep their tags)."""
    skill = _find_skill(ctx, command.number, "/skill remove 2")
    ctx.session.delete(skill)
    return SkillRemoved(skill)


def evidence(ctx: Context, skills: list[Skill]) -> dict[str, int]:
    """Wins and journal entries tagged with each skill in the last six months."""
    since = ctx.today - EVIDENCE_WINDOW
    counts = {s.slug: 0 for s in skills}
    rows = ctx.session.scalars(
        select(Entry.tags).where(
            Entry.member_id == ctx.member.id, Entry.local_date >= since, Entry.tags != ""
        )
    )
    for tags in rows:
        for tag in tags.split():
            if tag in counts:
                counts[tag] += 1
    return counts


@handles(ShowGap)
def show_gap(ctx: Context, _command: ShowGap) -> GapReport:
    """What the target needs that the member lacks, what is in progress, and the evidence."""
    skills = member_skills(ctx)
    if not skills:
        raise UserError("Add the skills your target role needs first.", SKILL_EXAMPLE)
    proof = evidence(ctx, skills)
    kept = kept_evidence(ctx, ctx.today - EVIDENCE_WINDOW)
    shown = (SkillStatus.HAVE, SkillStatus.LEARNING)
    proven = [s for s in skills if proof[s.slug] or kept.get(s.slug)]
    return GapReport(
        role=ctx.member.target_role,
        needed=[s for s in skills if s.status == SkillStatus.NEED],
        learning=[s for s in skills if s.status == SkillStatus.LEARNING],
        evidence=[(s, proof[s.slug]) for s in proven],
        unproven=[s for s in skills if s.status in shown and s not in proven],
        kept={s.slug: kept[s.slug] for s in proven if kept.get(s.slug)},
    )
