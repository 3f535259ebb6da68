"""The Discord outbound port: DMs and channel posts for the outbox senders, one part for each
message, so a retry never sends again a message that went out."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from adapters.discord.render import Rendered, render
from adapters.discord.responder import send_kwargs
from core.messages import Reply
from core.ports import Address, DeliveryError, LimitScope, PostPart, RateLimited

# discord.py retries 5xx and waits out 429s by itself, with no overall limit: the sender
# abandons a send after this long (and a lease must outlast it).
SEND_TIMEOUT = 30.0
# Discord's code for a member who accepts no DMs from the bot (their privacy settings);
# retrying cannot help until they change them.
DMS_CLOSED = 50007
DMS_CLOSED_REASON = "discord 403: the member does not accept direct messages from the bot"


class DiscordMessenger:
    """Sends through the bot's client; discord.py already paces per route."""

    platform = "discord"

    def __init__(self, client: discord.Client, send_timeout: float = SEND_TIMEOUT) -> None:
        self._client = client
        self.send_timeout = send_timeout

    def dm_parts(self, to: Address, reply: Reply, channel: str | None = None) -> Sequence[PostPart]:
        """One part for each message the DM takes within Discord's limits, sent in
        `channel` when the member's is known; the first part's channel serves the rest."""
        known = [channel]
        return [self._dm_message(to, rendered, known) for rendered in render(reply)]

    def _dm_message(self, to: Address, rendered: Rendered, known: list[str | None]) -> PostPart:
        async def send(_thread: str | None) -> str | None:
            """DM one message in the known channel, or in one opened (again) for it; returns
            the channel."""
            try:
                if known[0] is not None and await self._sent_in(int(known[0]), rendered):
                    return known[0]
                channel = await self._open_dm(to)
                await channel.send(**send_kwargs(rendered))
            except discord.HTTPException as error:
                raise _delivery_error(error) from None
            known[0] = str(channel.id)
            return known[0]

        return send

    async def _sent_in(self, channel_id: int, rendered: Rendered) -> bool:
        """Send in a DM channel opened before (no user lookup, no create_dm); False if
        Discord says it is gone."""
        channel = self._client.get_partial_messageable(channel_id, type=discord.ChannelType.private)
        try:
            await channel.send(**send_kwargs(rendered))
        except discord.NotFound:
            return False
        return True

    async def _open_dm(self, to: Address) -> discord.DMChannel:
        """The member's DM channel: the user fetched if not cached, create_dm if needed."""
        user = self._client.get_user(int(to.user_id)) or await self._client.fetch_user(
            int(to.user_id)
        )
        return user.dm_channel or await user.create_dm()

    def channel_post(
        self, workspace_id: str, channel_id: str, reply: Reply, details: Sequence[Reply] = ()
    ) -> Sequence[PostPart]:
        """The post (with its attachments), then each detail as follow-up messages: one
        part for each message, as many as each takes within Discord's limits."""
        messages = [message for part in (reply, *details) for message in render(part)]
        return [self._message(workspace_id, channel_id, m) for m in messages]

    def _message(self, guild_id: str, channel_id: str, rendered: Rendered) -> PostPart:
        async def send(_thread: str | None) -> str | None:
            try:
                channel = self._client.get_channel(
                    int(channel_id)
                ) or await self._client.fetch_channel(int(channel_id))
                if not isinstance(channel, discord.abc.Messageable):
                    raise DeliveryError(
                        f"channel {channel_id} cannot take messages", permanent=True
                    )
                if str(getattr(getattr(channel, "guild", None), "id", "")) != guild_id:
                    # Only a channel of the digest's own guild (one set up before that was
                    # checked may point elsewhere).
                    raise DeliveryError(
                        f"channel {channel_id} is not in server {guild_id}", permanent=True
                    )
                message = await channel.send(**send_kwargs(rendered))
            except discord.HTTPException as error:
                raise _delivery_error(error) from None
            return str(message.id)

        return send

    async def user_timezone(self, to: Address) -> str | None:
        """Discord does not share time zones."""
        return None


def _delivery_error(error: discord.HTTPException) -> Exception:
    """A 429 waits; any other 4xx (a refused body, no access, gone) never succeeds when
    sent again, so it fails at once; a 5xx may pass later."""
    if error.status == 429:
        headers = getattr(error.response, "headers", {})
        # Discord's limits are per route (here: one channel) unless it says global.
        scope = LimitScope.PLATFORM if headers.get("X-RateLimit-Global") else LimitScope.CHANNEL
        return RateLimited(float(headers.get("Retry-After", "1")), scope)
    if error.code == DMS_CLOSED:
        return DeliveryError(DMS_CLOSED_REASON, permanent=True)
    permanent = 400 <= error.status < 500
    return DeliveryError(
        f"discord {error.status}: {error.text or error.code}"[:300], permanent=permanent
    )
