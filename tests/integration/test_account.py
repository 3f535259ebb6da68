"""Export, time zones, sharing and forget-me, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import func, select

from core.storage.db import SessionFactory
from core.storage.models import Base, Member
from core.time.clock import ManualClock
from tests.conftest import Conversation


def test_brag_document_groups_wins_by_section(alice: Conversation, clock: ManualClock) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/goal add Become a staff engineer by 2028-12-31")
    alice.say("/win Cut deploy time from 40 to 9 minutes for 6 teams goal:1")
    alice.say("/win Mentored two juniors through their first incident #mentoring")
    alice.say("/win Gave a talk at the Berlin Go meetup #talk")
    alice.say("/win outcome 1 Teams now deploy 5x a day")
    alice.say("/win Ping <!channel> @everyone <@U123> <script>")
    reply = alice.say("/export brag")
    (doc,) = reply.attachments
    assert doc.filename == "brag-2026-alice.md" and doc.mimetype == "text/markdown"
    md = doc.content
    assert md.startswith("# Brag document 2026: Alice")
    assert "## Goals for 2027" in md and "Pass the CKA exam" in md
    projects = md.index("## Projects")
    mentoring = md.index("## Collaboration & mentorship")
    community = md.index("## Company & community building")
    assert projects < mentoring < community
    assert "**2026-11-23**: Cut deploy time from 40 to 9 minutes for 6 teams" in md
    assert "(goal: Pass the CKA exam)" in md
    assert "Outcome: Teams now deploy 5x a day" in md
    assert "Mentored two juniors through their first incident: `/win outcome 2 ...`" in md
    assert "<script>" not in md and "&lt;script&gt;" in md


def test_brag_document_for_another_year(alice: Conversation, clock: ManualClock) -> None:
    alice.say("/win This year")
    clock.set(clock.now() - timedelta(days=365))
    alice.say("/win Last year")
    clock.advance(timedelta(days=365))
    md = alice.say("/export brag 2025").attachments[0].content
    assert "Last year" in md and "This year" not in md
    assert "not a year" in alice.text("/export brag 1066")
    assert "brag" in alice.text("/export pdf")


def test_json_export_holds_everything_the_member_owns(
    alice: Conversation, bob: Conversation
) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/goal milestone 1 add Finish the course by 2026-12-10")
    alice.say("/win Shipped it goal:1")
    alice.say("/journal")
    alice.say("An answer")
    bob.say("/win Bob's secret win")
    data = json.loads(alice.say("/export json").attachments[0].content)
    assert data["member"]["user_id"] == "alice"
    tables = data["tables"]
    goal = tables["goals"][0]
    assert goal["title"] == "Pass the CKA exam" and goal["member_id"] == data["member"]["id"]
    assert tables["milestones"][0]["due"] == "2026-12-10"
    assert tables["milestones"][0]["goal_id"] == goal["id"]
    assert [e["kind"] for e in tables["entries"]] == ["win", "journal"]
    assert tables["entries"][0]["goal_id"] == goal["id"]
    assert len(tables["prompt_log"]) == 1
    assert "Bob" not in json.dumps(data)


def test_timezone_set_show_and_suggest(alice: Conversation) -> None:
    assert "Europe/Berlin" in alice.text("/tz europe/berlin")
    assert "Your time zone is Europe/Berlin" in alice.text("/tz")
    text = alice.text("/tz Europe/Berln")
    assert "Did you mean Europe/Berlin" in text and "Example: /tz Europe/Berlin" in text


def test_platform_zone_is_used_until_member_sets_one(alice: Conversation) -> None:
    alice.tz_hint = "Asia/Kolkata"
    assert "Asia/Kolkata" in alice.text("/tz")
    alice.say("/tz Europe/Lisbon")
    assert "Europe/Lisbon" in alice.text("/tz")


def test_forget_me_needs_confirmation_and_deletes_everything(
    alice: Conversation, bob: Conversation, sessions: SessionFactory, clock: ManualClock
) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/goal milestone 1 add Finish the course by 2026-12-10")
    alice.say("/win Shipped it goal:1 milestone:1.1")
    alice.say("/journal")
    alice.say("/vacation 2026-12-20 to 2026-12-28")
    alice.say("/remind tomorrow 9am update my CV")
    alice.say("/skill add Kubernetes need")
    alice.say("/contact add Dana Kim at: KubeCon --important")
    alice.say("/win A win kept for an undo")
    assert "Deleted win #2" in alice.text("/win delete 2")
    alice.say("/win Audit for Acme client:acme")
    alice.say("/commit Book the exam by friday milestone:1.1 skill:kubernetes")
    alice.say("/commit Practise kubectl every day")
    alice.say("/commit done 2")
    bob.say("/win Bob stays")
    assert "Ask first with /forget-me" in alice.text("/forget-me confirm")
    assert "Delete all your coachbot data?" in alice.text("/forget-me")
    clock.advance(timedelta(minutes=11))
    assert "Ask first" in alice.text("/forget-me confirm")
    alice.say("/forget-me")
    assert "Everything coachbot kept about you is deleted" in alice.text("/forget-me confirm")
    with sessions() as session:
        members = session.scalars(select(Member.user_id)).all()
        counts = {
            t.name: session.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables
        }
    assert members == ["bob"]
    # What is left is Bob's: his member row, his win, its outcome follow-up and his two
    # default schedules.
    assert counts == {
        "members": 1,
        "goals": 0,
        "milestones": 0,
        "entries": 1,
        "prompt_log": 0,
        "schedules": 2,
        "reminders": 1,
        "deleted_entries": 0,
        "pauses": 0,
        "outbox": 0,
        "inbound_events": 0,
        "digests": 0,
        "memberships": 0,
        "skills": 0,
        "contacts": 0,
        "commitments": 0,
        "habit_days": 0,
        "clients": 0,
        "partners": 0,
        "send_pace": 0,  # no member's data: a workspace's next free send slot
    }


def test_help_lists_every_command_with_an_example(alice: Conversation) -> None:
    text = alice.text("/help")
    for command in ("goal", "win", "journal", "progress", "share", "export", "tz", "forget-me"):
        assert f"/{command}:" in text
    assert "/goal milestone 1 add" in alice.text("/help goal")
    assert "Did you mean /goal" in alice.text("/help gaol")
    assert "Did you mean /progress" in alice.text("/progres")
    assert "Time zone set" in alice.text("/coach tz UTC")
