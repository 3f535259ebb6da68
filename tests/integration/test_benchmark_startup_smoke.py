"""The start-up benchmark runs end to end with two samples (figures only, no timing limits)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchmarks.bench_startup import TARGET_RATIO, TARGET_RSS_MIB, run

# Benchmarks start processes and seed databases: the full suite runs them, the quick tier not.
pytestmark = pytest.mark.slow


def test_startup_benchmark_reports_ratio_and_memory(tmp_path: Path) -> None:
    result = run(samples=2, folder=tmp_path)
    assert result["samples"] == 2
    for figures in (result["baseline_ms"], result["first_reply_ms"]):
        assert len(figures["all"]) == 2
        assert figures["median"] > 0
    assert result["ratio"] > 0
    assert result["idle_rss_mib"]["max"] > 0
    assert (result["target_ratio"], result["target_rss_mib"]) == (TARGET_RATIO, TARGET_RSS_MIB)
    assert isinstance(result["ratio_pass"], bool) and isinstance(result["rss_pass"], bool)
    cpu = result["cpu_ms"]
    assert cpu["baseline"] > 0 and cpu["first_reply"] > 0 and cpu["ratio"] > 0
    assert [len(values) for values in cpu["all"].values()] == [2, 2]
