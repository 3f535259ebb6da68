"""Partners on Discord: /partner invite with a user option in a server, the invitation DM
with Accept / Decline buttons, the weekly note's Cheer and Nudge, through the fake Discord."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from adapters.discord.messenger import DiscordMessenger
from core.coach import Coach
from core.context import MemberRef
from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory
from core.storage.models import Member, Membership, Partner
from core.time.clock import ManualClock
from tests.discord.coachbot_harness import (
    Coachbot,
    answer_of,
    buttons_of,
    check_limits,
    embed_text,
)
from tests.discord.coachbot_harness import run_scenario as run
from tests.discord.fake_discord import dm_channel_id
from tests.discord.harness import GUILD_ID, USER_ID, component, option
from tests.fakes import OPTIONS

DANA_ID = 222
DANA = {
    "id": str(DANA_ID),
    "username": "dana",
    "discriminator": "0",
    "global_name": "Dana",
    "avatar": None,
}


def _user_option(user: dict[str, Any]) -> dict[str, Any]:
    return {"options": [option("user", user["id"], 6)], "resolved": {"users": {user["id"]: user}}}


async def _invite(bot: Coachbot, picked: dict[str, Any]) -> Any:
    """/partner invite in the server, with the user option as Discord sends it."""
    return await bot.command(
        "partner",
        picked["options"],
        subcommand="invite",
        guild_id=GUILD_ID,
        resolved=picked["resolved"],
    )


async def _drain(
    bot: Coachbot, sessions: SessionFactory, clock: ManualClock, p: PromptLibrary
) -> int:
    await _tick(sessions, clock)
    messengers = {"discord": DiscordMessenger(bot.client)}
    return await Sender(sessions, clock, p, messengers, "w1", options=OPTIONS).drain()


async def _tick(sessions: SessionFactory, clock: ManualClock) -> None:
    await asyncio.to_thread(Dispatcher(sessions, clock).tick)


def _last_dm(bot: Coachbot, user_id: int) -> dict[str, Any]:
    *_, sent = bot.fake.calls_to("POST", f"/channels/{dm_channel_id(user_id)}/messages")
    assert sent.json["allowed_mentions"]["parse"] == []
    check_limits(sent.json)
    return bot.fake.message(sent.response["id"])


def test_invite_accept_and_the_weekly_note_buttons(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    coach.handle(MemberRef("discord", "discord", str(DANA_ID), "Dana", str(GUILD_ID)), "/help")

    async def scenario(bot: Coachbot) -> None:
        invited = await _invite(bot, _user_option(DANA))
        assert "Invitation sent to Dana" in embed_text(invited)
        assert await _drain(bot, sessions, clock, prompts) == 1
        invitation = _last_dm(bot, DANA_ID)
        buttons = buttons_of(invitation)
        assert buttons == {
            "Accept": f"cb:/partner accept <@{USER_ID}>",
            "Decline": f"cb:/partner decline <@{USER_ID}>",
        }
        pressed = await bot.interact(
            component(buttons["Accept"], message=invitation, user_id=DANA_ID)
        )
        assert "are accountability partners" in embed_text(await answer_of(bot.fake, pressed))
        assert await _drain(bot, sessions, clock, prompts) == 1
        assert "User222 accepted" in embed_text(_last_dm(bot, USER_ID))  # the press named her
        clock.set(datetime(2026, 11, 30, 9, 0, 5, tzinfo=UTC))  # Monday 09:00 (UTC)
        assert await _drain(bot, sessions, clock, prompts) == 2  # a note to each
        note = _last_dm(bot, DANA_ID)
        assert "had no commitments come due this week" in embed_text(note)
        cheer = buttons_of(note)
        assert cheer == {
            "Cheer User42": f"cb:/partner cheer <@{USER_ID}>",
            "Nudge User42": f"cb:/partner nudge <@{USER_ID}>",
        }
        nudged = await bot.interact(
            component(list(cheer.values())[1], message=note, user_id=DANA_ID)
        )
        assert "nudge is on its way" in embed_text(await answer_of(bot.fake, nudged))
        assert await _drain(bot, sessions, clock, prompts) == 1
        # Dana's name as the press reported it (the harness's default for her id).
        assert "A friendly nudge from User222" in embed_text(_last_dm(bot, USER_ID))

    run(coach, scenario)
    with sessions() as session:
        assert sorted(session.scalars(select(Partner.status))) == ["active", "active"]


def test_a_server_member_who_never_used_coachbot_is_invited_with_the_user_option(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    """Discord resolves the user option as a member of this server (resolved.members):
    enough to invite someone coachbot has never seen; a user outside it is not."""

    async def scenario(bot: Coachbot) -> None:
        refused = await _invite(bot, _user_option(DANA))  # users only: not in this server
        assert "I don't know" in embed_text(refused)
        picked = _user_option(DANA)
        picked["resolved"]["members"] = {
            DANA["id"]: {"roles": [], "joined_at": "2026-01-05T10:00:00+00:00", "flags": 0}
        }
        invited = await _invite(bot, picked)
        assert "Invitation sent to Dana" in embed_text(invited)
        assert await _drain(bot, sessions, clock, prompts) == 1
        assert "Accept" in buttons_of(_last_dm(bot, DANA_ID))

    run(coach, scenario)
    with sessions() as session:
        dana = session.scalars(select(Member).where(Member.user_id == str(DANA_ID))).one()
        assert dana.invited_only
        spaces = session.scalars(select(Membership.space_id).where(Membership.member_id == dana.id))
        assert list(spaces) == [str(GUILD_ID)]
