"""Forget-me leaves nothing behind: not in any table or column (ours or slack_sdk's), not in
the outbox (a digest retry composed before is composed again without the member), not in
the console's exported files. On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import Engine, String, Text, select

from adapters.console.app import ConsoleFrontEnd
from adapters.slack.storage import slack_metadata
from core.coach import Coach
from core.context import MemberRef
from core.messages import Reply
from core.ports import Address, DeliveryError, PostPart
from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.sender import Sender
from core.scheduling.worker import Worker
from core.storage.db import SessionFactory
from core.storage.models import Base, Delivery, DeliveryStatus, Member
from core.time.clock import ManualClock
from tests.conftest import Conversation
from tests.fakes import OPTIONS, FakeMessenger, FakeTime

FRIDAY_4PM = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
ALICE = MemberRef("slack", "T0TEAM", "UALICE7", "Alice Quartermaine")
# Everything that would identify Alice if it were left anywhere.
ALICE_MARKS = (
    "UALICE7",
    "Quartermaine",
    "Migrated the billing ledger to Postgres 16",
    "Halved the on-call pages",
    "Quietly rewrote the parser",
    "Become a staff engineer at Initech",
    "Ship the ledger cutover plan",
    "Answered the prompt about courage",
    "update my CV for Initech",
    "Zebulon Fairweather",
    "Kubernetes-Quartz",
    "Rehearse the Quokka-Ledger demo",
    "the Quokka-Ledger outage ate my week",
    "Stretch for Quokka-Ledger",
    "xoxp-alice-user-token",
    "xoxe-alice-refresh",
)


class FlakySlack(FakeMessenger):
    """A fake Slack whose first post to #team and first DM to Alice fail with a 500."""

    def __init__(self) -> None:
        super().__init__("slack")
        self.failing = {"C0TEAM", ALICE.user_id}

    async def send_dm(self, to: Address, reply: Reply) -> None:
        """Fail Alice's first DM, record the rest."""
        if to.user_id in self.failing:
            self.failing.discard(to.user_id)
            raise DeliveryError("slack 500: internal_error")
        await super().send_dm(to, reply)

    def channel_post(
        self, workspace_id: str, channel_id: str, reply: Reply, details: Sequence[Reply] = ()
    ) -> Sequence[PostPart]:
        """Fail the first post to #team, record the rest."""
        parts = super().channel_post(workspace_id, channel_id, reply, details)
        if channel_id not in self.failing:
            return parts
        self.failing.discard(channel_id)

        async def fail(_thread: str | None) -> str | None:
            raise DeliveryError("slack 500: internal_error")

        return [fail, *parts[1:]]


def _worker(
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
    slack: FakeMessenger,
    realtime: FakeTime,
) -> Worker:
    sender = Sender(
        sessions,
        clock,
        prompts,
        {"slack": slack},
        "test-worker",
        realtime=realtime,
        options=OPTIONS,
    )
    return Worker(sessions, clock, Dispatcher(sessions, clock), sender)


def _install(engine: Engine, user_id: str, user_token: str, refresh: str) -> None:
    """An OAuth installation by `user_id`, as slack_sdk's store saves it."""
    store = SQLAlchemyInstallationStore(client_id="111.222", engine=engine)
    store.save(
        Installation(
            app_id="A0APP",
            enterprise_id=None,
            team_id="T0TEAM",
            team_name="Team",
            bot_token="xoxb-team-bot-token",
            bot_id="B0BOT",
            bot_user_id="U0BOT",
            bot_scopes=["chat:write", "commands"],
            user_id=user_id,
            user_token=user_token,
            user_refresh_token=refresh,
            user_token_expires_in=43200,
            user_scopes=["identify"],
        )
    )


def _leftovers(engine: Engine, member_id: int, marks: Sequence[str]) -> list[str]:
    """Every value in every text column (ours and slack_sdk's) that carries one of `marks`,
    and every reference to the member's id."""
    found: list[str] = []
    with engine.connect() as conn:
        for metadata in (Base.metadata, slack_metadata()):
            for table in metadata.sorted_tables:
                texts = [c for c in table.columns if isinstance(c.type, String | Text)]
                refs = [
                    c
                    for c in table.columns
                    if any(fk.column.table.name == "members" for fk in c.foreign_keys)
                ]
                for row in conn.execute(select(table)).mappings():
                    for column in texts:
                        value = row[column.name] or ""
                        found += [
                            f"{table.name}.{column.name} has {mark!r}"
                            for mark in marks
                            if mark.lower() in value.lower()
                        ]
                    found += [
                        f"{table.name}.{c.name} points at the member"
                        for c in refs
                        if row[c.name] == member_id
                    ]
    return found


def _team_of_three(coach: Coach) -> tuple[Conversation, Conversation, Conversation]:
    ada = Conversation(coach, MemberRef("slack", "T0TEAM", "UADA", "Ada Admin"), admin=True)
    bob = Conversation(coach, MemberRef("slack", "T0TEAM", "UBOB", "Bob Ostrander"))
    alice = Conversation(coach, ALICE)
    ada.say("/digest set <#C0TEAM|team> weekly fri 16:00 UTC")
    ada.say("/digest set <#C0ALL|all> weekly fri 16:00 UTC")
    alice.say("/goal add Become a staff engineer at Initech by 2027-06-30 --share")
    alice.say("/goal milestone 1 add Ship the ledger cutover plan by 2026-12-20")
    alice.say("/goal milestone 1 done 1")
    alice.say("/win Migrated the billing ledger to Postgres 16 --share")
    alice.say("/win Halved the on-call pages #devops --share")
    alice.say("/win Quietly rewrote the parser")
    alice.say("/journal Answered the prompt about courage")
    alice.say("/remind 2026-12-10 09:00 update my CV for Initech")
    alice.say("/contact add Zebulon Fairweather at: KubeCon --important")
    alice.say("/skill add Kubernetes-Quartz need")
    alice.say("/vacation 2026-12-20 to 2026-12-28")
    alice.say(
        "/commit Rehearse the Quokka-Ledger demo by 2026-12-05 goal:1 skill:Kubernetes-Quartz"
    )
    alice.say("/commit Write the Quokka-Ledger postmortem by tomorrow milestone:1.1")
    alice.say("/commit missed 2 the Quokka-Ledger outage ate my week")
    alice.say("/commit Stretch for Quokka-Ledger every day")
    alice.say("/commit done 3")
    bob.say("/win Bob's shared release notes --share")
    return ada, bob, alice


def test_forget_me_leaves_nothing_in_any_table_column_or_pending_digest(
    engine: Engine,
    coach: Coach,
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
) -> None:
    _ada, _bob, alice = _team_of_three(coach)
    _install(engine, "UALICE7", "xoxp-alice-user-token", "xoxe-alice-refresh")
    _install(engine, "UBOB", "xoxp-bob-user-token", "xoxe-bob-refresh")
    slack, realtime = FlakySlack(), FakeTime()
    worker = _worker(sessions, clock, prompts, slack, realtime)
    clock.set(FRIDAY_4PM)
    asyncio.run(worker.run_once())
    with sessions() as session:
        retry = session.scalars(
            select(Delivery).where(
                Delivery.kind == "digest", Delivery.status == DeliveryStatus.PENDING
            )
        ).one()
    # The #team digest failed once and waits for its retry, composed with Alice's win;
    # #all went out with it, and Alice's check-in DM failed and waits too.
    assert retry.payload and "Migrated the billing ledger" in retry.payload
    assert "Migrated the billing ledger" in slack.posts[("T0TEAM", "C0ALL")][0][0].plain_text() + (
        "".join(d.plain_text() for d in slack.posts[("T0TEAM", "C0ALL")][0][1])
    )
    with sessions() as session:
        alice_id = session.scalars(select(Member.id).where(Member.user_id == "UALICE7")).one()
    assert _leftovers(engine, alice_id, ALICE_MARKS)  # the scan does see her before

    alice.say("/forget-me")
    assert "deleted" in alice.text("/forget-me confirm")

    left = _leftovers(engine, alice_id, ALICE_MARKS)
    assert left == [], "\n".join(left)
    store = SQLAlchemyInstallationStore(client_id="111.222", engine=engine)
    kept = store.find_installation(enterprise_id=None, team_id="T0TEAM")
    assert kept is not None and kept.bot_token == "xoxb-team-bot-token"  # the workspace works
    bobs = store.find_installation(enterprise_id=None, team_id="T0TEAM", user_id="UBOB")
    assert bobs is not None and bobs.user_token == "xoxp-bob-user-token"  # Bob's is his

    realtime.now += 600  # past the retry's backoff
    asyncio.run(worker.run_once())
    summary, details = slack.posts[("T0TEAM", "C0TEAM")][0]
    posted = "\n".join([summary.plain_text(), *(d.plain_text() for d in details)])
    assert "Bob's shared release notes" in posted
    assert not [mark for mark in ALICE_MARKS if mark in posted]
    assert not [a for a in slack.sent if a.user_id == "UALICE7"]
    assert _leftovers(engine, alice_id, ALICE_MARKS) == []


def test_the_console_deletes_the_members_exported_files(
    coach: Coach, tmp_path: Path, clock: ManualClock
) -> None:
    exports = tmp_path / "exports"
    legacy = exports / "brag-2025-alice.md"  # saved flat, before exports had a folder each
    legacy.parent.mkdir(parents=True)
    legacy.write_text("old brag")
    (exports / "brag-2025-bob.md").write_text("Bob's old brag")
    out = Console(file=io.StringIO())
    alice_ref = MemberRef("console", "local", "alice", "Alice")
    bob_ref = MemberRef("console", "local", "bob", "Bob")
    alice = ConsoleFrontEnd(exports, out, alice_ref.user_id)
    bob = ConsoleFrontEnd(exports, out, bob_ref.user_id)
    coach.handle(alice_ref, "/goal add Pass the CKA exam by 2027-02-28")
    for line in ("/export brag", "/export json", "/progress chart"):
        alice.answer(coach.respond(alice_ref, line))
    bob.answer(coach.respond(bob_ref, "/export json"))
    saved = sorted(p.name for p in (exports / "alice").iterdir())
    assert saved == ["brag-2026-alice.md", "coachbot-alice.json", "roadmap.png"]

    alice.answer(coach.respond(alice_ref, "/forget-me"))
    assert (exports / "alice").exists()  # asking is not deleting
    # The question says the saved files go too, and where they are: "/export json first"
    # would otherwise be advice whose file the confirmation deletes.
    asked = out.file.getvalue()  # type: ignore[attr-defined]
    assert "3 files coachbot saved for you" in asked and str(exports / "alice") in asked
    alice.answer(coach.respond(alice_ref, "/forget-me confirm"))
    assert not (exports / "alice").exists() and not legacy.exists()
    assert (exports / "bob" / "coachbot-bob.json").exists()
    assert (exports / "brag-2025-bob.md").exists()
    assert "exported files" in out.file.getvalue()  # type: ignore[attr-defined]


class ForgettingSlack(FakeMessenger):
    """A fake Slack during whose first DM Alice confirms forget-me: the digest behind it in
    the batch was composed (with her win) before she did."""

    def __init__(self, alice: Conversation) -> None:
        super().__init__("slack")
        self.alice: Conversation | None = alice

    async def send_dm(self, to: Address, reply: Reply) -> None:
        """Record the DM; the first one comes with Alice's confirmation."""
        await super().send_dm(to, reply)
        if self.alice is not None:
            alice, self.alice = self.alice, None
            assert "deleted" in await asyncio.to_thread(alice.text, "/forget-me confirm")


def test_a_digest_composed_before_forget_me_in_the_same_batch_is_composed_again(
    engine: Engine,
    coach: Coach,
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
) -> None:
    _ada, _bob, alice = _team_of_three(coach)
    slack, realtime = ForgettingSlack(alice), FakeTime()
    worker = _worker(sessions, clock, prompts, slack, realtime)
    clock.set(FRIDAY_4PM)
    alice.say("/forget-me")
    Dispatcher(sessions, clock).tick()
    with sessions.begin() as session:  # the check-in DMs come first in the batch
        for row in session.scalars(select(Delivery)):
            row.next_attempt_at = FRIDAY_4PM - timedelta(minutes=1 if row.member_id else 0)
    asyncio.run(worker.run_once())
    asyncio.run(worker.run_once())
    for channel in ("C0TEAM", "C0ALL"):
        summary, details = slack.posts[("T0TEAM", channel)][0]
        posted = "\n".join([summary.plain_text(), *(d.plain_text() for d in details)])
        assert "Bob's shared release notes" in posted
        assert not [mark for mark in ALICE_MARKS if mark in posted], channel
    with sessions() as session:
        alice_id = session.scalar(select(Member.id).where(Member.user_id == "UALICE7"))
    assert alice_id is None


def test_one_exported_file_is_one_file(coach: Coach, tmp_path: Path) -> None:
    out = Console(file=io.StringIO())
    alice_ref = MemberRef("console", "local", "alice", "Alice")
    alice = ConsoleFrontEnd(tmp_path / "exports", out, alice_ref.user_id)
    alice.answer(coach.respond(alice_ref, "/export json"))
    alice.answer(coach.respond(alice_ref, "/forget-me"))
    alice.answer(coach.respond(alice_ref, "/forget-me confirm"))
    said = out.file.getvalue()  # type: ignore[attr-defined]
    assert "Deleted 1 exported file too." in said and "1 exported files" not in said
