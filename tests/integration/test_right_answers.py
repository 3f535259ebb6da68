"""Answers a new member trusts: bad numbers and names are refused with what was typed, and
errors point to the list of the thing being corrected."""

from __future__ import annotations

from sqlalchemy import func, select

from core.storage.db import SessionFactory
from core.storage.models import Contact
from tests.conftest import Conversation

ECHO = "Your text, so nothing is lost: "


def test_a_nudge_of_zero_days_is_refused_with_what_was_typed(alice: Conversation) -> None:
    alice.say("/contact add Dana Kim nudge: 30 days")
    reply = alice.text("/contact edit 1 nudge: 0 days")
    assert "7 to 730 days" in reply and "0 days" in reply.splitlines()[0]
    assert "Example: /contact edit 1 nudge: 30 days" in reply
    assert f"{ECHO}/contact edit 1 nudge: 0 days" in reply
    assert "nudge: 0 days" not in alice.text("/contact list")
    unread = alice.text("/contact edit 1 nudge: soon")
    assert "“soon”" in unread and "Example: /contact edit 1 nudge: 30 days" in unread
    assert "“0 days”" in alice.text("/contact add Sam nudge: 0 days")


def test_journal_errors_point_to_the_journal_list(alice: Conversation) -> None:
    alice.say("/journal I mentored Sam")
    for line in ("/journal edit 7 I mentored Ana", "/journal delete 7", "/journal undo"):
        reply = alice.text(line)
        assert "/journal list" in reply and "/win list" not in reply, line
    assert "Cut CI time" not in alice.text("/journal edit 7 I mentored Ana")
    assert "/win list" in alice.text("/win delete 7")


def test_adding_a_contact_that_exists_says_so(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/contact add Dana Kim at: KubeCon")
    reply = alice.text("/contact add dana kim --client")
    assert "You already have Dana Kim as contact #1" in reply
    assert "/contact edit 1 --client" in reply
    assert f"{ECHO}/contact add dana kim --client" in reply
    assert "/contact edit 1 notes:" in alice.text("/contact add  Dana  Kim ")
    alice.say("/contact add Dana Lee")
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == 2
