"""Registering the slash commands with Discord, and the link that invites the bot.

A guild sync registers copies of the commands in one guild (they show at once); a global
sync registers them everywhere and removes the guild copies, which would otherwise list
every command twice in those guilds. Discord is asked which guilds hold copies, so copies
made from any machine or database are found."""

from __future__ import annotations

from dataclasses import dataclass

import discord

from adapters.discord.app import CoachClient

# What the bot needs in a channel it posts digests to: seeing it (private channels too),
# sending, and embeds with their attached charts.
INVITE_PERMISSIONS = discord.Permissions(
    view_channel=True, send_messages=True, embed_links=True, attach_files=True
)
INVITE_SCOPES = ("bot", "applications.commands")


@dataclass(frozen=True)
class SyncReport:
    """What a sync did for the application: the commands registered (in `guild_id`, or
    globally when None), the guilds whose copies were removed, and whether the guild
    also sees global ones."""

    application_id: int
    commands: tuple[str, ...]
    guild_id: int | None
    cleared: tuple[int, ...] = ()
    also_global: bool = False


async def sync_commands(client: CoachClient, token: str, guild_id: int | None) -> SyncReport:
    """Register the slash commands with Discord, globally or in one guild at once."""
    async with client:
        await client.login(token)
        if guild_id is not None:
            return await _sync_guild(client, guild_id)
        synced = await client.tree.sync()
        cleared = await _clear_guild_copies(client)
        return SyncReport(_app_id(client), tuple(c.name for c in synced), None, cleared)


async def _sync_guild(client: CoachClient, guild_id: int) -> SyncReport:
    guild = discord.Object(id=guild_id)
    client.tree.copy_global_to(guild=guild)
    synced = await client.tree.sync(guild=guild)
    also_global = bool(await client.tree.fetch_commands())
    names = tuple(c.name for c in synced)
    return SyncReport(_app_id(client), names, guild_id, also_global=also_global)


def _app_id(client: CoachClient) -> int:
    if client.application_id is None:  # login always sets it
        raise RuntimeError("Discord did not say which application this token belongs to")
    return client.application_id


async def _clear_guild_copies(client: CoachClient) -> tuple[int, ...]:
    """Remove the commands registered in each guild the bot is in; the guilds that had some.
    A guild that grants the app no command access (invited without that scope) has none."""
    cleared = []
    async for guild in client.fetch_guilds(limit=None, with_counts=False):
        try:
            copies = await client.tree.fetch_commands(guild=guild)
        except discord.Forbidden:
            continue
        if copies:
            client.tree.clear_commands(guild=guild)
            await client.tree.sync(guild=guild)
            cleared.append(guild.id)
    return tuple(cleared)


def invite_url(application_id: int | str) -> str:
    """The link that adds the bot to a server with the permissions it needs."""
    return discord.utils.oauth_url(
        application_id, permissions=INVITE_PERMISSIONS, scopes=INVITE_SCOPES
    )
