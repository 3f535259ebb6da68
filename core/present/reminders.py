"""Reminder results as replies, with times on the member's wall clock."""

from __future__ import annotations

from core.commands.reminders import REMIND_EXAMPLE
from core.messages import Items, Reply, Text
from core.parsing import shorten
from core.present import Viewer, presents
from core.services.checkins import local_time_text
from core.services.reminders import ReminderCancelled, ReminderList, ReminderSet


@presents(ReminderSet)
def reminder_set(result: ReminderSet, viewer: Viewer) -> Reply:
    """The reminder with its time as read, so a wrong reading is visible."""
    reminder = result.reminder
    when = local_time_text(viewer, reminder.due_at)
    return Reply([Text(f"⏰ Reminder #{reminder.number} set for {when}: {reminder.text}")])


@presents(ReminderList)
def reminder_list(result: ReminderList, viewer: Viewer) -> Reply:
    """Each pending reminder in local time."""
    lines = tuple(
        f"#{r.number} {local_time_text(viewer, r.due_at)}: {shorten(r.text, 80)}"
        for r in result.reminders
    )
    return Reply([Items("Your reminders", lines, f"none. {REMIND_EXAMPLE}")])


@presents(ReminderCancelled)
def reminder_cancelled(result: ReminderCancelled, _viewer: Viewer) -> Reply:
    """Which reminder will not come."""
    reminder = result.reminder
    return Reply([Text(f"Cancelled reminder #{reminder.number}: {shorten(reminder.text, 80)}")])
