"""``/export json`` holds every row and column the member owns (the tables found by walking
the mappers, so a new table cannot be forgotten), ``coachbot import FILE`` puts it back
into a fresh database with nothing lost, and ``/forget-me`` leaves nothing in any of those
tables. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from bot.cli import main
from core.coach import Coach
from core.context import MemberRef
from core.prompts import load_prompts
from core.scheduling.worker import Worker
from core.services.export_json import DIGESTS, member_export
from core.services.import_json import ImportRefused, import_member, read_export
from core.storage.db import SessionFactory, make_engine, session_factory
from core.storage.models import Member
from core.storage.owned import MEMBERS, OwnedTable, owned_by, owned_tables
from core.time.clock import ManualClock
from tests.conftest import Conversation, run_worker
from tests.fakes import OPTIONS

FRIDAY_4PM = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
ALICE = MemberRef("console", "local", "U0ALICE", "Alice Quartermaine")
# Columns no single month of use fills in: each is named with why, so a column added
# later is either filled by the fixture below or explained here.
NEVER_SET = {
    "digests.last_period_end": "no code sets it yet",
}


def _alice(coach: Coach) -> Conversation:
    return Conversation(coach, ALICE, admin=True)


def build_member_with_everything(coach: Coach, clock: ManualClock, worker: Worker) -> None:
    """Alice with rows in every table she owns, written through the commands she would use,
    and Bob, who must not show up in her export."""
    alice = _alice(coach)
    bob = Conversation(coach, MemberRef("console", "local", "U0BOB", "Bob"), admin=True)
    bob.say("/digest set <#C0BOBS> weekly fri 16:00 UTC")
    bob.say("/win Bob's private win")
    dana = Conversation(coach, MemberRef("console", "local", "U0DANA", "Dana"))
    carol = Conversation(coach, MemberRef("console", "local", "U0CAROL", "Carol"))
    for partner in (dana, carol):
        partner.say("/help")
    for line in (
        "/tz Europe/Berlin",
        "/target Staff engineer",
        "/checkin set every 2 weeks fri 16:00",
        "/digest set <#C0TEAM> weekly fri 16:00 UTC",
        "/digest set <#C0LEADS> every 2 weeks mon 10:00",
        "/goal add Land 3 new clients #freelance by 2027-06-30 measure: 3 clients "
        "why: independence resources: a portfolio client:acme --share",
        "/goal progress 1 1",
        "/goal milestone 1 add Ship the portfolio by 2026-12-20",
        "/goal milestone 1 done 1",
        "/goal add Pass the CKA exam in 2027",  # a goal for a calendar year: starts_on
        "/goal progress 2 40%",
        "/goal done 2",
        "/goal keep 1",
        "/win Shipped the checkout revamp #kubernetes client:acme goal:1 milestone:1.1 "
        "section:collaboration --share",
        "/win outcome 1 Conversion up 4%",
        "/win Logged twice by mistake",
        "/win delete 2",  # kept for /win undo
        "/journal",
        "Courage is asking for the review",
        "/remind tomorrow 9am update my CV",
        "/contact add Dana Kim at: KubeCon notes: platform lead --important --client",
        "/contact touch Dana",
        "/skill add CKA certification learning by 2027-02-28 provider: CNCF",
        "/vacation 2026-12-20 to 2026-12-28",
        "/commit Book the CKA exam by 2026-12-04 goal:1 milestone:1.1 skill:cka",
        "/commit move 1 to 2026-12-11",
        "/commit missed 1 the on-call week took my evenings",
        "/commit Practise kubectl every day",
        "/commit done 2",
        "/partner invite <@U0DANA>",
        "/partner invite <@U0CAROL>",  # waits for an answer: it has a day it lapses
        "/partner share wins on",
        "/partner notify-missed on",
        "/forget-me",  # asking is not deleting; it waits for a confirmation
    ):
        alice.say(line)
    dana.say("/partner accept <@U0ALICE>")
    in_guild = Conversation(coach, MemberRef("console", "local", "U0ALICE", space_id="G0OTHER"))
    in_guild.say("/goal add Speak at a meetup by 2027-09-30 --share")
    in_guild.say("/win Paired with the platform guild --share")
    clock.set(FRIDAY_4PM)  # the team digest goes out, the check-in comes
    run_worker(worker)


def _member_id(sessions: SessionFactory, who: MemberRef = ALICE) -> int:
    with sessions() as session:
        return session.scalars(
            select(Member.id).where(Member.platform == who.platform, Member.user_id == who.user_id)
        ).one()


def _count(engine: Engine, item: OwnedTable, member_id: int) -> int:
    with engine.connect() as conn:
        query = select(func.count()).select_from(item.table).where(owned_by(item, member_id))
        return conn.execute(query).scalar_one()


def test_the_fixture_fills_every_table_and_column_the_member_owns(
    engine: Engine, coach: Coach, clock: ManualClock, worker: Worker, sessions: SessionFactory
) -> None:
    build_member_with_everything(coach, clock, worker)
    data = json.loads(_alice(coach).say("/export json").attachments[0].content)
    tables = {"members": [data["member"]], **data["tables"], "digests": data["digests_set_up"]}
    empty = [name for name, rows in tables.items() if not rows]
    assert empty == [], f"add fixture data for {empty}"
    null = [
        f"{name}.{column}"
        for name, rows in tables.items()
        for column in rows[0]
        if all(row[column] is None for row in rows)
    ]
    assert sorted(set(null) - set(NEVER_SET)) == []


def _tables(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every table of an export by name, the member's own row and digests included."""
    return {"members": [data["member"]], **data["tables"], DIGESTS.name: data["digests_set_up"]}


def _normalised(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The export's rows with each id, and each reference to one, replaced by the row's
    place in its table: two databases give the same rows different ids."""
    tables = _tables(data)
    places = {name: {row["id"]: n for n, row in enumerate(rows)} for name, rows in tables.items()}
    normalised = {}
    for name, rows in tables.items():
        columns = MEMBERS.metadata.tables[name].columns
        targets = {c.name: fk.column.table.name for c in columns for fk in c.foreign_keys}
        targets["id"] = name
        normalised[name] = [
            {
                key: places[targets[key]][value] if key in targets and value is not None else value
                for key, value in row.items()
            }
            for row in rows
        ]
    return normalised


def _export(engine: Engine, who: MemberRef = ALICE) -> dict[str, Any]:
    with session_factory(engine)() as session:
        member = session.scalars(select(Member).where(Member.user_id == who.user_id)).one()
        return member_export(session, member, FRIDAY_4PM)


def _save_export(coach: Coach, folder: Path) -> Path:
    path = folder / "coachbot-alice.json"
    path.write_text(_alice(coach).say("/export json").attachments[0].content, encoding="utf-8")
    return path


def _import_with_cli(path: Path, url: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("DATABASE_URL", url)
    return main(["import", str(path)])


@pytest.fixture
def saved_export(coach: Coach, clock: ManualClock, worker: Worker, tmp_path: Path) -> Path:
    """Alice with everything, and her /export json saved in a file."""
    build_member_with_everything(coach, clock, worker)
    return _save_export(coach, tmp_path)


def test_the_export_imports_into_a_fresh_database_with_nothing_lost(
    saved_export: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = saved_export
    before = json.loads(path.read_text(encoding="utf-8"))

    fresh_url = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert _import_with_cli(path, fresh_url, monkeypatch) == 0
    imported = "Imported U0ALICE (console, workspace local): 2 clients, 1 contact, "
    assert imported + "1 deleted entry kept for /win undo, 3 goals," in capsys.readouterr().out
    fresh = make_engine(fresh_url)
    after = _export(fresh)
    fresh.dispose()
    assert _normalised(after) == _normalised(before)
    # The same ids would not have done: Bob's rows came first in the first database.
    assert after["member"]["id"] != before["member"]["id"]


def test_forgotten_then_imported_again_on_the_same_database(
    engine: Engine, coach: Coach, clock: ManualClock, worker: Worker, tmp_path: Path
) -> None:
    build_member_with_everything(coach, clock, worker)
    before = read_export(_save_export(coach, tmp_path).read_text(encoding="utf-8"))
    alice = _alice(coach)
    alice.say("/forget-me")
    assert "deleted" in alice.text("/forget-me confirm")
    with session_factory(engine).begin() as session:
        imported = import_member(session, before)
    # The team's digests stayed when she left (without her name); they are not taken over.
    assert imported.digests_skipped == 2 and imported.rows["digests"] == 0
    # Her partners' sides went when she left: the partnerships are not brought back one-sided.
    assert imported.partners_ended == 2 and imported.rows["partners"] == 0
    after = _export(engine)
    assert after["digests_set_up"] == []
    expected = _normalised(before) | {DIGESTS.name: [], "partners": []}
    assert _normalised(after) == expected


def test_every_table_with_a_member_key_is_exported_and_forgotten(
    engine: Engine, coach: Coach, clock: ManualClock, worker: Worker, sessions: SessionFactory
) -> None:
    build_member_with_everything(coach, clock, worker)
    alice_id = _member_id(sessions)
    data = _export(engine)
    for item in owned_tables():
        assert _count(engine, item, alice_id) > 0, f"add fixture data for {item.name}"
        if item.exported:
            assert len(data["tables"][item.name]) == _count(engine, item, alice_id), item.name
        else:
            assert item.name not in data["tables"]
    alice = _alice(coach)
    alice.say("/forget-me")
    alice.say("/forget-me confirm")
    left = {item.name: _count(engine, item, alice_id) for item in owned_tables()}
    assert left == dict.fromkeys(left, 0)
    assert _count_members(engine, alice_id) == 0
    assert _member_id(sessions, MemberRef("console", "local", "U0BOB")) > 0


def _count_members(engine: Engine, member_id: int) -> int:
    with engine.connect() as conn:
        query = select(func.count()).select_from(MEMBERS).where(MEMBERS.c.id == member_id)
        return conn.execute(query).scalar_one()


def test_the_export_has_nothing_of_another_member(
    engine: Engine, coach: Coach, clock: ManualClock, worker: Worker
) -> None:
    build_member_with_everything(coach, clock, worker)
    text = _alice(coach).say("/export json").attachments[0].content
    assert "U0BOB" not in text and "Bob" not in text and "C0BOBS" not in text
    channels = [row["channel_id"] for row in json.loads(text)["digests_set_up"]]
    assert sorted(channels) == ["C0LEADS", "C0TEAM"]


def test_an_import_over_an_existing_member_is_refused_and_changes_nothing(
    engine: Engine,
    saved_export: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = _export(engine)
    url = engine.url.render_as_string(hide_password=False)
    assert _import_with_cli(saved_export, url, monkeypatch) == 2
    error = capsys.readouterr().err
    assert error.startswith("Nothing was imported. Member U0ALICE (console, workspace local)")
    assert "Import into a fresh database" in error and "/forget-me" in error
    assert _export(engine) == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"member": ', "This file is not JSON (line 1). Export again with /export json"),
        ("[1, 2]", "This is not a coachbot /export json file."),
        ('{"member": {}, "goals": []}', "comes from an older coachbot"),
        ('{"format": "coachbot-export", "version": 3}', "version 3; this coachbot reads "),
        ('{"format": "coachbot-export", "version": 3}', "Upgrade coachbot, then import it."),
        ('{"format": "coachbot-export", "version": 1}', "Export again with /export json"),
        ('{"format": "coachbot-export"}', "does not say which export version it is."),
    ],
)
def test_a_file_that_is_not_an_export_is_refused_with_what_to_do(text: str, expected: str) -> None:
    with pytest.raises(ImportRefused, match=re.escape(expected)):
        read_export(text)


def _edited(data: dict[str, Any], table: str, change: dict[str, Any]) -> dict[str, Any]:
    edited = json.loads(json.dumps(data))
    edited["tables"].setdefault(table, [{}])[0].update(change)
    return edited


@pytest.mark.parametrize(
    ("table", "change", "expected"),
    [
        ("mentorships", {"text": "x"}, "tables this coachbot does not know (mentorships)"),
        ("goals", {"colour": "red"}, "goals row 1 has columns this coachbot does not know"),
        (
            "goals",
            {"deadline": "soon"},
            "goals row 1: deadline should be a date such as 2026-12-31.",
        ),
        ("entries", {"goal_id": 999999}, "entries.goal_id refers to goals id 999999"),
        ("entries", {"number": "one"}, "entries row 1: number should be a whole number."),
        ("entries", {"text": None}, "entries row 1 does not fit this database"),
        ("skills", {"created_at": "2026-11-23T09:30:00"}, "created_at should be a date and time"),
        ("schedules", {"rule": "bogus"}, "schedules row 1: rule is not a schedule this coachbot"),
        ("goals", {"status": "paused"}, "goals row 1: status should be one of active, done, "),
        ("goals", {"horizon": "forever"}, "goals row 1: horizon should be one of short, mid,"),
        ("entries", {"kind": "rant"}, "entries row 1: kind should be one of win, journal."),
        ("skills", {"status": "mastered"}, "skills row 1: status should be one of have,"),
        ("entries", {"space_id": "G0ELSEWHERE"}, "entries row 1: space_id is neither the member"),
        ("goals", {"space_id": "G0ELSEWHERE"}, "goals row 1: space_id is neither the member's"),
    ],
)
def test_a_damaged_export_is_refused_and_nothing_is_imported(
    engine: Engine,
    coach: Coach,
    clock: ManualClock,
    worker: Worker,
    table: str,
    change: dict[str, Any],
    expected: str,
) -> None:
    alice = _alice(coach)
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/win Shipped it goal:1")
    alice.say("/skill add Kubernetes need")
    data = _export(engine)
    alice.say("/forget-me")
    alice.say("/forget-me confirm")
    refused = pytest.raises(ImportRefused, match=re.escape(expected))
    with refused, session_factory(engine).begin() as session:
        import_member(session, _edited(data, table, change))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(MEMBERS)).scalar_one() == 0


def test_the_cli_says_when_a_file_cannot_be_read_or_is_not_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert _import_with_cli(tmp_path / "missing.json", url, monkeypatch) == 2
    assert capsys.readouterr().err.startswith("Nothing was imported. Cannot read ")
    brag = tmp_path / "brag-2026-alice.md"
    brag.write_text("# Brag document 2026: Alice\n", encoding="utf-8")
    assert _import_with_cli(brag, url, monkeypatch) == 2
    assert "This file is not JSON (line 1)" in capsys.readouterr().err


def test_a_win_deleted_before_the_export_comes_back_as_the_importers_own(
    engine: Engine, coach: Coach, sessions: SessionFactory
) -> None:
    """The undo keeps the deleted win as it was, ids included; after forget-me and an
    import its member and goal ids are someone else's (Bob's, here): /win undo brings it
    back as Alice's, linked to no goal of Bob's."""
    alice = _alice(coach)
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/win Passed the mock exam goal:1")
    alice.say("/win delete 1")
    data = read_export(alice.say("/export json").attachments[0].content)
    alice.say("/forget-me")
    alice.say("/forget-me confirm")
    bob = Conversation(coach, MemberRef("console", "local", "U0BOB", "Bob"))
    for n in range(3):  # Bob's goals take the ids Alice's had
        bob.say(f"/goal add Bob's goal {n} by 2027-03-31")
    with sessions.begin() as session:
        import_member(session, data)
    assert "Passed the mock exam" in alice.text("/win undo")
    assert "Passed the mock exam" in alice.text("/win list")
    assert "Passed the mock exam" not in bob.text("/win list")
    assert "Passed the mock exam" not in bob.text("/goal show 1")


def _forgotten_alice_with_a_digest(coach: Coach, engine: Engine) -> dict[str, Any]:
    """Alice's export with one digest she set up; she is then forgotten."""
    alice = _alice(coach)
    alice.say("/digest set <#C0TEAM> weekly fri 16:00 UTC")
    alice.say("/win Shipped it --share")
    data = _export(engine)
    alice.say("/forget-me")
    alice.say("/forget-me confirm")
    with session_factory(engine).begin() as session:  # the team's digest went with her
        session.execute(DIGESTS.delete())
    return data


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"rule": "bogus"}, "digests row 1: rule is not a schedule this coachbot can read."),
        ({"tz": "Mars/Olympus_Mons"}, "digests row 1: tz should be a time zone name"),
        ({"workspace_id": "G0ELSEWHERE"}, "digests_set_up row 1 is for a channel outside"),
        ({"platform": "discord"}, "digests_set_up row 1 is for a channel outside"),
    ],
)
def test_a_digest_the_core_cannot_use_or_in_another_space_is_refused(
    engine: Engine, coach: Coach, change: dict[str, Any], expected: str
) -> None:
    data = _forgotten_alice_with_a_digest(coach, engine)
    data["digests_set_up"][0].update(change)
    refused = pytest.raises(ImportRefused, match=re.escape(expected))
    with refused as info, session_factory(engine).begin() as session:
        import_member(session, data)
    assert "Shipped it" not in str(info.value)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(MEMBERS)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(DIGESTS)).scalar_one() == 0


def test_a_digest_in_a_space_the_member_was_seen_in_is_imported(
    engine: Engine, coach: Coach
) -> None:
    data = _forgotten_alice_with_a_digest(coach, engine)
    data["tables"]["memberships"] = [
        {
            "id": 1,
            "member_id": data["member"]["id"],
            "space_id": "G0OTHER",
            "seen_at": data["member"]["created_at"],
        }
    ]
    data["digests_set_up"][0]["workspace_id"] = "G0OTHER"
    data["tables"]["entries"][0]["space_id"] = "G0OTHER"
    with session_factory(engine).begin() as session:
        imported = import_member(session, data)
    assert imported.rows["digests"] == 1 and imported.rows["memberships"] == 1


def test_an_unknown_member_zone_is_refused_and_a_known_one_comes_back_canonical(
    engine: Engine, coach: Coach
) -> None:
    data = _forgotten_alice_with_a_digest(coach, engine)
    data["member"]["tz"] = "Nowhere/Atlantis"
    refused = pytest.raises(ImportRefused, match="members row 1: tz should be a time zone name")
    with refused, session_factory(engine).begin() as session:
        import_member(session, data)
    data["member"]["tz"] = "europe/berlin"
    with session_factory(engine).begin() as session:
        import_member(session, data)
    assert _export(engine)["member"]["tz"] == "Europe/Berlin"


def test_the_date_order_is_exported_and_an_unknown_one_is_refused(
    engine: Engine, coach: Coach
) -> None:
    _alice(coach).say("/tz order mdy")
    data = _forgotten_alice_with_a_digest(coach, engine)
    assert data["member"]["date_order"] == "mdy"
    data["member"]["date_order"] = "ymd"
    refused = pytest.raises(ImportRefused, match="members row 1: date_order should be one of")
    with refused, session_factory(engine).begin() as session:
        import_member(session, data)
    del data["member"]["date_order"]  # an export from before the column reads day first
    with session_factory(engine).begin() as session:
        import_member(session, data)
    assert _export(engine)["member"]["date_order"] == "dmy"


def test_an_export_with_a_bogus_rule_is_refused_by_the_cli(
    saved_export: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = json.loads(saved_export.read_text(encoding="utf-8"))
    data["tables"]["schedules"][0]["rule"] = "bogus"
    saved_export.write_text(json.dumps(data), encoding="utf-8")
    assert _import_with_cli(saved_export, f"sqlite:///{tmp_path / 'fresh.db'}", monkeypatch) == 2
    error = capsys.readouterr().err
    assert error.startswith("Nothing was imported. schedules row 1: rule is not a schedule")


def _imported_alice(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: ManualClock
) -> Conversation:
    """The file imported into a fresh database, and Alice talking to a coach on it."""
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert _import_with_cli(path, url, monkeypatch) == 0
    fresh = session_factory(make_engine(url))
    return _alice(Coach(fresh, clock, load_prompts(), OPTIONS, default_tz="UTC"))


def _alice_with_two_vacations(coach: Coach) -> Conversation:
    """Vacation #1 from 20 to 28 December, #2 on 1 December."""
    alice = _alice(coach)
    alice.say("/vacation 2026-12-20 to 2026-12-28")
    alice.say("/vacation 2026-12-01")
    return alice


def test_vacation_numbers_come_back_and_new_ones_follow_them(
    coach: Coach, clock: ManualClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = _alice_with_two_vacations(coach)
    alice.say("/vacation cancel 1")
    again = _imported_alice(_save_export(coach, tmp_path), tmp_path, monkeypatch, clock)
    assert "#2 2026-12-01 (one day)" in again.text("/vacation")
    assert "vacation #3" in again.text("/vacation 2027-02-01")


def test_an_export_from_before_vacation_numbers_is_numbered_in_order(
    coach: Coach, clock: ManualClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = _alice_with_two_vacations(coach)
    data = json.loads(alice.say("/export json").attachments[0].content)
    del data["member"]["pause_seq"]
    for row in data["tables"]["pauses"]:
        del row["number"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    again = _imported_alice(path, tmp_path, monkeypatch, clock)
    listed = again.text("/vacation")
    assert "#1 2026-12-01 (one day)" in listed and "#2 2026-12-20 to 2026-12-28" in listed
    assert "vacation #3" in again.text("/vacation 2027-02-01")


def test_platform_state_is_neither_exported_nor_taken_from_a_file(
    coach: Coach, sessions: SessionFactory
) -> None:
    """A member's DM channel and "invited only" are coachbot's state, not their data: a
    hand-edited export must not point their DMs at a channel or take their defaults away."""
    alice = _alice(coach)
    alice.say("/win Shipped the billing revamp")
    data = json.loads(alice.say("/export json").attachments[0].content)
    assert "dm_channel_id" not in data["member"] and "invited_only" not in data["member"]
    alice.say("/forget-me")
    alice.say("/forget-me confirm")
    data["member"].update(dm_channel_id="C0GENERAL", invited_only=True)
    with sessions.begin() as session:
        import_member(session, data)
    assert "Shipped the billing revamp" in alice.text("/win list")  # usable, not broken
    with sessions() as session:
        member = session.scalars(select(Member)).one()
        assert member.dm_channel_id is None and not member.invited_only
