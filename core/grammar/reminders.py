"""``/remind ...`` text to reminder commands."""

from __future__ import annotations

from datetime import date

from core.commands.reminders import (
    AddReminder,
    CancelReminder,
    ListReminders,
    ReminderCommand,
    RepeatReminder,
)
from core.parsing import parse_number, split_first


def parse_remind(args: str, _today: date) -> ReminderCommand:
    """``/remind list``, ``/remind cancel N``, ``/remind again N``; anything else is a new
    reminder whose when-phrase the handler reads at the member's now."""
    sub, rest = split_first(args)
    if sub == "list":
        return ListReminders()
    if sub in ("cancel", "again") and rest[:1].isdecimal():
        number = parse_number(split_first(rest)[0], "reminder", f"/remind {sub} 2")
        return CancelReminder(number) if sub == "cancel" else RepeatReminder(number)
    return AddReminder(args.strip())
