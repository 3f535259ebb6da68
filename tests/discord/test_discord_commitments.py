"""Commitments on Discord through the fake: the check-in's Done / Partly / Missed / Move /
Drop buttons (Move opens a form for the new day), after a restart."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from core.coach import Coach
from core.prompts import PromptLibrary
from core.storage.db import SessionFactory
from core.storage.models import Commitment, Entry
from core.time.clock import ManualClock
from tests.discord.coachbot_harness import Coachbot, answer_of, buttons_of, callback, embed_text
from tests.discord.coachbot_harness import run_scenario as run
from tests.discord.fake_discord import MODAL
from tests.discord.test_discord_app import WHO, deliver_checkin


def test_checkin_buttons_answer_move_with_a_form_and_drop(
    coach: Coach, clock: ManualClock, sessions: SessionFactory, prompts: PromptLibrary
) -> None:
    coach.handle(WHO, "/commit Update my CV by today")
    coach.handle(WHO, "/commit Ask Dana for feedback by today")
    coach.handle(WHO, "/commit Call the recruiter by today")

    async def scenario(bot: Coachbot) -> None:
        message = await deliver_checkin(bot, clock, sessions, prompts)
        buttons = buttons_of(message)
        assert [b for b in buttons if b.endswith("#1")] == [
            "Done #1",
            "Partly #1",
            "Missed #1",
            "Move #1",
            "Drop #1",
        ]
        assert buttons["Move #2"] == "cbform:move:2" and buttons["Drop #3"] == "cb:/commit drop 3"
        await bot.restart()  # the buttons still work in a new process
        done = await answer_of(bot.fake, await bot.press(buttons["Done #1"], message))
        assert "Kept: #1 Update my CV" in embed_text(done)
        opened = callback(await bot.press(buttons["Move #2"], message))
        assert opened["type"] == MODAL and opened["data"]["title"] == "Move commitment #2"
        refused = await bot.submit(opened["data"], {"New day": "the twelfth of never"})
        assert "the twelfth of never" in embed_text(refused)  # what was typed, given back
        again = callback(await bot.press(buttons["Move #2"], message))  # a modal closes
        moved = await bot.submit(again["data"], {"New day": "2026-12-15"})
        assert "Moved: #2 Ask Dana for feedback · due in 22 days" in embed_text(moved)
        dropped = await answer_of(bot.fake, await bot.press(buttons["Drop #3"], message))
        assert "Dropped: #3 Call the recruiter" in embed_text(dropped)

    run(coach, scenario)
    with sessions() as session:
        rows = session.scalars(select(Commitment).order_by(Commitment.number)).all()
        assert [(c.status, c.due_date, c.moves) for c in rows] == [
            ("done", date(2026, 11, 23), 0),
            ("open", date(2026, 12, 15), 1),
            ("dropped", date(2026, 11, 23), 0),
        ]


async def commit(bot: Coachbot, subcommand: str, **options: str | int | bool) -> str:
    """``/commit <subcommand>``; the answer's embed text."""
    return embed_text(await bot.command("commit", options, subcommand=subcommand))


def test_native_commit_command_with_subcommands(coach: Coach, sessions: SessionFactory) -> None:
    coach.handle(WHO, "/goal add Pass the CKA exam by 2027-02-28")
    coach.handle(WHO, "/skill add Kubernetes learning")

    async def scenario(bot: Coachbot) -> None:
        made = await commit(bot, "add", text="Do two practice labs", by="friday", goal=1)
        assert "Committed: #1 Do two practice labs · due in 4 days (Fri 27 Nov 2026)" in made
        assert "goal #1" in made
        made = await commit(bot, "add", text="Read the docs", skill="kubernetes")
        assert "skill Kubernetes" in made
        refused = await commit(bot, "add", text="Something", by="someday soonish")
        assert "someday soonish" in refused and "/commit" in refused  # typed text, an example
        assert "#1 Do two practice labs" in await commit(bot, "list")
        moved = await commit(bot, "move", number=2, to="next monday")
        assert "Moved: #2 Read the docs" in moved
        kept = await commit(bot, "done", number=1, win=True)
        assert "Kept: #1" in kept and "Also saved as win #1" in kept
        missed = await commit(bot, "missed", number=2, why="on call all week")
        assert "Missed: #2" in missed and "journal as #2" in missed
        made = await commit(bot, "add", text="Book the exam")
        assert "Updated: #3 Book the exam · due" in await commit(bot, "edit", number=3, by="sunday")
        assert "Dropped: #3" in await commit(bot, "drop", number=3)
        assert "You have no commitment #9" in await commit(bot, "partly", number=9)

    run(coach, scenario)
    with sessions() as session:
        rows = session.scalars(select(Commitment).order_by(Commitment.number)).all()
        assert [c.status for c in rows] == ["done", "missed", "dropped"]


def test_commit_and_win_link_a_milestone_of_the_goal_picked(
    coach: Coach, sessions: SessionFactory
) -> None:
    coach.handle(WHO, "/goal add Pass the CKA exam by 2027-02-28")
    coach.handle(WHO, "/goal milestone 1 add Book the exam by 2027-01-15")

    async def scenario(bot: Coachbot) -> None:
        made = await commit(bot, "add", text="Book the exam slot", by="friday", goal=1, milestone=1)
        assert "Committed: #1 Book the exam slot" in made
        refused = await commit(bot, "add", text="Pick a date", milestone=1)
        assert "Milestone 1 of which goal?" in refused and "Pick a date" in refused
        assert "milestone:1" in refused  # a working example of the Discord options
        assert "has no milestone 4" in await commit(bot, "add", text="X", goal=1, milestone=4)
        win = await bot.command("win", {"text": "Booked the exam", "goal": 1, "milestone": 1})
        assert "Booked the exam" in embed_text(win)
        orphan = await bot.command("win", {"text": "Booked it", "milestone": 1})
        assert "Milestone 1 of which goal?" in embed_text(orphan)

    run(coach, scenario)
    with sessions() as session:
        [made] = session.scalars(select(Commitment)).all()
        assert made.milestone is not None and made.milestone.title == "Book the exam"
        wins = session.scalars(select(Entry).where(Entry.kind == "win")).all()
        assert [w.milestone.title if w.milestone else None for w in wins] == ["Book the exam"]
