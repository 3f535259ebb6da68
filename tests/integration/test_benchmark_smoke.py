"""The benchmark still runs end to end on a tiny database (figures only, no timing limits)."""

from __future__ import annotations

from pathlib import Path

from tests.benchmarks.bench_core import run

OPERATIONS = {"win", "bare_insert", "progress", "bare_select"}


def test_benchmark_runs_on_a_tiny_database(tmp_path: Path) -> None:
    result = run(members=50, wins_per_member=20, samples=20, db_path=tmp_path / "b.db")
    assert result["entries"] == 50 * 20
    assert result["seed_seconds"] > 0
    assert set(result["operations"]) == OPERATIONS
    for figures in result["operations"].values():
        assert figures["median_ms"] > 0
        assert figures["p99_ms"] >= figures["median_ms"]
    assert set(result["ratios"]) == {"win", "progress"}
    for ratios in result["ratios"].values():
        assert set(ratios) == {"median", "p99"}
    assert result["target_p99_ms"] == 10.0
    assert isinstance(result["progress_p99_pass"], bool)
