"""Two guilds, one bot: what a member shares in one guild stays out of the other's digest,
and a digest can only be pointed at a channel of the admin's own guild, as Discord (its
guild cache, else its API) says, whatever the id looks like. Against the fake Discord, on
SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import discord
from sqlalchemy import select

from adapters.discord.messenger import DiscordMessenger
from core.coach import Coach
from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory
from core.storage.models import Delivery, DeliveryStatus, Digest
from core.time.clock import ManualClock
from tests.discord.coachbot_harness import Coachbot, answer_of, coachbot_session, embed_text
from tests.discord.harness import (
    CHANNEL_ID,
    GUILD_ID,
    MEMBER_PERMISSIONS,
    add_guild,
    guild_payload,
    option,
    text_channel,
)
from tests.fakes import OPTIONS

OTHER_GUILD, OTHER_CHANNEL = 8000, 8001  # the bot is in this guild too
UNCACHED_CHANNEL = 8002  # in the other guild, known to Discord's API but not to the cache
ADMIN = str(int(MEMBER_PERMISSIONS) | discord.Permissions(manage_guild=True).value)
FRIDAY_4PM = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)


def run(coach: Coach, scenario: object) -> None:
    """Run a scenario with the bot in two guilds (each with one text channel)."""

    async def main() -> None:
        async with coachbot_session(coach) as bot:
            add_guild(bot.client, guild_payload(GUILD_ID, name="First"))
            channels = [text_channel(OTHER_CHANNEL, OTHER_GUILD, name="elsewhere")]
            add_guild(bot.client, guild_payload(OTHER_GUILD, name="Second", channels=channels))
            bot.fake.add_channel(text_channel(UNCACHED_CHANNEL, OTHER_GUILD, name="hidden"))
            await scenario(bot)  # type: ignore[operator]

    asyncio.run(asyncio.wait_for(main(), timeout=30))


async def coach_do(bot: Coachbot, command: str, guild: int = GUILD_ID, admin: bool = True) -> str:
    """``/coach do command:<command>`` in a guild, as its admin (Manage Server) or not."""
    channel = CHANNEL_ID if guild == GUILD_ID else OTHER_CHANNEL
    perms = ADMIN if admin else MEMBER_PERMISSIONS
    result = await bot.slash(
        "coach",
        {"command": command},
        subcommand="do",
        guild_id=guild,
        channel_id=channel,
        member_permissions=perms,
    )
    return embed_text(await answer_of(bot.fake, result))


def digests(sessions: SessionFactory) -> list[tuple[str, str, str]]:
    with sessions() as session:
        rows = session.scalars(select(Digest).order_by(Digest.id))
        return [(d.workspace_id, d.channel_id, d.channel_name) for d in rows]


def test_a_digest_channel_must_be_in_the_admins_guild(
    coach: Coach, sessions: SessionFactory
) -> None:
    async def scenario(bot: Coachbot) -> None:
        for channel in (OTHER_CHANNEL, UNCACHED_CHANNEL, 999999):
            text = await coach_do(bot, f"/digest set <#{channel}> weekly fri 16:00 UTC")
            assert "not a channel of this server" in text, text
        assert digests(sessions) == []
        # Not an admin: the core's refusal, and Discord is not even asked.
        assert "Only workspace admins" in await coach_do(
            bot, f"/digest set <#{CHANNEL_ID}> weekly fri 16:00", admin=False
        )
        ok = await coach_do(bot, f"/digest set <#{CHANNEL_ID}> weekly fri 16:00 UTC")
        assert "Digest for #general" in ok  # named as Discord names it
        # The typed option: discord.py resolves it in this guild's cache; checked all the same.
        typed = await bot.slash(
            "digest",
            [option("channel", str(CHANNEL_ID), 7), option("rule", "daily 09:00")],
            subcommand="set",
            guild_id=GUILD_ID,
            member_permissions=ADMIN,
            resolved={"channels": {str(CHANNEL_ID): _resolved(CHANNEL_ID, GUILD_ID)}},
        )
        assert "every day at 09:00" in embed_text(await answer_of(bot.fake, typed))

    run(coach, scenario)
    assert digests(sessions) == [(str(GUILD_ID), str(CHANNEL_ID), "general")]


def _resolved(channel_id: int, guild_id: int) -> dict[str, object]:
    """A channel as an interaction's resolved data carries it."""
    return {
        "id": str(channel_id),
        "name": "general",
        "type": 0,
        "guild_id": str(guild_id),
        "permissions": ADMIN,
        "parent_id": None,
        "flags": 0,
    }


def test_each_guilds_digest_shows_only_what_was_shared_there(
    coach: Coach, sessions: SessionFactory, clock: ManualClock, prompts: PromptLibrary
) -> None:
    async def scenario(bot: Coachbot) -> None:
        await coach_do(bot, f"/digest set <#{CHANNEL_ID}> weekly fri 16:00 UTC")
        await coach_do(bot, f"/digest set <#{OTHER_CHANNEL}> weekly fri 16:00 UTC", OTHER_GUILD)
        for guild, text in ((GUILD_ID, "Closed the First-only deal"), (OTHER_GUILD, "Spoke")):
            await bot.command("win", {"text": text, "share": True}, guild_id=guild)
        clock.set(FRIDAY_4PM)
        await asyncio.to_thread(Dispatcher(sessions, clock).tick)
        messengers = {"discord": DiscordMessenger(bot.client)}
        sender = Sender(sessions, clock, prompts, messengers, "test-worker", options=OPTIONS)
        await sender.drain()
        first = _channel_text(bot, CHANNEL_ID)
        second = _channel_text(bot, OTHER_CHANNEL)
        assert "Closed the First-only deal" in first and "Spoke" not in first
        assert "Spoke" in second and "First-only" not in second

    run(coach, scenario)


def _channel_text(bot: Coachbot, channel_id: int) -> str:
    """What the bot posted to a channel itself (not its answers to commands there)."""
    posts = bot.fake.calls_to("POST", f"/channels/{channel_id}/messages")
    assert posts, f"nothing posted to {channel_id}"
    return "\n".join(embed_text(call.json) for call in posts)


def test_a_digest_set_up_before_the_check_never_posts_into_another_guild(
    coach: Coach, sessions: SessionFactory, clock: ManualClock, prompts: PromptLibrary
) -> None:
    async def scenario(bot: Coachbot) -> None:
        await coach_do(bot, f"/digest set <#{CHANNEL_ID}> weekly fri 16:00 UTC")
        with sessions.begin() as session:  # pointed at the other guild's channel, as it could be
            session.scalars(select(Digest)).one().channel_id = str(OTHER_CHANNEL)
        await bot.command("win", {"text": "Closed the First-only deal", "share": True})
        clock.set(FRIDAY_4PM)
        await asyncio.to_thread(Dispatcher(sessions, clock).tick)
        messengers = {"discord": DiscordMessenger(bot.client)}
        sender = Sender(sessions, clock, prompts, messengers, "test-worker", options=OPTIONS)
        await sender.drain()
        assert bot.fake.calls_to("POST", f"/channels/{OTHER_CHANNEL}/messages") == []

    run(coach, scenario)
    with sessions() as session:
        delivery = session.scalars(select(Delivery).where(Delivery.kind == "digest")).one()
    assert delivery.status == DeliveryStatus.FAILED and "not in" in (delivery.reason or "")
