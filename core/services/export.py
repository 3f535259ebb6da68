"""Export handlers: the member's own data, in forms they can hand on."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.bus import handles
from core.commands.export import ExportBrag, ExportJson
from core.context import Context
from core.errors import UserError
from core.grammar.export import EXAMPLE, not_a_year
from core.services.goals import goal_progress
from core.services.journal import SECTIONS
from core.storage.models import (
    Commitment,
    Entry,
    EntryKind,
    Goal,
    GoalStatus,
    HabitDay,
    Member,
    PromptLog,
    Skill,
)


@dataclass(frozen=True)
class BragExported:
    """The Markdown brag document for a year."""

    year: int
    user_id: str
    markdown: str


@dataclass(frozen=True)
class DataExported:
    """Everything the member owns, as JSON text."""

    user_id: str
    json_text: str


@handles(ExportBrag)
def export_brag(ctx: Context, command: ExportBrag) -> BragExported:
    """The brag document for the year asked for, or this year."""
    year = ctx.today.year if command.year is None else command.year
    if not 1970 <= year <= ctx.today.year + 1:
        raise UserError(not_a_year(str(year)), EXAMPLE, "year")
    return BragExported(year, ctx.member.user_id, brag_document(ctx, year))


@handles(ExportJson)
def export_json(ctx: Context, _command: ExportJson) -> DataExported:
    """The member's data as indented JSON."""
    text = json.dumps(export_data(ctx), indent=2, ensure_ascii=False)
    return DataExported(ctx.member.user_id, text)


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
        fraction, _ = goal_progress(goal)
        mark = "[x]" if goal.status == GoalStatus.DONE else "[ ]"
        due = f", due {goal.deadline.isoformat()}" if goal.deadline else ""
        measure = f"; measure: {goal.measure}" if goal.measure else ""
        lines.append(f"- {mark} {goal.title} ({round(fraction * 100)}%{due}{measure})")
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


def export_data(ctx: Context) -> dict[str, Any]:
    """The member's profile, goals with milestones, entries, commitments and prompt history."""
    member = ctx.member
    return {
        "member": _row(member, ("platform", "workspace_id", "user_id", "display_name", "tz")),
        "goals": [
            _row(g, GOAL_COLUMNS)
            | {"milestones": [_row(m, MILESTONE_COLUMNS) for m in g.milestones]}
            for g in _all_goals(ctx, member)
        ],
        "entries": [_entry_row(e) for e in _all_entries(ctx, member)],
        "commitments": [_commitment_row(ctx, c) for c in _all_commitments(ctx, member)],
        "prompts_asked": [
            _row(p, ("prompt_key", "theme", "asked_at"))
            for p in ctx.session.scalars(
                select(PromptLog).where(PromptLog.member_id == member.id).order_by(PromptLog.id)
            )
        ],
    }


GOAL_COLUMNS = (
    "number", "title", "horizon", "deadline", "measure", "measure_target", "measure_current",
    "why", "resources", "status", "progress_manual", "shared", "created_at", "completed_at",
)  # fmt: skip
MILESTONE_COLUMNS = ("number", "title", "due", "done_at", "created_at")
ENTRY_COLUMNS = (
    "number", "kind", "text", "local_date", "created_at", "tags", "section", "outcome",
    "outcome_at", "prompt_key", "shared",
)  # fmt: skip


COMMITMENT_COLUMNS = (
    "number", "text", "due_date", "status", "moves", "answered_on", "repeat_days", "created_at",
)  # fmt: skip


def _all_commitments(ctx: Context, member: Member) -> list[Commitment]:
    query = (
        select(Commitment)
        .where(Commitment.member_id == member.id)
        .options(
            selectinload(Commitment.goal),
            selectinload(Commitment.milestone),
            selectinload(Commitment.skill),
        )
        .order_by(Commitment.number)
    )
    return list(ctx.session.scalars(query))


def _commitment_row(ctx: Context, commitment: Commitment) -> dict[str, Any]:
    return _row(commitment, COMMITMENT_COLUMNS) | {
        "goal_number": commitment.goal.number if commitment.goal else None,
        "milestone_number": commitment.milestone.number if commitment.milestone else None,
        "skill": commitment.skill.name if commitment.skill else None,
        "habit_days": [
            _row(day, ("local_date", "kept"))
            for day in ctx.session.scalars(
                select(HabitDay)
                .where(HabitDay.commitment_id == commitment.id)
                .order_by(HabitDay.local_date)
            )
        ],
    }


def _all_goals(ctx: Context, member: Member) -> list[Goal]:
    query = (
        select(Goal)
        .where(Goal.member_id == member.id)
        .options(selectinload(Goal.milestones))
        .order_by(Goal.number)
    )
    return list(ctx.session.scalars(query))


def _all_entries(ctx: Context, member: Member) -> list[Entry]:
    query = (
        select(Entry)
        .where(Entry.member_id == member.id)
        .options(selectinload(Entry.goal), selectinload(Entry.milestone))
        .order_by(Entry.number)
    )
    return list(ctx.session.scalars(query))


def _entry_row(entry: Entry) -> dict[str, Any]:
    return _row(entry, ENTRY_COLUMNS) | {
        "goal_number": entry.goal.number if entry.goal else None,
        "milestone_number": entry.milestone.number if entry.milestone else None,
    }


def _row(obj: object, columns: tuple[str, ...]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name in columns:
        value = getattr(obj, name)
        row[name] = value.isoformat() if isinstance(value, date) else value
    return row
