"""Migrations build the schema from empty and match the models exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
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
