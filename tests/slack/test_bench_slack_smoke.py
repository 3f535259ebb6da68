"""The Slack HTTP benchmark runs end to end on a tiny load; timings are not judged here."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchmarks.bench_slack import run

KEYS = {
    "baseline",
    "coachbot",
    "ratios",
    "coachbot_reply",
    "reply_ratios",
    "target_ratio",
    "p99_pass",
    "coachbot_requests",
    "answers",
    "home_publishes",
    "entries_written",
    "background_complete",
}


@pytest.mark.slow
def test_bench_slack_runs_and_every_win_is_answered(tmp_path: Path) -> None:
    result = run(members=50, rps=20, seconds=1, db_path=tmp_path / "b.db")

    assert result.keys() >= KEYS
    for app in ("baseline", "coachbot"):
        assert result[app]["median_ms"] > 0
        assert result[app]["p99_ms"] >= result[app]["median_ms"]
        assert result[app]["measured"] == 20
        assert result[app]["errors"] == 0
    assert set(result["ratios"]) == {"median", "p99"}
    # Every measured /win's reply reached its response_url (timed from its scheduled send;
    # it may arrive before the generator has read the ack, so no order is asserted).
    reply = result["coachbot_reply"]
    assert reply["count"] == result["coachbot"]["measured"]
    assert 0 < reply["median_ms"] <= reply["p99_ms"]
    assert set(result["reply_ratios"]) == {"median", "p99"}
    sent = result["coachbot_requests"]
    assert sent == 60  # 2 s warm-up + 1 s measured, at 20 rps
    assert result["answers"] == result["entries_written"] == sent
    assert result["background_complete"] is True
