"""Typed commands: each thing a member can do, as a small frozen dataclass.

Front ends build these (the text grammar from a line, Slack from form fields, Discord
from command options); handlers in ``core.services`` act on them."""

from __future__ import annotations

from core.commands.account import AccountCommand
from core.commands.career import CareerCommand
from core.commands.checkins import CheckinCommand
from core.commands.commitments import CommitmentCommand
from core.commands.digests import DigestCommand
from core.commands.export import ExportCommand
from core.commands.goals import GoalCommand
from core.commands.help import ShowHelp
from core.commands.importing import ImportCommand
from core.commands.journal import JournalCommand
from core.commands.network import NetworkCommand
from core.commands.partners import PartnerCommand
from core.commands.progress import ProgressCommand
from core.commands.reminders import ReminderCommand

Command = (
    GoalCommand
    | CareerCommand
    | NetworkCommand
    | JournalCommand
    | CommitmentCommand
    | PartnerCommand
    | CheckinCommand
    | ReminderCommand
    | ProgressCommand
    | DigestCommand
    | AccountCommand
    | ExportCommand
    | ImportCommand
    | ShowHelp
)

__all__ = ["Command"]
