"""``/checkin ...`` and ``/vacation ...`` text to check-in commands."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from core.commands.checkins import (
    SET_EXAMPLE,
    VACATION_EXAMPLE,
    AddVacation,
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
from core.parsing import pick_subcommand

_UNTIL = re.compile(r"^until\s+", re.IGNORECASE)
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


def parse_vacation(args: str, _today: date) -> AddVacation | ListVacations | ResumeCheckins:
    """``/vacation 2026-12-20 to 2026-12-28``; a bare /vacation lists; ``cancel`` resumes."""
    text = args.strip()
    if not text:
        return ListVacations()
    if text.lower() == "cancel":
        return ResumeCheckins()
    parts = _RANGE.split(text, maxsplit=1)
    if len(parts) != 2:
        raise UserError("Give the first and the last day of your vacation.", VACATION_EXAMPLE)
    return AddVacation(start=parts[0], end=parts[1])


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
    "answer": lambda _args, _today: ShowAnswerHint(),
}
