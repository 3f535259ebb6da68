"""Members whose privacy settings refuse DMs from the bot (Discord 50007): `/checkin set`
tells them in its ephemeral answer how to allow DMs, and check-ins that cannot reach them
are recorded as failed with that reason at once, never retried."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from adapters.discord.messenger import DMS_CLOSED_REASON, DiscordMessenger
from core.coach import Coach
from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory
from core.storage.models import Delivery, DeliveryStatus, Member
from core.time.clock import ManualClock
from tests.discord.coachbot_harness import Coachbot, embed_text, run_scenario
from tests.discord.fake_discord import EPHEMERAL, dm_channel_id
from tests.discord.harness import GUILD_ID, USER_ID
from tests.fakes import OPTIONS

DM_MESSAGES = f"/channels/{dm_channel_id(USER_ID)}/messages"
MINE = Member.user_id == str(USER_ID)


def test_checkin_set_tells_a_member_who_refuses_dms_how_to_allow_them(
    coach: Coach, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario(bot: Coachbot) -> None:
        bot.fake.refuse_dms(USER_ID)
        answer = await bot.command(
            "checkin", {"rule": "daily 10:00"}, subcommand="set", guild_id=GUILD_ID
        )
        text = embed_text(answer)
        assert "Check-ins set: every day at 10:00" in text
        assert "Check-ins can't reach you" in text
        assert "Privacy Settings" in text and "Direct Messages" in text
        assert answer["flags"] == EPHEMERAL
        [welcome] = bot.fake.calls_to("POST", DM_MESSAGES)
        assert welcome.status == 403 and welcome.response["code"] == 50007

    with caplog.at_level(logging.WARNING):
        run_scenario(coach, scenario)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # no unhandled error


def test_checkin_set_says_nothing_more_when_the_dm_opens(coach: Coach) -> None:
    async def scenario(bot: Coachbot) -> None:
        answer = await bot.command("checkin", {"rule": "daily 10:00"}, subcommand="set")
        assert "can't reach you" not in embed_text(answer)
        [welcome] = bot.fake.calls_to("POST", DM_MESSAGES)
        assert welcome.status == 200

    run_scenario(coach, scenario)


def test_a_checkin_to_a_member_who_refuses_dms_fails_once_with_the_reason(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    async def scenario(bot: Coachbot) -> None:
        await bot.command("checkin", {"rule": "daily 10:00"}, subcommand="set")
        bot.fake.refuse_dms(USER_ID)  # they change their settings after the welcome
        clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
        assert (await asyncio.to_thread(Dispatcher(sessions, clock).tick)).queued == 1
        messengers = {"discord": DiscordMessenger(bot.client)}
        sender = Sender(sessions, clock, prompts, messengers, "test-worker", options=OPTIONS)
        assert await sender.drain() == 0
        assert await sender.drain() == 0  # nothing left to retry
        welcome, refused = bot.fake.calls_to("POST", DM_MESSAGES)
        assert (welcome.status, refused.status) == (200, 403)

    run_scenario(coach, scenario)
    with sessions() as session:
        [delivery] = session.scalars(select(Delivery).where(Delivery.kind == "checkin"))
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.reason == DMS_CLOSED_REASON
    assert delivery.attempts == 1


def test_a_checkin_uses_the_kept_dm_channel_and_replaces_one_that_is_gone(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    """Issue 14: a DM goes to the channel kept on the member (no user lookup, no
    create_dm); one Discord no longer knows is opened again, and the new one kept."""
    gone = 4242

    async def scenario(bot: Coachbot) -> None:
        await bot.command("checkin", {"rule": "daily 10:00"}, subcommand="set")
        bot.fake.channel_gone(gone)
        with sessions.begin() as session:
            session.execute(update(Member).where(MINE).values(dm_channel_id=str(gone)))
        messengers = {"discord": DiscordMessenger(bot.client)}
        sender = Sender(sessions, clock, prompts, messengers, "test-worker", options=OPTIONS)
        for day in (23, 24):
            clock.set(datetime(2026, 11, day, 10, 0, tzinfo=UTC))
            assert (await asyncio.to_thread(Dispatcher(sessions, clock).tick)).queued == 1
            assert await sender.drain() == 1
        [refused] = bot.fake.calls_to("POST", f"/channels/{gone}/messages")
        assert refused.status == 404
        _welcome, first, second = bot.fake.calls_to("POST", DM_MESSAGES)
        assert first.status == second.status == 200
        assert len(bot.fake.calls_to("POST", "/users/@me/channels")) <= 1

    run_scenario(coach, scenario)
    with sessions() as session:
        kept = session.scalars(select(Member.dm_channel_id).where(MINE)).all()
    assert kept == [str(dm_channel_id(USER_ID))]
