"""Target role, skill and gap results as replies."""

from __future__ import annotations

from core.commands.career import SkillKind
from core.messages import Fields, Header, Items, Reply, Text
from core.parsing import count_of, shorten
from core.present import Viewer, presents
from core.services.career import (
    GapReport,
    SkillList,
    SkillRemoved,
    SkillSaved,
    SkillUpdated,
    TargetSet,
    TargetShown,
)
from core.storage.models import Skill, SkillStatus

TARGET_EXAMPLE = "/target Staff engineer in a platform team"


@presents(TargetShown)
def target_shown(result: TargetShown, _viewer: Viewer) -> Reply:
    """The target role, or how to set one."""
    current = result.role or f"not set yet. Try: {TARGET_EXAMPLE}"
    return Reply([Text(f"🎯 Your target role: {current}")])


@presents(TargetSet)
def target_set(result: TargetSet, _viewer: Viewer) -> Reply:
    """The new target, and what to do next."""
    return Reply(
        [
            Text(f"🎯 Target role set: {result.role}."),
            Text("Now list what it takes: /skill add People management need, then /gap."),
        ]
    )


def skill_line(skill: Skill) -> str:
    """``CKA (certification, CNCF): learning, by 2027-03-31``."""
    provider = f", {skill.provider}" if skill.provider else ""
    kind = "" if skill.kind == SkillKind.SKILL else f" ({skill.kind}{provider})"
    due = f", by {skill.due.isoformat()}" if skill.due else ""
    return f"{skill.name}{kind}: {skill.status}{due}"


@presents(SkillSaved)
def skill_saved(result: SkillSaved, _viewer: Viewer) -> Reply:
    """The skill, and the tag that builds evidence for it."""
    skill = result.skill
    verb = "added" if result.created else "updated"
    return Reply(
        [
            Text(f"Skill #{skill.number} {verb}: {skill_line(skill)}"),
            Text(f"Tag wins with #{skill.slug} to build evidence."),
        ]
    )


@presents(SkillList)
def skill_list(result: SkillList, _viewer: Viewer) -> Reply:
    """Skills grouped by status."""
    reply = Reply([Header("Your skills")])
    for status in SkillStatus:
        lines = tuple(f"#{s.number} {skill_line(s)}" for s in result.skills if s.status == status)
        reply.add(Items(status.capitalize(), lines, "none"))
    return reply


@presents(SkillUpdated)
def skill_updated(result: SkillUpdated, _viewer: Viewer) -> Reply:
    """The new status; a skill the member now has is worth a win."""
    skill = result.skill
    note = (
        " 🎉 Log how you proved it: /win ... #" + skill.slug
        if skill.status == SkillStatus.HAVE
        else ""
    )
    return Reply([Text(f"Skill #{skill.number} is now {skill.status}: {skill.name}.{note}")])


@presents(GapReport)
def gap_report(result: GapReport, _viewer: Viewer) -> Reply:
    """Still needed, in progress, the evidence, and the skills worth showing."""
    role = result.role or "your target role (set one with /target)"
    reply = Reply([Header(f"Gap to {shorten(role, 80)}")])
    needed = tuple(skill_line(s) for s in result.needed)
    reply.add(Items("Still needed", needed, "nothing: you have it all"))
    reply.add(Items("In progress", tuple(skill_line(s) for s in result.learning), "nothing yet"))
    proof = tuple(
        (s.name, _evidence_text(count, result.kept.get(s.slug, 0))) for s, count in result.evidence
    )[:10]
    reply.add(Fields(proof or (("Evidence", "none yet"),)))
    missing = tuple(
        f"No evidence for “{s.name}” in the last 6 months: tag a win with #{s.slug}"
        for s in result.unproven
    )
    if missing:
        reply.add(Items("Worth showing", missing))
    return reply


def _evidence_text(entries: int, kept: int) -> str:
    """``2 entries``, ``1 entry, 3 kept commitments`` or ``1 kept commitment``."""
    parts = [count_of(entries, "entry", "entries")] if entries else []
    if kept:
        parts.append(count_of(kept, "kept commitment"))
    return ", ".join(parts)


@presents(SkillRemoved)
def skill_removed(result: SkillRemoved, _viewer: Viewer) -> Reply:
    """Which skill went."""
    skill = result.skill
    return Reply(
        [Text(f"Removed skill #{skill.number}: {skill.name}. /skill list shows the rest.")]
    )
