"""The console loads no platform library, no chart library and, once the database is at
head, no Alembic: a real process on a temporary SQLite file answers /help, then says what
it imported."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.benchmarks.bench_startup import console_env

# A console in a subprocess: the full suite runs it, the quick tier not.
pytestmark = pytest.mark.slow

NOT_IN_THE_CONSOLE = ("slack_bolt", "slack_sdk", "discord", "aiohttp", "matplotlib", "numpy")
# Modules within a library the console uses: SQLite needs no PostgreSQL dialect (40 ms).
NOT_IN_A_SQLITE_CONSOLE = ("sqlalchemy.dialects.postgresql",)
# Only a terminal needs the line editor; piped input starts without it.
NOT_FROM_A_PIPE = ("prompt_toolkit",)

# The console's code path (cli.main, the in-process worker included) with /help on stdin.
CONSOLE = """
import sys
from bot.cli import main

code = main(["console", "--user", "alice"])
print(code, sorted(sys.modules))
"""


def _console_imports(folder: Path) -> tuple[str, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", CONSOLE],
        input="/help\n",
        capture_output=True,
        text=True,
        env=console_env(folder),
        cwd=folder,
        timeout=120,
        check=True,
    )
    *reply, last = done.stdout.rstrip().splitlines()
    code, modules = last.split(" ", 1)
    assert code == "0", done.stderr
    return "\n".join(reply), set(ast.literal_eval(modules))


def _top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_the_console_answers_help_without_platform_chart_or_migration_libraries(
    tmp_path: Path,
) -> None:
    reply, first = _console_imports(tmp_path)  # a new database: Alembic creates it
    assert "coachbot commands" in reply
    assert "alembic" in _top_level(first)
    reply, later = _console_imports(tmp_path)  # at head: Alembic is not needed
    assert "coachbot commands" in reply
    assert {"sqlalchemy", "rich", "apscheduler"} <= _top_level(later)
    assert _top_level(later) & {"alembic", *NOT_IN_THE_CONSOLE} == set()
    assert _top_level(first) & {*NOT_IN_THE_CONSOLE, *NOT_FROM_A_PIPE} == set()
    assert later & set(NOT_IN_A_SQLITE_CONSOLE) == set()
