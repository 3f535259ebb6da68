"""Goals and milestones: /goal add|list|show|edit|done|drop|progress|milestone|share."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from sqlalchemy import select

from core import dates
from core.context import Context
from core.errors import UserError
from core.messages import Actions, Button, Fields, Header, Items, Progress, Reply, Text
from core.models import HORIZONS, Goal, Milestone
from core.parsing import (
    hashtags,
    parse_number,
    pick_subcommand,
    relative_days,
    require_text,
    shorten,
    split_fields,
    split_first,
    take_flag,
    take_token,
)
from core.scheduling.planner import sync_due_reminders
from core.smart import assess, horizon_for, summary_line

ADD_EXAMPLE = "/goal add Become a certified AWS Solutions Architect by 2027-03-31"
GOAL_FIELDS = ("title", "measure", "why", "resources", "horizon", "deadline", "by")
_NUMBER = re.compile(r"(?:^|\s)(\d+(?:\.\d+)?)(?=\s|$|%)")


def handle_goal(ctx: Context, args: str) -> Reply:
    """Dispatch /goal subcommands; a bare /goal lists the goals."""
    handler, rest = pick_subcommand(SUBCOMMANDS, args, "goal", ADD_EXAMPLE, "list")
    return handler(ctx, rest)


def find_goal(ctx: Context, word: str, example: str = "/goal show 1") -> Goal:
    """The member's goal with this number; anyone else's is simply not found."""
    number = parse_number(word, "goal", example)
    goal = ctx.session.scalar(
        select(Goal).where(Goal.member_id == ctx.member.id, Goal.number == number)
    )
    if goal is None:
        raise UserError(f"You have no goal #{number}. /goal list shows yours.", example)
    return goal


def goal_progress(goal: Goal) -> tuple[float, str]:
    """Progress as a fraction and where it comes from: by hand, measure or milestones."""
    if goal.status == "done":
        return 1.0, "done"
    if goal.progress_manual is not None:
        return goal.progress_manual / 100, "set by hand"
    if goal.measure_target and goal.measure_current is not None:
        fraction = goal.measure_current / goal.measure_target
        return fraction, f"{goal.measure_current:g} of {goal.measure_target:g}"
    if goal.milestones:
        done = sum(1 for m in goal.milestones if m.done_at is not None)
        return done / len(goal.milestones), f"{done} of {len(goal.milestones)} milestones"
    return 0.0, "no progress yet"


def add_goal(ctx: Context, args: str) -> Reply:
    """Save a goal and coach on what would make it SMART."""
    text, shared = take_flag(args, "--share")
    text, client = take_token(text, "client")
    head, fields = split_fields(text, GOAL_FIELDS)
    title, deadline, unread = dates.split_deadline(head, ctx.today)
    title = require_text(title, "title", "goal", ADD_EXAMPLE)
    deadline = _deadline_field(fields, ctx.today) or deadline
    goal = Goal(
        member_id=ctx.member.id,
        number=ctx.next_number("goal_seq"),
        title=title,
        shared=shared,
        created_at=ctx.now,
        tags=" ".join(hashtags(title)),
        client=client[:100] if client else None,
        milestones=[],
    )
    _apply_fields(goal, fields, ctx.today)
    goal.deadline = deadline
    goal.horizon = _horizon(fields, deadline, ctx.today)
    ctx.session.add(goal)
    sync_reminders(ctx, goal)
    reply = goal_card(goal, ctx.today, f"Goal #{goal.number} saved")
    if unread:
        reply.add(Text(f"I could not read “{unread}” as a date, so the goal has no deadline."))
    return _with_coaching(reply, goal, ctx.today)


def sync_reminders(ctx: Context, goal: Goal) -> None:
    """Keep the reminders before the goal's deadline and milestones in step with them."""
    ctx.session.flush()
    sync_due_reminders(ctx.session, ctx.member, goal, ctx.now, ctx.options.due_reminder_days)


def _deadline_field(fields: dict[str, str], today: date) -> date | None:
    raw = fields.get("deadline") or fields.get("by")
    if raw is None:
        return None
    return _parse_date(raw, today, "/goal edit 1 by 2027-06-30")


def _parse_date(raw: str, today: date, example: str) -> date:
    parsed = dates.parse_date(raw, today)
    if parsed is None:
        raise UserError(
            f"I could not read “{shorten(raw, 40)}” as a date. "
            "Try 2027-03-31, “end of June”, “in 6 months” or “next Friday”.",
            example,
        )
    return parsed


def _horizon(fields: dict[str, str], deadline: date | None, today: date) -> str:
    given = fields.get("horizon", "").strip().lower()
    if not given:
        return horizon_for(deadline, today)
    if given not in HORIZONS:
        raise UserError(
            f"The horizon is one of short, mid or long, not “{shorten(given, 20)}”.",
            "/goal add Lead a team horizon: mid",
        )
    return given


def _apply_fields(goal: Goal, fields: dict[str, str], today: date) -> None:
    example = f"/goal edit {goal.number} measure: 3 new clients"
    if "title" in fields:
        goal.title = require_text(fields["title"], "title", "title", example)
    if "measure" in fields:
        measure = require_text(fields["measure"], "title", "measure", example)
        goal.measure = measure
        number = _NUMBER.search(measure)
        goal.measure_target = float(number.group(1)) if number else None
    for name in ("why", "resources"):
        if name in fields:
            setattr(goal, name, require_text(fields[name], "field", name, example) or None)


def _with_coaching(reply: Reply, goal: Goal, today: date) -> Reply:
    checks = assess(goal, today)
    reply.add(Text(f"SMART check: {summary_line(checks)}"))
    advice = tuple(c.advice for c in checks if not c.ok and c.advice)
    if advice:
        reply.add(Items("To make it SMARTer", advice))
    else:
        reply.add(Text("That is a SMART goal. Add milestones to see progress as you go."))
    return reply


def goal_card(goal: Goal, today: date, title: str) -> Reply:
    """A goal's details as a card."""
    fraction, detail = goal_progress(goal)
    fields = [("Goal", goal.title), ("Horizon", goal.horizon)]
    fields.append(("Deadline", _deadline_text(goal.deadline, today)))
    if goal.measure:
        fields.append(("Measure", goal.measure))
    if goal.why:
        fields.append(("Why", goal.why))
    if goal.resources:
        fields.append(("Resources", goal.resources))
    fields.append(("Status", goal.status))
    fields.append(("Shared", "yes, team digests may show it" if goal.shared else "no, private"))
    return Reply([Header(title), Fields(tuple(fields)), Progress("Progress", fraction, detail)])


def _deadline_text(deadline: date | None, today: date) -> str:
    if deadline is None:
        return "none yet"
    days = (deadline - today).days
    if days < 0:
        return f"{deadline.isoformat()} ({relative_days(days)})"
    if days < 60:
        return f"{deadline.isoformat()} ({relative_days(days)})"
    return f"{deadline.isoformat()} (in about {round(days / 30.4)} months)"


def list_goals(ctx: Context, args: str) -> Reply:
    """Active goals with progress bars; ``all`` includes done and dropped ones."""
    query = select(Goal).where(Goal.member_id == ctx.member.id).order_by(Goal.number)
    if args.strip().lower() != "all":
        query = query.where(Goal.status == "active")
    goals = ctx.session.scalars(query).all()
    if not goals:
        return Reply(
            [Header("Your goals"), Text("No goals yet."), Text(f"Start with: {ADD_EXAMPLE}")]
        )
    reply = Reply([Header("Your goals")])
    for goal in goals:
        fraction, detail = goal_progress(goal)
        due = f" · due {goal.deadline.isoformat()}" if goal.deadline else ""
        status = "" if goal.status == "active" else f" · {goal.status}"
        label = f"#{goal.number} {shorten(goal.title, 60)}"
        reply.add(Progress(label, fraction, f"{goal.horizon}{due}{status} · {detail}"))
    return reply


def show_goal(ctx: Context, args: str) -> Reply:
    """One goal in full, with milestones."""
    goal = find_goal(ctx, split_first(args)[0])
    reply = goal_card(goal, ctx.today, f"Goal #{goal.number}")
    reply.add(Items("Milestones", tuple(_milestone_line(m) for m in goal.milestones), "none yet"))
    buttons = (Button("Mark done", f"/goal done {goal.number}", "primary"),)
    return reply.add(Actions(buttons))


def _milestone_line(milestone: Milestone) -> str:
    mark = "✓" if milestone.done_at else "○"
    due = f" (due {milestone.due.isoformat()})" if milestone.due else ""
    return f"{mark} {milestone.number}. {milestone.title}{due}"


def edit_goal(ctx: Context, args: str) -> Reply:
    """Change a goal's title, measure, why, resources, horizon or deadline."""
    word, rest = split_first(args)
    example = f"/goal edit {word or 1} by 2027-06-30 measure: pass the SAA-C03 exam"
    goal = find_goal(ctx, word, example)
    head, fields = split_fields(rest, GOAL_FIELDS)
    _, inline_deadline, _ = dates.split_deadline(f"x {head}", ctx.today)
    if not fields and inline_deadline is None:
        raise UserError(
            "Tell me what to change: title, measure, why, resources, horizon or by.", example
        )
    _apply_fields(goal, fields, ctx.today)
    deadline = _deadline_field(fields, ctx.today) or inline_deadline
    if deadline is not None:
        goal.deadline = deadline
        if "horizon" not in fields:
            goal.horizon = horizon_for(deadline, ctx.today)
    if "horizon" in fields:
        goal.horizon = _horizon(fields, goal.deadline, ctx.today)
    sync_reminders(ctx, goal)
    return _with_coaching(
        goal_card(goal, ctx.today, f"Goal #{goal.number} updated"), goal, ctx.today
    )


def finish_goal(ctx: Context, args: str) -> Reply:
    """Mark a goal done: worth celebrating, and worth a win."""
    goal = find_goal(ctx, split_first(args)[0], "/goal done 1")
    goal.status = "done"
    goal.completed_at = ctx.now
    sync_reminders(ctx, goal)
    return Reply(
        [
            Header(f"🎉 Goal #{goal.number} done"),
            Text(goal.title),
            Text("Log what it took, while you remember the numbers:"),
            Text(f"/win Finished: {shorten(goal.title, 60)} goal:{goal.number}"),
        ]
    )


def drop_goal(ctx: Context, args: str) -> Reply:
    """Drop a goal that no longer fits; it stays in the history."""
    goal = find_goal(ctx, split_first(args)[0], "/goal drop 1")
    goal.status = "dropped"
    sync_reminders(ctx, goal)
    return Reply([Text(f"Dropped goal #{goal.number}: {goal.title}. Plans change; that is fine.")])


def set_progress(ctx: Context, args: str) -> Reply:
    """Set progress by hand (``40%``), as a measure value (``3``), or back to ``auto``."""
    word, value = split_first(args)
    example = f"/goal progress {word or 1} 40%"
    goal = find_goal(ctx, word, example)
    value = value.strip().lower()
    if value == "auto":
        goal.progress_manual = None
    elif value.endswith("%") and value[:-1].strip().isdigit() and int(value[:-1]) <= 100:
        goal.progress_manual = int(value[:-1])
    elif _NUMBER.fullmatch(f" {value}") and goal.measure_target:
        goal.measure_current = float(value)
        goal.progress_manual = None
    else:
        raise UserError(
            "Give progress as a percentage from 0% to 100%, a number towards the goal's "
            "measure, or “auto” to follow milestones.",
            example,
        )
    fraction, detail = goal_progress(goal)
    return Reply([Progress(f"#{goal.number} {shorten(goal.title, 60)}", fraction, detail)])


def handle_milestone(ctx: Context, args: str) -> Reply:
    """``/goal milestone N add <text> by <date>`` and ``/goal milestone N done M``."""
    word, rest = split_first(args)
    action, rest = split_first(rest)
    example = f"/goal milestone {word or 1} add Pass the practice exam by end of January"
    goal = find_goal(ctx, word, example)
    if action == "add":
        return _add_milestone(ctx, goal, rest, example)
    if action == "done":
        return _finish_milestone(ctx, goal, rest)
    raise UserError("Milestones can be added or marked done.", example)


def _add_milestone(ctx: Context, goal: Goal, text: str, example: str) -> Reply:
    title, due, unread = dates.split_deadline(text, ctx.today)
    title = require_text(title, "title", "milestone", example)
    milestone = Milestone(
        number=max((m.number for m in goal.milestones), default=0) + 1,
        title=title,
        due=due,
        created_at=ctx.now,
    )
    goal.milestones.append(milestone)
    sync_reminders(ctx, goal)
    reply = Reply(
        [Text(f"Milestone {goal.number}.{milestone.number} added: {_milestone_line(milestone)}")]
    )
    if unread:
        reply.add(Text(f"I could not read “{unread}” as a date, so it has no due date."))
    elif due is None:
        reply.add(
            Text("Milestones with a date get reminders. Add one next time: “... by 2027-01-31”.")
        )
    if due and goal.deadline and due > goal.deadline:
        reply.add(Text(f"Note: it is due after the goal's deadline ({goal.deadline.isoformat()})."))
    return reply


def _finish_milestone(ctx: Context, goal: Goal, text: str) -> Reply:
    example = f"/goal milestone {goal.number} done 1"
    number = parse_number(split_first(text)[0], "milestone", example)
    milestone = next((m for m in goal.milestones if m.number == number), None)
    if milestone is None:
        raise UserError(
            f"Goal #{goal.number} has no milestone {number}.", f"/goal show {goal.number}"
        )
    milestone.done_at = milestone.done_at or ctx.now
    sync_reminders(ctx, goal)
    fraction, detail = goal_progress(goal)
    return Reply(
        [
            Text(f"✓ Milestone {goal.number}.{number} done: {milestone.title}"),
            Progress(f"#{goal.number} {shorten(goal.title, 60)}", fraction, detail),
        ]
    )


def keep_goal(ctx: Context, args: str) -> Reply:
    """Plan review: the goal still fits as it is."""
    goal = find_goal(ctx, split_first(args)[0], "/goal keep 1")
    goal.reviewed_at = ctx.now
    return Reply([Text(f"Kept goal #{goal.number} as it is. Reviewed {ctx.today.isoformat()}.")])


def set_goal_shared(ctx: Context, args: str, shared: bool) -> Reply:
    """Mark a goal shareable with team digests, or private again."""
    verb = "share" if shared else "unshare"
    goal = find_goal(ctx, split_first(args)[0], f"/goal {verb} 1")
    goal.shared = shared
    state = "shared: team digests may show it" if shared else "private again"
    return Reply([Text(f"Goal #{goal.number} is {state}.")])


SUBCOMMANDS: dict[str, Callable[[Context, str], Reply]] = {
    "add": add_goal,
    "list": list_goals,
    "show": show_goal,
    "edit": edit_goal,
    "done": finish_goal,
    "drop": drop_goal,
    "progress": set_progress,
    "milestone": handle_milestone,
    "keep": keep_goal,
    "share": lambda ctx, args: set_goal_shared(ctx, args, True),
    "unshare": lambda ctx, args: set_goal_shared(ctx, args, False),
}
