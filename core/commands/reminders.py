"""What a member can do with their own one-off reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

REMIND_EXAMPLE = "/remind tomorrow 9am update my CV"

# When a reminder is due as a front end has it: a picked time (aware: that instant;
# naive: the member's wall clock), or words read at the member's now ("tomorrow 9am").
WhenInput = datetime | str


@dataclass(frozen=True)
class AddReminder:
    """Remind the member of ``text`` at ``at``; without ``at`` the text starts with when
    (``tomorrow 9am update my CV``), read in the handler at the member's now."""

    text: str
    at: WhenInput | None = None


@dataclass(frozen=True)
class ListReminders:
    """Pending reminders, soonest first."""


@dataclass(frozen=True)
class CancelReminder:
    """Cancel pending reminder ``number``."""

    number: int


@dataclass(frozen=True)
class RepeatReminder:
    """The same text as reminder ``number`` again, in an hour."""

    number: int


@dataclass(frozen=True)
class EditReminder:
    """Move pending reminder ``number`` and/or change its text: ``text`` starts with the new
    when (``friday 3pm call Dana``), or is only the new text, or only the new when."""

    number: int
    text: str


ReminderCommand = AddReminder | ListReminders | CancelReminder | RepeatReminder | EditReminder
