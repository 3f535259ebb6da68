"""Buttons and modal submissions."""

from __future__ import annotations

import asyncio
import re
from typing import Any, assert_never

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import ACTION_PREFIX, FORM_ACTION_PREFIX
from adapters.slack.responder import SlackBot, reply_kwargs
from adapters.slack.translate import FORMS, action_command, slack_member
from adapters.slack.views import answer_form, move_form, vacation_form
from core.context import MemberRef
from core.messages import Form

# Slack closes a modal's submission after 3 seconds; answer field errors within this.
VALIDATE_WITHIN = 2.0


def _member(body: dict[str, Any]) -> MemberRef:
    user = body["user"]
    team = user.get("team_id") or (body.get("team") or {}).get("id", "")
    return slack_member(team, user["id"], user.get("username") or user.get("name", ""))


def _form_of(action_id: str) -> Form:
    """The form a form button opens, from its action id."""
    return Form(action_id.removeprefix(FORM_ACTION_PREFIX).split(":", 1)[0])


def register(app: AsyncApp, bot: SlackBot) -> None:
    """Buttons run the command they carry, or open the form they name."""

    @app.action(re.compile(f"^{ACTION_PREFIX}\\d+$"))
    async def on_button(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        await ack()
        who = _member(body)
        reply = await bot.run(client, who, action_command(body["actions"][0]))
        await bot.respond(
            respond.response_url,
            replace_original=False,
            response_type="ephemeral",
            **reply_kwargs(reply),
        )
        await bot.refresh_home(client, who)

    @app.action(re.compile(f"^{FORM_ACTION_PREFIX}[a-z]+:\\d+$"))
    async def on_form_button(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        form = _form_of(body["actions"][0]["action_id"])
        match form:
            case Form.ANSWER:
                prompt = await asyncio.to_thread(bot.coach.pending_prompt, _member(body))
                view = answer_form(prompt or "")
            case Form.VACATION:
                view = vacation_form()
            case Form.MOVE:
                view = move_form(str(body["actions"][0].get("value") or ""))
            case _:
                assert_never(form)
        await client.views_open(trigger_id=body["trigger_id"], view=view)

    async def on_submit(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """Run the form's command; a mistake the core names a field for is shown on that
        field, and the modal stays open with everything typed in it."""
        spec = FORMS[view["callback_id"]]
        who = _member(body)
        task = asyncio.ensure_future(bot.execute(client, who, spec.read(view)))
        try:
            outcome = await asyncio.wait_for(asyncio.shield(task), VALIDATE_WITHIN)
        except TimeoutError:
            await ack()
            outcome = await task
        else:
            error = outcome.error
            block = spec.blocks.get(error.field or "") if error is not None else None
            if error is not None and block is not None:
                await ack(response_action="errors", errors={block: error.message[:150]})
                return
            await ack()
        await bot.send_dm(client, who, outcome.reply)
        await bot.refresh_home(client, who)

    for callback_id in FORMS:
        app.view(callback_id)(on_submit)
