"""The outbound port every platform adapter implements, and the errors it may raise."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from core.messages import Reply


@dataclass(frozen=True)
class Address:
    """Where a direct message goes: a member on a platform and workspace."""

    platform: str
    workspace_id: str
    user_id: str


class LimitScope(StrEnum):
    """What a platform's "slow down" covers: one channel, a workspace, or everything."""

    CHANNEL = "channel"
    WORKSPACE = "workspace"
    PLATFORM = "platform"


class RateLimited(Exception):
    """The platform said "slow down"; try again after `retry_after` seconds. Slack's
    limits are per workspace (the default); Discord's per route (a channel) or global."""

    def __init__(self, retry_after: float, scope: LimitScope = LimitScope.WORKSPACE) -> None:
        super().__init__(f"rate limited, retry after {retry_after:g}s")
        self.retry_after = retry_after
        self.scope = scope


class DeliveryError(Exception):
    """The platform refused the message; `permanent` ones are not retried."""

    def __init__(self, reason: str, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


PostPart = Callable[[str | None], Awaitable[str | None]]
"""One request of a channel post. Called with the thread to post under (None for the first
part), it posts, raising RateLimited or DeliveryError on failure, and returns the
platform's id of what it posted (the first part's id is the thread of the others)."""


def one_part(
    send: Callable[[Address, Reply], Awaitable[None]], to: Address, reply: Reply
) -> Sequence[PostPart]:
    """The parts of a direct message the platform takes in one request: that request."""

    async def part(_thread: str | None) -> str | None:
        await send(to, reply)
        return None

    return (part,)


class Messenger(Protocol):
    """What the core needs from a platform to reach members."""

    platform: str
    # The longest one send (one part of a DM or of a channel post) may take, in seconds:
    # the client's timeout. The sender starts a send only if its lease outlasts this,
    # and abandons one that takes longer.
    send_timeout: float

    def dm_parts(self, to: Address, reply: Reply, channel: str | None = None) -> Sequence[PostPart]:
        """The requests of a direct message, in order: one for each message the platform
        takes (each called with None). `channel` is the member's DM channel as a part
        returned it before (None: the platform opens one); each part returns the DM
        channel it posted in (opened again if the one given is gone), or None where the
        platform has none. The sender records each as it succeeds, so a retry continues
        with the first part not yet sent, and keeps a new channel on the member."""

    def channel_post(
        self, workspace_id: str, channel_id: str, reply: Reply, details: Sequence[Reply] = ()
    ) -> Sequence[PostPart]:
        """The requests of a channel post (team digests), in order: `reply`, then its
        `details` in a thread or follow-ups. The sender records each as it succeeds, so a
        retry continues with the first part not yet sent."""

    async def user_timezone(self, to: Address) -> str | None:
        """The member's IANA zone if the platform knows it."""
