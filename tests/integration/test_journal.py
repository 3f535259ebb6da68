"""Wins, journal prompts and answers through the real grammar, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from core.commands.journal import BragSection, LogWin, MilestoneRef
from core.messages import Header
from core.services.journal import WinLogged
from core.storage.db import SessionFactory
from core.storage.models import Entry, PromptLog
from core.time.clock import ManualClock
from tests.conftest import Conversation


def _entries(sessions: SessionFactory) -> list[Entry]:
    with sessions() as session:
        return list(session.scalars(select(Entry).order_by(Entry.id)))


def test_win_with_tags_goal_and_share(alice: Conversation, sessions: SessionFactory) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    text = alice.text("/win Mentored Sam through his first on-call week #mentoring goal:1 --share")
    assert (
        "Win #1 logged for 2026-11-23." in text and "Linked to: goal #1 Pass the CKA exam." in text
    )
    assert "Collaboration & mentorship" in text
    (win,) = _entries(sessions)
    assert win.text == "Mentored Sam through his first on-call week #mentoring"
    assert win.tag_list == ["mentoring"]
    assert win.section == "collaboration"
    assert win.shared is True
    assert win.goal_id is not None


def test_win_is_private_by_default_and_section_can_be_given(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/win Wrote the on-call runbook section:docs")
    (win,) = _entries(sessions)
    assert (win.shared, win.section, win.text) == (False, "design", "Wrote the on-call runbook")
    assert "not a section" in alice.text("/win Did things section:nonsense")


def test_win_on_members_local_day(alice: Conversation, sessions: SessionFactory) -> None:
    alice.say("/tz Pacific/Auckland")  # 09:30 UTC Monday is 22:30 Monday in Auckland
    alice.say("/win Late night fix")
    alice.say("/tz America/Los_Angeles")  # and 01:30 Monday in Los Angeles
    alice.say("/win Early morning fix")
    days = [e.local_date for e in _entries(sessions)]
    assert days == [date(2026, 11, 23), date(2026, 11, 23)]


def test_win_outcome_filled_in_later(
    alice: Conversation, sessions: SessionFactory, clock: ManualClock
) -> None:
    alice.say("/win Migrated billing to Postgres")
    clock.advance(timedelta(days=60))
    assert "Outcome saved on #1" in alice.text("/win outcome 1 Cut hosting costs by 30%")
    (win,) = _entries(sessions)
    assert win.outcome == "Cut hosting costs by 30%"
    assert win.outcome_at == clock.now()


def test_win_links_to_milestone(alice: Conversation, sessions: SessionFactory) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/goal milestone 1 add Finish the course by 2026-12-15")
    alice.say("/win Finished the course milestone:1.1")
    (win,) = _entries(sessions)
    assert win.milestone_id is not None
    assert "has no milestone 7" in alice.text("/win Something milestone:1.7")


def test_bad_win_input(alice: Conversation, bob: Conversation) -> None:
    assert "The win is empty" in alice.text("/win")
    assert "Example: /win" in alice.text("/win")
    text = alice.text("/win " + "y" * 2500)
    assert "the limit is 2,000" in text and "y" * 2500 in text
    alice.say("/win Shipped it")
    assert "You have no entry #1" in bob.text("/win outcome 1 stolen")
    assert "You have no goal #4" in alice.text("/win Shipped it goal:4")


def test_journal_prompt_then_plain_answer(
    alice: Conversation, sessions: SessionFactory, prompts: object
) -> None:
    asked = alice.say("/journal")
    assert any(isinstance(b, Header) for b in asked.blocks)
    text = alice.text("I am best at debugging under pressure, e.g. the outage in May")
    assert "Saved to your journal as #1" in text
    (entry,) = _entries(sessions)
    assert entry.kind == "journal"
    assert entry.prompt_key is not None
    nudge = alice.text("what now?")
    assert "/win" in nudge and "what now?" in nudge


def test_journal_with_text_and_rotation(alice: Conversation, sessions: SessionFactory) -> None:
    for _ in range(7):
        alice.say("/journal")
        alice.say("/journal an answer")
    with sessions() as session:
        themes = list(session.scalars(select(PromptLog.theme).order_by(PromptLog.id)))
        keys = list(session.scalars(select(PromptLog.prompt_key)))
    assert len(set(themes)) == 7
    assert len(set(keys)) == 7
    assert all(e.prompt_key for e in _entries(sessions))


def test_journal_skip_asks_another_theme(alice: Conversation) -> None:
    first = alice.say("/journal").blocks[0]
    second = alice.say("/journal skip").blocks[0]
    assert first != second


def test_answer_window_expires(
    alice: Conversation, sessions: SessionFactory, clock: ManualClock
) -> None:
    alice.say("/journal")
    clock.advance(timedelta(days=3))
    assert "I only keep plain messages" in alice.text("late answer")
    assert _entries(sessions) == []


def test_win_list_and_share(alice: Conversation, sessions: SessionFactory) -> None:
    alice.say("/win First")
    alice.say("/win Second")
    assert "#2" in alice.text("/win list") and "#1" in alice.text("/win list")
    alice.say("/win share 2")
    assert [e.shared for e in _entries(sessions)] == [False, True]
    assert "#2" in alice.text("/share")


def test_a_tag_naming_a_section_files_the_win_there(
    alice: Conversation, sessions: SessionFactory
) -> None:
    assert "What I learned" in alice.text("/win Read the SRE book #learning")
    alice.say("/win Organised the meetup #community")
    assert [e.section for e in _entries(sessions)] == ["learning", "community"]


def test_a_win_from_a_form_names_the_field_in_error(alice: Conversation) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    outcome = alice.coach.run(
        alice.who, LogWin("Finished the course", milestone=MilestoneRef(1, 3))
    )
    assert outcome.error is not None and outcome.error.field == "milestone"
    outcome = alice.coach.run(alice.who, LogWin("Finished the course", goal=1, section="design"))
    assert isinstance(outcome.result, WinLogged) and outcome.result.section == BragSection.DESIGN
