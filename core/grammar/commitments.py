"""``/commit ...`` text to commitment commands."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from core.commands.commitments import (
    COMMIT_EXAMPLE,
    MOVE_EXAMPLE,
    Answer,
    AnswerCommitment,
    CommitmentCommand,
    EditCommitment,
    ListCommitments,
    MakeCommitment,
    MoveCommitment,
)
from core.commands.journal import MilestoneRef
from core.errors import UserError
from core.grammar.journal import parse_milestone
from core.grammar.subcommands import pick_if_command
from core.parsing import parse_number, split_first, take_flag, take_token

LINK_EXAMPLE = "/commit Book the exam by friday milestone:2.1"
WIN_FLAG = "--win"
_OTHER_FIELD = re.compile(r"(?:^|(?<=\s))(client|section):", re.IGNORECASE)


@dataclass(frozen=True)
class Links:
    """The ``goal:N milestone:N.M skill:name`` tokens of a line, and the text left."""

    text: str
    goal: int | None
    milestone: MilestoneRef | None
    skill: str | None


def parse_commit(args: str, today: date) -> CommitmentCommand:
    """``/commit <text>`` commits; ``list``, ``done|partly|missed|move|drop|edit N`` act on
    one; a bare /commit lists them ("/commit drop the side project" is a commitment)."""
    if not args.strip():
        return ListCommitments()
    command = pick_if_command(SUBCOMMANDS, "commit", args, today)
    if command is not None:
        return command
    links = take_links(args)
    return MakeCommitment(links.text, None, links.goal, links.milestone, links.skill)


def take_links(text: str) -> Links:
    """Take the link tokens out of a commitment's text; a field of another command
    (``client:``, ``section:``) is refused rather than kept as words."""
    other = _OTHER_FIELD.search(text)
    if other is not None:
        raise UserError(
            f"Commitments take goal:, milestone: and skill:, not {other.group(1).lower()}:. "
            "Wins take it: once this is done, /commit done N --win makes it a win.",
            LINK_EXAMPLE,
            "text",
        )
    text, goal = take_token(text, "goal")
    text, milestone = take_token(text, "milestone")
    text, skill = take_token(text, "skill")
    return Links(
        text=text,
        goal=None if goal is None else parse_number(goal, "goal", COMMIT_EXAMPLE, "goal"),
        milestone=None if milestone is None else parse_milestone(milestone, LINK_EXAMPLE),
        skill=skill,
    )


def _answer(answer: Answer) -> Callable[[str, date], AnswerCommitment]:
    def parse(args: str, _today: date) -> AnswerCommitment:
        word, why = split_first(args)
        example = f"/commit {answer} {word or 1}"
        number = parse_number(word, "commitment", example, "number")
        why, win = take_flag(why, WIN_FLAG)
        if win and answer != Answer.DONE:
            raise UserError(
                f"Only a kept commitment becomes a win: /commit done {number} --win.",
                f"/commit done {number} --win",
                "win",
            )
        return AnswerCommitment(number, answer, why, win)

    return parse


def _move(args: str, _today: date) -> MoveCommitment:
    word, rest = split_first(args)
    number = parse_number(word, "commitment", MOVE_EXAMPLE, "number")
    when = rest.removeprefix("to ").strip() if rest.lower().startswith("to ") else rest
    if not when:
        raise UserError("Say the new day to move it to.", f"/commit move {number} to friday", "due")
    return MoveCommitment(number, when)


def _edit(args: str, _today: date) -> EditCommitment:
    word, rest = split_first(args)
    example = f"/commit edit {word or 1} Finish chapter 4 by monday"
    number = parse_number(word, "commitment", example, "number")
    links = take_links(rest)
    if not (links.text or links.goal or links.milestone or links.skill):
        raise UserError("Say what to change: the text, the day or a goal:N link.", example)
    return EditCommitment(
        number, links.text or None, None, links.goal, links.milestone, links.skill
    )


SUBCOMMANDS: dict[str, Callable[[str, date], CommitmentCommand]] = {
    "list": lambda _args, _today: ListCommitments(),
    "done": _answer(Answer.DONE),
    "partly": _answer(Answer.PARTLY),
    "missed": _answer(Answer.MISSED),
    "drop": _answer(Answer.DROPPED),
    "move": _move,
    "edit": _edit,
}
