"""``/target``, ``/skill ...`` and ``/gap`` text to career commands."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from core.commands.career import (
    AddSkill,
    CareerCommand,
    ListSkills,
    RemoveSkill,
    SetTarget,
    ShowGap,
    ShowTarget,
    SkillKind,
    UpdateSkill,
)
from core.errors import UserError
from core.grammar.subcommands import only_number
from core.parsing import (
    parse_number,
    pick_subcommand,
    split_fields,
    split_first,
    unread_date_text,
)
from core.storage.models import SkillStatus
from core.time import deadlines

SKILL_EXAMPLE = "/skill add Kubernetes need by 2027-06-30"
_STATUS = re.compile(r"\s(have|learning|need)(?=\s|$)", re.IGNORECASE)
_KIND = re.compile(r"\s(certification|cert|course)(?=\s|$)", re.IGNORECASE)


def parse_target(args: str, _today: date) -> ShowTarget | SetTarget:
    """``/target [role]``; without a role it shows the current one."""
    role = args.strip()
    return SetTarget(role) if role else ShowTarget()


def parse_gap(_args: str, _today: date) -> ShowGap:
    """``/gap`` takes no arguments."""
    return ShowGap()


def parse_skill(args: str, today: date) -> CareerCommand:
    """``/skill add|list|update|remove``; a bare /skill lists the skills."""
    parser, rest = pick_subcommand(SUBCOMMANDS, args, "skill", SKILL_EXAMPLE, "list")
    return parser(rest, today)


def _add(args: str, today: date) -> AddSkill:
    """``<name> [have|learning|need] [certification|course] [by <date>] [provider: X]``."""
    head, fields = split_fields(args, ("provider",))
    head, due, unread = deadlines.split_deadline_phrase(head, today)
    if unread:
        raise UserError(unread_date_text(unread), SKILL_EXAMPLE, "due")
    name, status = _take(_STATUS, f" {head}")
    name, kind = _take(_KIND, f" {name}")
    return AddSkill(
        name=name,
        status=SkillStatus(status or SkillStatus.NEED),
        kind=SkillKind.CERTIFICATION if kind == "cert" else SkillKind(kind or SkillKind.SKILL),
        provider=fields.get("provider"),
        due=due,
    )


def _take(pattern: re.Pattern[str], text: str) -> tuple[str, str | None]:
    """Text without the first word matching `pattern`, and that word lower-cased."""
    match = pattern.search(text)
    if match is None:
        return text.strip(), None
    return (text[: match.start()] + text[match.end() :]).strip(), match.group(1).lower()


def _update(args: str, _today: date) -> UpdateSkill:
    """``N have|learning|need``."""
    word, status = split_first(args)
    example = f"/skill update {word or 1} learning"
    number = parse_number(word, "skill", example)
    try:
        return UpdateSkill(number, SkillStatus(status.strip().lower()))
    except ValueError:
        raise UserError("A skill is one of have, learning or need.", example, "status") from None


def _remove(args: str, _today: date) -> RemoveSkill:
    """``N``."""
    example = "/skill remove 2"
    return RemoveSkill(parse_number(only_number(args, "skill", example), "skill", example))


SUBCOMMANDS: dict[str, Callable[[str, date], CareerCommand]] = {
    "add": _add,
    "list": lambda _args, _today: ListSkills(),
    "update": _update,
    "remove": _remove,
    "delete": _remove,
}
