"""The outbound port every platform adapter implements, and the errors it may raise."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from core.messages import Reply


@dataclass(frozen=True)
class Address:
    """Where a direct message goes: a member on a platform and workspace."""

    platform: str
    workspace_id: str
    user_id: str


class RateLimited(Exception):
    """The platform said "slow down"; try again after `retry_after` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited, retry after {retry_after:g}s")
        self.retry_after = retry_after


class DeliveryError(Exception):
    """The platform refused the message; `permanent` ones are not retried."""

    def __init__(self, reason: str, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


class Messenger(Protocol):
    """What the core needs from a platform to reach members."""

    platform: str

    async def send_dm(self, to: Address, reply: Reply) -> None:
        """Deliver a direct message; raise RateLimited or DeliveryError on failure."""

    async def post_to_channel(
        self, workspace_id: str, channel_id: str, reply: Reply, details: Sequence[Reply] = ()
    ) -> None:
        """Post to a channel (team digests); `details` go in a thread or follow-ups."""

    async def user_timezone(self, to: Address) -> str | None:
        """The member's IANA zone if the platform knows it."""
