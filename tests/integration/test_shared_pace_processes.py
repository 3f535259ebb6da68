"""Issue 14 with real worker processes on real PostgreSQL (slow tier): two workers share a
workspace's ceiling, so a fake Slack that answers 429 past it never has to.

Before issue 14 each worker paced the workspace at the full ceiling for itself, so two
together sent twice as fast and met 429s.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.benchmarks.bench_lateness import Bucket, LimitedPlatform, Limits
from tests.integration.test_reliability import _outbox_statuses, _seed_due_checkins, pg
from tests.integration.worker_process import spawn

__all__ = ["pg"]  # the fixture, shared with the other reliability tests

MEMBERS = 30
# A low workspace ceiling, 2 a second: the fake allows a burst of 3 (a send that the
# machine's load delays by up to a second does not bunch two into one moment).
CEILING = 2.0
FAKE_SLACK = Limits(channel=Bucket(1, 1), workspace=Bucket(CEILING, 3), everything=Bucket(0, 0))


@pytest.mark.postgres
@pytest.mark.slow
def test_two_worker_processes_share_a_workspaces_ceiling(
    pg: Engine, postgres_url: str, tmp_path: Path
) -> None:
    due = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    _seed_due_checkins(pg, MEMBERS, due)  # one workspace
    pacing = ("--pace-channel", "1", "--pace-workspace", str(CEILING), "--batch", "4")
    with LimitedPlatform(FAKE_SLACK) as fake:
        procs = [
            spawn(postgres_url, fake.url, name, tmp_path / f"{name}.log", *pacing)
            for name in ("w1", "w2")
        ]
        codes = [proc.wait(timeout=120) for proc in procs]
        arrivals = sorted(fake.arrivals)
    logs = {name: (tmp_path / f"{name}.log").read_text() for name in ("w1", "w2")}
    assert codes == [0, 0], logs
    sent = [int(m.group(1)) for log in logs.values() if (m := re.search(r"sent (\d+)", log))]
    print(
        f"\n{MEMBERS} DMs to one workspace at {CEILING:g}/s: {sent} sent by each worker, "
        f"{fake.refused} answered 429, in {arrivals[-1] - arrivals[0]:.1f}s"
    )
    assert fake.refused == 0
    assert len(sent) == 2 and min(sent) > 0 and sum(sent) == MEMBERS  # both sent, together
    assert sum(fake.received.values()) == len(fake.received) == MEMBERS  # none twice
    assert _outbox_statuses(pg) == {"sent": MEMBERS}
    # Together at the ceiling: not one worker's pace each (twice as fast).
    assert arrivals[-1] - arrivals[0] >= (MEMBERS - 1) / CEILING - 1.0
