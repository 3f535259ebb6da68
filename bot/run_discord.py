"""The Discord process: the gateway client with an in-process worker by default."""

from __future__ import annotations

import contextlib
import logging

from adapters.discord.app import make_client, sync_commands
from adapters.discord.messenger import DiscordMessenger
from bot.bootstrap import App
from bot.runtime import background_worker
from bot.settings import Settings

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


async def serve_discord(app: App, with_worker: bool, sharded: bool) -> None:
    """Connect to Discord and serve until the process is stopped."""
    token = discord_token(app.settings)
    client = make_client(app.coach, sharded=sharded)
    async with contextlib.AsyncExitStack() as stack:
        if with_worker:
            await stack.enter_async_context(
                background_worker(app, {"discord": DiscordMessenger(client)})
            )
        async with client:
            await client.start(token)


async def sync(app: App, guild_id: int | None) -> int:
    """``coachbot discord sync [--guild ID]``."""
    client = make_client(app.coach)
    return await sync_commands(client, discord_token(app.settings), guild_id)
