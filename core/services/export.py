"""The brag document: the member's goals and wins, in a form they can hand on (the JSON
export is in core/services/export_json.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.bus import handles
from core.commands.export import ExportBrag
from core.context import Context
from core.errors import UserError
from core.grammar.export import EXAMPLE, not_a_year
from core.services.goals import goal_percent
from core.services.journal import SECTIONS
from core.storage.models import Entry, EntryKind, Goal, GoalStatus, Skill


@dataclass(frozen=True)
class BragExported:
    """The Markdown brag document for a year."""

    year: int
    user_id: str
    markdown: str


@handles(ExportBrag)
def export_brag(ctx: Context, command: ExportBrag) -> BragExported:
    """The brag document for the year asked for, or this year."""
    year = ctx.today.year if command.year is None else command.year
    if not 1970 <= year <= ctx.today.year + 1:
        raise UserError(not_a_year(str(year)), EXAMPLE, "year")
    return BragExported(year, ctx.member.user_id, brag_document(ctx, year))


def brag_document(ctx: Context, year: int) -> str:
    """Markdown: goals for the year and the next, then wins grouped by section."""
    who = ctx.member.display_name or ctx.member.user_id
    lines = [f"# Brag document {year}: {who}", ""]
    lines += [f"_Exported {ctx.today.isoformat()} from coachbot. Everything here is yours._", ""]
    goals = _goals(ctx)
    lines += _goal_section(f"Goals for {year}", [g for g in goals if _goal_in_year(g, year)])
    lines += _goal_section(f"Goals for {year + 1}", [g for g in goals if _goal_next(g, year)])
    wins = _wins(ctx, year)
    by_section: dict[str, list[Entry]] = defaultdict(list)
    for win in wins:
        by_section[win.section or "project"].append(win)
    for key, title in SECTIONS.items():
        if by_section.get(key):
            lines += [f"## {title}", ""] + [_win_line(w) for w in by_section[key]] + [""]
    if not wins:
        lines += ["_No wins logged this year yet. Start with /win._", ""]
    lines += _skills_section(ctx, wins)
    lines += _clients_section(wins)
    return "\n".join(lines).rstrip() + "\n"


def _skills_section(ctx: Context, wins: list[Entry]) -> list[str]:
    skills = ctx.session.scalars(
        select(Skill).where(Skill.member_id == ctx.member.id).order_by(Skill.number)
    ).all()
    if not skills:
        return []
    lines = ["## Skills and certifications", ""]
    if ctx.member.target_role:
        lines += [f"Aiming at: {_md(ctx.member.target_role)}", ""]
    for skill in skills:
        proof = sum(1 for w in wins if skill.slug in w.tag_list)
        kind = "" if skill.kind == "skill" else f" ({skill.kind})"
        evidence = f", {proof} wins show it" if proof else ""
        lines.append(f"- {_md(skill.name)}{kind}: {skill.status}{evidence}")
    return [*lines, ""]


def _clients_section(wins: list[Entry]) -> list[str]:
    counts: dict[str, int] = defaultdict(int)
    for win in wins:
        if win.client:
            counts[win.client] += 1
    if not counts:
        return []
    lines = ["## Clients", ""]
    lines += [f"- {_md(name)}: {n} wins" for name, n in sorted(counts.items())]
    return [*lines, ""]


def _goals(ctx: Context) -> list[Goal]:
    query = (
        select(Goal)
        .where(Goal.member_id == ctx.member.id, Goal.status != GoalStatus.DROPPED)
        .options(selectinload(Goal.milestones))
        .order_by(Goal.number)
    )
    return list(ctx.session.scalars(query))


def _goal_in_year(goal: Goal, year: int) -> bool:
    if goal.status == GoalStatus.DONE:
        return goal.completed_at is not None and goal.completed_at.year == year
    return goal.created_at.year <= year and (goal.deadline is None or goal.deadline.year <= year)


def _goal_next(goal: Goal, year: int) -> bool:
    return (
        goal.status == GoalStatus.ACTIVE and goal.deadline is not None and goal.deadline.year > year
    )


def _goal_section(title: str, goals: list[Goal]) -> list[str]:
    if not goals:
        return []
    lines = [f"## {title}", ""]
    for goal in goals:
        mark = "[x]" if goal.status == GoalStatus.DONE else "[ ]"
        due = f", due {goal.deadline.isoformat()}" if goal.deadline else ""
        measure = f"; measure: {goal.measure}" if goal.measure else ""
        lines.append(f"- {mark} {goal.title} ({goal_percent(goal)}%{due}{measure})")
    return [*lines, ""]


def _wins(ctx: Context, year: int) -> list[Entry]:
    query = (
        select(Entry)
        .where(
            Entry.member_id == ctx.member.id,
            Entry.kind == EntryKind.WIN,
            Entry.local_date >= date(year, 1, 1),
            Entry.local_date <= date(year, 12, 31),
        )
        .options(selectinload(Entry.goal), selectinload(Entry.milestone))
        .order_by(Entry.local_date, Entry.number)
    )
    return list(ctx.session.scalars(query))


def _win_line(win: Entry) -> str:
    parts = [f"- **{win.local_date.isoformat()}**: {_md(win.text)}"]
    if win.client:
        parts.append(f" (client: {_md(win.client)})")
    if win.goal is not None:
        parts.append(f" (goal: {_md(win.goal.title)})")
    outcome = (
        f"Outcome: {_md(win.outcome)}"
        if win.outcome
        else (f"Outcome: _to fill in_ (`/win outcome {win.number} ...`)")
    )
    return "".join(parts) + f"\n  - {outcome}"


def _md(text: str) -> str:
    """Keep member text from turning into Markdown structure."""
    return " ".join(text.split()).replace("<", "&lt;").replace(">", "&gt;")
