"""The app removed from a workspace (app_uninstalled; tokens_revoked for the bot token):
its tokens are deleted (Bolt's token revocation listeners), the client made with them is
dropped, and everything still queued for the workspace is skipped."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.listener.async_builtins import AsyncTokenRevocationListeners

from adapters.slack.responder import SlackBot

log = logging.getLogger(__name__)

REMOVED = "coachbot was removed from the workspace ({why})"


def register(app: AsyncApp, bot: SlackBot, forget_client: Callable[[str], None]) -> None:
    """Listeners for app_uninstalled and tokens_revoked."""
    store = app.installation_store  # None for one workspace with SLACK_BOT_TOKEN
    revocation = AsyncTokenRevocationListeners(store) if store is not None else None

    async def removed(context: AsyncBoltContext, body: dict[str, Any], why: str) -> None:
        team = str(context.team_id or body.get("team_id") or "")
        forget_client(team)
        await asyncio.to_thread(bot.coach.workspace_removed, "slack", team, REMOVED.format(why=why))

    @app.event("app_uninstalled")
    async def on_uninstalled(context: AsyncBoltContext, body: dict[str, Any]) -> None:
        if revocation is not None:
            await revocation.handle_app_uninstalled_events(context)
        await removed(context, body, "app uninstalled")

    @app.event("tokens_revoked")
    async def on_tokens_revoked(
        event: dict[str, Any], context: AsyncBoltContext, body: dict[str, Any]
    ) -> None:
        if revocation is not None:
            await revocation.handle_tokens_revoked_events(event, context)
        if (event.get("tokens") or {}).get("bot"):
            await removed(context, body, "bot token revoked")
