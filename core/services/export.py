"""The brag document: the member's goals and wins, in a form they can hand on (the JSON
export is in core/services/export_json.py; core/present/brag.py writes it out)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.bus import handles
from core.commands.export import BragFormat, ExportBrag
from core.context import Context
from core.errors import UserError
from core.grammar.export import EXAMPLE, not_a_year
from core.parsing import count_of, without_hashtags
from core.services.clients import client_names
from core.services.goals import goal_percent
from core.services.journal import SECTIONS
from core.storage.models import Entry, EntryKind, Goal, GoalStatus, Skill, SkillStatus


@dataclass(frozen=True)
class BragItem:
    """One line of the document. `text` and `notes` may hold member text: the writer
    escapes them; `command` is shown as code."""

    text: str
    when: date | None = None
    notes: tuple[str, ...] = ()
    outcome: str | None = None
    tags: tuple[str, ...] = ()
    private: bool = False
    command: str = ""


@dataclass(frozen=True)
class BragGroup:
    """Items under an optional label (a client's name)."""

    label: str
    items: tuple[BragItem, ...]


@dataclass(frozen=True)
class DocumentSection:
    """A heading, an optional sentence, and its groups of items."""

    title: str
    groups: tuple[BragGroup, ...]
    intro: str = ""


@dataclass(frozen=True)
class BragDocument:
    """Everything the brag document says, before it is written as Markdown or HTML."""

    title: str
    about: str
    sections: tuple[DocumentSection, ...]


@dataclass(frozen=True)
class BragExported:
    """The brag document for a year, to write out in the format asked for."""

    year: int
    user_id: str
    document: BragDocument
    format: BragFormat
    shared_only: bool


@handles(ExportBrag)
def export_brag(ctx: Context, command: ExportBrag) -> BragExported:
    """The brag document for the year asked for, or this year."""
    year = ctx.today.year if command.year is None else command.year
    if not 1970 <= year <= ctx.today.year + 1:
        raise UserError(not_a_year(str(year)), EXAMPLE, "year")
    document = brag_content(ctx, year, command.shared_only)
    return BragExported(year, ctx.member.user_id, document, command.format, command.shared_only)


def brag_content(ctx: Context, year: int, shared_only: bool = False) -> BragDocument:
    """Goals by the year of their deadline, achievements, wins by section, client work,
    skills with evidence, and the outcomes still to fill in."""
    name = ctx.member.display_name.strip()
    title = f"Brag document {year}: {name}" if name else f"Brag document {year}"
    goals = [g for g in _goals(ctx, year) if g.shared or not shared_only]
    wins = [w for w in _wins(ctx, year) if w.shared or not shared_only]
    sections = [
        *_goal_sections(ctx, goals),
        _achievements(ctx, goals, year),
        *_win_sections(wins, shared_only),
        _client_work(wins, shared_only, client_names(ctx)),
        _skills(ctx, wins),
        _to_fill_in(wins),
    ]
    about = f"Exported {ctx.today.isoformat()} from coachbot. Everything here is yours."
    if shared_only:
        about += " Only what you shared is included."
    else:
        about += " Items marked private are not shared; /export brag --shared-only leaves them out."
    return BragDocument(title, about, tuple(s for s in sections if s.groups))


def _goals(ctx: Context, year: int) -> list[Goal]:
    """Goals the member had by the end of the year, not dropped."""
    query = (
        select(Goal)
        .where(Goal.member_id == ctx.member.id, Goal.status != GoalStatus.DROPPED)
        .options(selectinload(Goal.milestones))
        .order_by(Goal.number)
    )
    return [g for g in ctx.session.scalars(query) if g.created_at.year <= year]


def _goal_sections(ctx: Context, goals: list[Goal]) -> list[DocumentSection]:
    """Open goals under the year of their deadline, then those without one."""
    by_year: dict[int | None, list[BragItem]] = defaultdict(list)
    for goal in goals:
        if goal.status == GoalStatus.ACTIVE:
            by_year[goal.deadline.year if goal.deadline else None].append(_goal_item(ctx, goal))
    years = sorted(y for y in by_year if y is not None)
    sections = [_one_group(f"Goals for {y}", by_year[y]) for y in years]
    return [*sections, _one_group("Goals without a deadline", by_year[None])]


def _goal_item(ctx: Context, goal: Goal) -> BragItem:
    notes = [f"{goal_percent(goal)}%"]
    if goal.deadline:
        overdue = " (overdue)" if goal.deadline < ctx.today else ""
        notes.append(f"due {goal.deadline.isoformat()}{overdue}")
    if goal.measure:
        notes.append(f"measure: {goal.measure}")
    return BragItem(goal.title, notes=tuple(notes), private=not goal.shared)


def _achievements(ctx: Context, goals: list[Goal], year: int) -> DocumentSection:
    """Goals completed and milestones reached during the year, by date."""
    items: list[BragItem] = []
    for goal in goals:
        done = _local_day(ctx, goal.completed_at)
        if goal.status == GoalStatus.DONE and done is not None and done.year == year:
            items.append(BragItem(goal.title, done, ("goal completed",), private=not goal.shared))
        for milestone in goal.milestones:
            reached = _local_day(ctx, milestone.done_at)
            if reached is not None and reached.year == year:
                note = f"milestone of {goal.title}"
                items.append(BragItem(milestone.title, reached, (note,), private=not goal.shared))
    items.sort(key=lambda item: item.when or date.min)
    return _one_group("Achievements", items)


def _local_day(ctx: Context, moment: datetime | None) -> date | None:
    return None if moment is None else moment.astimezone(ctx.tz).date()


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


# --shared-only leaves private wins out; an empty list must not read as "you logged none".
NO_SHARED_WINS = (
    "No shared wins this year: this document leaves out private ones. Share one with "
    "/win share N, or export without --shared-only."
)


def _win_sections(wins: list[Entry], shared_only: bool) -> list[DocumentSection]:
    """Wins without a client, under their section's heading in brag-document order."""
    if not wins:
        empty = NO_SHARED_WINS if shared_only else "No wins logged this year yet. Start with /win."
        return [_one_group("Wins", [BragItem(empty)])]
    by_section: dict[str, list[BragItem]] = defaultdict(list)
    for win in wins:
        if not win.client:
            by_section[win.section or "project"].append(_win_item(win, shared_only))
    return [_one_group(title, by_section[key]) for key, title in SECTIONS.items()]


def _win_item(win: Entry, shared_only: bool) -> BragItem:
    notes: tuple[str, ...] = ()
    # A private goal's title stays out of a document of shared things only.
    if win.goal is not None and (win.goal.shared or not shared_only):
        notes = (f"goal: {win.goal.title}",)
    return BragItem(
        without_hashtags(win.text),
        win.local_date,
        notes,
        win.outcome,
        tuple(win.tag_list),
        not win.shared,
    )


def _client_work(wins: list[Entry], shared_only: bool, names: dict[str, str]) -> DocumentSection:
    """Wins for clients, one group per client, under the client's name."""
    by_client: dict[str, list[BragItem]] = defaultdict(list)
    for win in wins:
        if win.client:
            by_client[names.get(win.client, win.client)].append(_win_item(win, shared_only))
    groups = tuple(
        BragGroup(f"{name} ({count_of(len(items), 'win')})", tuple(items))
        for name, items in sorted(by_client.items())
    )
    return DocumentSection("Client work", groups)


def _skills(ctx: Context, wins: list[Entry]) -> DocumentSection:
    """Skills the member has or is learning, and any skill a win tagged with it shows."""
    skills = ctx.session.scalars(
        select(Skill).where(Skill.member_id == ctx.member.id).order_by(Skill.number)
    ).all()
    items = []
    for skill in skills:
        proof = sum(1 for w in wins if skill.slug in w.tag_list)
        if not proof and skill.status == SkillStatus.NEED:
            continue  # a gap to close, not something to show yet
        notes = [skill.status] if skill.kind == "skill" else [skill.kind, skill.status]
        if proof:
            notes.append(f"{count_of(proof, 'win')} {'shows' if proof == 1 else 'show'} it")
        items.append(BragItem(skill.name, notes=tuple(notes)))
    intro = f"Aiming at: {ctx.member.target_role}" if ctx.member.target_role and items else ""
    return DocumentSection("Skills and certifications", _groups(items), intro)


def _to_fill_in(wins: list[Entry]) -> DocumentSection:
    """The wins whose result is still missing, with the command that adds it."""
    items = [
        BragItem(without_hashtags(w.text), w.local_date, command=f"/win outcome {w.number} ...")
        for w in wins
        if not w.outcome
    ]
    intro = "What came of these? Numbers help." if items else ""
    return DocumentSection("To fill in", _groups(items), intro)


def _one_group(title: str, items: list[BragItem]) -> DocumentSection:
    return DocumentSection(title, _groups(items))


def _groups(items: list[BragItem]) -> tuple[BragGroup, ...]:
    return (BragGroup("", tuple(items)),) if items else ()
