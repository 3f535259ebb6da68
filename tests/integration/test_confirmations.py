"""Confirmations repeat what was stored: in Slack the command's text is gone once sent, so
a wrong parse must show in the reply (text, local date, section, links)."""

from __future__ import annotations

from sqlalchemy import select

from core.storage.db import SessionFactory
from core.storage.models import Entry
from tests.conftest import Conversation

LONG = "Migrated the billing service to the new queue " + "and tidied the retries " * 20


def test_a_win_repeats_its_text_local_day_section_and_links(alice: Conversation) -> None:
    alice.tz_hint = "Pacific/Honolulu"  # 23:30 on Sunday there while it is Monday in UTC
    alice.say("/goal add Become a staff engineer by 2027-12-31")
    alice.say("/goal milestone 1 add Write the caching design doc by 2027-01-31")
    alice.say("/skill add Kubernetes")
    alice.say("/contact add Acme Corp --client")
    text = alice.text("/win Wrote the caching design doc #design #kubernetes milestone:1.1")
    assert "Win #1 logged for 2026-11-22." in text
    assert "“Wrote the caching design doc #design #kubernetes”" in text
    assert "Linked to: milestone 1.1 Write the caching design doc · skill Kubernetes." in text
    assert "Section: Design & documentation (from #design)" in text
    client = alice.text("/win Delivered the audit client:acme goal:1")
    assert "Linked to: goal #1 Become a staff engineer · client Acme Corp (client:acme)." in client


def test_a_long_win_is_shortened_in_the_reply_and_kept_whole(
    alice: Conversation, sessions: SessionFactory
) -> None:
    text = alice.text(f"/win {LONG}")
    assert "“Migrated the billing service to the new queue and tidied" in text
    assert "…”" in text and LONG.strip() not in text
    assert "Linked to no goal, client or skill." in text
    with sessions() as session:
        assert session.scalar(select(Entry.text)) == LONG.strip()


def test_a_journal_entry_repeats_its_text_day_and_skills(alice: Conversation) -> None:
    alice.say("/skill add Kubernetes")
    text = alice.text("/journal What I learned about #kubernetes operators this week")
    assert "Saved to your journal as #1 for 2026-11-23." in text
    assert "“What I learned about #kubernetes operators this week”" in text
    assert "Linked to: skill Kubernetes." in text
    plain = alice.text("/journal A quiet week")
    assert "“A quiet week”" in plain and "Linked to" not in plain


def test_a_goal_repeats_its_title_period_deadline_and_client(alice: Conversation) -> None:
    alice.tz_hint = "Europe/Berlin"
    text = alice.text("/goal add Land 3 new clients this year measure: 3 new clients")
    assert "Goal: Land 3 new clients" in text
    assert "Deadline: 2026-12-31" in text and "Counts from: 2026-01-01" in text
    assert "Measure: 3 new clients" in text
    tagged = alice.text("/goal add Ship the Acme portal #portal by 2027-03-31 client:acme")
    assert "Client: acme" in tagged and "Tags: portal" in tagged


def test_a_reminder_repeats_its_text_and_local_time(alice: Conversation) -> None:
    alice.tz_hint = "America/New_York"
    text = alice.text("/remind 2026-11-25 17:00 send the audit proposal to Acme")
    assert "Reminder #1 set for Wed 25 Nov 2026 17:00 (America/New_York)" in text
    assert text.endswith(": send the audit proposal to Acme")


def test_a_contact_repeats_where_met_notes_and_its_client(alice: Conversation) -> None:
    alice.tz_hint = "Europe/Berlin"
    text = alice.text(
        "/contact add Acme Corp at: KubeCon notes: their CTO wants a platform audit --client"
    )
    assert "Contact #1 saved: Acme Corp (met at KubeCon)" in text
    assert "Notes: their CTO wants a platform audit" in text
    assert "Client: Acme Corp; wins with client:acme count for it." in text
    assert "follow up Thu 26 Nov 2026" in text and "(Europe/Berlin)" in text
    important = alice.text("/contact add Dana Kim --important")
    assert "Dana Kim ★ important" in important and "Client:" not in important


def test_an_outcome_repeats_what_was_stored(alice: Conversation) -> None:
    alice.say("/win Delivered the Acme landing page #launch")
    text = alice.text("/win outcome 1 Sign-ups up 12% in the first week")
    assert "Outcome saved on #1 (Delivered the Acme landing page #launch):" in text
    assert "“Sign-ups up 12% in the first week”" in text
