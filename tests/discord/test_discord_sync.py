"""`coachbot discord sync`: the command tree registered with Discord, globally or per guild;
a global sync removes the guild copies, so no guild lists a command twice."""

from __future__ import annotations

import asyncio

from adapters.discord.app import make_client
from adapters.discord.sync import SyncReport, sync_commands
from bot.run_discord import sync_summary
from core.coach import Coach
from tests.discord.fake_discord import APPLICATION_ID, BOT_TOKEN, FakeDiscord, use_fake_api

COMMANDS = {
    "goal",
    "checkin",
    "remind",
    "digest",
    "coach",
    "win",
    "journal",
    "progress",
    "commit",
    "partner",
}
GLOBAL = f"/applications/{APPLICATION_ID}/commands"


def guild_commands(guild_id: int) -> str:
    return f"/applications/{APPLICATION_ID}/guilds/{guild_id}/commands"


def test_sync_registers_every_command_group(coach: Coach) -> None:
    async def body() -> None:
        async with FakeDiscord() as fake:
            with use_fake_api(fake):
                synced = await sync_commands(make_client(coach), BOT_TOKEN, None)
                guild = await sync_commands(make_client(coach), BOT_TOKEN, 7000)
            (glob,) = fake.calls_to("PUT", GLOBAL)
            names = {c["name"] for c in glob.json}
            assert names == COMMANDS
            assert set(synced.commands) == set(guild.commands) == names
            (per_guild,) = fake.calls_to("PUT", guild_commands(7000))
            goal = next(c for c in per_guild.json if c["name"] == "goal")
            subcommands = {o["name"] for o in goal["options"]}
            assert subcommands == {
                "add",
                "list",
                "show",
                "edit",
                "done",
                "drop",
                "progress",
                "milestone",
                "share",
            }
            commit = next(c for c in per_guild.json if c["name"] == "commit")
            assert {o["name"] for o in commit["options"]} == {
                "add",
                "list",
                "done",
                "partly",
                "missed",
                "move",
                "drop",
                "edit",
            }

    asyncio.run(body())


def test_a_global_sync_removes_the_guild_copies_of_a_guild_sync(coach: Coach) -> None:
    """The README's order: try it in one guild, then go global; the guild must not list
    every command twice (its copies and the global ones)."""

    async def body() -> tuple[SyncReport, SyncReport]:
        async with FakeDiscord() as fake:
            fake.join_guild(7000)
            fake.join_guild(7100)  # a guild with only the global commands
            fake.join_guild(7200)  # one that grants the app no command access
            fake.deny_commands(7200)
            with use_fake_api(fake):
                trial = await sync_commands(make_client(coach), BOT_TOKEN, 7000)
                assert {c["name"] for c in fake.commands[7000]} == COMMANDS
                live = await sync_commands(make_client(coach), BOT_TOKEN, None)
            assert {c["name"] for c in fake.commands[None]} == COMMANDS
            assert fake.commands[7000] == []  # only the global commands remain there
            assert [c.json for c in fake.calls_to("PUT", guild_commands(7000))][-1] == []
            assert not fake.calls_to("PUT", guild_commands(7100))  # nothing to clear there
            return trial, live

    trial, live = asyncio.run(body())
    assert live.cleared == (7000,)
    assert not trial.also_global
    summary = sync_summary(live)
    assert summary[0].startswith("Registered 10 commands globally")
    assert "/goal" in summary[0] and "/digest" in summary[0]
    assert summary[1] == "Removed the guild copies from 1 guild: 7000."


def test_a_guild_sync_after_a_global_one_warns_of_doubles(coach: Coach) -> None:
    async def body() -> SyncReport:
        async with FakeDiscord() as fake:
            with use_fake_api(fake):
                await sync_commands(make_client(coach), BOT_TOKEN, None)
                return await sync_commands(make_client(coach), BOT_TOKEN, 7000)

    report = asyncio.run(body())
    assert report.also_global
    assert "lists each command twice" in " ".join(sync_summary(report))


def test_guild_listing_pages_like_discord(coach: Coach) -> None:
    """More guilds than one page of GET /users/@me/guilds (200): every copy is found."""

    async def body() -> tuple[SyncReport, FakeDiscord]:
        async with FakeDiscord() as fake:
            for guild in range(8000, 8201):
                fake.join_guild(guild)
            with use_fake_api(fake):
                await sync_commands(make_client(coach), BOT_TOKEN, 8200)
                return await sync_commands(make_client(coach), BOT_TOKEN, None), fake

    report, fake = asyncio.run(body())
    assert report.cleared == (8200,)
    assert len(fake.calls_to("GET", "/users/@me/guilds")) == 2
