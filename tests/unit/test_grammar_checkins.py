"""The /checkin, /vacation and /remind grammar: text in, typed command out."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.commands.checkins import (
    AddVacation,
    CancelVacation,
    ListVacations,
    PauseCheckins,
    ResumeCheckins,
    SetCheckins,
    ShowAnswerHint,
    ShowCheckins,
    SkipCheckin,
    SnoozeCheckin,
    SnoozeLength,
    TurnCheckins,
)
from core.commands.reminders import AddReminder, CancelReminder, ListReminders, RepeatReminder
from core.errors import UserError
from core.grammar.checkins import parse_checkin, parse_vacation
from core.grammar.reminders import parse_remind

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("", ShowCheckins()),
        ("show", ShowCheckins()),
        ("set every 2 weeks mon 10:00", SetCheckins("every 2 weeks mon 10:00")),
        ("off", TurnCheckins(on=False)),
        ("on", TurnCheckins(on=True)),
        ("pause until 2026-12-28", PauseCheckins(until="2026-12-28")),
        ("pause end of December", PauseCheckins(until="end of December")),
        ("resume", ResumeCheckins()),
        ("snooze", SnoozeCheckin(SnoozeLength.HOUR)),
        ("snooze an hour", SnoozeCheckin(SnoozeLength.HOUR)),
        ("snooze tomorrow", SnoozeCheckin(SnoozeLength.DAY)),
        ("skip", SkipCheckin()),
        ("answer", ShowAnswerHint()),
    ],
)
def test_checkin_subcommands(text: str, command: object) -> None:
    assert parse_checkin(text, TODAY) == command


def test_snooze_error_names_its_field() -> None:
    with pytest.raises(UserError) as caught:
        parse_checkin("snooze next year", TODAY)
    assert caught.value.field == "length"


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("", ListVacations()),
        ("Cancel", ResumeCheckins()),
        ("2026-12-20 to 2026-12-28", AddVacation(start="2026-12-20", end="2026-12-28")),
        ("next Monday – end of December", AddVacation("next Monday", "end of December")),
    ],
)
def test_vacation(text: str, command: object) -> None:
    assert parse_vacation(text, TODAY) == command


def test_vacation_next_week_until_and_one_day() -> None:
    monday = TODAY + timedelta(days=7 - TODAY.weekday())
    assert parse_vacation("next week", TODAY) == AddVacation(monday, monday + timedelta(days=6))
    assert parse_vacation("until Jan 5", TODAY) == AddVacation(TODAY, "Jan 5")
    assert parse_vacation("2026-12-24", TODAY) == AddVacation("2026-12-24", "2026-12-24")
    assert parse_vacation("cancel 2", TODAY) == CancelVacation(2)


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("tomorrow 9am update my CV", AddReminder("tomorrow 9am update my CV")),
        ("list", ListReminders()),
        ("cancel 2", CancelReminder(2)),
        ("again 3", RepeatReminder(3)),
        ("cancel my dentist", AddReminder("cancel my dentist")),
    ],
)
def test_remind(text: str, command: object) -> None:
    assert parse_remind(text, TODAY) == command
