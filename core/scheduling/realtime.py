"""Real time for leases, send timeouts and backoff, apart from the member-facing Clock.

The Clock says what time it is for members (and may be a ManualClock, or run fast in the
demo). How long a lease lasts, how long a platform may take and how long to back off are
about real seconds: they run on this, so a simulated clock can neither expire a lease
early nor cut a backoff short.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Protocol


class RealTime(Protocol):
    """Real time as the senders need it; tests pass one they control."""

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps, for waits inside one process."""
        ...

    def wall(self) -> datetime:
        """The real UTC time, for leases and retry times other processes compare with."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds` of real time."""
        ...


class SystemTime:
    """The machine's clocks."""

    def monotonic(self) -> float:
        """time.monotonic()."""
        return time.monotonic()

    def wall(self) -> datetime:
        """The system's UTC time."""
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        """asyncio.sleep."""
        await asyncio.sleep(seconds)


SYSTEM_TIME = SystemTime()
