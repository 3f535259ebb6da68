"""Migrations build the schema from empty and match the models exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from core.db import make_engine, upgrade
from core.models import Base


def _schema_drift(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_upgrade_from_empty_on_sqlite(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/fresh.db")
    upgrade(engine)
    upgrade(engine)  # running it again is a no-op
    assert _schema_drift(engine) == []
    with engine.connect() as conn:
        version = conn.execute(sa.text("select version_num from alembic_version")).scalar()
    assert version == "0001"


@pytest.mark.postgres
def test_upgrade_from_empty_on_postgresql(pg_engine: Engine) -> None:
    assert _schema_drift(pg_engine) == []
    upgrade(pg_engine)
    assert sa.inspect(pg_engine).has_table("entries")


def test_downgrade_to_base_and_back(tmp_path: Path) -> None:
    from alembic import command

    from core.db import alembic_config

    engine = make_engine(f"sqlite:///{tmp_path}/roundtrip.db")
    upgrade(engine)
    command.downgrade(alembic_config(engine), "base")
    assert not sa.inspect(engine).has_table("goals")
    upgrade(engine)
    assert _schema_drift(engine) == []
