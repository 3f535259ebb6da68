"""A digest covers only what was shared in its own guild or workspace: a Discord member is
one identity across guilds, and what they share in one guild never reaches another's
digest. On SQLite and PostgreSQL, and across the migration that adds the column."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import select

from core.coach import Coach
from core.context import MemberRef
from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.sender import Sender
from core.scheduling.worker import Worker
from core.storage.db import SessionFactory, make_engine, session_factory
from core.storage.models import Entry, Goal
from core.time.clock import ManualClock
from migrations import upgrade
from tests.conftest import Conversation
from tests.fakes import OPTIONS, FakeMessenger

FRIDAY_4PM = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)


def _discord(coach: Coach, user: str, guild: str, name: str, admin: bool = False) -> Conversation:
    """A Discord member speaking in `guild` ("" for the bot's DM)."""
    return Conversation(coach, MemberRef("discord", "discord", user, name, guild), admin=admin)


def _deliver(
    sessions: SessionFactory, clock: ManualClock, prompts: PromptLibrary, fake: FakeMessenger
) -> None:
    sender = Sender(
        sessions,
        clock,
        prompts,
        {fake.platform: fake},
        "test-worker",
        options=OPTIONS,
    )
    asyncio.run(Worker(sessions, clock, Dispatcher(sessions, clock), sender).run_once())


def _posted(fake: FakeMessenger, space: str, channel: str) -> str:
    (post,) = fake.posts[(space, channel)]
    summary, details = post
    return "\n".join([summary.plain_text(), *(d.plain_text() for d in details)])


def test_a_win_shared_in_one_guild_never_appears_in_another_guilds_digest(
    coach: Coach, sessions: SessionFactory, clock: ManualClock, prompts: PromptLibrary
) -> None:
    _discord(coach, "1", "G1", "Gail", admin=True).say("/digest set <#101> weekly fri 16:00 UTC")
    _discord(coach, "2", "G2", "Gus", admin=True).say("/digest set <#201> weekly fri 16:00 UTC")
    in_g1, in_g2 = _discord(coach, "42", "G1", "Dee"), _discord(coach, "42", "G2", "Dee")
    in_g1.say("/win Closed the G1-only deal --share")
    in_g1.say("/goal add Lead the G1 platform team by 2027-06-30 --share")
    in_g1.say("/goal milestone 1 add Hire the G1 tech lead by 2026-12-15")
    in_g1.say("/goal milestone 1 done 1")
    in_g2.say("/win Spoke at the G2 meetup --share")
    _discord(coach, "42", "", "Dee").say("/win Shared from a DM --share")  # in no guild
    clock.advance(timedelta(minutes=1))
    g2_preview = in_g2.text("/digest preview")
    assert "Spoke at the G2 meetup" in g2_preview
    assert "G1-only" not in g2_preview and "DM" not in g2_preview

    clock.set(FRIDAY_4PM)
    fake = FakeMessenger("discord")
    _deliver(sessions, clock, prompts, fake)
    g1, g2 = _posted(fake, "G1", "101"), _posted(fake, "G2", "201")
    assert "Closed the G1-only deal" in g1 and "Hire the G1 tech lead" in g1
    assert "G2 meetup" not in g1 and "Shared from a DM" not in g1
    assert "Spoke at the G2 meetup" in g2 and "1 win from 1 person." in g2
    assert "G1" not in g2 and "Shared from a DM" not in g2


def test_sharing_again_in_another_guild_moves_it_there(
    coach: Coach, clock: ManualClock, sessions: SessionFactory
) -> None:
    _discord(coach, "1", "G1", "Gail", admin=True).say("/digest set <#101> weekly fri 16:00 UTC")
    _discord(coach, "2", "G2", "Gus", admin=True).say("/digest set <#201> weekly fri 16:00 UTC")
    in_g1, in_g2 = _discord(coach, "42", "G1", "Dee"), _discord(coach, "42", "G2", "Dee")
    in_dm = _discord(coach, "42", "", "Dee")
    in_g1.say("/win Logged privately in G1")
    in_dm.say("/win share 1")  # from the DM: still G1's, where it was written
    in_dm.say("/win Written in a DM --share")
    clock.advance(timedelta(minutes=1))
    assert "Logged privately in G1" in in_g1.text("/digest preview")
    assert "Written in a DM" not in in_g1.text("/digest preview")
    in_g2.say("/win share 2")  # shared in G2: G2's from now on
    in_g2.say("/win share 1")
    clock.advance(timedelta(minutes=1))
    assert "Logged privately in G1" not in in_g1.text("/digest preview")
    g2 = in_g2.text("/digest preview")
    assert "Logged privately in G1" in g2 and "Written in a DM" in g2


def test_slack_members_need_no_space_marks(
    coach: Coach, sessions: SessionFactory, clock: ManualClock, prompts: PromptLibrary
) -> None:
    admin = Conversation(coach, MemberRef("slack", "T1", "UADA", "Ada"), admin=True)
    admin.say("/digest set <#C1|team> weekly fri 16:00 UTC")
    Conversation(coach, MemberRef("slack", "T1", "UBO", "Bo")).say("/win Shipped T1 --share")
    Conversation(coach, MemberRef("slack", "T2", "UCY", "Cy")).say("/win Shipped T2 --share")
    with sessions() as session:
        assert session.scalars(select(Entry.space_id)).all() == [None, None]
    clock.set(FRIDAY_4PM)
    fake = FakeMessenger("slack")
    _deliver(sessions, clock, prompts, fake)
    text = _posted(fake, "T1", "C1")
    assert "Shipped T1" in text and "Shipped T2" not in text


def test_the_migration_puts_what_was_shared_in_the_only_guild_it_could_be(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/old.db")
    upgrade(engine, "0007")
    people = [(1, "discord", "discord", "one"), (2, "discord", "discord", "two")]
    people.append((3, "slack", "T1", "UCY"))
    with engine.begin() as conn:
        for member_id, platform, workspace, user in people:
            conn.execute(
                sa.text(
                    "INSERT INTO members (id, platform, workspace_id, user_id, display_name, tz, "
                    "tz_set_by_member, goal_seq, entry_seq, created_at) VALUES "
                    "(:id, :p, :w, :u, '', 'UTC', false, 1, 1, '2026-01-01')"
                ),
                {"id": member_id, "p": platform, "w": workspace, "u": user},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO entries (member_id, number, kind, text, local_date, "
                    "created_at, tags, shared) VALUES "
                    "(:id, 1, 'win', 'w', '2026-01-01', '2026-01-01', '', true)"
                ),
                {"id": member_id},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO goals (member_id, number, title, horizon, status, shared, "
                    "created_at, tags) VALUES (:id, 1, 'g', 'short', 'active', true, "
                    "'2026-01-01', '')"
                ),
                {"id": member_id},
            )
        for member_id, guild in ((1, "G1"), (2, "G1"), (2, "G2")):
            conn.execute(
                sa.text(
                    "INSERT INTO memberships (member_id, space_id, seen_at) "
                    "VALUES (:id, :g, '2026-01-01')"
                ),
                {"id": member_id, "g": guild},
            )
    upgrade(engine)
    with session_factory(engine)() as session:
        for model in (Entry, Goal):
            spaces = {m: s for m, s in session.execute(select(model.member_id, model.space_id))}
            # One guild: that one. Two guilds: unknown, so neither. Slack: its workspace.
            assert spaces == {1: "G1", 2: None, 3: None}
    engine.dispose()
