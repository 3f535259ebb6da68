"""Replies that read right: plurals, one status, one celebration, one title, one hint."""

from __future__ import annotations

import io
import json
from datetime import timedelta

from rich.console import Console

from adapters.console.render import render_reply
from adapters.slack.blocks import render_blocks
from core.messages import Items, Reply
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


def test_a_milestone_is_done_once(alice: Conversation, clock: ManualClock) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-06-30")
    alice.say("/goal milestone 1 add Book the exam by 2027-01-31")
    assert "✓ Milestone 1.1 done: Book the exam" in alice.text("/goal milestone 1 done 1")
    clock.advance(timedelta(days=2))
    again = alice.text("/goal milestone 1 done 1")
    assert "✓ Milestone 1.1 done" not in again
    assert "Milestone 1.1 was already done on 2026-11-23: Book the exam." in again


def test_a_done_goal_is_not_dropped(alice: Conversation) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-06-30")
    alice.say("/goal done 1")
    reply = alice.text("/goal drop 1")
    assert "Goal #1 is done (on 2026-11-23)" in reply and "Dropped" not in reply
    assert "(short · due 2027-06-30 · done)" in alice.text("/goal list all")


def test_sharing_a_win_names_it_a_win(alice: Conversation) -> None:
    alice.say("/win Shipped the billing revamp")
    shared = alice.text("/win share 1")
    assert shared.startswith("Win #1 is now shared with your team")
    assert "Entry" not in shared
    assert alice.text("/win unshare 1").startswith("Win #1 is private again")


def test_a_lone_slash_says_what_is_missing(alice: Conversation) -> None:
    reply = alice.text("/")
    assert "(nothing)" not in reply and "/(" not in reply
    assert "Type a command after the /" in reply and "Example: /help" in reply


def test_a_list_title_ending_in_a_question_mark_gets_no_colon() -> None:
    reply = Reply([Items("How did these go?", ("#1 Email Dana",)), Items("Due soon", ())])
    for rendered in (reply.plain_text(), _console(reply), _slack(reply)):
        assert "How did these go?\n" in rendered and "?:" not in rendered
        assert "Due soon:" in rendered


def _console(reply: Reply) -> str:
    out = Console(file=io.StringIO(), width=100)
    out.print(render_reply(reply))
    return out.file.getvalue()  # type: ignore[attr-defined, no-any-return]


def _slack(reply: Reply) -> str:
    return json.dumps(render_blocks(reply), ensure_ascii=False).replace("\\n", "\n")


def test_a_journal_entry_is_not_shared_as_a_win(alice: Conversation) -> None:
    alice.say("/journal I doubt I am ready for the staff role")
    reply = alice.text("/win share 1")
    assert "now shared" not in reply
    assert "#1 is a journal entry" in reply and "only wins" in reply
