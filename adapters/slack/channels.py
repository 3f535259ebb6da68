"""Can coachbot post in a channel? Asked of Slack when an admin points a digest at one
(joining a public channel if need be), and said to the admin when a digest could not post."""

from __future__ import annotations

import logging
from enum import StrEnum

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from core.errors import UserError
from core.grammar.digests import SET_EXAMPLE
from core.messages import Reply, Text

log = logging.getLogger(__name__)


class Access(StrEnum):
    """Whether coachbot can post in a channel."""

    OK = "ok"  # it is in the channel, or just joined it
    NOT_INVITED = "not_invited"  # a private channel it is not in, or one it cannot see
    ARCHIVED = "archived"
    UNKNOWN = "unknown"  # Slack did not say (e.g. an install from before channels:join)


async def channel_access(client: AsyncWebClient, channel_id: str) -> Access:
    """Join the channel if it is public; otherwise ask whether coachbot is in it."""
    try:
        await client.conversations_join(channel=channel_id)
        return Access.OK
    except SlackApiError as error:
        code = str(error.response.get("error"))
    if code == "method_not_supported_for_channel_type":  # private: invited or not
        return await _member_of(client, channel_id)
    if code == "channel_not_found":
        return Access.NOT_INVITED
    if code == "is_archived":
        return Access.ARCHIVED
    log.warning("could not check a digest channel: %s", code)
    return Access.UNKNOWN


async def _member_of(client: AsyncWebClient, channel_id: str) -> Access:
    try:
        info = await client.conversations_info(channel=channel_id)
    except SlackApiError:
        return Access.NOT_INVITED
    return Access.OK if info["channel"].get("is_member") else Access.NOT_INVITED


def _invite(name: str) -> str:
    return f"In #{name}, type /invite @coachbot"


def refusal(access: Access, channel_name: str) -> UserError | None:
    """Why a digest cannot go to the channel, and what to do (None: it can)."""
    if access is Access.NOT_INVITED:
        return UserError(
            f"I can't post in #{channel_name}: it is private, or I can't see it. "
            f"{_invite(channel_name)}, then run /digest set again.",
            SET_EXAMPLE,
            "channel_id",
        )
    if access is Access.ARCHIVED:
        return UserError(
            f"#{channel_name} is archived, so nothing can be posted there.",
            SET_EXAMPLE,
            "channel_id",
        )
    return None


def unreachable_notice(channel_name: str) -> Reply:
    """The DM to a digest's admin when the digest could not be posted."""
    return Reply(
        [
            Text(
                f"⚠️ Your team digest could not be posted in #{channel_name}: I am not a "
                "member of that channel (any more)."
            ),
            Text(f"{_invite(channel_name)}, and the next digest will arrive there."),
        ]
    )
