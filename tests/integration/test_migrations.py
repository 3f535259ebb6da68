"""Migrations build the schema from empty and match the models exactly."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from adapters.slack.storage import slack_metadata
from core.storage.db import make_engine
from core.storage.models import Base
from migrations import alembic_config, script_heads, stored_revisions, upgrade


def _all_tables() -> sa.MetaData:
    """Our models plus slack_sdk's store tables, which our migrations also create."""
    combined = sa.MetaData()
    for metadata in (Base.metadata, slack_metadata()):
        for table in metadata.tables.values():
            table.to_metadata(combined)
    return combined


def _schema_drift(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, _all_tables()))


def test_upgrade_from_empty_on_sqlite(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/fresh.db")
    upgrade(engine)
    upgrade(engine)  # running it again is a no-op
    assert _schema_drift(engine) == []
    with engine.connect() as conn:
        version = conn.execute(sa.text("select version_num from alembic_version")).scalar()
    assert version == ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


@pytest.mark.postgres
def test_upgrade_from_empty_on_postgresql(pg_engine: Engine) -> None:
    assert _schema_drift(pg_engine) == []
    upgrade(pg_engine)
    assert sa.inspect(pg_engine).has_table("entries")


@pytest.mark.postgres
def test_the_guild_entries_index_is_partial_on_postgresql(pg_engine: Engine) -> None:
    # The model declares the WHERE for SQLite only (no PostgreSQL dialect in SQLite
    # processes), and autogenerate does not compare it: the migration must keep it.
    with pg_engine.connect() as conn:
        definition = conn.scalar(
            sa.text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_entries_space_day'")
        )
    assert definition is not None and "WHERE (space_id IS NOT NULL)" in definition


def test_downgrade_to_base_and_back(tmp_path: Path) -> None:
    from alembic import command

    engine = make_engine(f"sqlite:///{tmp_path}/roundtrip.db")
    upgrade(engine)
    command.downgrade(alembic_config(engine), "base")
    assert not sa.inspect(engine).has_table("goals")
    upgrade(engine)
    assert _schema_drift(engine) == []


def test_existing_members_get_the_default_checkin(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from core.scheduling.planner import plan_unplanned
    from core.storage.db import session_factory
    from core.storage.models import Schedule

    engine = make_engine(f"sqlite:///{tmp_path}/old.db")
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO members (platform, workspace_id, user_id, display_name, tz, "
                "tz_set_by_member, goal_seq, entry_seq, created_at) VALUES "
                "('console', 'local', 'old', '', 'Europe/Berlin', false, 0, 0, '2026-01-01')"
            )
        )
    upgrade(engine)
    now = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    with session_factory(engine).begin() as session:
        assert plan_unplanned(session, now) == 1
        schedule = session.scalars(sa.select(Schedule)).one()
        assert schedule.kind == "checkin"
        # Friday 27 November, 16:00 in Berlin
        assert schedule.next_fire_at == datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def test_script_heads_are_alembics_heads(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/heads.db")
    assert script_heads() == set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())


def test_a_database_at_head_is_not_handed_to_alembic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alembic import command

    engine = make_engine(f"sqlite:///{tmp_path}/at_head.db")
    assert stored_revisions(engine) == set()
    upgrade(engine, "0007")
    assert stored_revisions(engine) == {"0007"}
    calls: list[str] = []
    real_upgrade = command.upgrade

    def counted_upgrade(config: object, revision: str) -> None:
        calls.append(revision)
        real_upgrade(config, revision)  # type: ignore[arg-type]

    monkeypatch.setattr(command, "upgrade", counted_upgrade)
    upgrade(engine)  # an old database: Alembic runs the rest
    assert stored_revisions(engine) == script_heads()
    upgrade(engine)  # at head: left alone
    assert calls == ["head"]
    assert _schema_drift(engine) == []


def _old_clients(engine: Engine) -> None:
    """A database at 0011 with one company written three ways: two tags and a contact."""
    upgrade(engine, "0011")
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO members (platform, workspace_id, user_id, display_name, tz, "
                "tz_set_by_member, goal_seq, entry_seq, created_at) VALUES "
                "('console', 'local', 'old', '', 'UTC', false, 0, 3, '2026-01-01')"
            )
        )
        for number, client, text, day in (
            (1, "Acme", "Sent a proposal to Acme", "2026-02-01"),
            (2, "acme", "Shipped the checkout for Acme", "2026-03-01"),
            (3, "globex", "Audit for Globex", "2026-04-01"),
        ):
            conn.execute(
                sa.text(
                    "INSERT INTO entries (member_id, number, kind, text, local_date, "
                    "created_at, tags, shared, client) VALUES "
                    "(1, :n, 'win', :t, :d, :at, '', false, :c)"
                ),
                {"n": number, "t": text, "d": day, "at": day, "c": client},
            )
        conn.execute(
            sa.text(
                "INSERT INTO contacts (member_id, number, name, important, is_client, "
                "last_touched_at, touches, created_at) VALUES "
                "(1, 1, 'Acme Corp', false, true, '2026-05-01', 0, '2026-05-01')"
            )
        )


def _assert_one_client_each(engine: Engine) -> None:
    with engine.connect() as conn:
        clients = conn.execute(
            sa.text("SELECT slug, name, landed_at FROM clients ORDER BY slug")
        ).all()
        slugs = conn.execute(sa.text("SELECT client FROM entries ORDER BY number")).scalars()
        assert list(slugs) == ["acme", "acme", "globex"]
    assert [(slug, name) for slug, name, _ in clients] == [
        ("acme", "Acme Corp"),
        ("globex", "globex"),
    ]
    # Acme was won with the checkout (the proposal before it does not count).
    assert str(clients[0][2]).startswith("2026-03-01")


def test_existing_clients_become_one_entity_on_sqlite(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/clients.db")
    _old_clients(engine)
    upgrade(engine)
    _assert_one_client_each(engine)
    assert _schema_drift(engine) == []


@contextlib.contextmanager
def _empty_pg_engine() -> Iterator[Engine]:
    """An engine on a new, empty PostgreSQL database, dropped afterwards."""
    from tests.conftest import PG_ADMIN_URL

    name = f"coachbot_migrate_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = make_engine(PG_ADMIN_URL).url.set(database=name)
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.postgres
def test_existing_clients_become_one_entity_on_postgresql(postgres_url: str) -> None:
    with _empty_pg_engine() as engine:
        _old_clients(engine)
        upgrade(engine)
        _assert_one_client_each(engine)
        assert _schema_drift(engine) == []


def test_existing_goals_keep_following_their_deadline(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/horizon.db")
    upgrade(engine, "0012")
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO members (platform, workspace_id, user_id, display_name, tz, "
                "tz_set_by_member, goal_seq, entry_seq, created_at) VALUES "
                "('console', 'local', 'old', '', 'UTC', false, 1, 0, '2026-01-01')"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO goals (member_id, number, title, horizon, status, shared, "
                "created_at, tags) VALUES (1, 1, 'Lead a team', 'mid', 'active', false, "
                "'2026-01-01', '')"
            )
        )
    upgrade(engine)
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT horizon, horizon_by_hand FROM goals")).one()
    assert tuple(row) == ("mid", 0)
    assert _schema_drift(engine) == []


def test_existing_members_read_day_first_and_keep_their_rows_both_ways(tmp_path: Path) -> None:
    """0013 adds members.date_order in place: no rebuild that would cascade-delete."""
    engine = make_engine(f"sqlite:///{tmp_path}/order.db")
    _old_clients(engine)
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT date_order FROM members")).scalar() == "dmy"
    command.downgrade(alembic_config(engine), "0012")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM entries")).scalar() == 3
        columns = {row[1] for row in conn.execute(sa.text("PRAGMA table_info(members)"))}
    assert "date_order" not in columns


def _old_pauses(engine: Engine) -> None:
    """A member at 0014 with three pauses, added out of date order."""
    upgrade(engine, "0014")
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO members (platform, workspace_id, user_id, display_name, tz, "
                "tz_set_by_member, goal_seq, entry_seq, created_at) VALUES "
                "('console', 'local', 'old', '', 'UTC', false, 0, 0, '2026-01-01')"
            )
        )
        for start, end in (
            ("2026-12-24", "2027-01-02"),
            ("2026-12-01", "2026-12-03"),
            ("2026-12-01", "2026-12-01"),
        ):
            conn.execute(
                sa.text(
                    "INSERT INTO pauses (member_id, start_date, end_date, created_at) "
                    "VALUES (1, :s, :e, '2026-11-01')"
                ),
                {"s": start, "e": end},
            )


def _assert_pauses_numbered_both_ways(engine: Engine) -> None:
    _old_pauses(engine)
    upgrade(engine)
    with engine.connect() as conn:
        numbers = conn.execute(sa.text("SELECT id, number FROM pauses ORDER BY id")).all()
        assert conn.execute(sa.text("SELECT pause_seq FROM members")).scalar() == 3
    assert [tuple(row) for row in numbers] == [(1, 3), (2, 1), (3, 2)]
    assert _schema_drift(engine) == []
    command.downgrade(alembic_config(engine), "0014")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM pauses")).scalar() == 3
        assert conn.execute(sa.text("SELECT count(*) FROM members")).scalar() == 1


def test_existing_pauses_are_numbered_in_order_both_ways(tmp_path: Path) -> None:
    """0018 numbers pauses by start date (then as added); the counter starts after them."""
    _assert_pauses_numbered_both_ways(make_engine(f"sqlite:///{tmp_path}/pauses.db"))


@pytest.mark.postgres
def test_existing_pauses_are_numbered_in_order_on_postgresql(postgres_url: str) -> None:
    with _empty_pg_engine() as engine:
        _assert_pauses_numbered_both_ways(engine)
