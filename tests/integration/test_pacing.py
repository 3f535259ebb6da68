"""Pacing per (platform, workspace, channel): DMs to different members go out as fast as
their workspace's ceiling allows, a workspace's backlog or 429 never delays another's,
and the parts of one channel post keep the per-channel pace. Times are the senders' real
time, faked (it only moves when the sender sleeps)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from core.coach import Coach
from core.context import MemberRef
from core.messages import Reply
from core.ports import Address, PostPart, RateLimited
from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.ratelimit import Pace
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory
from core.time.clock import ManualClock
from tests.fakes import OPTIONS, FakeMessenger, FakeTime
from tests.integration.test_delivery_faults import _queue_digest

SLACK_LIKE = Pace(channel=1, workspace=5, platform=0)


class Timed(FakeMessenger):
    """Notes when each DM and each part of a post arrived, and where; the first DMs to
    `limited_workspace` are answered 429 `limited` times."""

    def __init__(self, fake_time: FakeTime) -> None:
        super().__init__("console", fake_time.monotonic)
        self.fake_time = fake_time
        self.arrivals: list[tuple[float, str, str]] = []  # (time, workspace, user or channel)
        self.limited_workspace = ""
        self.limited = 0

    async def send_dm(self, to: Address, reply: Reply) -> None:
        if to.workspace_id == self.limited_workspace and self.limited > 0:
            self.limited -= 1
            raise RateLimited(5.0)
        self.arrivals.append((self.fake_time.now, to.workspace_id, to.user_id))
        await super().send_dm(to, reply)

    def channel_post(
        self, workspace_id: str, channel_id: str, reply: Reply, details: Sequence[Reply] = ()
    ) -> Sequence[PostPart]:
        def timed(part: PostPart) -> PostPart:
            async def send(thread: str | None) -> str | None:
                self.arrivals.append((self.fake_time.now, workspace_id, channel_id))
                return await part(thread)

            return send

        return [timed(p) for p in super().channel_post(workspace_id, channel_id, reply, details)]

    def times(self, workspace: str) -> list[float]:
        return [t for t, w, _ in self.arrivals if w == workspace]


def _queue(coach: Coach, clock: ManualClock, sessions: SessionFactory, **members: int) -> None:
    """`members` check-ins due at once in each workspace (A=10, B=2, ...)."""
    for workspace, n in members.items():
        for i in range(n):
            ref = MemberRef("console", workspace, f"{workspace.lower()}{i}")
            coach.handle(ref, "/checkin set daily 10:00")
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    assert Dispatcher(sessions, clock).tick().queued == sum(members.values())


def _drain(
    sessions: SessionFactory, clock: ManualClock, prompts: PromptLibrary, pace: Pace
) -> Timed:
    platform = Timed(FakeTime())
    _run(sessions, clock, prompts, pace, platform)
    return platform


def _run(
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
    pace: Pace,
    platform: Timed,
    rounds: int = 1,
) -> int:
    sender = Sender(
        sessions,
        clock,
        prompts,
        {"console": platform},
        "w1",
        pace={"console": pace},
        realtime=platform.fake_time,
        options=OPTIONS,
    )
    sent = 0
    for _ in range(rounds):
        sent += asyncio.run(sender.drain())
        asyncio.run(platform.fake_time.sleep(10))  # past a Retry-After
    return sent


def test_dms_to_members_are_paced_by_their_workspace_not_one_a_second(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    """Each DM is its own channel: ten members at 5 a second take 1.8 s, not 9 s."""
    _queue(coach, clock, sessions, A=10)
    platform = _drain(sessions, clock, prompts, SLACK_LIKE)
    times = platform.times("A")
    assert len(times) == 10
    assert max(times) - min(times) == pytest.approx(1.8)
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.2 - 1e-9


def test_a_workspace_at_its_ceiling_does_not_delay_another(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    """A's ten check-ins are queued first; B's two go out while A waits for its pace."""
    _queue(coach, clock, sessions, A=10, B=2)
    platform = _drain(sessions, clock, prompts, Pace(channel=1, workspace=1, platform=0))
    assert len(platform.times("A")) == 10
    assert max(platform.times("A")) == pytest.approx(9.0)
    assert max(platform.times("B")) <= 1.0  # not after A's 9 s backlog


@pytest.mark.parametrize(("in_a", "in_b"), [(3, 3), (60, 2)])  # in one batch, and beyond
def test_a_rate_limited_workspace_waits_and_the_others_go_on(
    coach: Coach,
    clock: ManualClock,
    sessions: SessionFactory,
    prompts: PromptLibrary,
    in_a: int,
    in_b: int,
) -> None:
    _queue(coach, clock, sessions, A=in_a, B=in_b)
    platform = Timed(FakeTime())
    platform.limited_workspace, platform.limited = "A", 1
    assert _run(sessions, clock, prompts, SLACK_LIKE, platform, rounds=4) == in_a + in_b
    assert max(platform.times("B")) < 5.0  # while A waited out its Retry-After
    assert min(platform.times("A")) >= 5.0


def test_the_parts_of_one_channel_post_keep_the_channel_pace(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    _queue_digest(coach, clock, sessions)
    platform = _drain(sessions, clock, prompts, SLACK_LIKE)
    parts = [t for t, _, where in platform.arrivals if where == "team"]
    assert len(parts) >= 2
    assert min(b - a for a, b in itertools.pairwise(parts)) >= 1.0


def test_a_backlog_larger_than_a_batch_does_not_delay_another_workspace(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    """A's 60 check-ins fill the first claimed batch (50 rows) and take 12 s at A's 5 a
    second; B's two are claimed and sent while A's wait, not after them."""
    _queue(coach, clock, sessions, A=60, B=2)
    platform = _drain(sessions, clock, prompts, SLACK_LIKE)
    assert len(platform.times("A")) == 60 and len(platform.times("B")) == 2
    assert max(platform.times("B")) <= 2.0
    assert max(platform.times("A")) == pytest.approx(11.8, abs=1.0)
