"""coachbot's Discord front end end to end: gateway payloads in through discord.py's real
parsers, CommandTree and ViewStore, REST calls out to the local fake Discord, data in the
real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

import adapters.discord.responder
from adapters.discord.messenger import DiscordMessenger
from core.coach import Coach
from core.context import MemberRef
from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory
from core.storage.models import (
    Entry,
    Goal,
    Member,
    Membership,
    Milestone,
    Pause,
    Reminder,
    Schedule,
)
from core.time.clock import ManualClock
from tests.discord.coachbot_harness import (
    Coachbot,
    answer_call,
    answer_of,
    buttons_of,
    callback,
    check_limits,
    embed_text,
    inputs_of,
)
from tests.discord.coachbot_harness import run_scenario as run
from tests.discord.fake_discord import (
    APPLICATION_ID,
    DEFERRED_CHANNEL_MESSAGE,
    EPHEMERAL,
    JSON,
    MODAL,
    dm_channel_id,
)
from tests.discord.harness import GUILD_ID, USER_ID, InteractionResult
from tests.fakes import OPTIONS

DM_CHANNEL = dm_channel_id(USER_ID)
DM_MESSAGES = f"/channels/{DM_CHANNEL}/messages"
WHO = MemberRef("discord", "discord", str(USER_ID), "User42")  # the harness's default member


async def add_goal(bot: Coachbot, title: str, **options: str) -> str:
    """``/goal add`` with a title; the answer's embed text."""
    return embed_text(await bot.command("goal", {"title": title, **options}, subcommand="add"))


async def goal(bot: Coachbot, subcommand: str, **options: str | int | bool) -> str:
    """``/goal <subcommand>``; the answer's embed text."""
    return embed_text(await bot.command("goal", options, subcommand=subcommand))


def member_of(sessions: SessionFactory) -> Member:
    with sessions() as session:
        return session.scalars(select(Member)).one()


def entries_of(sessions: SessionFactory) -> list[Entry]:
    with sessions() as session:
        return list(session.scalars(select(Entry).order_by(Entry.number)))


# ---------------------------------------------------------------------- commands


def test_goal_add_answers_ephemerally_with_embeds_and_stores_the_goal(
    coach: Coach, sessions: SessionFactory
) -> None:
    async def scenario(bot: Coachbot) -> None:
        result = await bot.slash(
            "goal", {"title": "Pass the CKA exam", "deadline": "2027-02-28"}, subcommand="add"
        )
        body = callback(result)
        assert body["type"] == 4
        data = body["data"]
        assert data["flags"] == EPHEMERAL
        assert data["allowed_mentions"]["parse"] == []
        assert data["embeds"] and all(e["type"] == "rich" for e in data["embeds"])
        assert "Goal #1 saved" in embed_text(data)
        assert "Pass the CKA exam" in embed_text(data)
        assert result.interaction is not None and not result.interaction.command_failed

    run(coach, scenario)
    member = member_of(sessions)
    assert (member.platform, member.workspace_id, member.user_id) == ("discord", "discord", "42")
    assert member.display_name == "User42"
    with sessions() as session:
        stored = session.scalars(select(Goal)).one()
    assert (stored.member_id, stored.number, stored.title) == (member.id, 1, "Pass the CKA exam")
    assert stored.deadline == date(2027, 2, 28)


def test_first_contact_asks_for_the_time_zone_once(coach: Coach) -> None:
    async def scenario(bot: Coachbot) -> None:
        first = embed_text(await bot.command("progress"))
        second = embed_text(await bot.command("progress"))
        assert "which time zone" in first
        assert "which time zone" not in second
        assert "Wins this week" in second

    run(coach, scenario)


def test_a_zone_set_on_first_contact_is_not_asked_for(coach: Coach) -> None:
    async def scenario(bot: Coachbot) -> None:
        zone = await bot.command("coach", {"zone": "Europe/Berlin"}, subcommand="tz")
        assert "Time zone set to Europe/Berlin" in embed_text(zone)
        assert "which time zone" not in embed_text(zone)

    run(coach, scenario)


def test_the_date_order_is_a_choice_of_tz(coach: Coach) -> None:
    async def scenario(bot: Coachbot) -> None:
        both = await bot.command(
            "coach", {"zone": "Europe/Berlin", "order": "mdy"}, subcommand="tz"
        )
        assert "Time zone set to Europe/Berlin" in embed_text(both)
        assert "month first" in embed_text(both)
        only = await bot.command("coach", {"order": "dmy"}, subcommand="tz")
        assert "day first" in embed_text(only)
        assert "day first" in embed_text(await bot.command("coach", {}, subcommand="tz"))

    run(coach, scenario)


def test_goal_subcommands_change_the_stored_goals(coach: Coach, sessions: SessionFactory) -> None:
    async def scenario(bot: Coachbot) -> None:
        await add_goal(bot, "Pass the CKA exam", deadline="2027-02-28")
        second = {"measure": "ship 3 crates", "why": "systems work", "horizon": "mid"}
        await bot.command(
            "goal", {"title": "Learn Rust", "share": True, **second}, subcommand="add"
        )
        listed = await goal(bot, "list")
        assert "#1 Pass the CKA exam" in listed and "#2 Learn Rust" in listed
        assert "Goal #1" in await goal(bot, "show", goal=1)
        edited = await goal(bot, "edit", goal=1, title="Pass the CKA exam with 90%")
        assert "Goal #1 updated" in edited
        assert "40%" in await goal(bot, "progress", goal=1, value="40%")
        added = await goal(
            bot, "milestone", goal=1, action="add", text="Practice exam by 2027-01-15"
        )
        assert "Milestone 1.1 added" in added
        assert "Milestone 1.1 done" in await goal(bot, "milestone", goal=1, action="done", number=1)
        assert "Goal #1 is shared" in await goal(bot, "share", goal=1)
        assert "Goal #1 done" in await goal(bot, "done", goal=1)
        assert "Dropped goal #2" in await goal(bot, "drop", goal=2)
        assert "Pass the CKA exam with 90%" in await goal(bot, "list", all=True)

    run(coach, scenario)
    with sessions() as session:
        first, second = session.scalars(select(Goal).order_by(Goal.number))
        milestone = session.scalars(select(Milestone)).one()
    assert (first.title, first.status, first.shared) == ("Pass the CKA exam with 90%", "done", True)
    assert first.progress_manual == 40
    assert (milestone.goal_id, milestone.title, milestone.due) == (
        first.id,
        "Practice exam",
        date(2027, 1, 15),
    )
    assert milestone.done_at is not None
    assert (second.status, second.horizon, second.shared) == ("dropped", "mid", True)
    assert (second.measure, second.why) == ("ship 3 crates", "systems work")


def test_a_horizon_picked_in_discord_stays_until_handed_back(
    coach: Coach, sessions: SessionFactory
) -> None:
    async def scenario(bot: Coachbot) -> None:
        await add_goal(bot, "Become a staff engineer", deadline="2027-12-31")
        await goal(bot, "edit", goal=1, horizon="long")
        moved = await goal(bot, "edit", goal=1, deadline="2026-11-01")
        assert "makes it a short goal" in moved
        assert "Horizon\nshort" in await goal(bot, "edit", goal=1, horizon="auto")

    run(coach, scenario)
    with sessions() as session:
        stored = session.scalars(select(Goal)).one()
    assert (stored.horizon, stored.horizon_by_hand) == ("short", False)


def test_win_with_goal_and_section(coach: Coach, sessions: SessionFactory) -> None:
    async def scenario(bot: Coachbot) -> None:
        await add_goal(bot, "Pass the CKA exam")
        options = {"text": "Cut CI from 25 to 9 minutes #devops", "goal": 1, "section": "project"}
        answer = embed_text(await bot.command("win", options))
        assert "Win #1 logged" in answer and "goal #1" in answer and "Projects" in answer

    run(coach, scenario)
    [win] = entries_of(sessions)
    with sessions() as session:
        goal_id = session.scalars(select(Goal.id)).one()
    assert (win.kind, win.text, win.section) == (
        "win",
        "Cut CI from 25 to 9 minutes #devops",
        "project",
    )
    assert win.goal_id == goal_id and win.tag_list == ["devops"]


def test_journal_prompt_then_dm_reply_is_the_answer(coach: Coach, sessions: SessionFactory) -> None:
    async def scenario(bot: Coachbot) -> None:
        prompt = await bot.command("journal")
        assert "Reply with your answer" in embed_text(prompt)
        assert buttons_of(prompt) == {"Another question": "cb:/journal skip"}
        result = await bot.dm("Debugging: I found the cache bug in an hour")
        [reply] = [c for c in result.calls if c.method == "POST"]
        assert reply.path == DM_MESSAGES
        assert "Saved to your journal as #1" in embed_text(reply.json)
        assert reply.json["allowed_mentions"]["parse"] == []

    run(coach, scenario)
    [entry] = entries_of(sessions)
    assert entry.kind == "journal" and entry.prompt_key
    assert entry.text == "Debugging: I found the cache bug in an hour"
    assert member_of(sessions).awaiting_prompt_key is None


def test_a_retried_dm_is_stored_once(coach: Coach, sessions: SessionFactory) -> None:
    async def scenario(bot: Coachbot) -> None:
        await bot.command("journal")
        await bot.dm("Mentoring Sam through the launch", message_id=1_234_567_890_123_456_789)
        again = await bot.dm(
            "Mentoring Sam through the launch", message_id=1_234_567_890_123_456_789
        )
        assert again.calls == []  # nothing answered the retry
        assert len(bot.fake.calls_to("POST", DM_MESSAGES)) == 1

    run(coach, scenario)
    assert [e.kind for e in entries_of(sessions)] == ["journal"]


def test_checkin_set_opens_the_dm_with_a_welcome(coach: Coach, sessions: SessionFactory) -> None:
    async def scenario(bot: Coachbot) -> None:
        answer = await bot.command(
            "checkin", {"rule": "daily 10:00"}, subcommand="set", guild_id=GUILD_ID
        )
        assert "Check-ins set: every day at 10:00" in embed_text(answer)
        assert answer["flags"] == EPHEMERAL
        [opened] = bot.fake.calls_to("POST", "/users/@me/channels")
        assert opened.json == {"recipient_id": USER_ID}
        [welcome] = bot.fake.calls_to("POST", DM_MESSAGES)
        assert "This is where your check-ins will arrive" in embed_text(welcome.json)
        assert welcome.json["allowed_mentions"]["parse"] == []

    run(coach, scenario)
    with sessions() as session:
        schedule = session.scalars(select(Schedule).where(Schedule.kind == "checkin")).one()
        membership = session.scalars(select(Membership)).one()
    assert schedule.enabled and schedule.rule
    assert membership.space_id == str(GUILD_ID)  # the guild the command came from


def test_checkin_show_off_pause_resume_vacation(coach: Coach, sessions: SessionFactory) -> None:
    async def scenario(bot: Coachbot) -> None:
        async def checkin(subcommand: str, **options: str) -> str:
            return embed_text(await bot.command("checkin", options, subcommand=subcommand))

        assert "Check-ins set" in await checkin("set", rule="daily 10:00")
        shown = await checkin("show")
        assert "every day at 10:00" in shown and "Next check-in" in shown
        paused = await checkin("pause", until="2026-12-01")
        assert "Paused from 2026-11-23 to 2026-12-01" in paused
        assert "Welcome back" in await checkin("resume")
        away = await checkin("vacation", first_day="2026-12-20", last_day="2026-12-28")
        assert "Paused from 2026-12-20 to 2026-12-28" in away
        assert "Check-ins are off" in await checkin("off")

    run(coach, scenario)
    with sessions() as session:
        schedule = session.scalars(select(Schedule).where(Schedule.kind == "checkin")).one()
        pauses = {(p.start_date, p.end_date) for p in session.scalars(select(Pause))}
    assert not schedule.enabled
    assert pauses == {(date(2026, 12, 20), date(2026, 12, 28))}  # resume removed today's


def test_remind_add_list_cancel(coach: Coach, sessions: SessionFactory) -> None:
    async def scenario(bot: Coachbot) -> None:
        async def remind(subcommand: str, **options: str | int) -> str:
            return embed_text(await bot.command("remind", options, subcommand=subcommand))

        added = await remind("add", when="tomorrow 9am", what="update my CV")
        assert "Reminder #1 set for Tue 24 Nov 2026 09:00" in added
        assert "#1 Tue 24 Nov 2026 09:00 (UTC): update my CV" in await remind("list")
        assert "Cancelled reminder #1" in await remind("cancel", reminder=1)

    run(coach, scenario)
    with sessions() as session:
        reminder = session.scalars(select(Reminder)).one()
    assert (reminder.number, reminder.text) == (1, "update my CV")
    assert reminder.due_at == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert reminder.status == "cancelled"


def test_coach_help_tz_export_and_forget_me(coach: Coach, sessions: SessionFactory) -> None:
    async def scenario(bot: Coachbot) -> None:
        assert "coachbot commands" in embed_text(await bot.command("coach", subcommand="help"))
        zone = await bot.command("coach", {"zone": "Europe/Berlin"}, subcommand="tz")
        assert "Time zone set to Europe/Berlin" in embed_text(zone)
        assert member_of(sessions).tz == "Europe/Berlin"

        await bot.command("win", {"text": "Shipped the billing revamp"})
        brag = await bot.slash("coach", {"kind": "brag"}, subcommand="export")
        upload = answer_call(brag)
        [(filename, content)] = upload.files
        assert filename == "brag-2026-42.md"
        assert b"Shipped the billing revamp" in content
        assert upload.json["type"] == 4
        assert upload.json["data"]["attachments"] == [{"id": 0, "filename": filename}]
        assert "brag-2026-42.md" in embed_text(upload.json["data"])
        attached = upload.response["resource"]["message"]["attachments"]
        assert [a["filename"] for a in attached] == [filename]

        options = {"kind": "html", "shared_only": True}
        page = answer_call(await bot.slash("coach", options, subcommand="export"))
        [(page_name, page_bytes)] = page.files
        assert page_name == "brag-2026-42-shared.html"
        assert page_bytes.startswith(b"<!DOCTYPE html>") and b"billing revamp" not in page_bytes

        everything = answer_call(await bot.slash("coach", {"kind": "json"}, subcommand="export"))
        [(json_name, json_bytes)] = everything.files
        assert json_name == "coachbot-42.json" and json.loads(json_bytes)

        asked = await bot.command("coach", subcommand="forget-me")
        assert "Delete all your coachbot data?" in embed_text(asked)
        confirm = buttons_of(asked)["Delete everything"]
        assert confirm == "cb:/forget-me confirm"
        pressed = await answer_of(bot.fake, await bot.press(confirm))
        assert "Everything coachbot kept about you is deleted" in embed_text(pressed)

    run(coach, scenario)
    with sessions() as session:
        assert session.scalars(select(Member)).all() == []
        assert session.scalars(select(Entry)).all() == []


def test_win_text_is_literal_and_stays_private(coach: Coach, sessions: SessionFactory) -> None:
    typed = "Fixed the --share flag bug in our CLI"

    async def scenario(bot: Coachbot) -> None:
        answer = await bot.command("win", {"text": typed, "share": False})
        assert "Win #1 logged" in embed_text(answer)

    run(coach, scenario)
    [win] = entries_of(sessions)
    assert (win.text, win.shared) == (typed, False)


def test_goal_options_are_literal(coach: Coach, sessions: SessionFactory) -> None:
    why = "Our launch deadline: Q3 depends on it"

    async def scenario(bot: Coachbot) -> None:
        options = {"title": "Get promoted to staff engineer", "deadline": "2027-06-30", "why": why}
        assert "Goal #1 saved" in embed_text(await bot.command("goal", options, subcommand="add"))

    run(coach, scenario)
    with sessions() as session:
        stored = session.scalars(select(Goal)).one()
    assert (stored.why, stored.deadline) == (why, date(2027, 6, 30))


# ---------------------------------------------------------------------- autocomplete


def test_autocomplete_offers_goals_and_time_zones(coach: Coach) -> None:
    async def scenario(bot: Coachbot) -> None:
        assert await bot.choices("goal", "goal", "", subcommand="show") == []  # a stranger
        await add_goal(bot, "Pass the CKA exam")
        await add_goal(bot, "Learn Rust")
        both = await bot.choices("goal", "goal", "", subcommand="show")
        assert both == [
            {"name": "#1 Pass the CKA exam", "value": 1},
            {"name": "#2 Learn Rust", "value": 2},
        ]
        assert await bot.choices("goal", "goal", "rust", subcommand="done") == [
            {"name": "#2 Learn Rust", "value": 2}
        ]
        assert await bot.choices("win", "goal", "#1") == [
            {"name": "#1 Pass the CKA exam", "value": 1}
        ]
        zones = await bot.choices("coach", "zone", "berl", subcommand="tz")
        assert {"name": "Europe/Berlin", "value": "Europe/Berlin"} in zones

    run(coach, scenario)


# ---------------------------------------------------------------------- forms


def test_goal_add_without_a_title_opens_a_form(coach: Coach, sessions: SessionFactory) -> None:
    async def scenario(bot: Coachbot) -> None:
        opened = callback(await bot.slash("goal", subcommand="add"))
        assert opened["type"] == MODAL
        modal = opened["data"]
        assert modal["title"] == "New goal"
        labels = [i["label"] for i in inputs_of(modal)]
        assert labels[:2] == ["Goal", "Deadline"] and len(labels) == 4
        answer = await bot.submit(
            modal,
            {"Goal": "Become a certified AWS Solutions Architect", "Deadline": "2027-03-31"},
        )
        assert "Goal #1 saved" in embed_text(answer)
        assert answer["flags"] == EPHEMERAL

    run(coach, scenario)
    with sessions() as session:
        stored = session.scalars(select(Goal)).one()
    assert stored.title == "Become a certified AWS Solutions Architect"
    assert stored.deadline == date(2027, 3, 31)


def test_win_without_text_opens_a_form(coach: Coach, sessions: SessionFactory) -> None:
    async def scenario(bot: Coachbot) -> None:
        await add_goal(bot, "Pass the CKA exam")
        opened = callback(await bot.slash("win"))
        assert opened["type"] == MODAL and opened["data"]["title"] == "Log a win"
        answer = await bot.submit(
            opened["data"],
            {"What did you do": "Led the CKA study group", "Goal": "#1", "Section": "community"},
        )
        assert "Win #1 logged" in embed_text(answer)

    run(coach, scenario)
    [win] = entries_of(sessions)
    assert (win.kind, win.text, win.section) == ("win", "Led the CKA study group", "community")
    assert win.goal_id is not None


# ---------------------------------------------------------------------- check-in DMs


async def deliver_checkin(
    bot: Coachbot, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> JSON:
    """Turn check-ins on, let the outbox send the 10:00 one; the DM message the fake stored."""
    await bot.command("checkin", {"rule": "daily 10:00"}, subcommand="set")
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    report = await asyncio.to_thread(Dispatcher(sessions, clock).tick)
    assert report.queued == 1
    messengers = {"discord": DiscordMessenger(bot.client)}
    sender = Sender(sessions, clock, prompts, messengers, "test-worker", options=OPTIONS)
    assert await sender.drain() == 1
    *_, sent = bot.fake.calls_to("POST", DM_MESSAGES)  # after the welcome
    assert sent.status == 200 and sent.json["allowed_mentions"]["parse"] == []
    check_limits(sent.json)
    return bot.fake.message(sent.response["id"])


def test_checkin_dm_buttons_work_after_a_restart(
    coach: Coach,
    clock: ManualClock,
    sessions: SessionFactory,
    prompts: PromptLibrary,
) -> None:
    async def scenario(bot: Coachbot) -> None:
        message = await deliver_checkin(bot, clock, sessions, prompts)
        assert "Check-in time" in embed_text(message)
        buttons = buttons_of(message)
        assert list(buttons) == [
            "Answer",
            "Snooze 1 hour",
            "Tomorrow",
            "Skip this one",
            "Pause for vacation",
        ]
        assert buttons["Answer"] == "cbform:answer"  # opens the core's answer form
        assert all(buttons[b].startswith("cb:/checkin") for b in ("Snooze 1 hour", "Tomorrow"))
        assert buttons["Pause for vacation"] == "cbform:vacation"

        await bot.restart()  # a new process: only setup_hook's DynamicItem knows the buttons
        snoozed = await bot.press(buttons["Snooze 1 hour"], message)
        answer = await answer_of(bot.fake, snoozed)
        assert "Snoozed" in embed_text(answer) and answer["flags"] == EPHEMERAL

        opened = callback(await bot.press(buttons["Answer"], message))
        assert opened["type"] == MODAL
        [field] = inputs_of(opened["data"])
        prompt = coach.pending_prompt(WHO)  # the check-in's question, shown in the form
        assert prompt and field["label"] == "Your answer"
        assert field["placeholder"] == prompt[:100]
        saved = await bot.submit(opened["data"], {"Your answer": "Paired with Ana on the API"})
        assert "Saved to your journal" in embed_text(saved)

        vacation = callback(await bot.press(buttons["Pause for vacation"], message))
        assert vacation["type"] == MODAL and vacation["data"]["title"] == "Vacation"
        away = {"First day": "2026-12-20", "Last day": "2026-12-28"}
        assert "Paused from 2026-12-20" in embed_text(await bot.submit(vacation["data"], away))

    run(coach, scenario)
    with sessions() as session:
        snooze = session.scalars(select(Reminder).where(Reminder.kind == "snooze")).one()
        pause = session.scalars(select(Pause)).one()
    assert (pause.start_date, pause.end_date) == (date(2026, 12, 20), date(2026, 12, 28))
    assert snooze.due_at == datetime(2026, 11, 23, 11, 0, tzinfo=UTC)
    [entry] = entries_of(sessions)
    assert (entry.kind, entry.text) == ("journal", "Paired with Ana on the API")
    assert entry.prompt_key


# ---------------------------------------------------------------------- safety and timing


def test_a_long_goal_continues_in_follow_up_messages(coach: Coach) -> None:
    coach.handle(WHO, "/goal add Become a certified AWS Solutions Architect by 2027-12-31")
    coach.handle(WHO, "/goal edit 1 why: " + "It opens the platform lead role for me. " * 20)
    for week in range(1, 41):
        step = (
            f"Week {week}: finish SAA-C03 course module {week}, take notes and do the "
            "hands-on lab in the sandbox account, then review the practice questions"
        )
        coach.handle(WHO, f"/goal milestone 1 add {step} by 2027-06-{week % 28 + 1:02d}")

    async def scenario(bot: Coachbot) -> None:
        result = await bot.slash("goal", {"goal": 1}, subcommand="show")
        webhook = f"/webhooks/{APPLICATION_ID}/{result.payload['token']}"
        followups = [call.json for call in result.calls if call.matches("POST", webhook)]
        messages = [callback(result)["data"], *followups]
        for data in messages:  # Discord's 6,000 characters across all embeds hold...
            check_limits(data)
            assert data["flags"] == EPHEMERAL
        text = "\n".join(embed_text(data) for data in messages)  # ...and nothing is left out
        assert len(followups) >= 1 and all(f"Week {week}:" in text for week in range(1, 41))

    run(coach, scenario)


ATTACK = "@everyone <@123456789012345678> <@&987654321098765432> **bold**"


def test_mentions_typed_by_a_member_never_ping(coach: Coach, sessions: SessionFactory) -> None:
    async def scenario(bot: Coachbot) -> None:
        win = await bot.command("win", {"text": ATTACK})
        added = await bot.command("goal", {"title": ATTACK}, subcommand="add")
        listed = await bot.command("goal", subcommand="list")
        for data in (win, added, listed):
            assert data["allowed_mentions"] == {"parse": []}
            shown = embed_text(data)
            assert "@everyone" not in shown and "**bold**" not in shown
            assert "<@123456789012345678>" not in shown and "<@&987654321098765432>" not in shown
        # the goal echoes its title escaped: it reads as typed and pings no one
        assert "@\u200beveryone <@\u200b123456789012345678>" in embed_text(added)
        assert "<@\u200b&987654321098765432> \\*\\*bold\\*\\*" in embed_text(added)

    run(coach, scenario)
    [win] = entries_of(sessions)
    assert win.text == ATTACK
    with sessions() as session:
        assert session.scalars(select(Goal.title)).one() == ATTACK


def test_a_slow_core_defers_then_completes_the_original(
    coach: Coach, sessions: SessionFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(adapters.discord.responder, "ANSWER_WITHIN", 0)

    async def scenario(bot: Coachbot) -> None:
        result = await bot.slash("goal", {"title": "Pass the CKA exam"}, subcommand="add")
        assert callback(result) == {"type": DEFERRED_CHANNEL_MESSAGE, "data": {"flags": EPHEMERAL}}
        answer = await answer_of(bot.fake, result)
        assert "Goal #1 saved" in embed_text(answer)
        assert answer["allowed_mentions"]["parse"] == []
        webhook = f"/webhooks/{APPLICATION_ID}/{result.payload['token']}"
        [call] = bot.fake.calls_to("PATCH", f"{webhook}/messages/@original")
        assert call.status == 200
        assert bot.fake.calls_to("POST", webhook) == []  # no follow-up message
        # the "thinking" placeholder becomes the answer, still ephemeral
        original = callback_message_id(result)
        assert call.response["id"] == original
        assert bot.fake.message(original)["flags"] == EPHEMERAL

    run(coach, scenario)
    with sessions() as session:
        assert session.scalars(select(Goal.title)).one() == "Pass the CKA exam"


def callback_message_id(result: InteractionResult) -> str:
    """The id of the message an interaction's callback created."""
    assert result.callback is not None
    message_id: str = result.callback.response["interaction"]["response_message_id"]
    return message_id


def test_progress_chart_is_shown_inside_the_embed(coach: Coach) -> None:
    async def scenario(bot: Coachbot) -> None:
        await bot.command(
            "goal", {"title": "Pass the CKA exam", "deadline": "2027-02-28"}, subcommand="add"
        )
        result = await bot.slash("progress", {"chart": True})
        upload = answer_call(result)
        [(filename, content)] = upload.files
        assert filename == "roadmap.png" and content[:4] == b"\x89PNG"
        embed = upload.json["data"]["embeds"][0]
        assert embed["image"]["url"] == "attachment://roadmap.png"
        assert "Career roadmap: 1 goal" in embed["footer"]["text"]  # the text alternative

    run(coach, scenario)


def test_coach_import_loads_an_attached_export(coach: Coach, sessions: SessionFactory) -> None:
    async def scenario(bot: Coachbot) -> None:
        await bot.command("win", {"text": "Shipped the billing revamp"})
        everything = answer_call(await bot.slash("coach", {"kind": "json"}, subcommand="export"))
        [(json_name, json_bytes)] = everything.files
        asked = await bot.command("coach", subcommand="forget-me")
        await answer_of(bot.fake, await bot.press(buttons_of(asked)["Delete everything"]))

        junk = bot.fake.add_attachment("notes.json", b"{not json")
        refused = await bot.command("coach", {"file": junk}, subcommand="import")
        assert "not JSON" in embed_text(refused) and "Nothing was imported" in embed_text(refused)
        upload = bot.fake.add_attachment(json_name, json_bytes, content_type="application/json")
        done = await bot.command("coach", {"file": upload}, subcommand="import")
        assert "Imported your export" in embed_text(done)
        assert "Shipped the billing revamp" in embed_text(
            await bot.command("coach", {"command": "/win list"}, subcommand="do")
        )

    run(coach, scenario)
    with sessions() as session:
        assert len(session.scalars(select(Member)).all()) == 1
