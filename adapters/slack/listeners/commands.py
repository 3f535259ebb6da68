"""Slash commands: acknowledge at once, then run the core and answer ephemerally."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.responder import SlackBot, reply_kwargs
from adapters.slack.translate import SlackForm, command_name, form_for, slack_member
from adapters.slack.views import goal_form, win_form

SLASH_COMMANDS = (
    "/goal",
    "/win",
    "/journal",
    "/checkin",
    "/commit",
    "/progress",
    "/partner",
    "/digest",
    "/coach",
)


def register(app: AsyncApp, bot: SlackBot) -> None:
    """One listener serves every slash command: the core knows them all by name."""

    async def on_command(
        ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        await ack()
        who = slack_member(command["team_id"], command["user_id"], command.get("user_name", ""))
        text = command.get("text", "")
        form = form_for(command["command"], text)
        if form is not None:
            if form == SlackForm.GOAL:
                view = goal_form()
            else:
                view = win_form(await asyncio.to_thread(bot.coach.goal_choices, who))
            await client.views_open(trigger_id=command["trigger_id"], view=view)
            return
        reply = (await bot.command(client, who, command_name(command["command"]), text)).reply
        response_type = "ephemeral" if reply.ephemeral else "in_channel"
        await bot.respond(respond.response_url, response_type=response_type, **reply_kwargs(reply))
        if reply.attachments:
            await bot.send_files(client, await bot.dm_channel(client, who.user_id), reply)
        await bot.refresh_home(client, who)

    for name in SLASH_COMMANDS:
        app.command(name)(on_command)
