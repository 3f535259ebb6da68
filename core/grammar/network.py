"""``/contact ...`` and ``/clients`` text to network commands."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from core.commands.network import (
    NUDGE_EXAMPLE,
    NUDGE_RANGE,
    AddContact,
    ClientPeriod,
    EditContact,
    ListContacts,
    NetworkCommand,
    RemoveContact,
    ShowClients,
    TouchContact,
    nudge_example,
)
from core.errors import UserError
from core.parsing import pick_subcommand, shorten, split_fields, split_first, take_flag

CONTACT_EXAMPLE = "/contact add Dana Kim at: KubeCon 2026 notes: runs the platform team --important"
CLIENTS_EXAMPLE = "/clients quarter"
EDIT_EXAMPLE = "/contact edit 2 notes: now CTO at Acme nudge: 30 days"
REMOVE_EXAMPLE = "/contact remove 2"
_NUDGE = re.compile(r"\s*(?P<days>\d{1,4})\s*(?:d|days?)?\s*$", re.IGNORECASE)


def parse_contact(args: str, today: date) -> NetworkCommand:
    """``/contact add|list|touch|edit|remove``; a bare /contact lists the contacts."""
    parser, rest = pick_subcommand(SUBCOMMANDS, args, "contact", CONTACT_EXAMPLE, "list")
    return parser(rest, today)


def _add(args: str, _today: date) -> AddContact:
    """``<name> [at: X] [notes: X] [nudge: N days] [--important] [--client]``."""
    text, important = take_flag(args, "--important")
    text, is_client = take_flag(text, "--client")
    name, fields = split_fields(text, ("at", "notes", "nudge"))
    return AddContact(
        name=name,
        where_met=fields.get("at"),
        notes=fields.get("notes"),
        important=important,
        nudge_days=_nudge_days(fields.get("nudge")),
        is_client=is_client,
    )


def _edit(args: str, _today: date) -> EditContact:
    """``N [new name] [at: X] [notes: X] [nudge: N days] [--important] [--client]``."""
    who, rest = split_first(args)
    _require_who(who, EDIT_EXAMPLE)
    text, important = take_flag(rest, "--important")
    text, is_client = take_flag(text, "--client")
    name, fields = split_fields(text, ("at", "notes", "nudge"))
    command = EditContact(
        who=who,
        name=name or None,
        where_met=fields.get("at"),
        notes=fields.get("notes"),
        important=important or None,
        nudge_days=_nudge_days(fields.get("nudge"), nudge_example(who)),
        is_client=is_client or None,
    )
    if command == EditContact(who):
        raise UserError("What should change? Give a new name or a field.", EDIT_EXAMPLE)
    return command


def _require_who(who: str, example: str) -> str:
    """The contact's number or name, which the sub-command needs."""
    if not who.strip():
        raise UserError("Which contact? Give their number or name.", example, "who")
    return who


def _nudge_days(value: str | None, example: str = NUDGE_EXAMPLE) -> int | None:
    """The number in ``60 days`` (decimal digits, not ``6²``); the handler checks its range."""
    if not value:
        return None
    match = _NUDGE.match(value)
    if match is None:
        raise UserError(
            f"I could not read “{shorten(value, 20)}” as a number of days. {NUDGE_RANGE}",
            example,
            "nudge_days",
        )
    return int(match["days"])


def parse_clients(args: str, _today: date) -> ShowClients:
    """``/clients [year|quarter|all]``, this year by default."""
    word = args.strip().lower()
    try:
        return ShowClients(ClientPeriod(word or ClientPeriod.YEAR))
    except ValueError:
        raise UserError(
            "Summarise this year, this quarter or all.", CLIENTS_EXAMPLE, "period"
        ) from None


SUBCOMMANDS: dict[str, Callable[[str, date], NetworkCommand]] = {
    "add": _add,
    "list": lambda _args, _today: ListContacts(),
    "touch": lambda args, _today: TouchContact(args),
    "edit": _edit,
    "remove": lambda args, _today: RemoveContact(_require_who(args, REMOVE_EXAMPLE)),
    "delete": lambda args, _today: RemoveContact(_require_who(args, REMOVE_EXAMPLE)),
}
