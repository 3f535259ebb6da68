"""The Discord client: slash commands, persistent buttons and DM replies, default intents."""

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


class CoachClient(discord.Client):
    """One connection, for most installs: the command tree, buttons and DM answers."""

    def __init__(self, coach: Coach, **options: Any) -> None:
        super().__init__(intents=options.pop("intents", discord.Intents.default()), **options)
        self.coachbot = DiscordBot(coach)
        self.tree = build_tree(self)

    async def setup_hook(self) -> None:
        """Register the persistent buttons, so old check-in DMs still work after a restart."""
        self.add_dynamic_items(CommandButton, FormButton)

    async def on_message(self, message: discord.Message) -> None:
        """A plain message in the DM: the answer to a check-in or journal prompt."""
        await handle_dm(self.coachbot, message)


class ShardedCoachClient(CoachClient, discord.AutoShardedClient):
    """Sharded connections, for large installs; otherwise the same client."""


async def handle_dm(bot: DiscordBot, message: discord.Message) -> None:
    """Answer a member's DM through the core; retried deliveries are ignored."""
    if message.guild is not None or message.author.bot or not message.content.strip():
        return
    first = await asyncio.to_thread(bot.coach.first_delivery, "discord", str(message.id))
    if not first:
        return
    reply = await bot.run(discord_member(message), message.content)
    await send_reply(message.channel, reply)


def make_client(coach: Coach, sharded: bool = False) -> CoachClient:
    """A coachbot client with default intents only."""
    # coachbot has no voice features; spare operators discord.py's voice warnings.
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False
    return ShardedCoachClient(coach) if sharded else CoachClient(coach)


async def sync_commands(client: CoachClient, token: str, guild_id: int | None) -> int:
    """Register the slash commands with Discord (globally, or on one guild at once)."""
    tree = client.tree
    async with client:
        await client.login(token)
        if guild_id is None:
            synced = await tree.sync()
        else:
            guild = discord.Object(id=guild_id)
            tree.copy_global_to(guild=guild)
            synced = await tree.sync(guild=guild)
    return len(synced)
