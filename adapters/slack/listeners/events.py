"""Events: a plain DM to the bot (a journal answer), a file sent there to import, and the
App Home tab."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncSay
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.files import file_to_import
from adapters.slack.responder import SlackBot, reply_kwargs
from adapters.slack.translate import dm_text, slack_member

log = logging.getLogger(__name__)


def register(app: AsyncApp, bot: SlackBot) -> None:
    """Message and app_home_opened listeners (Slack's retries never reach them twice: see
    listeners/requests.py)."""

    @app.event("message")
    async def on_message(
        body: dict[str, Any], event: dict[str, Any], say: AsyncSay, client: AsyncWebClient
    ) -> None:
        wanted, text = file_to_import(event), dm_text(event)
        if wanted is None and text is None:
            return
        who = slack_member(body.get("team_id") or event.get("team", ""), event["user"])
        if wanted is not None:
            reply = await bot.import_file(client, who, wanted)
        else:
            reply = await bot.run(client, who, text or "")
        await say(**reply_kwargs(reply))
        await bot.refresh_home(client, who)

    @app.event("app_home_opened")
    async def on_home(body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        who = slack_member(body.get("team_id", ""), event["user"])
        await bot.open_home(client, who)
