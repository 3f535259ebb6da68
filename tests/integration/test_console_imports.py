"""The console loads no platform library, no chart library and, once the database is at
head, no Alembic; its first reply waits neither for the worker (APScheduler) nor for the
handlers of other commands: a real process on a temporary SQLite file answers /help, then
says what it had imported when the reply began and when it ended."""

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

# Loaded once the first line is answered (the worker) or when their commands run.
NOT_BEFORE_THE_FIRST_REPLY = (
    "apscheduler",
    "core.scheduling.worker",
    "core.scheduling.sender",
    "core.services.export",
    "core.services.journal",
    "core.services.goals",
    "core.present.brag",
    "core.present.progress",
)

# The console's code path (the coachbot script's entry point, the in-process worker
# included) with /help on stdin; what was imported when the reply began goes to stderr.
CONSOLE = """
import gc
import sys
from bot.start import main

class FirstReply:
    def __init__(self, out):
        self.out = out
    def write(self, text):
        if "coachbot commands" in text and self.out is not None:
            print(sorted(sys.modules), file=sys.stderr)
            sys.stdout, self.out = self.out, None
            return sys.stdout.write(text)
        return self.out.write(text)
    def __getattr__(self, name):
        return getattr(self.out, name)

sys.argv = ["coachbot", "console", "--user", "alice"]
sys.stdout = FirstReply(sys.stdout)
code = main()
assert gc.isenabled()  # paused for the imports only
print(code, sorted(sys.modules))
"""


def _console_imports(folder: Path) -> tuple[str, set[str], set[str]]:
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
    at_reply = ast.literal_eval(done.stderr.splitlines()[-1])
    return "\n".join(reply), set(at_reply), set(ast.literal_eval(modules))


def _top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_the_console_answers_help_without_platform_chart_or_migration_libraries(
    tmp_path: Path,
) -> None:
    reply, _, first = _console_imports(tmp_path)  # a new database: Alembic creates it
    assert "coachbot commands" in reply
    assert "alembic" in _top_level(first)
    reply, at_reply, later = _console_imports(tmp_path)  # at head: Alembic is not needed
    assert "coachbot commands" in reply
    assert {"sqlalchemy", "rich", "apscheduler"} <= _top_level(later)  # the worker ran
    assert {"core.services.help", "core.present.help"} <= at_reply
    assert (at_reply | _top_level(at_reply)) & set(NOT_BEFORE_THE_FIRST_REPLY) == set()
    assert _top_level(later) & {"alembic", *NOT_IN_THE_CONSOLE} == set()
    assert _top_level(first) & {*NOT_IN_THE_CONSOLE, *NOT_FROM_A_PIPE} == set()
    assert later & set(NOT_IN_A_SQLITE_CONSOLE) == set()
