"""Processes starting together on an empty PostgreSQL database all migrate it, once.

Three real ``coachbot db upgrade`` processes race for a database that has no tables yet;
without a lock, two of them create the same enum type or table at once and one fails
with ``UniqueViolation ... pg_type_typname_nsp_index``. An advisory lock serialises them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from core.storage.db import make_engine
from migrations import alembic_config
from tests.conftest import PG_ADMIN_URL

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

PROCESSES = 3
ROUNDS = 3  # each round on a new empty database: one race may miss the window


@pytest.fixture
def empty_databases(postgres_url: str) -> Iterator[list[str]]:
    """ROUNDS fresh, empty PostgreSQL databases (postgres_url only proves the server is up)."""
    admin = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    names = [f"coachbot_startup_{uuid.uuid4().hex[:10]}" for _ in range(ROUNDS)]
    with admin.connect() as conn:
        for name in names:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    base = make_engine(PG_ADMIN_URL).url
    yield [base.set(database=n).render_as_string(hide_password=False) for n in names]
    with admin.connect() as conn:
        for name in names:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _upgrade_processes(url: str, cwd: Path) -> list[subprocess.Popen[str]]:
    exe = shutil.which("coachbot", path=str(Path(sys.executable).parent)) or "coachbot"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACHBOT_")}
    env |= {"DATABASE_URL": url, "COACHBOT_DATA_DIR": str(cwd / "data")}
    return [
        subprocess.Popen(
            [exe, "db", "upgrade"],
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]


def test_three_processes_upgrade_an_empty_database_together(
    empty_databases: list[str], tmp_path: Path
) -> None:
    for url in empty_databases:
        procs = _upgrade_processes(url, tmp_path)
        results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
        for code, out, err in results:
            assert code == 0, err
            assert "Database is up to date" in out
        engine = make_engine(url)
        try:
            with engine.connect() as conn:
                versions = conn.execute(sa.text("select version_num from alembic_version")).all()
            head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
            assert [v for (v,) in versions] == [head]
            assert sa.inspect(engine).has_table("outbox")
        finally:
            engine.dispose()
