"""What a member can do with goals and milestones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.storage.models import GoalStatus, Horizon

# A date as a front end has it: a picked date, or words read in the member's zone
# ("end of June", "2027-03-31") when the handler runs.
DateInput = date | str
# Given as a goal's horizon: follow the deadline again instead of a horizon set by hand.
AUTO_HORIZON = "auto"


@dataclass(frozen=True)
class AddGoal:
    """Save a goal; the handler coaches on what would make it SMART. Without a
    ``deadline``, one at the end of the title ("... by end of June") is the deadline."""

    title: str
    deadline: DateInput | None = None
    measure: str | None = None
    why: str | None = None
    resources: str | None = None
    horizon: Horizon | str | None = None
    share: bool = False
    client: str | None = None


@dataclass(frozen=True)
class ListGoals:
    """Active goals, or every goal with ``include_all``."""

    include_all: bool = False


@dataclass(frozen=True)
class ShowGoal:
    """One goal in full, with milestones."""

    number: int


@dataclass(frozen=True)
class EditGoal:
    """Change some of a goal's fields; None leaves a field as it is."""

    number: int
    title: str | None = None
    deadline: DateInput | None = None
    measure: str | None = None
    why: str | None = None
    resources: str | None = None
    horizon: Horizon | str | None = None


@dataclass(frozen=True)
class SetGoalStatus:
    """Finish or drop a goal."""

    number: int
    status: GoalStatus


@dataclass(frozen=True)
class SetGoalProgress:
    """Progress as the member gives it: ``40%`` by hand, ``3`` towards the goal's measure,
    or ``auto`` to follow the milestones again."""

    number: int
    amount: str


@dataclass(frozen=True)
class AddMilestone:
    """A step towards a goal, perhaps with a due date (given, or at the end of the title)."""

    goal: int
    title: str
    due: DateInput | None = None


@dataclass(frozen=True)
class FinishMilestone:
    """Mark milestone ``number`` of a goal done."""

    goal: int
    number: int | None


@dataclass(frozen=True)
class EditMilestone:
    """A milestone's new title and/or due date (``text``: a title, ``by <day>``, or both)."""

    goal: int
    number: int
    text: str


@dataclass(frozen=True)
class DropMilestone:
    """Remove a milestone from a goal (what was linked to it stays, unlinked)."""

    goal: int
    number: int


@dataclass(frozen=True)
class KeepGoal:
    """Plan review: the goal stays as it is."""

    number: int


@dataclass(frozen=True)
class ShareGoal:
    """Let team digests show a goal, or make it private again."""

    number: int
    shared: bool = True


GoalCommand = (
    AddGoal
    | ListGoals
    | ShowGoal
    | EditGoal
    | SetGoalStatus
    | SetGoalProgress
    | AddMilestone
    | FinishMilestone
    | EditMilestone
    | DropMilestone
    | KeepGoal
    | ShareGoal
)
