"""``/win ...`` and ``/journal ...`` text to journal commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from core.commands.journal import (
    EDIT_EXAMPLES,
    MILESTONE_EXAMPLE,
    WIN_EXAMPLE,
    AskPrompt,
    DeleteEntry,
    EditEntry,
    JournalCommand,
    ListJournal,
    ListWins,
    LogWin,
    MilestoneRef,
    RecordOutcome,
    ShareEntry,
    UndoDelete,
    WinCommand,
    WriteJournal,
)
from core.errors import UserError
from core.grammar.subcommands import only_number, pick_if_command
from core.parsing import parse_number, split_first, take_flag, take_token
from core.storage.models import EntryKind

ASK_WORDS = ("", "skip", "next", "another")


def parse_win(args: str, today: date) -> WinCommand:
    """``/win <text>`` logs a win; ``edit|delete|outcome|share|unshare N``, ``list`` and
    ``undo`` act on wins ("/win share the slides" is a win about sharing)."""
    command = pick_if_command(SUBCOMMANDS, "win", args, today)
    return _log(args) if command is None else command


def parse_journal(args: str, today: date) -> JournalCommand:
    """``/journal`` (or ``skip``) asks a prompt; ``edit|delete N``, ``list`` and ``undo``
    correct entries; ``/journal <text>`` answers the prompt."""
    text = args.strip()
    if text.lower() in ASK_WORDS:
        return AskPrompt()
    command = pick_if_command(JOURNAL_SUBCOMMANDS, "journal", text, today)
    return WriteJournal(text) if command is None else command


def _log(args: str) -> LogWin:
    text, shared = take_flag(args, "--share")
    text, goal = take_token(text, "goal")
    text, milestone = take_token(text, "milestone")
    text, section = take_token(text, "section")
    text, client = take_token(text, "client")
    return LogWin(
        text=text,
        goal=None if goal is None else parse_number(goal, "goal", WIN_EXAMPLE, "goal"),
        milestone=None if milestone is None else parse_milestone(milestone),
        section=section,
        client=client,
        share=shared,
    )


def parse_milestone(ref: str, example: str = MILESTONE_EXAMPLE) -> MilestoneRef:
    """``milestone:2.1``: milestone 1 of goal 2; the error names the milestone field."""
    goal, _, number = ref.partition(".")
    return MilestoneRef(
        parse_number(goal, "goal", example, "milestone"),
        parse_number(number, "milestone", example, "milestone"),
    )


def _outcome(args: str, _today: date) -> RecordOutcome:
    word, text = split_first(args)
    example = f"/win outcome {word or 1} Saved the team 40 hours a month"
    return RecordOutcome(parse_number(word, "win", example, "number"), text)


def _share(args: str, shared: bool) -> ShareEntry:
    verb = "share" if shared else "unshare"
    return ShareEntry(parse_number(split_first(args)[0], "win", f"/win {verb} 1", "number"), shared)


def _edit(kind: EntryKind, args: str) -> EditEntry:
    word, text = split_first(args)
    command = "win" if kind == EntryKind.WIN else "journal"
    example = f"/{command} edit {word or 1} {EDIT_EXAMPLES[kind]}"
    number = parse_number(word, command, example, "number")
    if kind == EntryKind.WIN:
        win = _log(text)  # the same fields as a new win: client:, goal:, section:, --share
        edit = EditEntry(
            kind, number, win.text, win.section, win.goal, win.milestone, win.client, win.share
        )
    else:
        edit = EditEntry(kind, number, text)
    if not edit.text.strip() and not edit.changes_more_than_text():
        raise UserError(f"What should #{number} say instead?", example, "text")
    return edit


def _delete(kind: EntryKind, args: str) -> DeleteEntry:
    command = "win" if kind == EntryKind.WIN else "journal"
    example = f"/{command} delete 1"
    word = only_number(args, command, example)
    return DeleteEntry(kind, parse_number(word, command, example, "number"))


SUBCOMMANDS: dict[str, Callable[[str, date], WinCommand]] = {
    "edit": lambda args, _: _edit(EntryKind.WIN, args),
    "delete": lambda args, _: _delete(EntryKind.WIN, args),
    "remove": lambda args, _: _delete(EntryKind.WIN, args),
    "undo": lambda _args, _today: UndoDelete(),
    "outcome": _outcome,
    "share": lambda args, _: _share(args, True),
    "unshare": lambda args, _: _share(args, False),
    "list": lambda _args, _today: ListWins(),
}

JOURNAL_SUBCOMMANDS: dict[str, Callable[[str, date], JournalCommand]] = {
    "edit": lambda args, _: _edit(EntryKind.JOURNAL, args),
    "delete": lambda args, _: _delete(EntryKind.JOURNAL, args),
    "remove": lambda args, _: _delete(EntryKind.JOURNAL, args),
    "undo": lambda _args, _today: UndoDelete(EntryKind.JOURNAL),
    "list": lambda _args, _today: ListJournal(),
}
