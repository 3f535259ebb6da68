"""What a member can do with check-ins, pauses and vacations."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.commands.goals import DateInput

# Working examples, shared by the grammar, the handlers and the replies.
SET_EXAMPLE = "/checkin set mon,thu 17:30"
PAUSE_EXAMPLE = "/checkin pause until 2026-12-28"
VACATION_EXAMPLE = "/vacation 2026-12-20 to 2026-12-28"
CANCEL_VACATION_EXAMPLE = "/vacation cancel 2"


class SnoozeLength(StrEnum):
    """How long a snoozed check-in waits: an hour, or a day."""

    HOUR = "1h"
    DAY = "tomorrow"


@dataclass(frozen=True)
class ShowCheckins:
    """The member's check-in and review schedules, next firings and pauses."""


@dataclass(frozen=True)
class SetCheckins:
    """When check-ins arrive, as a rule read in the handler (it anchors on today):
    ``weekdays 09:00``, ``mon,thu 17:30``, ``every 2 weeks mon 10:00``."""

    rule: str


@dataclass(frozen=True)
class TurnCheckins:
    """Switch check-ins and plan reviews on or off."""

    on: bool


@dataclass(frozen=True)
class PauseCheckins:
    """Nothing is sent from today through ``until``."""

    until: DateInput


@dataclass(frozen=True)
class ResumeCheckins:
    """End the pause or vacation in progress; the ones planned for later stay."""


@dataclass(frozen=True)
class SnoozeCheckin:
    """Ask the check-in again later."""

    length: SnoozeLength = SnoozeLength.HOUR


@dataclass(frozen=True)
class SkipCheckin:
    """Let the pending check-in go unanswered."""


@dataclass(frozen=True)
class ShowAnswerHint:
    """What the Answer button says where there is no form to open; ``text`` typed after
    ``/checkin answer`` is the answer (or, with no check-in open, a journal entry)."""

    text: str = ""


@dataclass(frozen=True)
class AddVacation:
    """Nothing is sent from ``start`` through ``end`` (both local days, inclusive)."""

    start: DateInput
    end: DateInput


@dataclass(frozen=True)
class ListVacations:
    """Vacations and pauses that have not ended yet, numbered soonest first."""


@dataclass(frozen=True)
class CancelVacation:
    """Remove vacation ``number`` of the list (one in progress ends today)."""

    number: int


CheckinCommand = (
    ShowCheckins
    | SetCheckins
    | TurnCheckins
    | PauseCheckins
    | ResumeCheckins
    | SnoozeCheckin
    | SkipCheckin
    | ShowAnswerHint
    | AddVacation
    | ListVacations
    | CancelVacation
)
