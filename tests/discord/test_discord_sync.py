"""`coachbot discord sync`: the command tree registered with Discord, globally or per guild."""

from __future__ import annotations

import asyncio

from adapters.discord.app import make_client, sync_commands
from core.coach import Coach
from tests.discord.fake_discord import APPLICATION_ID, BOT_TOKEN, FakeDiscord, use_fake_api


def test_sync_registers_every_command_group(coach: Coach) -> None:
    async def body() -> None:
        async with FakeDiscord() as fake:
            with use_fake_api(fake):
                synced = await sync_commands(make_client(coach), BOT_TOKEN, None)
                guild = await sync_commands(make_client(coach), BOT_TOKEN, 7000)
            (glob,) = fake.calls_to("PUT", f"/applications/{APPLICATION_ID}/commands")
            names = {c["name"] for c in glob.json}
            assert names == {
                "goal",
                "checkin",
                "remind",
                "digest",
                "coach",
                "win",
                "journal",
                "progress",
            }
            assert synced == guild == len(names)
            (per_guild,) = fake.calls_to(
                "PUT", f"/applications/{APPLICATION_ID}/guilds/7000/commands"
            )
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

    asyncio.run(body())
