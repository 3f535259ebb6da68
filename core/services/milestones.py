"""Correcting a milestone: a new title or due date, or dropping it."""

from __future__ import annotations

from dataclasses import dataclass

from core.bus import handles
from core.commands.goals import DropMilestone, EditMilestone
from core.context import Context
from core.parsing import read_date, require_text
from core.services.goals import find_milestone, sync_reminders, title_and_date
from core.storage.models import Goal, Milestone
from core.time.deadlines import phrase_after_by


@dataclass(frozen=True)
class MilestoneEdited:
    """A milestone's title or date changed; `unread_due`: a date phrase not understood."""

    goal: Goal
    milestone: Milestone
    unread_due: str | None = None


@dataclass(frozen=True)
class MilestoneDropped:
    """A milestone removed from its goal."""

    goal: Goal
    number: int
    title: str


@handles(EditMilestone)
def edit_milestone(ctx: Context, command: EditMilestone) -> MilestoneEdited:
    """``by <day>`` moves it (its reminders follow); other words are its new title."""
    example = f"/goal milestone {command.goal} edit {command.number} by 2027-01-31"
    milestone = find_milestone(ctx, command.goal, command.number, example)
    only_date = phrase_after_by(command.text)
    unread = None
    if only_date is not None:  # "by 20/12": the date, and it must read
        milestone.due = read_date(only_date, ctx.today, "due", example, ctx.date_order)
    else:  # "Mock exam" or "Mock exam by 2027-01-10"
        title, due, unread = title_and_date(command.text, None, ctx.today, ctx.date_order)
        milestone.title = require_text(title, "title", "milestone", example, "title")
        milestone.due = due if due is not None else milestone.due
    goal = milestone.goal
    sync_reminders(ctx, goal)
    return MilestoneEdited(goal, milestone, unread)


@handles(DropMilestone)
def drop_milestone(ctx: Context, command: DropMilestone) -> MilestoneDropped:
    """Remove it; wins and commitments linked to it keep their goal, without the step."""
    example = f"/goal milestone {command.goal} drop {command.number}"
    milestone = find_milestone(ctx, command.goal, command.number, example)
    goal, title = milestone.goal, milestone.title
    goal.milestones.remove(milestone)  # delete-orphan: the row goes at the flush
    ctx.session.flush()
    sync_reminders(ctx, goal)
    return MilestoneDropped(goal, command.number, title)
