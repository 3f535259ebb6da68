"""``/win ...`` and ``/journal ...`` text to journal commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from core.commands.journal import (
    MILESTONE_EXAMPLE,
    WIN_EXAMPLE,
    AskPrompt,
    JournalCommand,
    ListWins,
    LogWin,
    MilestoneRef,
    RecordOutcome,
    ShareEntry,
    WinCommand,
    WriteJournal,
)
from core.errors import UserError
from core.parsing import parse_number, split_first, take_flag, take_token

ASK_WORDS = ("", "skip", "next", "another")


def parse_win(args: str, today: date) -> WinCommand:
    """``/win <text>`` logs a win; ``outcome|share|unshare N`` and ``list`` act on wins."""
    sub, rest = split_first(args)
    parser = SUBCOMMANDS.get(sub)
    # "/win share the slides" is a win about sharing; "/win share 3" or "#3" shares win 3.
    if parser is not None and (sub == "list" or rest.lstrip("#")[:1].isdecimal()):
        return parser(rest, today)
    return _log(args)


def parse_journal(args: str, _today: date) -> JournalCommand:
    """``/journal`` (or ``skip``) asks a prompt; ``/journal <text>`` answers it."""
    text = args.strip()
    if text.lower() in ASK_WORDS:
        return AskPrompt()
    return WriteJournal(text)


def _log(args: str) -> LogWin:
    text, shared = take_flag(args, "--share")
    text, goal = take_token(text, "goal")
    text, milestone = take_token(text, "milestone")
    text, section = take_token(text, "section")
    text, client = take_token(text, "client")
    return LogWin(
        text=text,
        goal=None if goal is None else _number(goal, "goal", WIN_EXAMPLE, "goal"),
        milestone=None if milestone is None else _milestone(milestone),
        section=section,
        client=client,
        share=shared,
    )


def _milestone(ref: str) -> MilestoneRef:
    goal, _, number = ref.partition(".")
    return MilestoneRef(
        _number(goal, "goal", MILESTONE_EXAMPLE, "milestone"),
        _number(number, "milestone", MILESTONE_EXAMPLE, "milestone"),
    )


def _number(word: str, what: str, example: str, field: str) -> int:
    """A number such as ``3`` or ``#3``; the error names the command's field."""
    try:
        return parse_number(word, what, example)
    except UserError as error:
        raise UserError(error.message, error.example, field) from None


def _outcome(args: str, _today: date) -> RecordOutcome:
    word, text = split_first(args)
    example = f"/win outcome {word or 1} Saved the team 40 hours a month"
    return RecordOutcome(_number(word, "win", example, "number"), text)


def _share(args: str, shared: bool) -> ShareEntry:
    verb = "share" if shared else "unshare"
    return ShareEntry(_number(split_first(args)[0], "win", f"/win {verb} 1", "number"), shared)


SUBCOMMANDS: dict[str, Callable[[str, date], WinCommand]] = {
    "outcome": _outcome,
    "share": lambda args, _: _share(args, True),
    "unshare": lambda args, _: _share(args, False),
    "list": lambda _args, _today: ListWins(),
}
