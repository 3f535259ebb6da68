"""Accountability partners through the real grammar with a moved clock, on SQLite and
PostgreSQL: invite, accept, the weekly note at the partner's local time, cheer, nudge,
end, decline, expiry, privacy, vacations and forget-me."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.coach import Coach
from core.context import MemberRef
from core.messages import Actions, Reply
from core.ports import Address
from core.scheduling.worker import Worker
from core.storage.db import SessionFactory
from core.storage.models import Delivery, Member, Partner, Schedule
from core.time.clock import ManualClock
from tests.conftest import Conversation, run_worker
from tests.fakes import FakeMessenger

ALICE = Address("console", "local", "alice")
BOB = Address("console", "local", "bob")
# The Monday after the fixtures' start (Mon 23 Nov 2026 09:30 UTC): partner notes are due.
NEXT_MONDAY = datetime(2026, 11, 30, tzinfo=UTC)


def _buttons(reply: Reply) -> list[str]:
    return [b.command for b in reply.blocks if isinstance(b, Actions) for b in b.buttons]


def _texts(messenger: FakeMessenger, to: Address) -> list[str]:
    return [reply.plain_text() for reply in messenger.sent.get(to, [])]


def _partners(alice: Conversation, bob: Conversation, worker: Worker, m: FakeMessenger) -> None:
    """Bob has used coachbot; Alice invites him and he taps Accept in the DM; Alice is
    told. What was sent so far is then forgotten by the fake."""
    bob.say("/help")
    alice.say("/partner invite --user bob")
    run_worker(worker)
    invite = m.sent[BOB][-1]
    assert "You and Alice are accountability partners" in bob.text(_buttons(invite)[0])
    run_worker(worker)
    assert "Bob accepted" in m.sent[ALICE][-1].plain_text()
    m.sent.clear()


def test_invite_then_accept_shares_commitments_both_ways(
    alice: Conversation, bob: Conversation, worker: Worker, messenger: FakeMessenger
) -> None:
    bob.say("/help")
    alice.say("/commit Finish chapter 3 by friday")
    bob.say("/commit Read the SRE book chapter by thursday")
    text = alice.text("/partner invite --user bob")
    assert "Invitation sent to Bob" in text and "Nothing is shared until they accept" in text
    assert "lapses on Mon 30 Nov 2026 09:30 (UTC) (7 days)" in text
    assert "I can't find a partner" in bob.text("/partner show --user alice")
    assert "I can't find a partner" in alice.text("/partner show --user bob")
    assert "Bob · invited, waiting for an answer" in alice.text("/partner list")
    assert "Alice · invited you · /partner accept --user alice" in bob.text("/partner list")
    run_worker(worker)
    (invite,) = messenger.sent[BOB]
    assert "Alice would like you as an accountability partner" in invite.plain_text()
    assert _buttons(invite) == ["/partner accept --user alice", "/partner decline --user alice"]
    assert "Finish chapter 3" not in invite.plain_text()  # nothing shared before accepting
    assert "You and Alice are accountability partners" in bob.text(_buttons(invite)[0])
    run_worker(worker)
    (accepted,) = messenger.sent[ALICE]
    assert accepted.plain_text().startswith("🤝 Bob accepted: you are accountability partners")
    assert _buttons(accepted) == ["/partner show --user bob"]
    assert "Finish chapter 3 · due in 4 days (Fri 27 Nov 2026)" in bob.text("/partner show @alice")
    assert "Read the SRE book chapter" in alice.text("/partner show <@bob>")
    assert "Bob · partner" in alice.text("/partner list")
    assert "already partners" in alice.text("/partner invite --user bob")


def test_the_weekly_note_comes_at_the_partners_local_time_once(
    alice: Conversation,
    bob: Conversation,
    worker: Worker,
    messenger: FakeMessenger,
    clock: ManualClock,
) -> None:
    bob.say("/tz America/New_York")
    _partners(alice, bob, worker, messenger)
    alice.say("/commit Finish chapter 3 by tuesday")
    alice.say("/commit Book the exam by wednesday")
    alice.say("/commit Write the blog post by 2026-12-04")
    clock.set(datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    alice.say("/commit done 1")
    alice.say("/commit missed 2 the on-call week took my evenings")
    clock.set(NEXT_MONDAY + timedelta(hours=9, seconds=5))  # 09:00 for Alice (UTC)
    run_worker(worker)
    (to_alice,) = messenger.sent[ALICE]
    assert "Bob had no commitments come due this week" in to_alice.plain_text()
    assert BOB not in messenger.sent  # 04:00 in New York
    clock.set(NEXT_MONDAY + timedelta(hours=14, seconds=5))  # 09:00 in New York
    run_worker(worker)
    note = messenger.sent[BOB][-1]
    assert (
        "Alice kept 1 of 2 commitments this week; open: Write the blog post." in note.plain_text()
    )
    assert "on-call" not in note.plain_text()  # what got in the way is private
    assert _buttons(note) == ["/partner cheer --user alice", "/partner nudge --user alice"]
    clock.advance(timedelta(minutes=30))
    run_worker(worker)  # a later tick, or a restarted worker, sends nothing more
    assert len(messenger.sent[BOB]) == 1 and len(messenger.sent[ALICE]) == 1


def test_cheer_and_a_nudge_at_most_once_a_day(
    alice: Conversation,
    bob: Conversation,
    worker: Worker,
    messenger: FakeMessenger,
    clock: ManualClock,
) -> None:
    _partners(alice, bob, worker, messenger)
    assert "Your cheer is on its way to Alice" in bob.text("/partner cheer <@alice>")
    assert "Your nudge is on its way to Alice" in bob.text("/partner nudge <@alice>")
    assert "already has a nudge from you today; one a day" in bob.text("/partner nudge @alice")
    run_worker(worker)
    assert _texts(messenger, ALICE) == [
        "🎉 Bob cheered you on!",
        "👋 A friendly nudge from Bob: how are your commitments going? One small step today "
        "counts.\n[My commitments: /commit list]",
    ]
    clock.advance(timedelta(days=1))
    assert "on its way" in bob.text("/partner nudge @alice")
    run_worker(worker)
    assert len(messenger.sent[ALICE]) == 3


def test_either_side_ends_it_at_once(
    alice: Conversation,
    bob: Conversation,
    worker: Worker,
    messenger: FakeMessenger,
    clock: ManualClock,
    sessions: SessionFactory,
) -> None:
    _partners(alice, bob, worker, messenger)
    alice.say("/commit Finish chapter 3 by friday")
    bob.say("/partner cheer @alice")  # queued, not sent yet
    text = alice.text("/partner end --user bob")
    assert "Partnership with Bob ended: nothing more is shared or sent either way" in text
    run_worker(worker)
    assert ALICE not in messenger.sent  # the cheer queued before the end is not sent
    assert "I can't find a partner" in bob.text("/partner show @alice")
    assert "I can't find a partner" in bob.text("/partner end @alice")
    clock.set(NEXT_MONDAY + timedelta(hours=9, seconds=5))
    run_worker(worker)
    assert ALICE not in messenger.sent and BOB not in messenger.sent  # no notes
    with sessions() as session:
        notes = session.scalars(select(Schedule).where(Schedule.kind == "partners")).all()
        assert [(s.enabled, s.next_fire_at) for s in notes] == [(False, None)] * 2
    _partners(alice, bob, worker, messenger)  # they may start again
    assert "Partnership with Alice ended" in bob.text("/partner end @alice")


def test_a_declined_invitation_reveals_nothing(
    alice: Conversation, bob: Conversation, worker: Worker, messenger: FakeMessenger
) -> None:
    bob.say("/help")
    alice.say("/win Passed the CKA exam")
    alice.say("/partner invite --user bob")
    run_worker(worker)
    assert "Declined: nothing is shared" in bob.text(_buttons(messenger.sent[BOB][0])[1])
    listed = alice.text("/partner list")
    assert "Bob" not in listed and "declined" not in listed.lower()
    assert "I can't find a partner" in bob.text("/partner show @alice")
    assert "I can't find a partner" in bob.text("/partner accept @alice")
    assert "Invitation sent to Bob" in alice.text("/partner invite --user bob")


def test_an_invitation_lapses_after_seven_days(
    alice: Conversation,
    bob: Conversation,
    worker: Worker,
    messenger: FakeMessenger,
    clock: ManualClock,
) -> None:
    bob.say("/help")
    alice.say("/partner invite --user bob")
    run_worker(worker)
    clock.advance(timedelta(days=7, minutes=1))
    assert "I can't find a partner" in bob.text(_buttons(messenger.sent[BOB][0])[0])
    assert "Bob" not in alice.text("/partner list")
    assert "Alice" not in bob.text("/partner list")
    assert "Invitation sent to Bob" in alice.text("/partner invite --user bob")


def test_a_partner_never_sees_what_is_not_shared(
    alice: Conversation, bob: Conversation, worker: Worker, messenger: FakeMessenger
) -> None:
    _partners(alice, bob, worker, messenger)
    alice.say("/goal add Become a staff engineer by 2027-12-31")
    alice.say("/win Cut CI time from 20 to 6 minutes")
    alice.say("/journal I doubt I am ready for the staff role")
    alice.say("/commit Ask Dana for feedback by friday")
    shown = bob.text("/partner show @alice")
    assert "Ask Dana for feedback" in shown
    for private in ("staff engineer", "Cut CI time", "doubt", "Wins", "Goals"):
        assert private not in shown
    assert "Partners now see your commitments, wins" in alice.text("/partner share wins on")
    shown = bob.text("/partner show @alice")
    assert "Cut CI time" in shown and "staff engineer" not in shown
    alice.say("/partner share goals on")
    alice.say("/partner share wins off")
    shown = bob.text("/partner show @alice")
    assert "Become a staff engineer" in shown and "Cut CI time" not in shown
    assert "doubt" not in shown


def test_a_partner_sees_away_instead_of_misses_and_notes_pause_on_vacation(
    alice: Conversation,
    bob: Conversation,
    worker: Worker,
    messenger: FakeMessenger,
    clock: ManualClock,
) -> None:
    _partners(alice, bob, worker, messenger)
    alice.say("/commit Finish chapter 3 by wednesday")
    alice.say("/vacation 2026-11-25 to 2026-11-30")
    clock.set(datetime(2026, 11, 26, 12, 0, tzinfo=UTC))
    assert "on its way" in bob.text("/partner nudge @alice")
    run_worker(worker)
    assert ALICE not in messenger.sent  # no nudge while she is away
    clock.set(NEXT_MONDAY + timedelta(hours=9, seconds=5))
    run_worker(worker)
    assert ALICE not in messenger.sent  # Alice is away: her note about Bob waits
    note = messenger.sent[BOB][-1].plain_text()
    assert "Alice had no commitments come due this week (away part of the week" in note
    assert "kept 0 of 1" not in note


def test_a_missed_commitment_tells_the_partner_once_when_opted_in(
    alice: Conversation, bob: Conversation, worker: Worker, messenger: FakeMessenger
) -> None:
    _partners(alice, bob, worker, messenger)
    alice.say("/commit Finish chapter 3 by friday")
    alice.say("/commit Book the exam by friday")
    alice.say("/commit missed 1")
    run_worker(worker)
    assert BOB not in messenger.sent  # not opted in
    assert "a missed commitment tells them: on" in alice.text("/partner notify-missed on")
    alice.say("/commit missed 2 <!channel> @everyone was busy")
    alice.say("/commit missed 2")  # said again: still one message
    run_worker(worker)
    told = messenger.sent[BOB]
    assert [r.plain_text().splitlines()[0] for r in told] == [
        "Alice missed a commitment: “Book the exam”. A kind word may help."
    ]


def test_forget_me_removes_the_partnership_on_both_sides(
    alice: Conversation,
    bob: Conversation,
    worker: Worker,
    messenger: FakeMessenger,
    sessions: SessionFactory,
) -> None:
    _partners(alice, bob, worker, messenger)
    alice.say("/partner nudge @bob")
    bob.say("/forget-me")
    assert "deleted" in bob.text("/forget-me confirm")
    with sessions() as session:
        assert session.scalars(select(Partner)).all() == []
        assert session.scalars(select(Delivery).where(Delivery.kind == "pnudge")).all() == []
    assert "none yet" in alice.text("/partner list")


def test_only_members_of_the_same_workspace_or_guild(coach: Coach, alice: Conversation) -> None:
    elsewhere = Conversation(coach, MemberRef("console", "other", "carol", "Carol"))
    elsewhere.say("/help")
    assert "I don't know carol in this workspace" in alice.text("/partner invite --user carol")
    assert "I don't know alice in this workspace" in alice.text("/partner invite --user alice")
    guild = Conversation(coach, MemberRef("discord", "discord", "111", "Ana", "G1"))
    other_guild = Conversation(coach, MemberRef("discord", "discord", "222", "Dana", "G2"))
    other_guild.say("/help")
    assert "I don't know 222" in guild.text("/partner invite <@222>")
    in_dm = Conversation(coach, MemberRef("discord", "discord", "111", "Ana"))
    assert "Invite partners from a channel of your server" in in_dm.text("/partner invite <@222>")
    Conversation(coach, MemberRef("discord", "discord", "222", "Dana", "G1")).say("/help")
    assert "Invitation sent to Dana" in guild.text("/partner invite <@!222>")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/partner invite", "Say who: mention them."),
        ("/partner invite @dana!!", "is not someone I can find"),
        ("/partner share secrets on", "Share wins or goals"),
        ("/partner share wins maybe", "Say on or off."),
        ("/partner notify-missed", "Say on or off."),
        ("/partner hug @dana", "/partner has no “hug”"),
    ],
)
def test_bad_input_says_what_was_wrong_with_an_example(
    alice: Conversation, line: str, expected: str
) -> None:
    text = alice.text(line)
    assert expected in text and "/partner" in text


def test_a_mention_typed_by_hand_where_the_platform_does_not_write_mentions_finds_no_one(
    alice: Conversation, sessions: SessionFactory
) -> None:
    """Only a platform that writes mentions itself (Slack's should_escape) vouches for a
    user coachbot has not seen; typed text elsewhere (the console, Discord's /coach do)
    could name anyone, so it finds only members."""
    alice.say("/help")
    text = alice.text("/partner invite <@U0ERIN|erin>")
    assert "I don't know U0ERIN" in text
    with sessions() as session:
        assert session.scalars(select(Member.user_id)).all() == ["alice"]


def test_one_commitment_kept_reads_as_one(
    alice: Conversation, bob: Conversation, worker: Worker, messenger: FakeMessenger
) -> None:
    _partners(alice, bob, worker, messenger)
    alice.say("/commit Finish chapter 3 by today")
    alice.say("/commit done 1")
    shown = bob.text("/partner show --user alice")
    assert "Alice kept 1 of 1 commitment this week" in shown and "commitments this" not in shown
