"""In-memory fakes for the outbound port: they record what was sent."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from bot.bootstrap import PLATFORMS
from bot.settings import load_settings
from core.context import Options
from core.messages import Reply
from core.ports import Address, DeliveryError, PostPart, RateLimited, one_part


class FakeMessenger:
    """Records every DM and channel post; can be told to rate-limit the first DMs, or to
    fail parts of channel posts (`fail_parts`: part index -> times it fails)."""

    send_timeout = 10.0

    def __init__(self, platform: str = "console", now: Callable[[], float] | None = None) -> None:
        self.platform = platform
        self.sent: dict[Address, list[Reply]] = defaultdict(list)
        self.posts: dict[tuple[str, str], list[tuple[Reply, list[Reply]]]] = defaultdict(list)
        self.send_times: list[float] = []
        self.rejections = 0
        self.limit_next = 0
        self.retry_after = 1.0
        self.fail_parts: dict[int, int] = {}
        self._threads: dict[str, list[Reply]] = {}
        self._now = now
        self._lock = threading.Lock()

    def dm_parts(self, to: Address, reply: Reply, channel: str | None = None) -> Sequence[PostPart]:
        """A DM in one part: send_dm (which tests override to add faults)."""
        return one_part(self.send_dm, to, reply)

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

    def channel_post(
        self, workspace_id: str, channel_id: str, reply: Reply, details: Sequence[Reply] = ()
    ) -> Sequence[PostPart]:
        """The post, then each detail in its thread: `posts` shows them as (post, thread)."""
        return [
            self._part(workspace_id, channel_id, n, message)
            for n, message in enumerate((reply, *details))
        ]

    def _part(self, workspace_id: str, channel_id: str, index: int, message: Reply) -> PostPart:
        async def send(thread: str | None) -> str | None:
            with self._lock:
                if self.fail_parts.get(index, 0) > 0:
                    self.fail_parts[index] -= 1
                    self.rejections += 1
                    raise DeliveryError("upstream 502")
                if index > 0:
                    assert thread in self._threads and thread is not None, (
                        f"part {index} unthreaded"
                    )
                    self._threads[thread].append(message)
                    return None
                ref = f"{channel_id}/{len(self._threads) + 1}"
                self._threads[ref] = []
                self.posts[(workspace_id, channel_id)].append((message, self._threads[ref]))
                return ref

        return send

    async def post_to_channel(
        self, workspace_id: str, channel_id: str, reply: Reply, details: Sequence[Reply] = ()
    ) -> None:
        """Post every part at once, for tests that post without a sender."""
        thread: str | None = None
        for part in self.channel_post(workspace_id, channel_id, reply, details):
            thread = thread or await part(thread)

    async def user_timezone(self, to: Address) -> str | None:
        """The fake platform knows no zones."""
        return None

    def total(self) -> int:
        """How many DMs were delivered."""
        return sum(len(replies) for replies in self.sent.values())


class FakeTime:
    """Real time for the senders (monotonic, wall and sleep) that only moves when slept;
    it can drive a ManualClock too (`on_advance`), or leave the simulated clock alone."""

    EPOCH = datetime(2026, 1, 1, tzinfo=UTC)

    def __init__(self, on_advance: Callable[[float], None] | None = None) -> None:
        self.now = 0.0
        self._on_advance = on_advance

    def monotonic(self) -> float:
        """The fake monotonic clock."""
        return self.now

    def wall(self) -> datetime:
        """The fake real UTC time: leases and retry times."""
        return self.EPOCH + timedelta(seconds=self.now)

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
