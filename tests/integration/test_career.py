"""Career planning depth: target role, skills and the gap, networking, clients, follow-ups."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from core.commands.career import AddSkill
from core.commands.network import AddContact
from core.ports import Address
from core.scheduling.worker import Worker
from core.storage.db import SessionFactory
from core.storage.models import Entry, Goal, SkillStatus
from core.time.clock import ManualClock
from tests.conftest import Conversation, run_worker
from tests.fakes import FakeMessenger

ALICE = Address("console", "local", "alice")


def test_target_skills_and_gap_with_evidence(alice: Conversation, clock: ManualClock) -> None:
    assert "not set yet" in alice.text("/target")
    assert "Target role set: Engineering manager" in alice.text("/target Engineering manager")
    assert "Skill #1 added: People management: need" in alice.text(
        "/skill add People management need"
    )
    alice.say("/skill add Mentoring have")
    text = alice.text("/skill add CKA certification learning by 2027-03-31 provider: CNCF")
    assert "CKA (certification, CNCF): learning, by 2027-03-31" in text
    alice.say("/win Paired with Sam on his first incident #mentoring")
    gap = alice.text("/gap")
    assert "Gap to Engineering manager" in gap
    assert "People management: need" in gap and "CKA (certification, CNCF): learning" in gap
    assert "Mentoring: 1 entry" in gap
    assert "No evidence for “CKA” in the last 6 months: tag a win with #cka" in gap
    assert "Skill #1 is now learning" in alice.text("/skill update 1 learning")
    assert "Skill #2 updated" in alice.text("/skill add mentoring have")  # same skill, no duplicate
    listing = alice.text("/skill list")
    assert listing.count("#") >= 3
    clock.advance(timedelta(days=200))
    assert "No evidence for “Mentoring”" in alice.text("/gap")


def test_bad_career_input(alice: Conversation) -> None:
    assert "Add the skills your target role needs first" in alice.text("/gap")
    alice.say("/skill add X need")
    assert "one of have, learning or need" in alice.text("/skill update 1 expert")
    assert "no skill #9" in alice.text("/skill update 9 have")
    assert "could not read “Febuary 3”" in alice.text("/skill add Go need by Febuary 3")
    assert "Several contacts match" not in alice.text("/contact touch nobody")


def test_contacts_follow_up_after_an_event_and_nudge_when_cold(
    alice: Conversation, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    alice.say("/checkin off")
    text = alice.text("/contact add Dana Kim at: KubeCon 2026 notes: platform lead --important")
    assert "Contact #1 saved: Dana Kim (met at KubeCon 2026)" in text
    assert "follow up Thu 26 Nov 2026 10:00" in text
    alice.say("/contact add Sam Lee")
    clock.set(datetime(2026, 11, 26, 10, 0, tzinfo=UTC))
    run_worker(worker)
    (follow_up,) = messenger.sent[ALICE]
    assert "Follow up with Dana Kim (met at KubeCon 2026)" in follow_up.plain_text()
    assert "[We talked: /contact touch 1]" in follow_up.plain_text()
    assert "talked with Dana Kim" in alice.text("/contact touch dana")
    assert "Network: 2 met, 1 followed up this quarter" in alice.text("/progress")
    clock.set(datetime(2027, 2, 24, 10, 0, tzinfo=UTC))  # 90 days after the touch
    run_worker(worker)
    assert (
        "It has been 90 days since you talked with Dana Kim"
        in messenger.sent[ALICE][-1].plain_text()
    )
    listing = alice.text("/contact list")
    assert listing.index("Sam Lee") < listing.index("Dana Kim")  # longest untouched first


def test_outcome_follow_up_fills_in_the_win(
    alice: Conversation,
    worker: Worker,
    messenger: FakeMessenger,
    clock: ManualClock,
    sessions: SessionFactory,
) -> None:
    alice.say("/checkin off")
    alice.say("/win Migrated billing to Postgres")
    clock.advance(timedelta(days=45, minutes=1))
    run_worker(worker)
    (question,) = messenger.sent[ALICE]
    assert (
        "What came of it?" in question.plain_text() and "Migrated billing" in question.plain_text()
    )
    assert "Outcome saved on #1" in alice.text("Hosting costs down 30%, no incidents since")
    with sessions() as session:
        entry = session.scalars(select(Entry)).one()
    assert entry.outcome == "Hosting costs down 30%, no incidents since"


def test_an_outcome_already_given_is_not_asked_for(
    alice: Conversation, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    alice.say("/checkin off")
    alice.say("/win Gave the talk")
    alice.say("/win outcome 1 Three teams asked for the slides")
    clock.advance(timedelta(days=46))
    run_worker(worker)
    assert messenger.total() == 0


def test_clients_summary_and_client_acquisition_goal(
    alice: Conversation, sessions: SessionFactory, clock: ManualClock
) -> None:
    alice.say("/goal add Land new clients by 2027-06-30 measure: 3 new clients")
    alice.say("/win Shipped the checkout revamp client:acme")
    alice.say("/win Fixed the search outage client:acme")
    alice.say("/win Audit for Globex client:globex")
    alice.say("/contact add Initech --client")
    with sessions() as session:
        goal = session.scalars(select(Goal)).one()
    assert goal.measure_current == 3
    assert "100%" in alice.text("/goal list")
    text = alice.text("/clients")
    assert "acme (2 wins)" in text and "globex (1 win)" in text
    assert "Example: /clients quarter" in alice.text("/clients decade")
    brag = alice.say("/export brag").attachments[0].content
    assert isinstance(brag, str)
    clients = brag.split("## Client work\n", 1)[1].split("\n## ", 1)[0]
    assert "**acme (2 wins)**" in clients and "Fixed the search outage" in clients
    assert "**globex (1 win)**" in clients


def test_brag_document_has_skills_with_evidence(alice: Conversation) -> None:
    alice.say("/target Staff engineer")
    alice.say("/skill add Kubernetes have")
    alice.say("/win Moved 40 services to Kubernetes #kubernetes")
    brag = alice.say("/export brag").attachments[0].content
    assert isinstance(brag, str)
    assert "## Skills and certifications" in brag and "Aiming at: Staff engineer" in brag
    assert "- Kubernetes (have, 1 win shows it)" in brag


def test_quarterly_review_covers_target_and_skills(
    alice: Conversation, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    alice.say("/target Engineering manager")
    alice.say("/skill add People management need")
    clock.set(datetime(2027, 4, 5, 10, 0, tzinfo=UTC))
    run_worker(worker)
    review = next(r for r in messenger.sent[ALICE] if "Quarterly plan review" in r.plain_text())
    text = review.plain_text()
    assert "Target role: Engineering manager. Still the one?" in text
    assert "#1 People management: need" in text


def test_commands_from_forms_name_the_field_in_error(alice: Conversation) -> None:
    outcome = alice.coach.run(alice.who, AddSkill("Go", due="Febuary 3"))
    assert outcome.error is not None and outcome.error.field == "due"
    outcome = alice.coach.run(alice.who, AddContact("Dana Kim", nudge_days=3))
    assert outcome.error is not None and outcome.error.field == "nudge_days"
    outcome = alice.coach.run(
        alice.who, AddSkill("Go", SkillStatus.LEARNING, due=date(2027, 1, 31))
    )
    assert "Skill #1 added: Go: learning, by 2027-01-31" in outcome.reply.plain_text()
