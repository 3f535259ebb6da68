"""Slack listeners, registered per concern; entry files only wire."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from adapters.slack.listeners import commands, events, interactions, requests
from adapters.slack.responder import SlackBot


def register(app: AsyncApp, bot: SlackBot) -> None:
    """Attach every listener to the Bolt app."""
    requests.register(app, bot)
    commands.register(app, bot)
    interactions.register(app, bot)
    events.register(app, bot)
