"""Goal and milestone handlers: typed command in, typed result out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from core.bus import handles
from core.commands.goals import (
    AUTO_HORIZON,
    AddGoal,
    AddMilestone,
    DateInput,
    EditGoal,
    FinishMilestone,
    KeepGoal,
    ListGoals,
    SetGoalStatus,
    ShareGoal,
    ShowGoal,
)
from core.context import Context
from core.errors import UserError
from core.messages import capped, whole_percent
from core.parsing import (
    MEASURE_NUMBER,
    count_of,
    hashtags,
    read_date,
    require_text,
    shorten,
)
from core.scheduling.planner import sync_due_reminders
from core.services.clients import is_client_goal, recount_client_goals
from core.services.smart import Check, assess, horizon_for
from core.storage.models import Goal, GoalStatus, Horizon, Milestone
from core.time import deadlines
from core.time.numeric import DateOrder

ADD_EXAMPLE = "/goal add Become a certified AWS Solutions Architect by 2027-03-31"


@dataclass(frozen=True)
class GoalSaved:
    """A goal added or edited, with its SMART check."""

    goal: Goal
    checks: list[Check]
    created: bool
    unread_deadline: str | None = None


@dataclass(frozen=True)
class GoalList:
    """The member's goals, in number order."""

    goals: list[Goal]


@dataclass(frozen=True)
class GoalShown:
    """One goal, to show in full."""

    goal: Goal


@dataclass(frozen=True)
class GoalStatusChanged:
    """A goal finished or dropped; ``already`` when it had that status before."""

    goal: Goal
    already: bool = False


@dataclass(frozen=True)
class MilestoneAdded:
    """A new milestone on a goal."""

    goal: Goal
    milestone: Milestone
    unread_due: str | None = None


@dataclass(frozen=True)
class MilestoneFinished:
    """A milestone marked done; ``already`` when it was done before."""

    goal: Goal
    milestone: Milestone
    already: bool = False


@dataclass(frozen=True)
class GoalKept:
    """A goal kept as it is in a plan review."""

    goal: Goal
    on: date


@dataclass(frozen=True)
class GoalShared:
    """A goal made shareable or private."""

    goal: Goal


def find_goal(ctx: Context, number: int, example: str = "/goal show 1") -> Goal:
    """The member's goal with this number; anyone else's is simply not found."""
    goal = ctx.session.scalar(
        select(Goal).where(Goal.member_id == ctx.member.id, Goal.number == number)
    )
    if goal is None:
        raise UserError(f"You have no goal #{number}. /goal list shows yours.", example, "goal")
    return goal


DONE_PROGRESS = (1.0, "done")


def goal_progress(goal: Goal) -> tuple[float, str]:
    """Progress as a fraction from 0 to 1 and where it comes from: by hand, the measure or
    the milestones. Every reply, digest, chart and the brag document use this figure."""
    return progress_of(
        goal.status,
        goal.progress_manual,
        goal.measure_target,
        goal.measure_current,
        lambda: (sum(1 for m in goal.milestones if m.done_at is not None), len(goal.milestones)),
    )


def progress_of(
    status: str,
    manual: int | None,
    target: float | None,
    current: float | None,
    milestones: Callable[[], tuple[int, int]],
) -> tuple[float, str]:
    """`goal_progress` from a goal's columns; `milestones` gives (done, all), asked only
    when they decide it (a digest counts them in SQL, a loaded goal from its list)."""
    if status == GoalStatus.DONE:
        return DONE_PROGRESS
    if manual is not None:
        return capped(manual / 100), "set by hand"
    if target:
        # A goal with a measure follows the measure, not how many milestones are done.
        return capped((current or 0.0) / target), f"{current or 0.0:g} of {target:g}"
    done, total = milestones()
    if total:
        return done / total, f"{done} of {count_of(total, 'milestone')}"
    return 0.0, "no progress yet"


def goal_percent(goal: Goal) -> int:
    """The goal's progress as a whole percentage, capped at 100."""
    return whole_percent(goal_progress(goal)[0])


def sync_reminders(ctx: Context, goal: Goal) -> None:
    """Keep the reminders before the goal's deadline and milestones in step with them."""
    ctx.session.flush()
    sync_due_reminders(ctx.session, ctx.member, goal, ctx.now, ctx.options.due_reminder_days)


@handles(AddGoal)
def add_goal(ctx: Context, command: AddGoal) -> GoalSaved:
    """Save a goal and check it against SMART."""
    title, starts_on, deadline, unread = _title_and_period(command, ctx.today, ctx.date_order)
    title = require_text(title, "title", "goal", ADD_EXAMPLE, "title")
    deadline = deadline or _deadline(command.deadline, ctx, "/goal edit 1 by 2027-06-30")
    goal = Goal(
        member_id=ctx.member.id,
        title=title,
        shared=command.share,
        space_id=ctx.space_id or None,
        created_at=ctx.now,
        tags=" ".join(hashtags(title)),
        client=command.client[:100] if command.client else None,
        milestones=[],
    )
    _apply_texts(goal, command.measure, command.why, command.resources, ADD_EXAMPLE)
    goal.number = ctx.next_number("goal_seq")
    goal.deadline = deadline
    goal.starts_on = starts_on
    _set_horizon(goal, command.horizon, ctx.today)
    ctx.session.add(goal)
    if is_client_goal(goal):
        recount_client_goals(ctx)  # a goal for this year counts the clients won since January
    sync_reminders(ctx, goal)
    return GoalSaved(goal, assess(goal, ctx.today), True, unread)


def _title_and_period(
    command: AddGoal, today: date, order: DateOrder
) -> tuple[str, date | None, date | None, str | None]:
    """(title, first day, deadline, unread phrase): a goal for a calendar year ("in 2027",
    "this year") runs over that year; otherwise it starts when set."""
    year = None
    if command.deadline is None:
        year = deadlines.split_year_period(command.title, today)
    if year is not None:
        return year[0], year[1], year[2], None
    title, deadline, unread = title_and_date(command.title, command.deadline, today, order)
    return title, None, deadline, unread


def title_and_date(
    title: str, given: DateInput | None, today: date, order: DateOrder
) -> tuple[str, date | None, str | None]:
    """Without a given date, a date phrase ending the title is the date: (title, date,
    the phrase that looked like a date but did not read as one)."""
    if given is not None:
        return title, None, None
    return deadlines.split_deadline(title, today, order)


def _deadline(value: DateInput | None, ctx: Context, example: str) -> date | None:
    return (
        None if value is None else read_date(value, ctx.today, "deadline", example, ctx.date_order)
    )


def _set_horizon(goal: Goal, given: Horizon | str | None, today: date) -> None:
    """The horizon the member chose, kept through later deadlines; none (or ``auto``): the
    one the deadline suggests."""
    word = (given or "").strip().lower()
    goal.horizon_by_hand = word not in ("", AUTO_HORIZON)
    if not goal.horizon_by_hand:
        goal.horizon = horizon_for(goal.deadline, today)
        return
    try:
        goal.horizon = Horizon(word)
    except ValueError:
        raise UserError(
            f"The horizon is one of short, mid, long or auto, not “{shorten(str(given), 20)}”.",
            "/goal add Lead a team horizon: mid",
            "horizon",
        ) from None


def _apply_texts(
    goal: Goal, measure: str | None, why: str | None, resources: str | None, example: str
) -> None:
    if measure is not None:
        goal.measure = require_text(measure, "title", "measure", example, "measure")
        number = MEASURE_NUMBER.search(goal.measure)
        goal.measure_target = float(number.group(1)) if number else None
    if why is not None:
        goal.why = require_text(why, "field", "why", example, "why")
    if resources is not None:
        goal.resources = require_text(resources, "field", "resources", example, "resources")


@handles(EditGoal)
def edit_goal(ctx: Context, command: EditGoal) -> GoalSaved:
    """Change a goal's title, measure, why, resources, horizon or deadline."""
    example = f"/goal edit {command.number} by 2027-06-30 measure: pass the SAA-C03 exam"
    goal = find_goal(ctx, command.number, example)
    changes = (command.title, command.deadline, command.measure, command.why)
    if all(value is None for value in (*changes, command.resources, command.horizon)):
        raise UserError(
            "Tell me what to change: title, measure, why, resources, horizon or by.", example
        )
    edit_example = f"/goal edit {goal.number} measure: 3 new clients"
    if command.title is not None:
        goal.title = require_text(command.title, "title", "title", edit_example, "title")
    _apply_texts(goal, command.measure, command.why, command.resources, edit_example)
    deadline = _deadline(command.deadline, ctx, f"/goal edit {goal.number} by 2027-06-30")
    if deadline is not None:
        goal.deadline = deadline
        goal.starts_on = None  # a deadline of its own: the goal runs from the day it was set
    # A new deadline moves a horizon that follows it; other edits leave the horizon alone.
    if command.horizon is not None or (deadline is not None and not goal.horizon_by_hand):
        _set_horizon(goal, command.horizon, ctx.today)
    if is_client_goal(goal):
        recount_client_goals(ctx)  # a new deadline or measure changes the period counted
    sync_reminders(ctx, goal)
    return GoalSaved(goal, assess(goal, ctx.today), False)


@handles(ListGoals)
def list_goals(ctx: Context, command: ListGoals) -> GoalList:
    """Active goals; with ``include_all`` also done and dropped ones."""
    query = select(Goal).where(Goal.member_id == ctx.member.id).order_by(Goal.number)
    if not command.include_all:
        query = query.where(Goal.status == GoalStatus.ACTIVE)
    return GoalList(list(ctx.session.scalars(query).all()))


@handles(ShowGoal)
def show_goal(ctx: Context, command: ShowGoal) -> GoalShown:
    """One goal in full, with milestones."""
    return GoalShown(find_goal(ctx, command.number))


@handles(SetGoalStatus)
def set_goal_status(ctx: Context, command: SetGoalStatus) -> GoalStatusChanged:
    """Finish a goal (worth a win) or drop one that no longer fits."""
    verb = "done" if command.status == GoalStatus.DONE else "drop"
    goal = find_goal(ctx, command.number, f"/goal {verb} 1")
    if goal.status == command.status:
        return GoalStatusChanged(goal, already=True)  # finished once, celebrated once
    if goal.status == GoalStatus.DONE:
        done = f" (on {goal.completed_at.astimezone(ctx.tz).date()})" if goal.completed_at else ""
        raise UserError(
            f"Goal #{goal.number} is done{done}, so there is nothing to drop: it stays in "
            "your record and your brag document.",
            "/goal list all",
            "number",
        )
    goal.status = command.status
    if command.status == GoalStatus.DONE:
        goal.completed_at = ctx.now
    sync_reminders(ctx, goal)
    return GoalStatusChanged(goal)


@handles(AddMilestone)
def add_milestone(ctx: Context, command: AddMilestone) -> MilestoneAdded:
    """A step towards a goal, with reminders before its due date."""
    example = f"/goal milestone {command.goal} add Pass the practice exam by end of January"
    goal = find_goal(ctx, command.goal, example)
    title, due, unread = title_and_date(command.title, command.due, ctx.today, ctx.date_order)
    title = require_text(title, "title", "milestone", example, "title")
    if command.due is not None:
        due = read_date(command.due, ctx.today, "due", example, ctx.date_order)
    milestone = Milestone(
        number=max((m.number for m in goal.milestones), default=0) + 1,
        title=title,
        due=due,
        created_at=ctx.now,
    )
    goal.milestones.append(milestone)
    sync_reminders(ctx, goal)
    return MilestoneAdded(goal, milestone, unread)


def find_milestone(ctx: Context, goal_number: int, number: int, example: str) -> Milestone:
    """Milestone `number` of the member's goal `goal_number`, or a UserError."""
    goal = find_goal(ctx, goal_number, example)
    found = next((m for m in goal.milestones if m.number == number), None)
    if found is None:
        raise UserError(
            f"Goal #{goal.number} has no milestone {number}.", f"/goal show {goal.number}", "number"
        )
    return found


@handles(FinishMilestone)
def finish_milestone(ctx: Context, command: FinishMilestone) -> MilestoneFinished:
    """Mark a milestone done (once; doing it again changes nothing)."""
    example = f"/goal milestone {command.goal} done 1"
    if command.number is None:
        raise UserError("Which milestone? Give its number.", example, "number")
    milestone = find_milestone(ctx, command.goal, command.number, example)
    goal = milestone.goal
    if milestone.done_at is not None:
        return MilestoneFinished(goal, milestone, already=True)  # ticked off once
    milestone.done_at = ctx.now
    sync_reminders(ctx, goal)
    return MilestoneFinished(goal, milestone)


@handles(KeepGoal)
def keep_goal(ctx: Context, command: KeepGoal) -> GoalKept:
    """Plan review: the goal still fits as it is."""
    goal = find_goal(ctx, command.number, "/goal keep 1")
    goal.reviewed_at = ctx.now
    return GoalKept(goal, ctx.today)


@handles(ShareGoal)
def share_goal(ctx: Context, command: ShareGoal) -> GoalShared:
    """Mark a goal shareable with team digests, or private again."""
    verb = "share" if command.shared else "unshare"
    goal = find_goal(ctx, command.number, f"/goal {verb} 1")
    goal.shared = command.shared
    goal.space_id = ctx.space_id or goal.space_id  # shared in this guild from now on
    return GoalShared(goal)
