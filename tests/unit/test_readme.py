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


def test_both_commands_install_from_the_lock_file() -> None:
    lock = (ROOT / "requirements" / "dev.lock").read_text()
    for command in _commands():
        assert "-c requirements/dev.lock" in command
    for tool in ("pytest", "ruff", "mypy", "hypothesis"):
        assert re.search(rf"^{tool}==", lock, re.MULTILINE), tool


def test_both_commands_show_install_progress() -> None:
    """A first install takes about 90 s: pip's progress must show, not a silent -q."""
    for command in _commands():
        install = command.split("&&")[1]
        assert "pip install" in install and " -q" not in install, command
