"""The team digest's follow-through: only commitments on goals members shared count, and
the post names nobody and quotes no commitment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.coach import Coach
from core.context import MemberRef
from core.scheduling.worker import Worker
from core.time.clock import ManualClock
from tests.conftest import Conversation, run_worker
from tests.fakes import FakeMessenger

FRIDAY_4PM = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)


def _member(coach: Coach, name: str, admin: bool = False) -> Conversation:
    return Conversation(coach, MemberRef("console", "local", name, name.title()), admin=admin)


def test_the_team_kept_a_share_of_shared_commitments_nobody_named(
    coach: Coach, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    ada, bob, cy = _member(coach, "ada", True), _member(coach, "bob"), _member(coach, "cy")
    ada.say("/digest set #team weekly fri 16:00 UTC")
    for member in (ada, cy):
        member.say("/goal add Pass the CKA exam by 2027-02-28 --share")
    bob.say("/goal add Change teams by 2027-06-30")  # private
    for member, line in (
        (ada, "/commit Finish chapter 3 by tuesday goal:1"),
        (ada, "/commit Book the exam by wednesday goal:1"),
        (bob, "/commit Talk to my manager by tuesday goal:1"),
        (cy, "/commit Do two labs by tuesday goal:1"),
        (cy, "/commit Tidy my desk by tuesday"),  # on no goal: not shared
    ):
        member.say(line)
    clock.advance(timedelta(days=2))
    for member, answer in ((ada, "done 1"), (ada, "missed 2"), (bob, "missed 1")):
        member.say(f"/commit {answer}")
    cy.say("/commit done 1")
    cy.say("/commit missed 2")
    clock.set(FRIDAY_4PM)
    run_worker(worker)
    ((summary, details),) = messenger.posts[("local", "team")]
    text = "\n".join([summary.plain_text(), *(d.plain_text() for d in details)])
    assert "🎉 The team kept 67% of shared commitments." in text
    assert "Shared commitments kept: 67% (2 of 3)" in text
    for private in ("Book the exam", "Talk to my manager", "Tidy my desk", "Bob", "missed"):
        assert private not in text


def _team_digest_text(messenger: FakeMessenger) -> str:
    ((summary, details),) = messenger.posts[("local", "team")]
    return "\n".join([summary.plain_text(), *(d.plain_text() for d in details)])


def _commitments_answered(
    coach: Coach, clock: ManualClock, answers: tuple[str, ...], win: str | None = None
) -> None:
    """Ada and Cy share a goal, commit to one thing each by Tuesday and answer in turn."""
    ada, cy = _member(coach, "ada", True), _member(coach, "cy")
    ada.say("/digest set #team weekly fri 16:00 UTC")
    for member in (ada, cy):
        member.say("/goal add Pass the CKA exam by 2027-02-28 --share")
        member.say("/commit Do two labs by tuesday goal:1")
    if win is not None:
        ada.say(win)
    clock.advance(timedelta(days=2))
    for member, answer in zip((ada, cy), answers, strict=True):
        member.say(f"/commit {answer}")
    clock.set(FRIDAY_4PM)


def test_none_kept_is_said_plainly_without_a_celebration(
    coach: Coach, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    _commitments_answered(coach, clock, ("missed 1", "missed 1"))
    run_worker(worker)
    text = _team_digest_text(messenger)
    assert "🎉" not in text and "kept 0%" not in text
    assert "0 of 2 shared commitments were kept" in text
    for name in ("Ada", "Cy", "missed"):
        assert name not in text


def test_a_shared_win_is_celebrated_and_a_low_share_kept_is_not(
    coach: Coach, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    win = "/win Passed the mock exam goal:1 --share"
    _commitments_answered(coach, clock, ("missed 1", "missed 1"), win)
    run_worker(worker)
    text = _team_digest_text(messenger)
    assert "🎉 1 win from 1 person." in text
    assert "0 of 2 shared commitments were kept" in text and "🎉 The team kept" not in text
