"""Removing the app from a workspace (app_uninstalled, tokens_revoked): its tokens are
deleted, what was queued for it is cancelled and recorded, and nothing more is sent there."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select, text

from core.coach import Coach
from core.context import MemberRef
from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory
from core.storage.models import Delivery, DeliveryStatus, Member
from core.time.clock import ManualClock
from tests.fakes import OPTIONS
from tests.slack.fake_slack import INSTALLED_TOKEN, FakeSlack
from tests.slack.harness import SlackHarness, eventually, install

ACME = MemberRef("slack", "T0002", "U0ACME")
ACME_ADMIN = MemberRef("slack", "T0002", "U0BOSS")
ALICE = MemberRef("slack", "T0001", "U0ALICE")
TEN_AM = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _queue(coach: Coach, sessions: SessionFactory, clock: ManualClock) -> None:
    """Check-ins due in both workspaces, and a digest due in the one that leaves."""
    for who in (ACME, ALICE):
        coach.handle(who, "/checkin set daily 10:00")
    coach.handle(ACME, "/win Shipped the importer --share")
    coach.handle(ACME_ADMIN, "/digest set <#C0ACME|acme> daily 10:00 UTC", admin=True)
    clock.set(TEN_AM)
    Dispatcher(sessions, clock).tick()


def _statuses(sessions: SessionFactory, workspace: str) -> list[tuple[str, str, str | None]]:
    with sessions() as session:
        rows = session.execute(
            select(Delivery.kind, Delivery.status, Delivery.reason, Member.workspace_id)
            .outerjoin(Member, Delivery.member_id == Member.id)
            .order_by(Delivery.id)
        ).all()
    return [
        (kind, status, reason)
        for kind, status, reason, space in rows
        if space == workspace or (space is None and workspace == "T0002")
    ]


def _tokens(engine: Engine, team: str) -> int:
    with engine.connect() as conn:
        bots = conn.scalar(text("select count(*) from slack_bots where team_id = :t"), {"t": team})
        users = conn.scalar(
            text("select count(*) from slack_installations where team_id = :t"), {"t": team}
        )
    return int(bots or 0) + int(users or 0)


@pytest.mark.parametrize("event", ["event_app_uninstalled", "event_tokens_revoked"])
def test_a_workspace_that_removes_the_app_gets_nothing_more(
    event: str,
    coach: Coach,
    engine: Engine,
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
) -> None:
    _queue(coach, sessions, clock)

    async def body() -> None:
        async with FakeSlack() as fake, SlackHarness(coach, engine, fake, oauth=True) as slack:
            await install(slack)
            assert _tokens(engine, "T0002") == 2
            fake.uninstall("T0002")  # Slack revokes the tokens, then tells us
            status, _ = await slack.event(event)
            assert status == 200
            await eventually(lambda: _tokens(engine, "T0002") == 0)
            await eventually(
                lambda: all(s != "pending" for _, s, _ in _statuses(sessions, "T0002"))
            )
            sender = Sender(
                sessions, clock, prompts, {"slack": slack.front.messenger}, "w1", options=OPTIONS
            )
            fake.clear()
            await sender.drain()
            clock.advance(timedelta(days=1))
            Dispatcher(sessions, clock).tick()
            await sender.drain()
            assert [c.method for c in fake.calls if c.token == INSTALLED_TOKEN] == []

    queued = _statuses(sessions, "T0002")
    assert [(kind, status) for kind, status, _ in queued] == [
        ("checkin", "pending"),
        ("digest", "pending"),
    ]
    asyncio.run(body())
    left = _statuses(sessions, "T0002")
    cancelled, later = left[: len(queued)], left[len(queued) :]
    assert all(s == DeliveryStatus.SKIPPED and "removed" in str(r) for _, s, r in cancelled)
    assert later and all(s == DeliveryStatus.FAILED and r for _, s, r in later)
    # The other workspace is not touched by the removal (it is not installed in this
    # harness, so its sends fail for that reason, not because of another team's uninstall).
    other = _statuses(sessions, "T0001")
    assert other and not any("removed" in str(r) for _, _, r in other)
