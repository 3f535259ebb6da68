"""Which guild a channel is in, asked of Discord: a digest goes only to a channel of the
guild whose admin set it up. The id's shape proves nothing (the bot sees channels of every
guild it is in), so the channel is looked up in discord.py's guild cache, else the API."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import discord

from core.commands import Command
from core.commands.digests import SetDigest
from core.errors import UserError
from core.grammar.digests import SET_EXAMPLE

log = logging.getLogger(__name__)

NOT_HERE = (
    "That is not a channel of this server, so its digest cannot go there. "
    "Name one of this server's channels (type # and pick it)."
)
CANNOT_CHECK = "Discord did not say which server that channel is in; please try again."


async def guild_channel(client: discord.Client, channel_id: str) -> discord.abc.GuildChannel | None:
    """A guild's channel by id, from the guild cache or else Discord's API; None when
    Discord knows no such channel, the bot cannot see it, or it is no guild's (a DM)."""
    if not (channel_id.isascii() and channel_id.isdigit()):
        return None
    channel = client.get_channel(int(channel_id))
    if channel is None:
        try:
            channel = await client.fetch_channel(int(channel_id))
        except (discord.NotFound, discord.Forbidden):
            return None
    return channel if isinstance(channel, discord.abc.GuildChannel) else None


async def checked_digest(
    interaction: discord.Interaction, command: SetDigest
) -> SetDigest | UserError:
    """The command, with its channel named as Discord names it, if the channel is in the
    interaction's guild; otherwise the refusal."""
    try:
        channel = await guild_channel(interaction.client, command.channel_id)
    except discord.HTTPException as error:
        log.warning("could not look up a digest channel: discord %s", error.status)
        return UserError(CANNOT_CHECK, SET_EXAMPLE, "channel_id")
    if channel is None or channel.guild.id != interaction.guild_id:
        return UserError(NOT_HERE, SET_EXAMPLE, "channel_id")
    return replace(command, channel_name=channel.name)


def digest_to_set(parse: Callable[[date], Command]) -> SetDigest | None:
    """The SetDigest a line of text stands for, so that the text path is checked like the
    typed one; None for any other command or text that does not parse (the core says why)."""
    try:
        command = parse(date.today())  # a digest set-up reads no date
    except UserError:
        return None
    return command if isinstance(command, SetDigest) else None
