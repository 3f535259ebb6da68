"""A per-platform pacer: at most `per_second` sends, and a full stop while rate limited.

It runs on real (monotonic) time, never on the member-facing clock."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

Sleep = Callable[[float], Awaitable[None]]


class RateLimiter:
    """Spaces sends at least 1/per_second apart and honours Retry-After blocks."""

    def __init__(
        self,
        per_second: float,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._interval = 1 / per_second if per_second > 0 else 0.0
        self._monotonic = monotonic
        self._sleep = sleep
        self._next_free = 0.0
        self._lock = asyncio.Lock()

    def wait_seconds(self) -> float:
        """How long the next send would wait now (pacing, or a Retry-After block)."""
        return max(0.0, self._next_free - self._monotonic())

    async def acquire(self) -> None:
        """Wait until the next send is allowed, and claim that slot."""
        async with self._lock:
            wait = self._next_free - self._monotonic()
            if wait > 0:
                await self._sleep(wait)
            self._next_free = max(self._next_free, self._monotonic()) + self._interval

    def block_for(self, seconds: float) -> None:
        """The platform asked us to wait: nothing is sent for `seconds`."""
        self._next_free = max(self._next_free, self._monotonic() + seconds)
