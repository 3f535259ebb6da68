"""What Discord would refuse or lose, end to end against the fake Discord: a digest over
6,000 embed characters, more than 25 buttons in one message, digest details cut short,
and a refused body retried as if it could ever pass. Every message is checked against
Discord's documented limits, and nothing is left out."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import discord
import pytest
from sqlalchemy import select

from adapters.discord.messenger import DiscordMessenger
from adapters.discord.render import render
from core.coach import Coach
from core.messages import Actions, Attachment, Button, Header, Items, Reply, Text
from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory
from core.storage.models import Delivery, DeliveryStatus
from core.time.clock import ManualClock
from tests.discord.coachbot_harness import (
    Coachbot,
    answer_of,
    check_limits,
    coachbot_session,
    embed_chars,
    embed_text,
)
from tests.discord.fake_discord import JSON, FakeDiscord, _error, _Reply, _Request, dm_channel_id
from tests.discord.harness import CHANNEL_ID, GUILD_ID, USER_ID, add_guild, guild_payload
from tests.fakes import OPTIONS, FakeTime

Scenario = Callable[[Coachbot], Awaitable[None]]
ADMIN = str(discord.Permissions(manage_guild=True, send_messages=True).value)
WIN_CHARS = 285  # with the tag: 290 characters a win
FRIDAY_4PM = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
# Markdown characters double in length when escaped for an embed.
MARKDOWN = "Moved *__init__*|`~~_v2_~~`|** to ~*prod*~ "


def run(coach: Coach, scenario: Scenario) -> None:
    """Run a scenario with the bot in a guild with one text channel."""

    async def main() -> None:
        async with coachbot_session(coach) as bot:
            add_guild(bot.client, guild_payload(GUILD_ID, name="Team"))
            await scenario(bot)

    asyncio.run(asyncio.wait_for(main(), timeout=60))


def check_message(body: JSON) -> None:
    """Discord's limits on one message body, its components included."""
    check_limits(body)
    assert len(body.get("content") or "") <= 2000
    for embed in body.get("embeds") or []:
        assert len((embed.get("footer") or {}).get("text") or "") <= 2048
    rows = body.get("components") or []
    assert len(rows) <= 5, f"{len(rows)} action rows"


async def post_digest(
    bot: Coachbot, sessions: SessionFactory, clock: ManualClock, prompts: PromptLibrary
) -> list[JSON]:
    """Let the outbox send Friday's digest; the bodies posted to the channel, checked."""
    clock.set(FRIDAY_4PM)
    await asyncio.to_thread(Dispatcher(sessions, clock).tick)
    messenger = DiscordMessenger(bot.client)
    sender = Sender(sessions, clock, prompts, {"discord": messenger}, "w", options=OPTIONS)
    await sender.drain()
    posts = [call.json for call in bot.fake.calls_to("POST", f"/channels/{CHANNEL_ID}/messages")]
    for body in posts:
        check_message(body)
    return posts


async def set_digest(bot: Coachbot) -> None:
    command = {"command": f"/digest set <#{CHANNEL_ID}> weekly fri 16:00 UTC"}
    result = await bot.slash(
        "coach",
        command,
        subcommand="do",
        guild_id=GUILD_ID,
        channel_id=CHANNEL_ID,
        member_permissions=ADMIN,
    )
    assert "Digest for #general" in embed_text(await answer_of(bot.fake, result))


async def share_wins(bot: Coachbot, count: int, outcomes: bool = False) -> None:
    """`count` shared wins of 290 characters, each dense with Markdown and tagged W<n>Q;
    with `outcomes`, each with what came of it (120 characters more in a digest)."""
    for n in range(count):
        text = f"W{n:02d}Q " + (MARKDOWN * 8)[:WIN_CHARS]
        await bot.command("win", {"text": text, "share": True}, guild_id=GUILD_ID)
        if outcomes:
            await coach_do(bot, f"/win outcome {n + 1} {(MARKDOWN * 4)[:150]}")


async def coach_do(bot: Coachbot, command: str) -> str:
    """``/coach do`` in the guild; the answer's text."""
    answer = await bot.command("coach", {"command": command}, subcommand="do", guild_id=GUILD_ID)
    return embed_text(answer)


def shown(posts: list[JSON]) -> str:
    return "\n".join(embed_text(body) for body in posts)


def test_a_digest_of_nine_markdown_wins_and_a_chart_fits_6000_characters(
    coach: Coach, sessions: SessionFactory, clock: ManualClock, prompts: PromptLibrary
) -> None:
    async def scenario(bot: Coachbot) -> None:
        await set_digest(bot)
        await share_wins(bot, 9, outcomes=True)
        for n in (1, 2):  # completed shared goals: the chart describes them too
            await coach_do(bot, f"/goal add {MARKDOWN * 4} {n} --share")
            await coach_do(bot, f"/goal done {n}")
        posts = await post_digest(bot, sessions, clock, prompts)
        assert posts[0]["embeds"][0]["image"]["url"].startswith("attachment://")
        assert posts[0]["embeds"][0]["footer"]["text"]  # the chart's text alternative
        assert all(embed_chars(body) <= 6000 for body in posts)
        assert all(f"W{n:02d}Q" in shown(posts) for n in range(9))

    run(coach, scenario)
    assert digest_row(sessions).status == DeliveryStatus.SENT


def test_all_24_win_lines_of_a_digest_reach_discord(
    coach: Coach, sessions: SessionFactory, clock: ManualClock, prompts: PromptLibrary
) -> None:
    async def scenario(bot: Coachbot) -> None:
        await set_digest(bot)
        await share_wins(bot, 24)
        posts = await post_digest(bot, sessions, clock, prompts)
        text = shown(posts)
        assert sorted(set(re.findall(r"W\d\dQ", text))) == [f"W{n:02d}Q" for n in range(24)]
        assert "Details in the follow-up messages below." in text
        assert "thread" not in text and "export" not in text

    run(coach, scenario)
    row = digest_row(sessions)
    assert row.status == DeliveryStatus.SENT and row.parts_sent > 2


def digest_row(sessions: SessionFactory) -> Delivery:
    with sessions() as session:
        return session.scalars(select(Delivery).where(Delivery.kind == "digest")).one()


def test_a_refused_body_fails_at_once_with_the_reason(
    coach: Coach,
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def refuse(fake: FakeDiscord, req: _Request, found: re.Match[str]) -> _Reply:
        return _error(400, "Invalid Form Body", 50035)  # what Discord answers a bad body

    monkeypatch.setattr(FakeDiscord, "_create_message", refuse)  # every new message

    async def scenario(bot: Coachbot) -> None:
        await set_digest(bot)
        await share_wins(bot, 1)
        posts = await post_digest(bot, sessions, clock, prompts)
        assert len(posts) == 1

    run(coach, scenario)
    row = digest_row(sessions)
    assert (row.status, row.attempts) == (DeliveryStatus.FAILED, 1)
    assert row.reason == "discord 400: Invalid Form Body"


async def queue_plan_review(bot: Coachbot, sessions: SessionFactory, clock: ManualClock) -> None:
    """Ten goals and a daily check-in, then the yearly review's check-in queued: a DM of
    several messages (Keep/Done/Drop for each goal)."""
    for n in range(1, 11):
        await bot.command("goal", {"title": f"Goal number {n}"}, subcommand="add")
    await bot.command("checkin", {"rule": "daily 10:00"}, subcommand="set")
    clock.set(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))  # the yearly review
    await asyncio.to_thread(Dispatcher(sessions, clock).tick)


def dm_bodies(fake: FakeDiscord) -> list[JSON]:
    """The bodies of the messages the DM channel took (what it refused left out), checked."""
    sent = fake.calls_to("POST", f"/channels/{dm_channel_id(USER_ID)}/messages")
    bodies = [call.json for call in sent if call.status == 200]
    for body in bodies:
        check_message(body)
    return bodies


def offered_actions(bodies: list[JSON]) -> dict[str, str]:
    """Each button's label by its custom id, over all the messages."""
    return {button["custom_id"]: button["label"] for body in bodies for button in _buttons(body)}


def test_a_plan_review_of_10_goals_offers_all_30_actions(
    coach: Coach, sessions: SessionFactory, clock: ManualClock, prompts: PromptLibrary
) -> None:
    async def scenario(bot: Coachbot) -> None:
        await queue_plan_review(bot, sessions, clock)
        messenger = DiscordMessenger(bot.client)
        sender = Sender(sessions, clock, prompts, {"discord": messenger}, "w", options=OPTIONS)
        await sender.drain()
        offered = offered_actions(dm_bodies(bot.fake))
        for n in range(1, 11):  # each goal's buttons say which goal they act on
            for verb in ("keep", "done", "drop"):
                assert offered[f"cb:/goal {verb} {n}"] == f"{verb.title()} #{n}"

    run(coach, scenario)


def test_a_dm_whose_second_message_fails_once_sends_each_message_once(
    coach: Coach,
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The review's second message fails once: the retry continues with it, and the first
    is not sent again."""
    create_message = FakeDiscord._create_message
    failed = False

    async def second_fails_once(fake: FakeDiscord, req: _Request, found: re.Match[str]) -> _Reply:
        nonlocal failed
        second = "cb:/goal keep 10" in offered_actions([req.json or {}])
        if second and not failed:
            failed = True
            # 503: discord.py retries 500, 502, 504 and 524 by itself, not this one.
            return _error(503, "Service Unavailable")
        return await create_message(fake, req, found)

    monkeypatch.setattr(FakeDiscord, "_create_message", second_fails_once)
    fake_time = FakeTime()  # the backoff, passed without waiting

    async def scenario(bot: Coachbot) -> None:
        await queue_plan_review(bot, sessions, clock)
        messenger = DiscordMessenger(bot.client)
        sender = Sender(
            sessions,
            clock,
            prompts,
            {"discord": messenger},
            "w",
            realtime=fake_time,
            options=OPTIONS,
        )
        await sender.drain()
        assert failed and review_row(sessions).status == DeliveryStatus.PENDING
        await fake_time.sleep(31)  # the first backoff (30 s)
        await sender.drain()
        bodies = dm_bodies(bot.fake)
        shown = [json.dumps({**body, "nonce": None}, sort_keys=True) for body in bodies]
        assert len(shown) == len(set(shown)), "a message arrived twice"
        review = [body for body in bodies if "cb:/goal keep" in str(body)]
        assert len(offered_actions(review)) == 30
        row = review_row(sessions)
        assert (row.status, row.parts_sent) == (DeliveryStatus.SENT, len(review))

    run(coach, scenario)


def review_row(sessions: SessionFactory) -> Delivery:
    with sessions() as session:
        return session.scalars(select(Delivery).where(Delivery.kind == "review")).one()


def _buttons(body: JSON) -> list[JSON]:
    """Every button of a message (buttons_of keys them by label, and these repeat)."""
    return [b for row in body.get("components") or [] for b in row.get("components") or []]


def test_buttons_beyond_five_rows_continue_in_the_next_message() -> None:
    pressed = tuple(Button(f"Keep {n}", f"/goal keep {n}") for n in range(1, 31))
    messages = render(Reply([Text("Which goals stay?"), Actions(pressed)]))
    assert [len(m.rows) for m in messages] == [5, 1]
    assert all(len(row) <= 5 for m in messages for row in m.rows)
    assert tuple(b for m in messages for row in m.rows for b in row) == pressed


def test_a_charts_text_alternative_counts_towards_6000_characters() -> None:
    chart = Attachment("team.png", b"\x89PNG", "image/png", "Team activity: " + "x" * 1900)
    lines = tuple(f"W{n:02d}Q " + MARKDOWN * 6 for n in range(9))
    messages = render(Reply([Header("Team digest"), Items("Ada", lines)], [chart]))
    first = messages[0].embeds[0]
    assert first.image.url == "attachment://team.png" and first.footer.text == chart.alt_text
    assert messages[0].files == [("team.png", b"\x89PNG")]
    for message in messages:
        assert sum(len(embed) for embed in message.embeds) <= 6000
    text = "\n".join(e.description or "" for m in messages for e in m.embeds)
    assert all(f"W{n:02d}Q" in text for n in range(9))
