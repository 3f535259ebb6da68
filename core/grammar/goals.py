"""``/goal ...`` text to goal commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from core.commands.goals import (
    AddGoal,
    AddMilestone,
    DropMilestone,
    EditGoal,
    EditMilestone,
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
from core.grammar.journal import parse_milestone
from core.parsing import (
    is_number,
    parse_number,
    pick_subcommand,
    shorten,
    split_fields,
    split_first,
    take_flag,
    take_token,
)
from core.storage.models import GoalStatus
from core.time import deadlines

ADD_EXAMPLE = "/goal add Become a certified AWS Solutions Architect by 2027-03-31"
GOAL_FIELDS = ("title", "measure", "why", "resources", "horizon", "deadline", "by")


def parse_goal(args: str, today: date) -> GoalCommand:
    """``/goal <sub> ...``; a bare /goal lists the goals."""
    parser, rest = pick_subcommand(SUBCOMMANDS, args, "goal", ADD_EXAMPLE, "list")
    return parser(rest, today)


def _number(args: str, example: str) -> int:
    return parse_number(split_first(args)[0], "goal", example)


def _add(args: str, _today: date) -> AddGoal:
    text, shared = take_flag(args, "--share")
    text, client = take_token(text, "client")
    head, fields = split_fields(text, GOAL_FIELDS)
    return AddGoal(
        title=head,
        deadline=fields.get("deadline") or fields.get("by"),
        measure=fields.get("measure"),
        why=fields.get("why"),
        resources=fields.get("resources"),
        horizon=fields.get("horizon"),
        share=shared,
        client=client,
    )


def _edit(args: str, today: date) -> EditGoal:
    word, rest = split_first(args)
    example = f"/goal edit {word or 1} by 2027-06-30 measure: pass the SAA-C03 exam"
    number = parse_number(word, "goal", example)
    head, fields = split_fields(rest, GOAL_FIELDS)
    # "by someday" that does not read goes on, so the reply can say what was wrong
    _, inline_deadline, unread = deadlines.split_deadline_phrase(f"x {head}", today)
    inline_deadline = inline_deadline or unread or deadlines.phrase_after_by(head)
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
    word, amount = split_first(args)
    return SetGoalProgress(parse_number(word, "goal", f"/goal progress {word or 1} 40%"), amount)


MilestoneCommand = AddMilestone | FinishMilestone | EditMilestone | DropMilestone


def _milestone(args: str, today: date) -> MilestoneCommand:
    word, rest = split_first(args)
    if word in ("add", "done"):  # no goal number: "/goal milestone done 1.1"
        return _milestone_without_goal(word, rest)
    action, rest = split_first(rest)
    example = f"/goal milestone {_shown_number(word)} add Pass the practice exam by end of January"
    goal = parse_number(word, "goal", example)
    if action == "add":
        return AddMilestone(goal, rest)
    if action == "done":
        return FinishMilestone(goal, _milestone_number(goal, split_first(rest)[0]))
    if action in ("edit", "drop", "remove", "delete"):
        ref, text = split_first(rest)
        if not ref:
            raise UserError(
                "Which milestone? Give its number.", f"/goal milestone {goal} {action} 1"
            )
        number = _milestone_number(goal, ref, action)
        if action != "edit":
            return DropMilestone(goal, number)
        if not text:
            raise UserError(
                "What should it say, or when is it due?",
                f"/goal milestone {goal} edit {number} by 2027-01-31",
            )
        return EditMilestone(goal, number, text)
    raise UserError("Milestones can be added, marked done, edited or dropped.", example)


def _milestone_without_goal(action: str, rest: str) -> FinishMilestone:
    """``done 1.1`` names its goal; anything else needs the goal number first."""
    ref = split_first(rest)[0]
    if action == "done" and "." in ref:
        goal = parse_milestone(ref, "/goal milestone 1 done 1").goal
        return FinishMilestone(goal, _milestone_number(goal, ref))
    typed = shorten(rest, 60) or ("1" if action == "done" else "Pass the practice exam")
    example = f"/goal milestone 1 {action} {typed}"
    raise UserError("Say which goal first: /goal milestone <goal> add|done ….", example)


def _milestone_number(goal: int, ref: str, action: str = "done") -> int:
    """Milestone ``1`` or ``1.1`` (as milestones are shown) of `goal`: its number."""
    example = f"/goal milestone {goal} {action} 1"
    if "." not in ref:
        return parse_number(ref, "milestone", example)
    found = parse_milestone(ref, example)
    if found.goal != goal:
        raise UserError(
            f"{ref} is a milestone of goal {found.goal}, not of goal {goal}.",
            f"/goal milestone {found.goal} {action} {found.number}",
        )
    return found.number


def _shown_number(word: str) -> str:
    """The goal number typed, for an example, or 1 when it was not a number."""
    return word if is_number(word.lstrip("#")) else "1"


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
