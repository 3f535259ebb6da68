"""Replies that read right: plurals, one status, one celebration, one title, one hint."""

from __future__ import annotations

from datetime import timedelta

from core.time.clock import ManualClock
from tests.conftest import Conversation


def test_one_of_a_thing_is_singular(alice: Conversation, clock: ManualClock) -> None:
    alice.say("/skill add Kubernetes")
    alice.say("/win Ran the cluster upgrade #kubernetes")
    gap = alice.text("/gap")
    assert "Kubernetes: 1 entry" in gap and "1 entries" not in gap
    alice.say("/win Delivered the first sprint client:acme")
    assert "acme (1 win)" in alice.text("/clients")
    alice.say("/goal add Pass the CKA exam by 2027-06-30")
    alice.say("/goal milestone 1 add Book the exam by 2027-01-31")
    listed = alice.text("/goal list")
    assert "0 of 1 milestone)" in listed and "milestones" not in listed
    alice.say("/contact add Dana Kim at: KubeCon")
    clock.advance(timedelta(days=1))
    contacts = alice.text("/contact list")
    assert "last talked 1 day ago" in contacts and "1 days" not in contacts


def test_a_contact_touched_today_was_talked_to_today(alice: Conversation) -> None:
    alice.say("/contact add Dana Kim at: KubeCon")
    assert "last talked today" in alice.text("/contact list")


def test_a_done_goal_says_done_once_in_the_list(alice: Conversation) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-06-30")
    alice.say("/goal done 1")
    listed = alice.text("/goal list all")
    assert "done · done" not in listed
    assert "(short · due 2027-06-30 · done)" in listed


def test_a_goal_is_celebrated_once(alice: Conversation) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-06-30")
    assert "🎉" in alice.text("/goal done 1")
    again = alice.text("/goal done 1")
    assert "🎉" not in again and "Log what it took" not in again
    assert "Goal #1 was already done on 2026-11-23: Pass the CKA exam." in again
    alice.say("/goal add Write a blog post by 2027-06-30")
    alice.say("/goal drop 2")
    assert "Goal #2 is already dropped" in alice.text("/goal drop 2")


def test_a_second_done_keeps_the_day_it_was_done(alice: Conversation, clock: ManualClock) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-06-30")
    alice.say("/goal done 1")
    clock.advance(timedelta(days=3))
    assert "already done on 2026-11-23" in alice.text("/goal done 1")


def test_the_roadmap_has_one_title(alice: Conversation) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-06-30")
    text = alice.text("/progress chart")
    assert text.count("areer roadmap") == 1
    assert text.startswith("🗺️ Career roadmap: 1 goal.")


def test_a_command_typed_without_its_slash_suggests_the_command(alice: Conversation) -> None:
    text = alice.text("goal add Pass the CKA exam")
    assert "did you mean /goal?" in text
    assert "Example: /goal add Pass the CKA exam" in text
    assert "/win goal add" not in text
    assert "Your text, so nothing is lost: goal add Pass the CKA exam" in text


def test_a_plain_sentence_still_gets_the_win_hint(alice: Conversation) -> None:
    text = alice.text("Shipped the login page today")
    assert "Example: /win Shipped the login page today" in text
    assert "did you mean" not in text
