"""``/digest set|off|show|preview`` text to digest commands."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from core.commands.digests import DigestCommand, DigestOff, PreviewDigest, SetDigest, ShowDigests
from core.errors import UserError
from core.parsing import LIMITS, pick_subcommand, shorten

SET_EXAMPLE = "/digest set #team weekly fri 16:00 Europe/Berlin"
OFF_EXAMPLE = "/digest off #team"
# Slack sends <#C123|name> (or <#C123> on newer clients), Discord <#123>, people type #name.
_CHANNEL = re.compile(r"^<#(?P<id>[A-Za-z0-9]+)(?:\|(?P<name>[^>]*))?>$|^#(?P<plain>[\w.-]+)$")


def parse_digest(args: str, today: date) -> DigestCommand:
    """A bare /digest shows the workspace's digests."""
    parser, rest = pick_subcommand(SUBCOMMANDS, args, "digest", SET_EXAMPLE, "show")
    return parser(rest, today)


def parse_channel(word: str) -> tuple[str, str]:
    """(channel id, display name) from a channel reference."""
    match = _CHANNEL.match(word.strip())
    if match is None:
        raise UserError(
            f"“{shorten(word, 30) or 'nothing'}” is not a channel. Name it with #.",
            SET_EXAMPLE,
            field="channel_id",
        )
    channel_id = check_channel(match["plain"] or match["id"])
    return channel_id, match["plain"] or match["name"] or match["id"]


def check_channel(channel_id: str) -> str:
    """The channel id or name, if it is within the limit its column holds."""
    if len(channel_id) > LIMITS["channel"]:
        raise UserError(
            f"A channel name has at most {LIMITS['channel']} characters, "
            f"and “{shorten(channel_id, 30)}” has {len(channel_id)}.",
            SET_EXAMPLE,
            field="channel_id",
        )
    return channel_id


def _set(args: str, _today: date) -> SetDigest:
    """``#channel <rule> [zone]``; a last word like ``Europe/Berlin`` or ``UTC`` is the zone."""
    parts = args.split(maxsplit=1)  # not split_first: channel ids are case-sensitive
    channel_word, rest = (parts[0], parts[1]) if len(parts) == 2 else (args.strip(), "")
    channel_id, channel_name = parse_channel(channel_word)
    words = rest.split()
    zone = None
    if words and ("/" in words[-1] or words[-1].upper() == "UTC") and not words[-1][0].isdigit():
        zone = words.pop()
    return SetDigest(channel_id, channel_name, " ".join(words), zone)


def _off(args: str, _today: date) -> DigestOff:
    words = args.split()
    return DigestOff(parse_channel(words[0])[0] if words else None)


SUBCOMMANDS: dict[str, Callable[[str, date], DigestCommand]] = {
    "set": _set,
    "off": _off,
    "show": lambda _args, _today: ShowDigests(),
    "preview": lambda _args, _today: PreviewDigest(),
}
