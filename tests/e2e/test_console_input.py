"""Bytes piped into the console that are not UTF-8 are kept as "\ufffd", never a crash."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SCRIPT = b"/win Shipped the caf\xe9 menu \xff\xfe #launch\n/win list\n/goal show \xe9\n"


@pytest.mark.parametrize(
    "encoding",
    [{"PYTHONIOENCODING": "utf-8"}, {"LC_ALL": "C.UTF-8"}, {"LC_ALL": "C", "PYTHONUTF8": "0"}],
    ids=["strict-utf-8", "c-utf-8", "c-locale"],
)
def test_undecodable_bytes_are_saved_as_replacement_characters(
    tmp_path: Path, encoding: dict[str, str]
) -> None:
    exe = shutil.which("coachbot", path=str(Path(sys.executable).parent)) or "coachbot"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("COACHBOT_", "LC_", "PYTHONIO")) and k not in ("DATABASE_URL", "LANG")
    }
    env |= {"COACHBOT_DATA_DIR": str(tmp_path / "data"), "TZ": "UTC", **encoding}
    result = subprocess.run(
        [exe, "console", "--user", "alice", "--no-worker"],
        input=SCRIPT,
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    out = result.stdout.decode("utf-8", "replace")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in out + result.stderr.decode("utf-8", "replace")
    assert "Win #1 logged" in out and "something went wrong" not in out
    assert "could not be read" in out
    assert "#1" in out and "menu" in out  # /win list shows it
    assert "You have no goal" in out or "goal number" in out
