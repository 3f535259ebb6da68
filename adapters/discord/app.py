"""The Discord client: slash commands, persistent buttons and DM replies, on the intents
coachbot uses, sharded as Discord recommends."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord

from adapters.discord.buttons import CommandButton, FormButton
from adapters.discord.commands import build_tree
from adapters.discord.host import discord_member
from adapters.discord.responder import DiscordBot, send_reply
from core.coach import Coach

log = logging.getLogger(__name__)


def coachbot_intents() -> discord.Intents:
    """Guilds (the guild and channel cache: digest channels, the guild a command came
    from) and DM messages (check-in answers); no privileged intent, since DMs to the bot
    carry their content without Message Content."""
    return discord.Intents(guilds=True, dm_messages=True)


class CoachClient(discord.AutoShardedClient):
    """The command tree, buttons and DM answers; as many gateway shards as Discord
    recommends (one for a small install, required from 2,500 guilds)."""

    def __init__(self, coach: Coach, **options: Any) -> None:
        super().__init__(intents=options.pop("intents", coachbot_intents()), **options)
        self.coachbot = DiscordBot(coach)
        self.tree = build_tree(self)

    async def setup_hook(self) -> None:
        """Register the persistent buttons, so old check-in DMs still work after a restart."""
        self.add_dynamic_items(CommandButton, FormButton)

    async def on_message(self, message: discord.Message) -> None:
        """A plain message in the DM: the answer to a check-in or journal prompt."""
        await handle_dm(self.coachbot, message)


async def handle_dm(bot: DiscordBot, message: discord.Message) -> None:
    """Answer a member's DM through the core; retried deliveries are ignored. Only a DM
    channel counts: a message from a guild missing from the cache has no guild either."""
    if not isinstance(message.channel, discord.DMChannel):
        return
    if message.author.bot or not message.content.strip():
        return
    first = await asyncio.to_thread(bot.coach.first_delivery, "discord", str(message.id))
    if not first:
        return
    reply = await bot.run(discord_member(message), message.content)
    await send_reply(message.channel, reply)


def make_client(coach: Coach) -> CoachClient:
    """A coachbot client."""
    # coachbot has no voice features; spare operators discord.py's voice warnings.
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False
    return CoachClient(coach)
