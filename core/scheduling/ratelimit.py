"""Pacing of sends: per channel (a DM is its own channel), under a ceiling per workspace
(or guild) and one for the whole platform, and a full stop while rate limited.

Pacing is per (platform, workspace, channel), not per platform: a member's check-in never
waits behind another workspace's backlog, and DMs to different members of a workspace go
out as fast as the workspace's ceiling allows. It runs on real (monotonic) time, never on
the member-facing clock.

Given a way to reserve shared slots (Sender: core.scheduling.sharedpace, on PostgreSQL),
the workspace and platform ceilings are shared by every worker: a send waits for its slot
there too, and what this pacer knows of a ceiling is what its last reservation returned.
Without one (SQLite, the console, benchmarks run unpaced) it is all in memory, and a pace
of 0 is never reserved: the unpaced path costs no statement.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

from core.ports import LimitScope

Sleep = Callable[[float], Awaitable[None]]
# A ceiling shared by every worker: the workspace it covers (PLATFORM_WIDE for the whole
# platform) and the seconds between two sends under it.
Ceiling = tuple[str, float]
PLATFORM_WIDE = ""
# Reserves the next shared slot of each ceiling for a send on a platform; returns how many
# seconds from now the send may go.
Reserve = Callable[[str, Sequence[Ceiling]], Awaitable[float]]
# Pacers kept for channels before the idle ones are dropped (a long-running worker sees
# every member's DM once a week).
KEPT_CHANNELS = 10_000


@dataclass(frozen=True)
class Pace:
    """A platform's limits, in messages a second (0 = no limit). The values come from the
    settings (config/defaults.toml, [send_pace.<platform>])."""

    channel: float
    workspace: float
    platform: float


UNPACED = Pace(channel=0, workspace=0, platform=0)


@dataclass(frozen=True)
class Where:
    """Where a send goes, as the platforms count it."""

    platform: str
    workspace: str
    channel: str


class RateLimiter:
    """Spaces sends at least 1/per_second apart and honours Retry-After blocks.

    A ceiling over a window (a workspace's, the platform's: "N a second", "several hundred
    a minute") lets a send that goes less than one interval late keep its slot, so the
    sender's own time between sends does not drag the rate below the ceiling (at most two
    go back to back, within the platforms' bursts); a channel's pace is strict spacing."""

    def __init__(
        self,
        per_second: float,
        monotonic: Callable[[], float] = time.monotonic,
        *,
        ceiling: bool = False,
    ) -> None:
        self._interval = 1 / per_second if per_second > 0 else 0.0
        self._monotonic = monotonic
        self._next_free = 0.0
        self._tolerance = self._interval if ceiling else 0.0

    @property
    def next_free(self) -> float:
        """When (monotonic) the next send may go."""
        return self._next_free

    @property
    def interval(self) -> float:
        """Seconds between two sends."""
        return self._interval

    def wait_seconds(self) -> float:
        """How long the next send would wait now (pacing, or a Retry-After block)."""
        return max(0.0, self._next_free - self._monotonic())

    def take(self) -> None:
        """Claim the next slot (after waiting wait_seconds())."""
        now = self._monotonic()
        on_time = now - self._next_free < self._tolerance
        start = self._next_free if on_time else max(now, self._next_free)
        self._next_free = start + self._interval

    def block_for(self, seconds: float) -> None:
        """The platform asked us to wait: nothing is sent for `seconds`."""
        self._next_free = max(self._next_free, self._monotonic() + seconds)


class Pacer:
    """The limiters of every channel, workspace and platform a sender sends to."""

    def __init__(
        self,
        paces: Mapping[str, Pace],
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        *,
        reserve: Reserve | None = None,
    ) -> None:
        self._paces = dict(paces)
        self._monotonic = monotonic
        self._sleep = sleep
        self._reserve = reserve
        self._platforms: dict[str, RateLimiter] = {}
        self._workspaces: dict[tuple[str, str], RateLimiter] = {}
        self._channels: dict[Where, RateLimiter] = {}

    def wait_seconds(self, where: Where) -> float:
        """How long a send there would wait now."""
        return max(limiter.wait_seconds() for limiter in self._limiters(where))

    async def acquire(self, where: Where) -> None:
        """Wait until a send there is allowed, and claim that slot (a shared one too: its
        reservation may raise the database's error)."""
        wait = self.wait_seconds(where)
        if wait > 0:
            await self._sleep(wait)
        ceilings = self._shared_ceilings(where)
        if ceilings:
            assert self._reserve is not None
            wait = await self._reserve(where.platform, ceilings)
            if wait > 0:
                await self._sleep(wait)
        for limiter in self._limiters(where):
            limiter.take()  # after the shared slot: this pacer now knows when the next is

    def projected_waits(self, wheres: Sequence[Where]) -> list[float]:
        """How long each of these sends, made in this order, would wait from now: the
        place in line of each at its channel's, workspace's and platform's pace."""
        now = self._monotonic()
        free: dict[int, float] = {}
        waits = []
        for where in wheres:
            limiters = self._limiters(where)
            start = max(free.get(id(r), r.next_free) for r in limiters)
            start = max(start, now)
            waits.append(start - now)
            for limiter in limiters:
                if limiter.interval:  # an unlimited one holds nobody back
                    free[id(limiter)] = start + limiter.interval
        return waits

    def block_for(self, where: Where, seconds: float, scope: LimitScope) -> None:
        """Rate limited: nothing more is sent for `seconds` to what the limit covers (the
        channel, the workspace, or the whole platform); everything else goes on."""
        platform, workspace, channel = self._limiters(where)
        limiter = {
            LimitScope.CHANNEL: channel,
            LimitScope.WORKSPACE: workspace,
            LimitScope.PLATFORM: platform,
        }[scope]
        limiter.block_for(seconds)

    def _shared_ceilings(self, where: Where) -> list[Ceiling]:
        """The ceilings reserved in the shared store for a send there: the workspace's
        first (the order every worker locks them in), then the platform's."""
        if self._reserve is None:
            return []
        pace = self._paces.get(where.platform, UNPACED)
        ceilings = [(where.workspace, pace.workspace), (PLATFORM_WIDE, pace.platform)]
        return [(scope, 1 / rate) for scope, rate in ceilings if rate > 0]

    def _limiters(self, where: Where) -> tuple[RateLimiter, RateLimiter, RateLimiter]:
        pace = self._paces.get(where.platform, UNPACED)
        platform = self._platforms.get(where.platform)
        if platform is None:
            platform = self._platforms[where.platform] = self._new(pace.platform, ceiling=True)
        space = (where.platform, where.workspace)
        workspace = self._workspaces.get(space)
        if workspace is None:
            workspace = self._workspaces[space] = self._new(pace.workspace, ceiling=True)
        channel = self._channels.get(where)
        if channel is None:
            self._forget_idle()
            channel = self._channels[where] = self._new(pace.channel)
        return platform, workspace, channel

    def _new(self, per_second: float, *, ceiling: bool = False) -> RateLimiter:
        return RateLimiter(per_second, self._monotonic, ceiling=ceiling)

    def _forget_idle(self) -> None:
        """Drop the channels (and workspaces) nothing waits on any more."""
        if len(self._channels) < KEPT_CHANNELS:
            return
        self._channels = {w: r for w, r in self._channels.items() if r.wait_seconds() > 0}
        self._workspaces = {s: r for s, r in self._workspaces.items() if r.wait_seconds() > 0}
