"""Heavy data through the fake Discord, which refuses what Discord refuses (its OpenAPI
schema and documented limits): 30 goals with long titles, 25 wins near the length limit,
mention injection and Markdown-dense text, on /progress (and its chart), lists, the brag
export and the team digest. Nothing is refused, and nothing a member wrote pings."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import select

from adapters.discord.messenger import DiscordMessenger
from core.coach import Coach
from core.parsing import LIMITS
from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory
from core.storage.models import Delivery, DeliveryStatus
from core.time.clock import ManualClock
from tests.discord.coachbot_harness import Coachbot, coachbot_session
from tests.discord.fake_discord import Call
from tests.discord.harness import GUILD_ID, add_guild, guild_payload
from tests.discord.test_discord_limits import coach_do, set_digest
from tests.fakes import OPTIONS

NASTY = "@everyone @here <@42> <@&7> <#2042> *bold* __u__ ~~x~~ `code` > q || spoiler || "
FRIDAY_4PM = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
WRITES = ("POST", "PATCH")


def _padded(prefix: str, length: int) -> str:
    text = f"{prefix} {NASTY}"
    return (text * (length // len(text) + 1))[:length].rstrip()


async def _seed(bot: Coachbot) -> None:
    for n in range(1, 31):
        title = _padded(f"Goal {n:02d}", LIMITS["title"] - 40)
        await coach_do(bot, f"/goal add {title} by 2027-{(n - 1) % 12 + 1:02d}-28 --share")
    for n in range(1, 26):
        text = _padded(f"Win {n:02d} #launch", LIMITS["win"] - 40)
        await bot.command("win", {"text": text, "share": True}, guild_id=GUILD_ID)


def _message_writes(calls: list[Call]) -> list[Call]:
    """Every message coachbot sent or edited: channel messages, interaction answers,
    follow-ups and edits of the original."""
    return [
        c
        for c in calls
        if c.method in WRITES
        and (
            "/messages" in c.path or c.path.endswith("/callback") or c.path.startswith("/webhooks")
        )
    ]


def _pings(call: Call) -> bool:
    """Whether Discord would notify anyone for this body: mentions are parsed unless the
    body says none may be."""
    body = call.json if isinstance(call.json, dict) else {}
    data = body.get("data", body) if call.path.endswith("/callback") else body
    if not isinstance(data, dict) or not (data.get("content") or data.get("embeds")):
        return False
    allowed = data.get("allowed_mentions")
    return allowed is None or bool(allowed.get("parse")) or bool(allowed.get("users"))


def test_heavy_and_hostile_data_passes_discords_rules_everywhere(
    coach: Coach, sessions: SessionFactory, clock: ManualClock, prompts: PromptLibrary
) -> None:
    async def scenario(bot: Coachbot) -> None:
        add_guild(bot.client, guild_payload(GUILD_ID, name="Team"))
        await set_digest(bot)
        await _seed(bot)
        for command in ("/progress", "/progress chart", "/goal list", "/goal show 30"):
            await coach_do(bot, command)
        await coach_do(bot, "/win list")
        await coach_do(bot, "/coach export brag")
        await bot.command("checkin", {"rule": "daily 10:00"}, subcommand="set")
        clock.set(FRIDAY_4PM)
        await asyncio.to_thread(Dispatcher(sessions, clock).tick)
        messenger = DiscordMessenger(bot.client)
        sender = Sender(sessions, clock, prompts, {"discord": messenger}, "w", options=OPTIONS)
        await sender.drain()
        refused = [(c.method, c.path, c.response) for c in bot.fake.calls if c.status >= 400]
        assert refused == []
        writes = _message_writes(bot.fake.calls)
        assert len(writes) > 60
        assert [c.path for c in writes if _pings(c)] == []

    async def main() -> None:
        async with coachbot_session(coach) as bot:
            await scenario(bot)

    asyncio.run(asyncio.wait_for(main(), timeout=120))
    with sessions() as session:
        statuses = {
            kind: status for kind, status in session.execute(select(Delivery.kind, Delivery.status))
        }
    assert statuses["digest"] == DeliveryStatus.SENT
