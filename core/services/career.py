"""/target, /skill and /gap: the role the member aims at and what stands between."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from core import dates
from core.context import Context
from core.errors import UserError
from core.messages import Fields, Header, Items, Reply, Text
from core.models import SKILL_STATUSES, Entry, Skill
from core.parsing import (
    parse_number,
    pick_subcommand,
    require_text,
    shorten,
    split_fields,
    split_first,
    unescape,
)

SKILL_EXAMPLE = "/skill add Kubernetes need by 2027-06-30"
EVIDENCE_WINDOW = timedelta(days=183)
_STATUS = re.compile(r"\s(have|learning|need)(?=\s|$)", re.IGNORECASE)
_KIND = re.compile(r"\s(certification|cert|course)(?=\s|$)", re.IGNORECASE)


def slug(name: str) -> str:
    """The tag form of a skill: ``Public speaking`` -> ``public-speaking``."""
    return re.sub(r"[^a-z0-9+#.]+", "-", name.lower()).strip("-")[:100]


def handle_target(ctx: Context, args: str) -> Reply:
    """Show or set the role the member is aiming at."""
    role = args.strip()
    if not role:
        current = (
            ctx.member.target_role or "not set yet. Try: /target Staff engineer in a platform team"
        )
        return Reply([Text(f"🎯 Your target role: {current}")])
    ctx.member.target_role = require_text(
        role, "title", "target role", "/target Engineering manager"
    )
    return Reply(
        [
            Text(f"🎯 Target role set: {ctx.member.target_role}."),
            Text("Now list what it takes: /skill add People management need, then /gap."),
        ]
    )


def handle_skill(ctx: Context, args: str) -> Reply:
    """``/skill add|list|update``."""
    handler, rest = pick_subcommand(SKILL_SUBCOMMANDS, args, "skill", SKILL_EXAMPLE, "list")
    return handler(ctx, rest)


def add_skill(ctx: Context, args: str) -> Reply:
    """``/skill add <name> [have|learning|need] [certification|course] [by <date>]``."""
    head, fields = split_fields(args, ("provider",))
    head, due, unread = dates.split_deadline(head, ctx.today)
    if unread:
        raise UserError(f"I could not read “{unread}” as a date.", SKILL_EXAMPLE)
    name, status = _take(_STATUS, f" {head}", "need")
    name, kind = _take(_KIND, f" {name}", "skill")
    name = require_text(name, "title", "skill", SKILL_EXAMPLE)
    if len(name) > 100:
        raise UserError("Keep a skill's name under 100 characters.", SKILL_EXAMPLE)
    existing = _by_slug(ctx, slug(name))
    skill = existing or Skill(
        member_id=ctx.member.id,
        number=ctx.next_number("skill_seq"),
        name=name,
        slug=slug(name),
        created_at=ctx.now,
    )
    skill.status, skill.kind = status, "certification" if kind == "cert" else kind
    skill.due, skill.provider, skill.updated_at = (
        due or skill.due,
        unescape(fields.get("provider", ""))[:100] or skill.provider,
        ctx.now,
    )
    ctx.session.add(skill)
    ctx.session.flush()
    verb = "updated" if existing else "added"
    return Reply(
        [
            Text(f"Skill #{skill.number} {verb}: {_skill_line(skill)}"),
            Text(f"Tag wins with #{skill.slug} to build evidence."),
        ]
    )


def _take(pattern: re.Pattern[str], text: str, default: str) -> tuple[str, str]:
    match = pattern.search(text)
    if match is None:
        return text.strip(), default
    return (text[: match.start()] + text[match.end() :]).strip(), match.group(1).lower()


def _by_slug(ctx: Context, key: str) -> Skill | None:
    return ctx.session.scalar(
        select(Skill).where(Skill.member_id == ctx.member.id, Skill.slug == key)
    )


def _skill_line(skill: Skill) -> str:
    kind = (
        ""
        if skill.kind == "skill"
        else f" ({skill.kind}{', ' + skill.provider if skill.provider else ''})"
    )
    due = f", by {skill.due.isoformat()}" if skill.due else ""
    return f"{skill.name}{kind}: {skill.status}{due}"


def list_skills(ctx: Context, _args: str) -> Reply:
    """Skills grouped by status."""
    skills = _skills(ctx)
    reply = Reply([Header("Your skills")])
    for status in SKILL_STATUSES:
        lines = tuple(f"#{s.number} {_skill_line(s)}" for s in skills if s.status == status)
        reply.add(Items(status.capitalize(), lines, "none"))
    return reply


def _skills(ctx: Context) -> list[Skill]:
    return list(
        ctx.session.scalars(
            select(Skill).where(Skill.member_id == ctx.member.id).order_by(Skill.number)
        )
    )


def update_skill(ctx: Context, args: str) -> Reply:
    """``/skill update N have|learning|need``."""
    word, status = split_first(args)
    example = f"/skill update {word or 1} learning"
    number = parse_number(word, "skill", example)
    skill = ctx.session.scalar(
        select(Skill).where(Skill.member_id == ctx.member.id, Skill.number == number)
    )
    if skill is None:
        raise UserError(f"You have no skill #{number}. /skill list shows yours.", example)
    status = status.strip().lower()
    if status not in SKILL_STATUSES:
        raise UserError("A skill is one of have, learning or need.", example)
    skill.status, skill.updated_at = status, ctx.now
    note = " 🎉 Log how you proved it: /win ... #" + skill.slug if status == "have" else ""
    return Reply([Text(f"Skill #{skill.number} is now {status}: {skill.name}.{note}")])


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


def handle_gap(ctx: Context, _args: str) -> Reply:
    """What the target needs that the member lacks, what is in progress, and the evidence."""
    skills = _skills(ctx)
    if not skills:
        raise UserError("Add the skills your target role needs first.", SKILL_EXAMPLE)
    proof = evidence(ctx, skills)
    role = ctx.member.target_role or "your target role (set one with /target)"
    reply = Reply([Header(f"Gap to {shorten(role, 80)}")])
    needed = [s for s in skills if s.status == "need"]
    learning = [s for s in skills if s.status == "learning"]
    reply.add(
        Items("Still needed", tuple(_skill_line(s) for s in needed), "nothing: you have it all")
    )
    reply.add(Items("In progress", tuple(_skill_line(s) for s in learning), "nothing yet"))
    reply.add(
        Fields(
            tuple((s.name, f"{proof[s.slug]} entries") for s in skills if proof[s.slug])[:10]
            or (("Evidence", "none yet"),)
        )
    )
    missing = tuple(
        f"No evidence for “{s.name}” in the last 6 months: tag a win with #{s.slug}"
        for s in skills
        if s.status in ("have", "learning") and not proof[s.slug]
    )
    if missing:
        reply.add(Items("Worth showing", missing))
    return reply


SKILL_SUBCOMMANDS: dict[str, Callable[[Context, str], Reply]] = {
    "add": add_skill,
    "list": list_skills,
    "update": update_skill,
}
