"""``/goal ...`` text to goal commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from core import dates
from core.commands.goals import (
    AddGoal,
    AddMilestone,
    EditGoal,
    FinishMilestone,
    GoalCommand,
    KeepGoal,
    ListGoals,
    SetGoalProgress,
    SetGoalStatus,
    ShareGoal,
    ShowGoal,
)
from core.errors import UserError
from core.models import GoalStatus
from core.parsing import (
    MEASURE_NUMBER,
    parse_number,
    pick_subcommand,
    split_fields,
    split_first,
    take_flag,
    take_token,
)

ADD_EXAMPLE = "/goal add Become a certified AWS Solutions Architect by 2027-03-31"
GOAL_FIELDS = ("title", "measure", "why", "resources", "horizon", "deadline", "by")


def parse_goal(args: str, today: date) -> GoalCommand:
    """``/goal <sub> ...``; a bare /goal lists the goals."""
    parser, rest = pick_subcommand(SUBCOMMANDS, args, "goal", ADD_EXAMPLE, "list")
    return parser(rest, today)


def _number(args: str, example: str) -> int:
    return parse_number(split_first(args)[0], "goal", example)


def _add(args: str, today: date) -> AddGoal:
    text, shared = take_flag(args, "--share")
    text, client = take_token(text, "client")
    head, fields = split_fields(text, GOAL_FIELDS)
    title, deadline, unread = dates.split_deadline(head, today)
    return AddGoal(
        title=title,
        deadline=fields.get("deadline") or fields.get("by") or deadline,
        measure=fields.get("measure"),
        why=fields.get("why"),
        resources=fields.get("resources"),
        horizon=fields.get("horizon"),
        share=shared,
        client=client,
        unread_deadline=unread,
    )


def _edit(args: str, today: date) -> EditGoal:
    word, rest = split_first(args)
    example = f"/goal edit {word or 1} by 2027-06-30 measure: pass the SAA-C03 exam"
    number = parse_number(word, "goal", example)
    head, fields = split_fields(rest, GOAL_FIELDS)
    _, inline_deadline, _ = dates.split_deadline(f"x {head}", today)
    return EditGoal(
        number=number,
        title=fields.get("title"),
        deadline=fields.get("deadline") or fields.get("by") or inline_deadline,
        measure=fields.get("measure"),
        why=fields.get("why"),
        resources=fields.get("resources"),
        horizon=fields.get("horizon"),
    )


def _progress(args: str, _today: date) -> SetGoalProgress:
    word, value = split_first(args)
    example = f"/goal progress {word or 1} 40%"
    number = parse_number(word, "goal", example)
    value = value.strip().lower()
    if value == "auto":
        return SetGoalProgress(number)
    if value.endswith("%") and value[:-1].strip().isdigit() and int(value[:-1]) <= 100:
        return SetGoalProgress(number, percent=int(value[:-1]))
    if MEASURE_NUMBER.fullmatch(f" {value}"):
        return SetGoalProgress(number, value=float(value))
    raise UserError(
        "Give progress as a percentage from 0% to 100%, a number towards the goal's "
        "measure, or “auto” to follow milestones.",
        example,
        field="value",
    )


def _milestone(args: str, today: date) -> AddMilestone | FinishMilestone:
    word, rest = split_first(args)
    action, rest = split_first(rest)
    example = f"/goal milestone {word or 1} add Pass the practice exam by end of January"
    goal = parse_number(word, "goal", example)
    if action == "add":
        title, due, unread = dates.split_deadline(rest, today)
        return AddMilestone(goal, title, due, unread)
    if action == "done":
        done_example = f"/goal milestone {goal} done 1"
        return FinishMilestone(goal, parse_number(split_first(rest)[0], "milestone", done_example))
    raise UserError("Milestones can be added or marked done.", example)


SUBCOMMANDS: dict[str, Callable[[str, date], GoalCommand]] = {
    "add": _add,
    "list": lambda args, _: ListGoals(include_all=args.strip().lower() == "all"),
    "show": lambda args, _: ShowGoal(_number(args, "/goal show 1")),
    "edit": _edit,
    "done": lambda args, _: SetGoalStatus(_number(args, "/goal done 1"), GoalStatus.DONE),
    "drop": lambda args, _: SetGoalStatus(_number(args, "/goal drop 1"), GoalStatus.DROPPED),
    "progress": _progress,
    "milestone": _milestone,
    "keep": lambda args, _: KeepGoal(_number(args, "/goal keep 1")),
    "share": lambda args, _: ShareGoal(_number(args, "/goal share 1"), True),
    "unshare": lambda args, _: ShareGoal(_number(args, "/goal unshare 1"), False),
}
