"""What a member can do with commitments: say what they will do by when, then how it went."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.commands.goals import DateInput
from core.commands.journal import MilestoneRef

COMMIT_EXAMPLE = "/commit Finish chapter 3 of the CKA course by friday goal:2"
MOVE_EXAMPLE = "/commit move 1 to next monday"
# Without a date and without check-ins, a commitment is due this many days from today.
DEFAULT_DUE_DAYS = 7


class Answer(StrEnum):
    """How a commitment went, or that it no longer applies."""

    DONE = "done"
    PARTLY = "partly"
    MISSED = "missed"
    DROPPED = "drop"


@dataclass(frozen=True)
class MakeCommitment:
    """Commit to something by a local day. Without ``due``, a date phrase ending the text
    ("... by friday") is the day; without either, the next check-in's day."""

    text: str
    due: DateInput | None = None
    goal: int | None = None
    milestone: MilestoneRef | None = None
    skill: str | None = None


@dataclass(frozen=True)
class ListCommitments:
    """Open commitments, soonest due first."""


@dataclass(frozen=True)
class AnswerCommitment:
    """Say how commitment ``number`` went; ``why`` (what got in the way) goes to the
    member's private journal."""

    number: int
    answer: Answer
    why: str = ""
    # Done and a win: the kept commitment also goes into the brag document.
    win: bool = False


@dataclass(frozen=True)
class MoveCommitment:
    """Give an open commitment a new day."""

    number: int
    due: DateInput


@dataclass(frozen=True)
class EditCommitment:
    """Change an open commitment's text, day or links; None leaves a field as it is."""

    number: int
    text: str | None = None
    due: DateInput | None = None
    goal: int | None = None
    milestone: MilestoneRef | None = None
    skill: str | None = None


CommitmentCommand = (
    MakeCommitment | ListCommitments | AnswerCommitment | MoveCommitment | EditCommitment
)
