"""Progress set by hand: a percentage, a value towards the measure, or ``auto`` to follow
the measure (or the milestones) again. A client-counted goal counts its clients itself, so
a number there overrides the count until ``auto``."""

from __future__ import annotations

from dataclasses import dataclass

from core.bus import handles
from core.commands.goals import SetGoalProgress
from core.context import Context
from core.errors import UserError
from core.messages import capped, whole_percent
from core.parsing import MEASURE_NUMBER, is_number
from core.services.clients import is_client_goal, recount_client_goals
from core.services.goals import find_goal
from core.storage.models import Goal


@dataclass(frozen=True)
class GoalProgressSet:
    """A goal whose progress was set; on a client-counted goal set by hand, what was set
    (``2 of 3``, ``40%``) and the client count it overrides."""

    goal: Goal
    by_hand: str = ""
    overridden_count: float | None = None


@handles(SetGoalProgress)
def set_progress(ctx: Context, command: SetGoalProgress) -> GoalProgressSet:
    """Progress by hand, as a value towards the measure, or back to the measure."""
    example = f"/goal progress {command.number} 40%"
    goal = find_goal(ctx, command.number, example)
    amount = command.amount.strip().lower()
    if amount == "auto":
        goal.progress_manual = None
        recount_client_goals(ctx)  # the count, not a number once typed over it
    elif amount.endswith("%") and _is_percent(amount[:-1].strip()):
        goal.progress_manual = int(amount[:-1])
    elif MEASURE_NUMBER.fullmatch(f" {amount}") and goal.measure_target:
        _set_measure(goal, float(amount))
    else:
        raise UserError(
            "Give progress as a percentage from 0% to 100%, a number towards the goal's "
            "measure, or “auto” to follow the measure (or the milestones).",
            example,
            "amount",
        )
    if is_client_goal(goal) and goal.progress_manual is not None:
        by_hand = (
            amount if amount.endswith("%") else f"{float(amount):g} of {goal.measure_target:g}"
        )
        return GoalProgressSet(goal, by_hand, goal.measure_current or 0.0)
    return GoalProgressSet(goal)


def _set_measure(goal: Goal, value: float) -> None:
    """A value towards the measure; a client-counted goal keeps its count and takes the
    value as progress by hand."""
    if is_client_goal(goal) and goal.measure_target:
        goal.progress_manual = whole_percent(capped(value / goal.measure_target))
        return
    goal.measure_current = value
    goal.progress_manual = None


def _is_percent(word: str) -> bool:
    """0 to 100 in decimal digits (``²`` is not a number)."""
    return is_number(word) and len(word) <= 3 and int(word) <= 100
