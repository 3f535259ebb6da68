"""The benchmark still runs end to end on a tiny database (figures only, no timing limits)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.benchmarks import (
    bench_digest,
    bench_lateness,
    bench_throughput,
    bench_tick,
    bench_worker_memory,
)
from tests.benchmarks.bench_core import run

# Benchmarks start processes and seed databases: the full suite runs them, the quick tier not.
pytestmark = pytest.mark.slow

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


@pytest.mark.postgres
def test_lateness_benchmark_runs_with_a_worker_process(postgres_url: str) -> None:
    """Figures only: every check-in arrives once, the report has its fields. (It makes
    its own database; `postgres_url` skips it, as the storage tests, without a server.)"""
    result = bench_lateness.run("slack", members=40, workspaces=4, workers=[1])
    (only,) = result["runs"]
    assert (only["delivered"], only["repeated"]) == (40, 0)
    assert only["statuses"] == {"sent": 40}
    assert 0 < only["p50_s"] <= only["p99_s"] <= only["max_s"]
    assert result["throughput_ratio"] == {"1": 1.0}


def test_digest_benchmark_reads_every_shown_row_and_leaves_no_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Figures only (20 interleaved samples each, as the benchmark always takes), and its
    temporary database is gone afterwards."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = bench_digest.run(members=20, wins=10, samples=1)
    assert list(tmp_path.iterdir()) == []
    assert result["rows"] > 0
    assert set(result["ops"]) == {"bare", "build", "build_render_chart"}
    assert all(op["median_ms"] > 0 and op["ratio"] > 0 for op in result["ops"].values())


@pytest.mark.postgres
def test_tick_benchmark_runs(postgres_url: str) -> None:
    """Figures only, on two small databases of its own."""
    result = bench_tick.run(large=400, small=200, due=20, samples=3)
    assert result["due"] == 20
    assert set(result["median_ms"]) == {"large", "small"}
    assert result["ratio_large_to_small"] > 0


@pytest.mark.postgres
def test_worker_memory_benchmark_reads_a_real_workers_memory(postgres_url: str) -> None:
    """Figures only: a real ``coachbot run worker`` sends the due check-ins of each of two
    small databases of its own, and its memory is read from /proc."""
    result = bench_worker_memory.run(large=300, small=100, due=10, ticks=1)
    assert result["due"] == 10
    assert [one["schedules"] for one in result["runs"].values()] == [100, 300]
    for one in result["runs"].values():
        assert 0 < one["VmRSS"] <= one["VmHWM"]
        assert one["seconds_to_send"] >= 0
    assert result["rss_ratio_large_to_small"] > 0


@pytest.mark.postgres
def test_throughput_benchmark_runs_on_both_backends(postgres_url: str) -> None:
    """Figures only: coachbot and the bare loop each send every check-in of every sample,
    on SQLite and PostgreSQL (its own databases, dropped afterwards)."""
    result = bench_throughput.run(members=12, samples=2, workspaces=3)
    for backend in bench_throughput.BACKENDS:
        figures = result[backend]
        assert figures["samples"] == 2
        assert set(figures["per_second"]) == {"coachbot", "bare"}
        assert all(rate > 0 for rate in figures["per_second"].values())
        assert figures["ratio"] > 0
    assert result["target_ratio"] == 0.5


def test_throughput_profile_names_the_sender() -> None:
    """The profile of one SQLite sample shows where the sender's time goes."""
    report = bench_throughput.profile("sqlite", members=6, workspaces=2)
    assert "sender.py" in report and "outbox.py" in report
