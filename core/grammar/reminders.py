"""``/remind ...`` text to reminder commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from core.commands.reminders import (
    AddReminder,
    CancelReminder,
    EditReminder,
    ListReminders,
    ReminderCommand,
    RepeatReminder,
)
from core.errors import UserError
from core.grammar.subcommands import only_number, pick_if_command
from core.parsing import parse_number, split_first

EDIT_EXAMPLE = "/remind edit 2 friday 3pm call Dana"


def parse_remind(args: str, today: date) -> ReminderCommand:
    """``/remind list``, ``/remind cancel|again|edit N``; anything else is a new reminder
    whose when-phrase the handler reads at the member's now."""
    command = pick_if_command(SUBCOMMANDS, "remind", args, today)
    return AddReminder(args.strip()) if command is None else command


def _number(sub: str, args: str) -> int:
    example = f"/remind {sub} 2"
    return parse_number(only_number(args, "reminder", example), "reminder", example)


def _edit(args: str, _today: date) -> EditReminder:
    word, text = split_first(args)
    number = parse_number(word, "reminder", EDIT_EXAMPLE)
    if not text:
        raise UserError("Give the new time, the new text, or both.", EDIT_EXAMPLE, "text")
    return EditReminder(number, text)


SUBCOMMANDS: dict[str, Callable[[str, date], ReminderCommand]] = {
    "list": lambda _args, _today: ListReminders(),
    "cancel": lambda args, _today: CancelReminder(_number("cancel", args)),
    "again": lambda args, _today: RepeatReminder(_number("again", args)),
    "edit": _edit,
}
