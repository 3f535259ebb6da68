"""Every request once: Slack may deliver one twice (its retries, or a replayed signed
request within the five minutes a signature is valid)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse

from adapters.slack.responder import SlackBot

log = logging.getLogger(__name__)


def request_key(body: dict[str, Any]) -> str | None:
    """What identifies a request to Slack: an event's id, or the trigger id Slack gives
    each slash command and interaction; None for requests that carry neither."""
    event_id = body.get("event_id")
    if event_id:
        return str(event_id)
    trigger_id = body.get("trigger_id")
    return f"trigger:{trigger_id}" if trigger_id else None


def register(app: AsyncApp, bot: SlackBot) -> None:
    """A middleware (after Bolt's signature check) that answers a repeat with an empty
    200 and runs nothing."""

    async def once(
        body: dict[str, Any], response: BoltResponse, next: Callable[[], Awaitable[None]]
    ) -> BoltResponse:
        key = request_key(body)
        if key is None or await asyncio.to_thread(bot.coach.first_delivery, "slack", key):
            await next()
            return response
        log.info("ignored a Slack request delivered again (%s)", key.split(":", 1)[0])
        return BoltResponse(status=200, body="")

    app.middleware(once)
