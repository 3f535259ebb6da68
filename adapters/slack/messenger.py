"""The Slack outbound port: DMs and channel posts for the outbox senders."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import fallback_text, render_blocks
from core.messages import Reply
from core.ports import Address, DeliveryError, RateLimited

# Errors that will not go away by trying again.
PERMANENT = {
    "account_inactive",
    "channel_not_found",
    "invalid_auth",
    "is_archived",
    "not_authed",
    "not_in_channel",
    "token_revoked",
    "user_not_found",
    "cannot_dm_bot",
    "team_access_not_granted",
}

ClientFor = Callable[[str], Awaitable[AsyncWebClient]]


class SlackMessenger:
    """Sends through the right workspace's bot token."""

    platform = "slack"

    def __init__(self, client_for: ClientFor) -> None:
        self._client_for = client_for

    async def send_dm(self, to: Address, reply: Reply) -> None:
        """Open the DM and post the message."""
        client = await self._client_for(to.workspace_id)
        try:
            opened = await client.conversations_open(users=to.user_id)
            channel = opened["channel"]["id"]
            await client.chat_postMessage(
                channel=channel, blocks=render_blocks(reply), text=fallback_text(reply)
            )
        except SlackApiError as error:
            raise _delivery_error(error) from None

    async def post_to_channel(
        self, workspace_id: str, channel_id: str, reply: Reply, details: Sequence[Reply] = ()
    ) -> None:
        """Post to a channel the bot is in; details go in the thread of that post."""
        client = await self._client_for(workspace_id)
        try:
            posted = await client.chat_postMessage(
                channel=channel_id, blocks=render_blocks(reply), text=fallback_text(reply)
            )
            thread = posted["ts"]
            for detail in details:
                await client.chat_postMessage(
                    channel=channel_id,
                    thread_ts=thread,
                    blocks=render_blocks(detail),
                    text=fallback_text(detail),
                )
            for attachment in reply.attachments:
                await client.files_upload_v2(
                    channel=channel_id,
                    thread_ts=thread,
                    filename=attachment.filename,
                    file=attachment.data,
                    alt_txt=attachment.alt_text or None,
                )
        except SlackApiError as error:
            raise _delivery_error(error) from None

    async def user_timezone(self, to: Address) -> str | None:
        """users.info's tz."""
        client = await self._client_for(to.workspace_id)
        try:
            response = await client.users_info(user=to.user_id)
        except SlackApiError:
            return None
        tz = response["user"].get("tz")
        return str(tz) if tz else None


def _delivery_error(error: SlackApiError) -> Exception:
    response = error.response
    if response.status_code == 429:
        return RateLimited(float(response.headers.get("Retry-After", "1")))
    code = str(response.get("error") or f"http {response.status_code}")
    return DeliveryError(code, permanent=code in PERMANENT)
