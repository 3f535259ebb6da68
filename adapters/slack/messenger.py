"""The Slack outbound port: DMs and channel posts for the outbox senders."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import alt_txt, fallback_text, render_blocks
from adapters.slack.http import WEB_API_TIMEOUT, WebSession
from core.messages import Attachment, Reply
from core.ports import Address, DeliveryError, PostPart, RateLimited

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
# Told (workspace, channel) when a channel post's first part finds the bot cannot post there.
OnUnreachable = Callable[[str, str], Awaitable[object]]
UNREACHABLE = frozenset({"not_in_channel", "channel_not_found"})
# What chat.postMessage answers in a DM channel that no longer exists: it is opened again.
CHANNEL_GONE = "channel_not_found"

# The Web API timeout: the longest one send may take before the sender abandons it (and a
# lease must outlast it).
SEND_TIMEOUT = WEB_API_TIMEOUT
# DM channel ids remembered (workspace, user -> channel), about 5 MB at most.
DM_CHANNELS_KEPT = 100_000


class SlackMessenger:
    """Sends through the right workspace's bot token."""

    platform = "slack"

    def __init__(
        self,
        client_for: ClientFor,
        send_timeout: float = SEND_TIMEOUT,
        on_unreachable: OnUnreachable | None = None,
        http: WebSession | None = None,
    ) -> None:
        self._client_for = client_for
        self.send_timeout = send_timeout
        self._on_unreachable = on_unreachable
        self._http = http
        self._dm_channels: OrderedDict[tuple[str, str], str] = OrderedDict()

    async def close(self) -> None:
        """Close the HTTP session its clients share (when it was given one)."""
        if self._http is not None:
            await self._http.close()

    def dm_parts(self, to: Address, reply: Reply, channel: str | None = None) -> Sequence[PostPart]:
        """A DM is one chat.postMessage, in `channel` when the member's is known; the part
        returns the channel it posted in."""

        async def part(_thread: str | None) -> str | None:
            return await self._send_dm(to, reply, channel)

        return (part,)

    async def send_dm(self, to: Address, reply: Reply) -> None:
        """Post the message in the member's DM (opened once, then remembered)."""
        await self._send_dm(to, reply, None)

    async def _send_dm(self, to: Address, reply: Reply, known: str | None) -> str:
        """Post in the known (or remembered) DM channel; one that Slack says is gone is
        opened again, and the message posted there. Returns the channel."""
        client = await self._client_for(to.workspace_id)
        key = (to.workspace_id, to.user_id)
        channel = known or self._dm_channels.get(key)
        try:
            if channel is not None and await self._posted_in(client, channel, reply):
                return channel
            channel = await self._open_dm(client, to)
            await self._post_dm(client, channel, reply)
        except SlackApiError as error:
            self._dm_channels.pop(key, None)  # opened again next time
            raise _delivery_error(error) from None
        return channel

    async def _posted_in(self, client: AsyncWebClient, channel: str, reply: Reply) -> bool:
        """Post in a channel opened before; False if Slack says it no longer exists."""
        try:
            await self._post_dm(client, channel, reply)
        except SlackApiError as error:
            if error.response.get("error") != CHANNEL_GONE:
                raise
            return False
        return True

    async def _post_dm(self, client: AsyncWebClient, channel: str, reply: Reply) -> None:
        await client.chat_postMessage(
            channel=channel, blocks=render_blocks(reply), text=fallback_text(reply)
        )

    async def _open_dm(self, client: AsyncWebClient, to: Address) -> str:
        """conversations.open (a Tier 3 method, about 50 a minute per workspace): only
        when the member's DM channel is not known yet, or is gone."""
        opened = await client.conversations_open(users=to.user_id)
        channel = self._dm_channels[(to.workspace_id, to.user_id)] = str(opened["channel"]["id"])
        while len(self._dm_channels) > DM_CHANNELS_KEPT:
            self._dm_channels.popitem(last=False)  # the longest known
        return channel

    def channel_post(
        self, workspace_id: str, channel_id: str, reply: Reply, details: Sequence[Reply] = ()
    ) -> Sequence[PostPart]:
        """The post, then each detail and the post's attachments in the post's thread."""
        messages = [self._message(workspace_id, channel_id, m) for m in (reply, *details)]
        files = [self._upload(workspace_id, channel_id, a) for a in reply.attachments]
        return [*messages, *files]

    def _message(self, workspace_id: str, channel_id: str, reply: Reply) -> PostPart:
        async def post(thread: str | None) -> str | None:
            client = await self._client_for(workspace_id)
            try:
                posted = await client.chat_postMessage(
                    channel=channel_id,
                    thread_ts=thread,  # None (left out) for the first part
                    blocks=render_blocks(reply),
                    text=fallback_text(reply),
                )
            except SlackApiError as error:
                failure = _delivery_error(error)
                if thread is None and str(failure) in UNREACHABLE and self._on_unreachable:
                    await self._on_unreachable(workspace_id, channel_id)
                raise failure from None
            return str(posted["ts"])

        return post

    def _upload(self, workspace_id: str, channel_id: str, attachment: Attachment) -> PostPart:
        async def upload(thread: str | None) -> str | None:
            client = await self._client_for(workspace_id)
            try:
                await client.files_upload_v2(
                    channel=channel_id,
                    thread_ts=thread,
                    filename=attachment.filename,
                    file=attachment.data,
                    alt_txt=alt_txt(attachment.alt_text),
                )
            except SlackApiError as error:
                raise _delivery_error(error) from None
            return None

        return upload

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
