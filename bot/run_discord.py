"""The Discord process: the gateway client with an in-process worker by default."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import discord

from adapters.discord.app import make_client
from adapters.discord.messenger import DiscordMessenger
from adapters.discord.sync import SyncReport, invite_url, sync_commands
from bot.bootstrap import App
from bot.runtime import background_worker, until_stopped
from bot.settings import Settings
from core.parsing import count_of

log = logging.getLogger(__name__)


class DiscordConfigError(ValueError):
    """A setting missing for Discord; the message says which."""


def discord_token(settings: Settings) -> str:
    """DISCORD_TOKEN, unwrapped only here."""
    if settings.discord_token is None:
        raise DiscordConfigError(
            "Set DISCORD_TOKEN (Developer Portal -> your app -> Bot -> Reset Token)."
        )
    return settings.discord_token.get_secret_value()


async def serve_discord(app: App, with_worker: bool) -> None:
    """Connect to Discord and serve until SIGINT/SIGTERM (or the connection ends); the
    in-process worker stops gracefully before the client closes."""
    token = discord_token(app.settings)
    client = make_client(app.coach)
    async with client:
        await client.login(token)
        gateway = asyncio.create_task(client.connect())
        try:
            async with contextlib.AsyncExitStack() as stack:
                if with_worker:
                    await stack.enter_async_context(
                        background_worker(app, {"discord": DiscordMessenger(client)})
                    )
                await _until_stopped_or(gateway)
        finally:
            await client.close()
            await asyncio.wait({gateway})


async def _until_stopped_or(gateway: asyncio.Task[None]) -> None:
    """Until a signal, or the gateway connection ends (its failure is raised)."""
    stopped = asyncio.create_task(until_stopped())
    await asyncio.wait({gateway, stopped}, return_when=asyncio.FIRST_COMPLETED)
    stopped.cancel()
    if gateway.done():
        gateway.result()


@contextlib.asynccontextmanager
async def worker_messenger(app: App) -> AsyncIterator[DiscordMessenger | None]:
    """Discord's outbound port for a worker on its own (REST only, no gateway), or None
    without DISCORD_TOKEN."""
    if app.settings.discord_token is None:
        yield None
        return
    client = discord.Client(intents=discord.Intents.none())
    async with client:
        await client.login(discord_token(app.settings))
        yield DiscordMessenger(client)


async def sync(app: App, guild_id: int | None) -> SyncReport:
    """``coachbot discord sync [--guild ID]``."""
    client = make_client(app.coach)
    return await sync_commands(client, discord_token(app.settings), guild_id)


def sync_summary(report: SyncReport) -> list[str]:
    """What ``coachbot discord sync`` did, in lines for the operator."""
    names = ", ".join(f"/{name}" for name in report.commands)
    if report.guild_id is not None:
        lines = [
            f"Registered {len(report.commands)} commands in guild {report.guild_id} "
            f"(available now): {names}."
        ]
        if report.also_global:
            lines.append(
                "They are registered globally too, so this guild lists each command twice "
                "until `coachbot discord sync` (global) removes the guild copies."
            )
    else:
        lines = [
            f"Registered {len(report.commands)} commands globally "
            f"(Discord may take up to an hour to show them): {names}."
        ]
        cleared = ", ".join(str(guild) for guild in report.cleared)
        lines.append(
            f"Removed the guild copies from {count_of(len(report.cleared), 'guild')}: {cleared}."
            if cleared
            else "No guild copies to remove."
        )
    lines.append(f"Invite link: {invite_url(report.application_id)}")
    return lines
