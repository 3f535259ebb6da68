"""The README's two commands stay true: CI runs the README's test command verbatim."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    return re.findall(r"```bash\n(python3 -m venv[^\n]+)\n```", readme)


def test_readme_has_the_run_and_test_commands() -> None:
    run, test = _commands()
    assert run.endswith("coachbot console")
    assert "pytest" in test


def test_ci_runs_the_readme_test_command() -> None:
    _, test = _commands()
    assert test in (ROOT / ".ci" / "run").read_text()
