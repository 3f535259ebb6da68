"""Buttons and modal submissions."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import ACTION_PREFIX
from adapters.slack.bot import SlackBot, reply_kwargs
from adapters.slack.translate import (
    MODAL_BUTTONS,
    Submission,
    action_command,
    answer_submission,
    goal_submission,
    slack_member,
    vacation_submission,
    win_submission,
)
from adapters.slack.views import answer_form, vacation_form
from core.context import MemberRef

FORMS: dict[str, Callable[[dict[str, Any]], Submission]] = {
    "goal_form": lambda values: goal_submission(values, datetime.now(UTC).date()),
    "win_form": win_submission,
    "answer_form": answer_submission,
    "vacation_form": vacation_submission,
}


def _member(body: dict[str, Any]) -> MemberRef:
    user = body["user"]
    team = user.get("team_id") or (body.get("team") or {}).get("id", "")
    return slack_member(team, user["id"], user.get("username") or user.get("name", ""))


def register(app: AsyncApp, bot: SlackBot) -> None:
    """Buttons run the command they carry; some open a form instead."""

    @app.action(re.compile(f"^{ACTION_PREFIX}\\d+$"))
    async def on_button(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        await ack()
        who = _member(body)
        command = action_command(body["actions"][0])
        form = MODAL_BUTTONS.get(command)
        if form == "answer_form":
            prompt = await asyncio.to_thread(bot.coach.pending_prompt, who)
            await client.views_open(trigger_id=body["trigger_id"], view=answer_form(prompt or ""))
            return
        if form == "vacation_form":
            await client.views_open(trigger_id=body["trigger_id"], view=vacation_form())
            return
        reply = await bot.run(client, who, command)
        await respond(replace_original=False, response_type="ephemeral", **reply_kwargs(reply))
        await bot.refresh_home(client, who)

    async def on_submit(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        submission = FORMS[view["callback_id"]](view["state"]["values"])
        if submission.errors:
            await ack(response_action="errors", errors=submission.errors)
            return
        await ack()
        who = _member(body)
        reply = await bot.run(client, who, submission.text)
        await bot.send_dm(client, who, reply)
        await bot.refresh_home(client, who)

    for callback_id in FORMS:
        app.view(callback_id)(on_submit)
