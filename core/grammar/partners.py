"""``/partner ...`` text to partner commands; a user is a platform mention or a name."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from core.commands.partners import (
    INVITE_EXAMPLE,
    AnswerInvitation,
    CheerPartner,
    EndPartnership,
    InvitePartner,
    ListPartners,
    NotifyMissed,
    PartnerCommand,
    PartnerItem,
    SharePartnerItem,
    ShowPartner,
)
from core.errors import UserError
from core.parsing import shorten, split_first

# Slack <@U123|dana> or <@U123>, Discord <@123> or <@!123>, then @name, --user name, name.
_MENTION = re.compile(r"^<@!?([A-Za-z0-9]{1,64})(?:\|([^>]*))?>$")
_NAME = re.compile(r"^[A-Za-z0-9][\w.\-]{0,63}$")
SHARE_EXAMPLE = "/partner share wins on"
SUBCOMMANDS = "invite, accept, decline, list, show, end, cheer, nudge, share, notify-missed"


def parse_partner(args: str, _today: date) -> PartnerCommand:
    """``/partner invite|accept|decline|show|end|cheer|nudge <user>``, ``list`` (or
    nothing), ``share wins|goals on|off`` and ``notify-missed on|off``."""
    sub, rest = split_first(args)
    if not sub or (sub == "list" and not rest):
        return ListPartners()
    if sub == "share":
        return _share(rest)
    if sub == "notify-missed":
        return NotifyMissed(_on_off(rest, "/partner notify-missed on"))
    if sub == "invite":
        return _invite(rest)
    make = USER_COMMANDS.get(sub)
    if make is None:
        raise UserError(
            f"/partner has no “{shorten(sub, 20)}”; it knows {SUBCOMMANDS}.", INVITE_EXAMPLE
        )
    return make(parse_user(rest, f"/partner {sub} @dana"))


def parse_user(text: str, example: str) -> str:
    """The user id in a mention (``<@U123|dana>``, ``<@123>``), ``@name``, ``--user name``
    or a bare name."""
    word = text.strip()
    if word.startswith("--user"):
        word = word.removeprefix("--user").strip()
    found = _MENTION.match(word)
    if found is not None:
        return found.group(1)
    name = word.removeprefix("@")
    if not name:
        raise UserError("Say who: mention them.", example, "user")
    if not _NAME.match(name):
        raise UserError(
            f"“{shorten(word, 40)}” is not someone I can find: mention one person.", example, "user"
        )
    return name


def _invite(rest: str) -> InvitePartner:
    """An invitation; a platform mention vouches for someone coachbot has not seen."""
    found = _MENTION.match(rest.strip())
    if found is not None:
        return InvitePartner(found.group(1), mentioned=True, name=found.group(2) or "")
    return InvitePartner(parse_user(rest, INVITE_EXAMPLE))


def _share(rest: str) -> SharePartnerItem:
    word, switch = split_first(rest)
    try:
        item = PartnerItem(word)
    except ValueError:
        raise UserError(
            "Share wins or goals with your partners (commitments are always shared).",
            SHARE_EXAMPLE,
            "item",
        ) from None
    return SharePartnerItem(item, _on_off(switch, f"/partner share {item} on"))


def _on_off(word: str, example: str) -> bool:
    value = word.strip().lower()
    if value not in ("on", "off"):
        raise UserError("Say on or off.", example, "on")
    return value == "on"


USER_COMMANDS: dict[str, Callable[[str], PartnerCommand]] = {
    "accept": lambda user: AnswerInvitation(user, accept=True),
    "decline": lambda user: AnswerInvitation(user, accept=False),
    "end": EndPartnership,
    "show": ShowPartner,
    "cheer": CheerPartner,
    "nudge": lambda user: CheerPartner(user, nudge=True),
}
