"""In-memory fakes for the outbound port: they record what was sent."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Sequence

from bot.bootstrap import PLATFORMS
from bot.settings import load_settings
from core.context import Options
from core.messages import Reply
from core.ports import Address, RateLimited


class FakeMessenger:
    """Records every DM and channel post; can be told to rate-limit the first calls."""

    def __init__(self, platform: str = "console", now: Callable[[], float] | None = None) -> None:
        self.platform = platform
        self.sent: dict[Address, list[Reply]] = defaultdict(list)
        self.posts: dict[tuple[str, str], list[tuple[Reply, list[Reply]]]] = defaultdict(list)
        self.send_times: list[float] = []
        self.rejections = 0
        self.limit_next = 0
        self.retry_after = 1.0
        self._now = now
        self._lock = threading.Lock()

    async def send_dm(self, to: Address, reply: Reply) -> None:
        """Record a DM, or answer 429 while `limit_next` is positive."""
        with self._lock:
            if self._now is not None:
                self.send_times.append(self._now())
            if self.limit_next > 0:
                self.limit_next -= 1
                self.rejections += 1
                raise RateLimited(self.retry_after)
            self.sent[to].append(reply)

    async def post_to_channel(
        self, workspace_id: str, channel_id: str, reply: Reply, details: Sequence[Reply] = ()
    ) -> None:
        """Record a channel post with its thread details."""
        with self._lock:
            self.posts[(workspace_id, channel_id)].append((reply, list(details)))

    async def user_timezone(self, to: Address) -> str | None:
        """The fake platform knows no zones."""
        return None

    def total(self) -> int:
        """How many DMs were delivered."""
        return sum(len(replies) for replies in self.sent.values())


class FakeTime:
    """Monotonic time and sleep that only move when slept; drives a ManualClock too."""

    def __init__(self, on_advance: Callable[[float], None] | None = None) -> None:
        self.now = 0.0
        self._on_advance = on_advance

    def monotonic(self) -> float:
        """The fake monotonic clock."""
        return self.now

    async def sleep(self, seconds: float) -> None:
        """Advance time instead of waiting."""
        self.now += seconds
        if self._on_advance is not None:
            self._on_advance(seconds)


def default_options() -> Options:
    """The core's options as a fresh install has them (config/defaults.toml), with every
    platform's traits."""
    return load_settings(env_file=None).options(PLATFORMS)


OPTIONS = default_options()
