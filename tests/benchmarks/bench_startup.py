"""Benchmark: how soon ``coachbot console`` answers ``/help`` from a pipe, and its idle memory.

Run: ``.venv/bin/python -m tests.benchmarks.bench_startup [--samples 15]``. Not part of the
test run. Each sample starts a new console (with its in-process worker, as by default) on one
SQLite database that is already at head (the first, uncounted start migrates it), writes
``/help`` and times until the reply's first line arrives. Baseline samples time
``python -c "import sqlalchemy, rich, pydantic_settings"`` (the libraries every console start
needs) from start to exit. Samples alternate, so both see the same machine load. Reports the
medians and their ratio (target: at most 1.5x), and the console's resident memory once it has
answered and waits for input (target: under 80 MiB). Beside the wall-clock ratio it gives the
ratio of CPU time (the console's, all threads, read from /proc when the reply arrives; the
baseline's from its rusage), which other jobs on a shared machine disturb far less.

Both commands keep their compiled bytecode in the scratch folder (PYTHONPYCACHEPREFIX), as an
installed program has it, even where PYTHONDONTWRITEBYTECODE is set: compiling coachbot's own
modules on every start (about 0.1 s here) is not a cost its users pay. ``--no-bytecode``
measures without (the uncounted warm-up then compiles nothing for the counted starts).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

BASELINE = [sys.executable, "-c", "import sqlalchemy, rich, pydantic_settings"]
FIRST_LINE = "coachbot commands"  # how the /help reply begins
TARGET_RATIO, TARGET_RSS_MIB = 1.5, 80.0
SETTLE_SECONDS = 0.3  # after the reply, before reading the idle console's memory
TIMEOUT_SECONDS = 60.0


def console_command() -> list[str]:
    """The installed ``coachbot console`` next to this interpreter (or the module)."""
    exe = shutil.which("coachbot", path=str(Path(sys.executable).parent))
    return [exe, "console"] if exe else [sys.executable, "-m", "bot.cli", "console"]


def console_env(folder: Path) -> dict[str, str]:
    """This environment without coachbot settings, with the data in `folder`."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("COACHBOT_") and k != "DATABASE_URL"
    }
    return env | {"COACHBOT_DATA_DIR": str(folder / "data"), "TZ": "UTC"}


def bytecode_env(env: dict[str, str], folder: Path, cached: bool) -> dict[str, str]:
    """`env` keeping compiled bytecode under `folder` (or, not `cached`, as it was)."""
    if not cached:
        return env
    kept = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return kept | {"PYTHONPYCACHEPREFIX": str(folder / "bytecode")}


def rss_mib(pid: int) -> float:
    """A live process's resident memory (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float:
    """A live process's user + system CPU time so far, all threads (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_reply(folder: Path, cached: bool = True) -> tuple[float, float, float]:
    """Seconds from starting the console to the first line of its /help reply, the CPU
    seconds it had used by then, and its resident memory (MiB) once it has answered and
    waits for more input."""
    env = bytecode_env(console_env(folder), folder, cached)
    started = time.perf_counter()
    proc = subprocess.Popen(
        console_command(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=folder,
        text=True,
    )
    watchdog = threading.Timer(TIMEOUT_SECONDS, proc.kill)
    watchdog.start()
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("/help\n")
        proc.stdin.flush()
        for line in proc.stdout:
            if FIRST_LINE in line:
                break
        else:
            raise RuntimeError(f"the console ended without answering /help ({proc.wait()})")
        elapsed, cpu = time.perf_counter() - started, cpu_seconds(proc.pid)
        time.sleep(SETTLE_SECONDS)
        memory = rss_mib(proc.pid)
        proc.stdin.close()  # end of input: the console exits
        proc.stdout.read()
        proc.wait()
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
    return elapsed, cpu, memory


def baseline(folder: Path, cached: bool = True) -> tuple[float, float]:
    """Seconds for the baseline import command, start to exit, and its CPU seconds."""
    env = bytecode_env(dict(os.environ), folder, cached)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(BASELINE, check=True, env=env)
    elapsed, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, cpu


def run(samples: int = 15, folder: Path | None = None, cached: bool = True) -> dict[str, Any]:
    """Warm up, measure interleaved samples, and return the figures."""
    with tempfile.TemporaryDirectory(prefix="coachbot-bench-startup-") as scratch:
        where = folder or Path(scratch)
        first_reply(where, cached)  # migrates the database, compiles, warms the file cache
        baseline(where, cached)
        replies, memories, bases = [], [], []
        cpus: dict[str, list[float]] = {"baseline": [], "first_reply": []}
        for _ in range(samples):
            elapsed, cpu, memory = first_reply(where, cached)
            replies.append(elapsed * 1000)
            cpus["first_reply"].append(cpu * 1000)
            memories.append(memory)
            elapsed, cpu = baseline(where, cached)
            bases.append(elapsed * 1000)
            cpus["baseline"].append(cpu * 1000)
    print("bytecode cached" if cached else "no bytecode cache (compiled on every start)")
    figures = report(replies, bases, memories)
    return figures | {"cpu_ms": cpu_report(cpus), "bytecode_cached": cached}


def cpu_report(cpus: dict[str, list[float]]) -> dict[str, Any]:
    """Print and return the CPU medians and their ratio."""
    reply, base = statistics.median(cpus["first_reply"]), statistics.median(cpus["baseline"])
    print(f"CPU: baseline {base:.0f} ms, console to its reply {reply:.0f} ms: {reply / base:.2f}x")
    return {"baseline": base, "first_reply": reply, "ratio": reply / base, "all": cpus}


def report(replies: list[float], bases: list[float], memories: list[float]) -> dict[str, Any]:
    """Print and return medians, the ratio and the memory against their targets."""
    reply, base = statistics.median(replies), statistics.median(bases)
    ratio, memory = reply / base, max(memories)
    print(f"{len(replies)} samples each, interleaved")
    print(f"baseline import   median {base:8.1f} ms")
    print(f"console /help     median {reply:8.1f} ms  {ratio:.2f}x (target <= {TARGET_RATIO}x)")
    print(f"idle console RSS  max    {memory:8.1f} MiB (target < {TARGET_RSS_MIB:.0f} MiB)")
    return {
        "samples": len(replies),
        "baseline_ms": {"median": base, "all": bases},
        "first_reply_ms": {"median": reply, "all": replies},
        "ratio": ratio,
        "target_ratio": TARGET_RATIO,
        "ratio_pass": ratio <= TARGET_RATIO,
        "idle_rss_mib": {"max": memory, "all": memories},
        "target_rss_mib": TARGET_RSS_MIB,
        "rss_pass": memory < TARGET_RSS_MIB,
    }


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=15)
    parser.add_argument(
        "--no-bytecode", action="store_true", help="no bytecode cache (as the environment says)"
    )
    args = parser.parse_args()
    run(args.samples, cached=not args.no_bytecode)


if __name__ == "__main__":
    main()
