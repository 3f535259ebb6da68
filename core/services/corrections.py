"""Correcting the journal: edit or delete a win or journal entry, and undo the last delete."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select

from core.bus import handles
from core.commands.journal import (
    EDIT_EXAMPLES,
    BragSection,
    DeleteEntry,
    EditEntry,
    UndoDelete,
)
from core.context import Context
from core.errors import UserError
from core.parsing import require_tags, require_text
from core.services.clients import client_names, note_client, refresh_clients
from core.services.journal import (
    OUTCOME_REMINDER,
    find_entry,
    follow_up_outcome,
    link_win,
    section_for,
    section_tag,
    share,
)
from core.services.links import EntryLinks, entry_links
from core.storage.models import (
    DeletedEntry,
    Entry,
    EntryKind,
    Goal,
    Milestone,
    Reminder,
    ReminderStatus,
)

LIMIT = {EntryKind.WIN: "win", EntryKind.JOURNAL: "journal"}
COMMAND = {EntryKind.WIN: "/win", EntryKind.JOURNAL: "/journal"}
# Keys of a deleted entry's snapshot that are not its columns.
CLIENT_NAME = "_client_name"
FOLLOW_UP = "_outcome_follow_up"
GOAL_NUMBER = "_goal_number"
MILESTONE_NUMBER = "_milestone_number"


@dataclass(frozen=True)
class EntryEdited:
    """An entry with its new text (and, for a win, its section and links)."""

    entry: Entry
    section: BragSection | None
    links: EntryLinks = field(default_factory=EntryLinks)


@dataclass(frozen=True)
class EntryDeleted:
    """An entry gone, until an undo brings it back."""

    entry: Entry


@dataclass(frozen=True)
class EntryRestored:
    """The entry deleted last, back in the journal, with its links."""

    entry: Entry
    links: EntryLinks = field(default_factory=EntryLinks)


def _own_entry(ctx: Context, kind: EntryKind, number: int, example: str) -> Entry:
    """Entry `number`, which must be of `kind` (wins are corrected with /win)."""
    entry = find_entry(ctx, number, example, kind)
    if entry.kind != kind:
        other = COMMAND[EntryKind(entry.kind)]
        raise UserError(
            f"#{number} is a {entry.kind} entry; correct it with {other}.",
            example.replace(COMMAND[kind], other),
            "number",
        )
    return entry


@handles(EditEntry)
def edit_entry(ctx: Context, command: EditEntry) -> EntryEdited:
    """New text for an entry (its #tags follow it, and a win moves to the section a #tag
    names); for a win also a section, links and sharing, each only when given."""
    example = f"{COMMAND[command.kind]} edit {command.number} {EDIT_EXAMPLES[command.kind]}"
    entry = _own_entry(ctx, command.kind, command.number, example)
    if command.text.strip() or not command.changes_more_than_text():
        text = require_text(command.text, LIMIT[command.kind], "new text", example, "text")
        entry.tags = require_tags(text, "win" if command.kind == EntryKind.WIN else "journal entry")
        entry.text = text
    if command.kind != EntryKind.WIN:
        return EntryEdited(entry, None)
    # A #tag of the new text that names a section moves the win; else it stays put.
    named = command.section or section_tag(entry.tag_list)
    entry.section = section_for(entry.tag_list, command.section) if named else _stored(entry)
    link_win(ctx, entry, command.goal, command.milestone, command.client)
    if command.share:
        share(ctx, entry, True)
    return EntryEdited(entry, BragSection(entry.section), entry_links(ctx, entry))


def _stored(entry: Entry) -> BragSection:
    return BragSection(entry.section or BragSection.PROJECT)


@handles(DeleteEntry)
def delete_entry(ctx: Context, command: DeleteEntry) -> EntryDeleted:
    """Delete an entry, keeping it (the latest of each kind) for an undo."""
    entry = _own_entry(ctx, command.kind, command.number, f"{COMMAND[command.kind]} delete 1")
    kept = _kept(ctx)
    slots = _slots(kept)
    slots[str(entry.kind)] = _snapshot(ctx, entry)
    if kept is None:
        kept = DeletedEntry(member_id=ctx.member.id, payload="", deleted_at=ctx.now)
        ctx.session.add(kept)
    kept.payload, kept.deleted_at = json.dumps(slots), ctx.now
    ctx.session.execute(delete(Reminder).where(Reminder.entry_id == entry.id))
    ctx.session.delete(entry)
    ctx.session.flush()
    if entry.client:
        refresh_clients(ctx)
    return EntryDeleted(entry)


@handles(UndoDelete)
def undo_delete(ctx: Context, command: UndoDelete) -> EntryRestored:
    """Bring back the win (or journal entry, as asked) deleted last (one step)."""
    kept = _kept(ctx)
    slots = _slots(kept)
    values = slots.pop(str(command.kind), None)
    if kept is None or values is None:
        raise UserError(
            "There is nothing to undo: no deletion is waiting.", f"{COMMAND[command.kind]} list"
        )
    client_name, follow_up = values.pop(CLIENT_NAME, None), values.pop(FOLLOW_UP, None)
    entry = _restore(ctx, values)
    if slots:
        kept.payload = json.dumps(slots)
    else:
        ctx.session.delete(kept)
    ctx.session.add(entry)
    if entry.client:
        note_client(ctx, client_name or entry.client)  # gone with its last win
        refresh_clients(ctx)
    if follow_up is not None:
        follow_up_outcome(ctx, entry, datetime.fromisoformat(follow_up))
    return EntryRestored(entry, entry_links(ctx, entry))


def _kept(ctx: Context) -> DeletedEntry | None:
    return ctx.session.scalar(select(DeletedEntry).where(DeletedEntry.member_id == ctx.member.id))


def _slots(kept: DeletedEntry | None) -> dict[str, dict[str, Any]]:
    """The deleted entries waiting for an undo, by kind ("win", "journal"). A row kept
    before there was one per kind holds a single entry."""
    if kept is None:
        return {}
    values: dict[str, Any] = json.loads(kept.payload)
    return {str(values["kind"]): values} if "kind" in values else values


def _snapshot(ctx: Context, entry: Entry) -> dict[str, Any]:
    """Every column but the id, as JSON (dates as ISO text), with what goes with the entry:
    its client's name and when its outcome follow-up is due."""
    values = {}
    for column in Entry.__table__.columns:
        value = getattr(entry, column.key)
        values[column.key] = value.isoformat() if isinstance(value, date) else value
    values.pop("id")
    values[CLIENT_NAME] = client_names(ctx).get(entry.client) if entry.client else None
    due = ctx.session.scalar(
        select(Reminder.due_at).where(
            Reminder.entry_id == entry.id,
            Reminder.kind == OUTCOME_REMINDER,
            Reminder.status == ReminderStatus.PENDING,
        )
    )
    values[FOLLOW_UP] = None if due is None else due.isoformat()
    # By number, which stays the same through /export json and /import; ids do not.
    values[GOAL_NUMBER] = entry.goal.number if entry.goal else None
    values[MILESTONE_NUMBER] = entry.milestone.number if entry.milestone else None
    return values


def _restore(ctx: Context, values: dict[str, Any]) -> Entry:
    """The entry as it was, always the member's own; a goal or milestone deleted since is
    no longer linked."""
    for column in Entry.__table__.columns:
        kind = column.type.python_type if column.key in values else None
        if kind in (date, datetime) and values[column.key] is not None:
            values[column.key] = kind.fromisoformat(values[column.key])
    values["member_id"] = ctx.member.id
    goal = _linked_goal(ctx, values)
    step = _linked_milestone(ctx, values, goal)
    values["goal_id"] = goal.id if goal else None
    values["milestone_id"] = step.id if step else None
    return Entry(**values)


def _linked_goal(ctx: Context, values: dict[str, Any]) -> Goal | None:
    """The member's goal of that number. A snapshot saved before numbers were has only an
    id, kept while its goal is still theirs (SQLite may give a deleted row's id to another)."""
    if GOAL_NUMBER in values:
        number = values.pop(GOAL_NUMBER)
        query = select(Goal).where(Goal.member_id == ctx.member.id, Goal.number == number)
        return None if number is None else ctx.session.scalar(query)
    goal = ctx.session.get(Goal, values["goal_id"]) if values.get("goal_id") else None
    return goal if goal is not None and goal.member_id == ctx.member.id else None


def _linked_milestone(ctx: Context, values: dict[str, Any], goal: Goal | None) -> Milestone | None:
    """The goal's milestone of that number; as for the goal, an older snapshot's id."""
    if MILESTONE_NUMBER in values:
        number = values.pop(MILESTONE_NUMBER)
        return next((m for m in goal.milestones if m.number == number), None) if goal else None
    step_id = values.get("milestone_id")
    step = ctx.session.get(Milestone, step_id) if step_id else None
    return step if step is not None and step.goal.member_id == ctx.member.id else None
