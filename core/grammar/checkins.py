"""``/checkin ...`` and ``/vacation ...`` text to check-in commands."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from core.commands.checkins import (
    CANCEL_VACATION_EXAMPLE,
    SET_EXAMPLE,
    AddVacation,
    CancelVacation,
    CheckinCommand,
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
from core.errors import UserError
from core.grammar.subcommands import misspelling_of, only_number
from core.parsing import parse_number, pick_subcommand, shorten, split_first

_UNTIL = re.compile(r"^(?:until|till|through)\s+", re.IGNORECASE)
_FROM = re.compile(r"^from\s+", re.IGNORECASE)
_RANGE = re.compile(r"\s+(?:to|until|through|-|–)\s+")
_SNOOZES = {
    "1h": SnoozeLength.HOUR,
    "hour": SnoozeLength.HOUR,
    "1 hour": SnoozeLength.HOUR,
    "an hour": SnoozeLength.HOUR,
    "tomorrow": SnoozeLength.DAY,
    "1d": SnoozeLength.DAY,
}


def parse_checkin(args: str, today: date) -> CheckinCommand:
    """``/checkin <sub> ...``; a bare /checkin shows the schedules."""
    parser, rest = pick_subcommand(SUBCOMMANDS, args, "checkin", SET_EXAMPLE, "show")
    return parser(rest, today)


VacationCommand = AddVacation | ListVacations | ResumeCheckins | CancelVacation


VACATION_WORDS = ("cancel", "list")


def parse_vacation(args: str, today: date) -> VacationCommand:
    """``/vacation 2026-12-20 to 2026-12-28``, ``until Jan 5``, ``next week`` or one day;
    a bare /vacation lists; ``cancel`` ends the one in progress, ``cancel N`` removes one."""
    text = args.strip()
    sub, rest = split_first(text)
    if not text:
        return ListVacations()
    meant = misspelling_of(sub.lower(), VACATION_WORDS) if sub not in VACATION_WORDS else None
    if meant is not None:  # "cancle 1": not a day to read
        raise UserError(
            f"/vacation has no “{shorten(sub, 20)}”. Did you mean /vacation {meant}?",
            f"/vacation {meant} {shorten(rest, 40)}".rstrip(),
        )
    if sub == "list" and not rest:
        return ListVacations()
    if sub == "cancel":
        if not rest:
            return ResumeCheckins()
        word = only_number(rest, "vacation", CANCEL_VACATION_EXAMPLE)
        return CancelVacation(parse_number(word, "vacation", CANCEL_VACATION_EXAMPLE, "number"))
    if text.lower() == "next week":  # Monday to Sunday after this week
        monday = today + timedelta(days=7 - today.weekday())
        return AddVacation(start=monday, end=monday + timedelta(days=6))
    if _UNTIL.match(text):
        return AddVacation(start=today, end=_UNTIL.sub("", text))
    parts = _RANGE.split(_FROM.sub("", text), maxsplit=1)
    if len(parts) == 2:
        return AddVacation(start=parts[0], end=parts[1])
    return AddVacation(start=text, end=text)  # a single day


def _snooze(args: str, _today: date) -> SnoozeCheckin:
    length = _SNOOZES.get(args.strip().lower() or "1h")
    if length is None:
        raise UserError(
            "Snooze for an hour or until tomorrow.", "/checkin snooze tomorrow", "length"
        )
    return SnoozeCheckin(length)


SUBCOMMANDS: dict[str, Callable[[str, date], CheckinCommand]] = {
    "show": lambda _args, _today: ShowCheckins(),
    "set": lambda args, _today: SetCheckins(args),
    "off": lambda _args, _today: TurnCheckins(on=False),
    "on": lambda _args, _today: TurnCheckins(on=True),
    "pause": lambda args, _today: PauseCheckins(until=_UNTIL.sub("", args.strip())),
    "resume": lambda _args, _today: ResumeCheckins(),
    "snooze": _snooze,
    "skip": lambda _args, _today: SkipCheckin(),
    "answer": lambda args, _today: ShowAnswerHint(args),
}
