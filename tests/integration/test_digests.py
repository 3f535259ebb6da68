"""Team digests: admin-only set-up, privacy, composition, size limits, one delivery per period."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, insert, select

from adapters.slack.blocks import MAX_BLOCKS, MAX_TEXT, render_blocks
from core.coach import Coach
from core.context import MemberRef
from core.messages import Items, Reply
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.worker import Worker
from core.storage.db import SessionFactory, session_factory
from core.storage.models import Delivery, Entry, Member
from core.time.clock import ManualClock
from tests.conftest import Conversation, run_worker
from tests.fakes import OPTIONS, FakeMessenger

FRIDAY_4PM = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)


def _member(coach: Coach, name: str, admin: bool = False) -> Conversation:
    return Conversation(coach, MemberRef("console", "local", name, name.title()), admin=admin)


def _posts(messenger: FakeMessenger) -> list[tuple[Reply, list[Reply]]]:
    return messenger.posts[("local", "team")]


def _text(post: tuple[Reply, list[Reply]]) -> str:
    summary, details = post
    return "\n".join([summary.plain_text(), *(d.plain_text() for d in details)])


def test_only_admins_configure_digests(coach: Coach) -> None:
    bob = _member(coach, "bob")
    text = bob.text("/digest set #team weekly fri 16:00 Europe/Berlin")
    assert "Only workspace admins" in text and "Example: /digest preview" in text
    admin = _member(coach, "ada", admin=True)
    text = admin.text("/digest set #team weekly fri 16:00 Europe/Berlin")
    assert "Digest for #team: Fri at 16:00 (Europe/Berlin)" in text
    assert "Fri 27 Nov 2026 16:00 (Europe/Berlin)" in text
    assert "#team: Fri at 16:00" in bob.text("/digest show")
    assert "Only workspace admins" in bob.text("/digest off #team")
    assert "is off" in admin.text("/digest off")
    assert "#team: off" in bob.text("/digest")


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("daily 09:00", "every day at 09:00"),
        ("every 2 weeks mon 10:00", "every 2 weeks on Mon at 10:00"),
        ("monthly fri 16:00 UTC", "monthly, first Fri of the month at 16:00 (UTC)"),
    ],
)
def test_digest_rules(coach: Coach, rule: str, expected: str) -> None:
    assert expected in _member(coach, "ada", admin=True).text(f"/digest set #team {rule}")


def test_bad_digest_input_is_explained(coach: Coach) -> None:
    admin = _member(coach, "ada", admin=True)
    assert "is not a channel" in admin.text("/digest set team weekly fri 16:00")
    assert "Say how often" in admin.text("/digest set #team")
    assert "not a time zone" in admin.text("/digest set #team weekly fri 16:00 Mars/Base")
    assert "no “frob” option" in admin.text("/digest frob")


def test_digest_shows_only_what_was_shared_and_names_nobody_for_silence(
    coach: Coach, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    ada, bob, cy = _member(coach, "ada", True), _member(coach, "bob"), _member(coach, "cy")
    ada.say("/digest set #team weekly fri 16:00 UTC")
    ada.say("/goal add Pass the CKA exam by 2027-02-28 --share")
    ada.say("/goal milestone 1 add Finish the course by 2026-12-10")
    ada.say("/goal milestone 1 done 1")
    ada.say("/win Cut CI from 25 to 9 minutes --share")
    ada.say("/win Private thing I did")
    bob.say("/win Bob's secret plan")
    bob.say("/goal add Bob's private goal")
    cy.say("/goal add Give a talk at the meetup --share")
    cy.say("/goal done 1")
    clock.set(FRIDAY_4PM)
    run_worker(worker)
    (post,) = _posts(messenger)
    text = _text(post)
    assert "Cut CI from 25 to 9 minutes" in text
    assert "Finish the course" in text and "Give a talk at the meetup" in text
    assert "Private thing" not in text and "secret" not in text and "Bob" not in text
    assert "1 win from 2 people, 1 milestone reached, 1 goal completed." in text
    assert post[0].ephemeral is False


def test_a_quiet_week_shames_nobody(
    coach: Coach, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    _member(coach, "ada", True).say("/digest set #team weekly fri 16:00 UTC")
    _member(coach, "bob").say("/win Private only")
    clock.set(FRIDAY_4PM)
    run_worker(worker)
    text = _text(_posts(messenger)[0])
    assert "A quiet period" in text and "Bob" not in text and "didn't" not in text


def test_preview_shows_exactly_my_part(coach: Coach, clock: ManualClock) -> None:
    ada, bob = _member(coach, "ada", True), _member(coach, "bob")
    ada.say("/digest set #team weekly fri 16:00 UTC")
    assert "You are not in the next digest" in bob.text("/digest preview")
    bob.say("/win Shipped the billing revamp --share")
    bob.say("/win Not for the team")
    ada.say("/win Ada's shared win --share")
    clock.advance(timedelta(minutes=1))
    text = bob.text("/digest preview")
    assert "Your part in the next digest for #team" in text
    assert "Shipped the billing revamp" in text
    assert "Not for the team" not in text and "Ada" not in text


def test_a_long_preview_shows_all_my_wins_and_no_thread(coach: Coach, clock: ManualClock) -> None:
    _member(coach, "ada", True).say("/digest set #team weekly fri 16:00 UTC")
    bob = _member(coach, "bob")
    for n in range(15):
        bob.say(f"/win Shared win number {n} --share")
    clock.advance(timedelta(minutes=1))  # the period ends now: what was logged before
    reply = bob.say("/digest preview")
    text = reply.plain_text()
    assert "Your part in the next digest for #team" in text
    assert all(f"Shared win number {n}" in text for n in range(15))
    assert "thread" not in text and "Shared wins" not in text


def test_busy_week_for_200_members_fits_platform_limits(
    coach: Coach,
    engine: Engine,
    sessions: SessionFactory,
    worker: Worker,
    messenger: FakeMessenger,
    clock: ManualClock,
) -> None:
    _member(coach, "admin", True).say("/digest set #team weekly fri 16:00 UTC")
    _seed_busy_team(sessions, 200, wins_each=5, when=FRIDAY_4PM - timedelta(days=2))
    clock.set(FRIDAY_4PM)
    run_worker(worker)
    summary, details = _posts(messenger)[0]
    assert "1000 wins from 200 people" in summary.plain_text()
    assert details, "long digests put details in a thread"
    # The console prints details right below; Slack says "thread", Discord "messages".
    assert "Details below." in summary.plain_text()
    assert OPTIONS.traits("slack").details_where == "in the thread below"
    assert OPTIONS.traits("discord").details_where == "in the follow-up messages below"
    members_listed = sum(1 for d in details for b in d.blocks if isinstance(b, Items))
    assert members_listed == 200
    for reply in (summary, *details):
        blocks = render_blocks(reply)
        assert len(blocks) <= MAX_BLOCKS
        assert all(len(t["text"]) <= MAX_TEXT for b in blocks for t in _texts(b))


def _texts(block: dict[str, object]) -> list[dict[str, str]]:
    found = []
    text = block.get("text")
    if isinstance(text, dict):
        found.append(text)
    fields = block.get("fields")
    if isinstance(fields, list):
        found.extend(fields)
    return found


def _seed_busy_team(sessions: SessionFactory, members: int, wins_each: int, when: datetime) -> None:
    with sessions.begin() as session:
        for i in range(members):
            member = Member(
                platform="console",
                workspace_id="local",
                user_id=f"m{i}",
                display_name=f"Member {i} <!channel>",
                tz="UTC",
                goal_seq=0,
                entry_seq=wins_each,
                created_at=when,
            )
            session.add(member)
            session.flush()
            session.execute(
                insert(Entry),
                [
                    {
                        "member_id": member.id,
                        "number": n + 1,
                        "kind": "win",
                        "text": f"Win {n} of member {i}: " + "details " * 30,
                        "local_date": when.date(),
                        "created_at": when,
                        "tags": "",
                        "shared": True,
                    }
                    for n in range(wins_each)
                ],
            )


def test_mentions_in_a_digest_never_ping(
    coach: Coach, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    ada = _member(coach, "ada", True)
    ada.say("/digest set #team weekly fri 16:00 UTC")
    ada.say("/win Thanks <!channel> <!here> <@U123> @everyone --share")
    clock.set(FRIDAY_4PM)
    run_worker(worker)
    summary, details = _posts(messenger)[0]
    for reply in (summary, *details):
        for block in render_blocks(reply):
            for text in _texts(block):
                assert text["type"] == "plain_text"  # never parsed for mentions


def test_one_delivery_per_period_across_restarts_and_a_missed_one_is_recorded(
    coach: Coach,
    worker: Worker,
    messenger: FakeMessenger,
    clock: ManualClock,
    sessions: SessionFactory,
) -> None:
    _member(coach, "ada", True).say("/digest set #team daily 09:00 UTC")
    clock.set(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    run_worker(worker)
    Dispatcher(sessions, clock).tick()  # a restarted worker at the same moment
    run_worker(worker)
    assert len(_posts(messenger)) == 1
    clock.set(datetime(2026, 11, 27, 9, 30, tzinfo=UTC))  # down for three days
    run_worker(worker)
    assert len(_posts(messenger)) == 2
    with sessions() as session:
        statuses = session.scalars(
            select(Delivery.status)
            .where(Delivery.kind == "digest")
            .order_by(Delivery.occurrence_at)
        ).all()
    assert statuses == ["sent", "missed", "missed", "sent"]


@pytest.mark.postgres
def test_two_workers_on_postgresql_queue_each_period_once(pg_engine: Engine) -> None:
    from tests.conftest import _empty

    _empty(pg_engine)
    sessions = session_factory(pg_engine)
    clock = ManualClock(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    from core.prompts import load_prompts

    coach = Coach(sessions, clock, load_prompts(), OPTIONS)
    admin = MemberRef("console", "local", "ada")
    for n in range(50):
        coach.handle(admin, f"/digest set #team{n} daily 09:00 UTC", admin=True)
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    engines = [session_factory(pg_engine), session_factory(pg_engine)]
    threads = [threading.Thread(target=Dispatcher(s, clock, batch=7).tick) for s in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with sessions() as session:
        keys = session.scalars(select(Delivery.key).where(Delivery.kind == "digest")).all()
    assert len(keys) == 50 == len(set(keys))
    _empty(pg_engine)


def test_digest_and_progress_carry_charts_with_text_alternatives(
    coach: Coach, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    ada = _member(coach, "ada", True)
    ada.say("/digest set #team weekly fri 16:00 UTC")
    ada.say("/goal add Pass the CKA exam by 2027-02-28 --share")
    ada.say("/goal milestone 1 add Finish the course by 2026-12-10")
    ada.say("/goal milestone 1 done 1")
    ada.say("/win Cut CI from 25 to 9 minutes --share")
    chart = ada.say("/progress chart")
    (png,) = chart.attachments
    assert png.filename == "roadmap.png" and png.mimetype == "image/png"
    assert isinstance(png.content, bytes) and png.content[:4] == b"\x89PNG"
    assert "Career roadmap: 1 goal. #1 Pass the CKA exam" in chart.plain_text()
    clock.set(FRIDAY_4PM)
    run_worker(worker)
    summary, _ = _posts(messenger)[0]
    (team,) = summary.attachments
    assert team.filename == "team-activity.png"
    assert team.alt_text.startswith("Team activity: 1 shared")


def test_preview_right_after_sharing_shows_the_win(coach: Coach) -> None:
    """The clock need not move (``--clock fast`` stands still while commands run): a
    preview covers everything shared up to now, now included."""
    _member(coach, "ada", True).say("/digest set #team weekly fri 16:00 UTC")
    bob = _member(coach, "bob")
    bob.say("/win Shipped the billing revamp --share")
    text = bob.text("/digest preview")
    assert "Your part in the next digest for #team" in text
    assert "Shipped the billing revamp" in text


def test_a_win_logged_on_a_local_day_after_the_utc_one_is_in_the_trend(
    coach: Coach, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    _member(coach, "ada", True).say("/digest set #team weekly fri 16:00 UTC")
    kiri = _member(coach, "kiri")
    kiri.say("/tz Pacific/Auckland")
    clock.set(FRIDAY_4PM - timedelta(hours=4))  # Saturday 01:00 in Auckland
    kiri.say("/win Ran the first game day --share")
    clock.set(FRIDAY_4PM)
    run_worker(worker)
    text = _text(_posts(messenger)[0])
    assert "Shared wins: 1" in text and "Last 4 weeks: 0 → 0 → 0 → 1" in text


def test_wins_at_the_periods_edges_count_whatever_the_members_local_day(
    coach: Coach, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    """A win's local day can be the day before the UTC one (west) or after it (east): the
    digest reads the period's wins by the moment they were logged."""
    _member(coach, "ada", True).say("/digest set #team daily 10:30 UTC")
    west, east = _member(coach, "pago"), _member(coach, "kiri")
    west.say("/tz Pacific/Pago_Pago")
    east.say("/tz Pacific/Kiritimati")
    clock.set(datetime(2026, 11, 23, 10, 30, tzinfo=UTC))
    run_worker(worker)
    clock.advance(timedelta(minutes=1))  # Sunday 23:31 in Pago Pago
    west.say("/win Fixed the flaky deploy --share")
    clock.set(datetime(2026, 11, 24, 10, 29, tzinfo=UTC))  # Wednesday 00:29 on Kiritimati
    east.say("/win Ran the first game day --share")
    clock.advance(timedelta(minutes=1))
    run_worker(worker)
    text = _text(_posts(messenger)[-1])
    assert "Fixed the flaky deploy" in text and "Ran the first game day" in text
    assert "Shared wins: 2" in text


def test_a_digest_switched_off_after_it_was_queued_is_not_posted(
    coach: Coach, worker: Worker, messenger: FakeMessenger, clock: ManualClock, engine: Engine
) -> None:
    ada = _member(coach, "ada", True)
    ada.say("/digest set #team weekly fri 16:00 UTC")
    clock.set(FRIDAY_4PM)
    worker.dispatcher.tick()  # queued, not sent yet
    assert "is off" in ada.text("/digest off")
    run_worker(worker)
    assert _posts(messenger) == []
    with engine.connect() as conn:
        query = select(Delivery.status, Delivery.reason).where(Delivery.kind == "digest")
        rows = conn.execute(query).all()
    assert [tuple(row) for row in rows] == [("skipped", "digest is off")]
