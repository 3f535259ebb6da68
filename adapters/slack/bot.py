"""What every Slack listener shares: running the core off the loop, time zones from
Slack, files to the DM, and the App Home refresh."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import fallback_text, render_blocks
from adapters.slack.views import home_view
from core.coach import Coach
from core.context import MemberRef
from core.messages import Reply

log = logging.getLogger(__name__)

HOME_COMMANDS = ("/progress", "/checkin")


@dataclass
class SlackBot:
    """The core seen from Slack listeners; holds no business rules."""

    coach: Coach
    _zones: dict[tuple[str, str], str | None] = field(default_factory=dict)

    async def run(self, client: AsyncWebClient, who: MemberRef, text: str) -> Reply:
        """Run member text through the core, in a thread, with Slack's zone as a hint."""
        tz = await self.timezone(client, who)
        return await asyncio.to_thread(self.coach.handle, who, text, tz)

    async def timezone(self, client: AsyncWebClient, who: MemberRef) -> str | None:
        """The user's Slack time zone (users.info), asked once per process."""
        key = (who.workspace_id, who.user_id)
        if key not in self._zones:
            try:
                response = await client.users_info(user=who.user_id)
                self._zones[key] = response["user"].get("tz")
            except SlackApiError as error:
                log.warning("users.info failed for a member: %s", error.response.get("error"))
                return None
        return self._zones[key]

    async def dm_channel(self, client: AsyncWebClient, user_id: str) -> str:
        """The id of the bot's DM with a user."""
        response = await client.conversations_open(users=user_id)
        return str(response["channel"]["id"])

    async def send_dm(self, client: AsyncWebClient, who: MemberRef, reply: Reply) -> None:
        """Post a reply in the member's DM with the bot, files included."""
        channel = await self.dm_channel(client, who.user_id)
        await client.chat_postMessage(
            channel=channel, blocks=render_blocks(reply), text=fallback_text(reply)
        )
        await self.send_files(client, channel, reply)

    async def send_files(self, client: AsyncWebClient, channel: str, reply: Reply) -> None:
        """Upload a reply's attachments (brag document, export) into a channel."""
        for attachment in reply.attachments:
            await client.files_upload_v2(
                channel=channel,
                filename=attachment.filename,
                title=attachment.filename,
                file=attachment.data,
                alt_txt=attachment.alt_text or None,
            )

    async def refresh_home(self, client: AsyncWebClient, who: MemberRef) -> None:
        """Publish the member's dashboard on the App Home tab."""
        replies = [await self.run(client, who, command) for command in HOME_COMMANDS]
        await client.views_publish(user_id=who.user_id, view=home_view(*replies))


def reply_kwargs(reply: Reply) -> dict[str, Any]:
    """Arguments for respond()/say() from a reply."""
    return {"blocks": render_blocks(reply), "text": fallback_text(reply)}
