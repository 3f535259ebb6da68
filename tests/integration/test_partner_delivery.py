"""Partner notes exactly once with two worker processes on one PostgreSQL: each worker
ticks (claiming due schedules with SKIP LOCKED) and drains (claiming outbox rows), and
every partner gets their weekly note once; a worker started afterwards sends nothing."""

from __future__ import annotations

import subprocess
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, update

from core.coach import Coach
from core.context import MemberRef
from core.prompts import PromptLibrary
from core.storage.db import session_factory
from core.storage.models import Delivery, Schedule
from core.time.clock import ManualClock
from tests.fakes import OPTIONS
from tests.integration.test_reliability import (
    Receiver,
    _empty,
    _start_worker,
    _weekly_rule_firing_at,
)

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

PAIRS = 60


@pytest.fixture
def pg(pg_engine: Engine) -> Iterator[Engine]:
    """The session's PostgreSQL database, empty before and after the test."""
    _empty(pg_engine)
    yield pg_engine
    _empty(pg_engine)


def _partner_up(pg: Engine, prompts: PromptLibrary) -> None:
    """PAIRS pairs of partners through the real commands; their notes due a moment ago on
    the real clock, everything else switched off."""
    coach = Coach(session_factory(pg), ManualClock(datetime.now(UTC)), prompts, OPTIONS)
    for n in range(PAIRS):
        ana, dana = (MemberRef("console", "local", f"{who}{n}", f"{who}{n}") for who in "ad")
        coach.handle(dana, "/help")
        coach.handle(ana, f"/commit Finish chapter {n} by friday")
        assert "Invitation sent" in coach.handle(ana, f"/partner invite --user d{n}").plain_text()
        assert "partners" in coach.handle(dana, f"/partner accept --user a{n}").plain_text()
    with session_factory(pg).begin() as session:
        session.execute(update(Delivery).values(status="skipped"))  # the invitations
        session.execute(update(Schedule).where(Schedule.kind != "partners").values(enabled=False))
        # A rule whose occurrence is this very minute, due now on the workers' real clock.
        due = datetime.now(UTC).replace(second=0, microsecond=0)
        rule = _weekly_rule_firing_at(due, "UTC")
        notes = update(Schedule).where(Schedule.kind == "partners")
        session.execute(notes.values(rule=rule, next_fire_at=due))


def _finish(proc: subprocess.Popen[str], log: Path) -> None:
    assert proc.wait(timeout=120) == 0, log.read_text()


def test_two_workers_send_each_weekly_partner_note_exactly_once(
    pg: Engine, postgres_url: str, prompts: PromptLibrary, tmp_path: Path
) -> None:
    _partner_up(pg, prompts)
    with Receiver() as receiver:
        logs = [tmp_path / f"w{n}.log" for n in (1, 2)]
        workers = [_start_worker(postgres_url, receiver, f"w{n}", logs[n - 1]) for n in (1, 2)]
        for proc, log in zip(workers, logs, strict=True):
            _finish(proc, log)
        expected = {f"{who}{n}": 1 for n in range(PAIRS) for who in "ad"}
        assert receiver.received == Counter(expected)
        later = _start_worker(postgres_url, receiver, "w3", tmp_path / "w3.log")  # a restart
        _finish(later, tmp_path / "w3.log")
        assert receiver.total() == 2 * PAIRS
    with pg.connect() as conn:
        rows = conn.execute(
            select(Delivery.status, func.count())
            .where(Delivery.kind == "partners")
            .group_by(Delivery.status)
        ).all()
    assert dict(rows) == {"sent": 2 * PAIRS}
    sent = [int(log.read_text().split("sent ")[-1]) for log in logs]
    assert sum(sent) == 2 * PAIRS, sent  # shared between the two, none twice
