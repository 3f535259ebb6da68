"""A client is one entity: `client:acme` and "Acme Corp" are the same client, a proposal is
not a client won, and a goal counts the clients won inside its period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from core.storage.db import SessionFactory
from core.storage.models import Client, Entry
from core.time.clock import ManualClock
from tests.conftest import Conversation


def test_a_contact_and_a_win_for_the_same_company_are_one_client(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/goal add Land new clients by 2026-12-31 measure: 3 new clients")
    alice.say("/contact add Acme Corp --client")
    alice.say("/win Shipped the checkout revamp client:acme")
    alice.say("/win Fixed the search outage client:Acme-Corp")
    assert "1 of 3" in alice.text("/progress")
    clients = alice.text("/clients")
    assert clients.count("Acme Corp") == 1 and "Acme Corp (2 wins)" in clients
    assert "acme (" not in clients
    with sessions() as session:
        (client,) = session.scalars(select(Client)).all()
        assert (client.slug, client.name) == ("acme", "Acme Corp")
        assert set(session.scalars(select(Entry.client))) == {"acme"}


def test_a_proposal_is_not_a_client_won(alice: Conversation) -> None:
    alice.say("/goal add Land new clients by 2026-12-31 measure: 3 new clients")
    alice.say("/win Sent a proposal to Globex client:globex")
    alice.say("/win Pitched the platform audit client:initech #pitch")
    assert "0 of 3" in alice.text("/progress")
    assert "globex (1 win)" in alice.text("/clients")  # the work is listed all the same
    alice.say("/win Signed and started the audit for Globex client:globex")
    assert "1 of 3" in alice.text("/progress")


def test_new_clients_are_the_ones_won_inside_the_goals_period(
    alice: Conversation, clock: ManualClock
) -> None:
    alice.say("/win Delivered the data migration client:umbrella")  # before the goal
    clock.advance(timedelta(hours=1))
    alice.say("/goal add Land new clients by 2026-12-31 measure: 3 new clients")
    alice.say("/win Kick-off with Umbrella for phase two client:umbrella")  # not new
    alice.say("/win First sprint for Hooli client:hooli")
    assert "1 of 3" in alice.text("/progress")
    clock.set(datetime(2027, 1, 4, 9, 0, tzinfo=UTC))  # after the deadline
    alice.say("/win First project for Vandelay client:vandelay")
    assert "1 of 3" in alice.text("/goal show 1")
    alice.say("/goal edit 1 by 2027-06-30")
    assert "2 of 3" in alice.text("/goal show 1")


def test_removing_the_only_trace_of_a_client_removes_the_client(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/goal add Land new clients by 2026-12-31 measure: 3 new clients")
    alice.say("/contact add Initech Ltd --client")
    assert "1 of 3" in alice.text("/progress")
    alice.say("/contact remove 1")
    assert "0 of 3" in alice.text("/progress")
    with sessions() as session:
        assert session.scalars(select(Client)).all() == []


def test_a_client_name_without_letters_is_refused_with_an_example(alice: Conversation) -> None:
    text = alice.text("/win Shipped it client:!!!")
    assert "Name the client with letters or digits" in text
    assert "client:acme" in text


def test_a_goal_for_next_calendar_year_counts_nothing_won_this_year(
    alice: Conversation, clock: ManualClock
) -> None:
    text = alice.text("/goal add Land 3 new clients in 2027 measure: 3 new clients")
    assert "2027-12-31" in text
    for name in ("acme", "globex", "initech"):
        alice.say(f"/win First project for {name} client:{name}")
    assert "0 of 3" in alice.text("/progress")
    clock.set(datetime(2027, 1, 4, 9, 0, tzinfo=UTC))
    alice.say("/win First project for Hooli client:hooli")
    alice.say("/win Second project for Acme client:acme")  # not new: won in 2026
    assert "1 of 3" in alice.text("/progress")


def test_a_goal_for_this_year_counts_the_clients_won_since_january(
    alice: Conversation, clock: ManualClock
) -> None:
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    alice.say("/contact add Acme Corp --client")
    clock.set(datetime(2026, 11, 23, 9, 30, tzinfo=UTC))
    text = alice.text("/goal add Land 3 new clients this year measure: 3 new clients")
    assert "2026-12-31" in text
    alice.say("/win Audit for Globex client:globex")
    assert "2 of 3" in alice.text("/progress")


def _client_goal_with_one_client(alice: Conversation) -> None:
    """Goal #1 counts 3 new clients; Zap is the one won so far."""
    alice.say("/goal add Win 3 clients by 2027-06-30 measure: 3 new clients")
    alice.say("/win Signed Zap client:zap")


def test_auto_follows_the_client_count_again(alice: Conversation) -> None:
    _client_goal_with_one_client(alice)
    alice.say("/goal progress 1 2")
    text = alice.text("/goal progress 1 auto")
    assert "33% (1 of 3)" in text
    assert "33% (short · due 2027-06-30 · 1 of 3)" in alice.text("/goal list")


def test_progress_by_hand_on_a_client_goal_overrides_the_count_until_auto(
    alice: Conversation,
) -> None:
    _client_goal_with_one_client(alice)
    assert "33% (short · due 2027-06-30 · 1 of 3)" in alice.text("/goal list")
    text = alice.text("/goal progress 1 2")
    assert "67% (set by hand)" in text
    assert "Set by hand to 2 of 3: this overrides the client count (1 of 3) until " in text
    assert "/goal progress 1 auto" in text
    assert "overrides the client count (1 of 3)" in alice.text("/goal progress 1 40%")
    alice.say("/win Signed Hooli client:hooli")
    assert "40% (short · due 2027-06-30 · set by hand)" in alice.text("/goal list")
    assert "67% (2 of 3)" in alice.text("/goal progress 1 auto")  # zap and hooli
    alice.say("/win delete 2")
    assert "33% (short · due 2027-06-30 · 1 of 3)" in alice.text("/goal list")
