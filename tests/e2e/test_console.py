"""The installed ``coachbot`` command, driven through a real subprocess and a pipe."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _coachbot(tmp_path: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("coachbot", path=str(Path(sys.executable).parent)) or "coachbot"
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("COACHBOT_") and k != "DATABASE_URL"
    }
    env |= {"COACHBOT_DATA_DIR": str(tmp_path / "data"), "TZ": "Europe/Berlin"}
    return subprocess.run(
        [exe, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def test_scripted_console_session_on_sqlite(tmp_path: Path) -> None:
    script = "\n".join(
        [
            "/goal add Become a certified AWS Solutions Architect by 2027-03-31",
            "/win Shipped the billing revamp for ACME #launch goal:1",
            "/journal",
            "Debugging under pressure, e.g. the May outage",
            "/progress",
            "/export brag",
            "/export brag html",
            "/tz Mars/Olympus",
            "/goal show 7",
        ]
    )
    result = _coachbot(tmp_path, script + "\n", "console", "--user", "alice")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Goal #1 saved" in out
    assert "Win #1 logged" in out
    assert "Saved to your journal as #2" in out
    assert "Wins this week" in out and "Journal streak   2 days" not in out
    assert "is not a time zone I know" in out
    assert "You have no goal #7" in out
    assert "Traceback" not in out + result.stderr
    brag = tmp_path / "data" / "exports" / "alice" / "brag-2026-alice.md"
    if not brag.exists():  # the year follows the machine's clock
        brag = next((tmp_path / "data" / "exports" / "alice").glob("brag-*-alice.md"))
    assert "Shipped the billing revamp for ACME" in brag.read_text()
    page = brag.with_suffix(".html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "Shipped the billing revamp for ACME" in page
    assert f"Saved {brag.with_suffix('.html').name} to" in out
    assert (tmp_path / "data" / "coachbot.db").exists()


def test_data_persists_between_runs_and_members_are_separate(tmp_path: Path) -> None:
    _coachbot(tmp_path, "/goal add Pass the CKA exam by end of June\n", "console", "--user", "a")
    again = _coachbot(tmp_path, "/goal list\n", "console", "--user", "a")
    other = _coachbot(tmp_path, "/goal list\n", "console", "--user", "b")
    assert "#1 Pass the CKA exam" in again.stdout
    assert "No goals yet" in other.stdout


def test_db_upgrade_command(tmp_path: Path) -> None:
    result = _coachbot(tmp_path, "", "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert "Database is up to date" in result.stdout


def test_fast_clock_shows_a_simulated_week_of_checkins(tmp_path: Path) -> None:
    script = "/tz Europe/Berlin\n/checkin set weekdays 09:00\n/remind tomorrow 9am update my CV\n"
    # A Monday morning, so three simulated days hold three weekday check-ins whatever
    # day the test runs on.
    start = "2026-11-23T06:00Z"
    result = _coachbot(
        tmp_path,
        script,
        "console",
        "--user",
        "demo",
        "--clock",
        "fast",
        "--days",
        "3",
        "--start",
        start,
    )
    assert result.returncode == 0, result.stderr
    # No scheduler warnings, no traceback at exit: nothing at all besides the session.
    assert result.stderr == ""
    out = result.stdout
    assert "Fast clock from Mon 23 Nov 06:00 UTC" in out
    # Every check-in and the reminder, each once, stamped with its own simulated minute.
    assert _arrivals(out) == Counter(
        {
            ("Mon 23 Nov 09:00 Europe/Berlin", "👋 Check-in time"): 1,
            ("Tue 24 Nov 09:00 Europe/Berlin", "👋 Check-in time"): 1,
            ("Tue 24 Nov 09:00 Europe/Berlin", "⏰ Reminder: update my CV"): 1,
            ("Wed 25 Nov 09:00 Europe/Berlin", "👋 Check-in time"): 1,
        }
    )
    assert f"Simulating on a copy of your data in {tmp_path / 'data' / 'simulation'}" in out
    with sqlite3.connect(tmp_path / "data" / "simulation" / "coachbot.db") as db:
        statuses = Counter(status for (status,) in db.execute("select status from outbox"))
    assert statuses == Counter({"sent": 4})  # none missed, skipped or left behind


def test_a_simulated_week_leaves_the_real_data_untouched(tmp_path: Path) -> None:
    """--clock fast runs on a copy: a reminder delivered in the simulation is still due for
    real afterwards, and what was typed in the simulation is not in the real database."""
    real = _coachbot(tmp_path, "/remind tomorrow 9am call Dana\n", "console", "--user", "ana")
    assert "call Dana" in real.stdout
    simulated = _coachbot(
        tmp_path,
        "/win Simulated win\n",
        "console",
        "--user",
        "ana",
        "--clock",
        "fast",
        "--days",
        "2",
    )
    assert simulated.returncode == 0, simulated.stderr
    assert "⏰ Reminder: call Dana" in simulated.stdout  # delivered, in the copy
    after = _coachbot(tmp_path, "/remind list\n/win list\n", "console", "--user", "ana")
    assert "call Dana" in after.stdout  # still due for real
    assert "Simulated win" not in after.stdout


def test_a_simulation_refuses_a_shared_database(tmp_path: Path) -> None:
    exe = shutil.which("coachbot", path=str(Path(sys.executable).parent)) or "coachbot"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACHBOT_")}
    env |= {"DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/test"}
    done = subprocess.run(
        [exe, "console", "--user", "ana", "--clock", "fast"],
        input="/help\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "unset DATABASE_URL" in done.stderr and "Traceback" not in done.stderr


def _arrivals(out: str) -> Counter[tuple[str, str]]:
    """(stamp, first line) of each message the console printed as delivered."""
    lines = out.splitlines()
    found: Counter[tuple[str, str]] = Counter()
    for index, line in enumerate(lines):
        match = re.search(r"📬 for demo · (.+?) ─", line)
        if match:
            found[(match.group(1), lines[index + 1].strip())] += 1
    return found


def test_one_worker_per_sqlite_database(tmp_path: Path) -> None:
    exe = shutil.which("coachbot", path=str(Path(sys.executable).parent)) or "coachbot"
    env = dict(os.environ, COACHBOT_DATA_DIR=str(tmp_path / "data"))
    env.pop("DATABASE_URL", None)
    first = subprocess.Popen(
        [exe, "run", "worker"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_until_locked(tmp_path / "data" / "coachbot.db.worker.lock", first)
        second = _coachbot(tmp_path, "", "run", "worker")
        assert second.returncode == 1
        assert "SQLite supports one worker" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        first.terminate()
        assert first.wait(timeout=30) == 0


def _wait_until_locked(lock: Path, process: subprocess.Popen[bytes]) -> None:
    """Poll until the running worker holds its lock (we can no longer take it)."""
    for _ in range(300):
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        if lock.exists():
            with open(lock) as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return
                fcntl.flock(handle, fcntl.LOCK_UN)
        time.sleep(0.1)
    raise AssertionError("the first worker never took its lock")
