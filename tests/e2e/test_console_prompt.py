"""The interactive console on real prompt_toolkit, driven through a pipe as keystrokes."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput

from adapters.console.completion import CommandCompleter
from bot.bootstrap import App, build_app
from bot.console import console_session
from bot.settings import load_settings
from core.context import MemberRef

WHO = MemberRef("console", "local", "alice", "Alice")


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> App:
    """The console's app on a fresh SQLite database in a data folder of its own."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("COACHBOT_DATABASE_URL", raising=False)
    monkeypatch.setenv("COACHBOT_DATA_DIR", str(tmp_path / "data"))
    return build_app(load_settings(env_file=None))


@pytest.fixture
def terminal() -> Iterator[tuple[PipeInput, io.StringIO]]:
    """Keystrokes in, what the terminal shows out."""
    screen = io.StringIO()
    with create_pipe_input() as keys, create_app_session(keys, PlainTextOutput(screen)):
        yield keys, screen


async def _type(app: App, keys: PipeInput, *chunks: str) -> None:
    """Run an interactive session, typing each chunk a moment after the previous one."""
    session = asyncio.create_task(console_session(app, WHO, "UTC", False, None, True))
    for chunk in chunks:
        await asyncio.sleep(0.3)
        keys.send_text(chunk)
    await asyncio.wait_for(session, 30)


def test_lines_are_answered_and_kept_in_history(
    app: App, terminal: tuple[PipeInput, io.StringIO]
) -> None:
    keys, screen = terminal
    asyncio.run(_type(app, keys, "/win Shipped the billing revamp\r", "/go\t", " list\r", "exit\r"))
    assert "Win #1 logged" in screen.getvalue()
    assert "No goals yet." in screen.getvalue()  # /goal list ran
    history = app.settings.data_path / "console-history" / "alice"
    assert "/win Shipped the billing revamp" in history.read_text()
    assert "/goal list" in history.read_text()  # what Tab completed is what was run


def test_history_comes_back_in_the_next_session(
    app: App, terminal: tuple[PipeInput, io.StringIO]
) -> None:
    keys, screen = terminal
    asyncio.run(_type(app, keys, "/win Shipped the billing revamp\r", "exit\r"))
    up = "\x1b[A"  # the Up arrow, twice past "exit" to the win
    asyncio.run(_type(app, keys, up + up + "\r", "exit\r"))
    assert "Win #2 logged" in screen.getvalue()


def test_printing_meanwhile_goes_above_the_line_being_typed(
    app: App, terminal: tuple[PipeInput, io.StringIO]
) -> None:
    keys, screen = terminal

    async def scenario() -> None:
        session = asyncio.create_task(console_session(app, WHO, "UTC", False, None, True))
        await asyncio.sleep(0.3)
        keys.send_text("/win Shipped the")
        await asyncio.sleep(0.3)
        await asyncio.to_thread(print, "📬 a check-in arrived")  # as the worker's thread would
        await asyncio.sleep(0.5)
        keys.send_text(" billing revamp\r")
        await asyncio.sleep(0.3)
        keys.send_text("exit\r")
        await asyncio.wait_for(session, 30)

    asyncio.run(scenario())
    out = screen.getvalue()
    assert "a check-in arrived" in out
    assert "Shipped the billing revamp" in out.split("Win #1 logged", 1)[1]
    assert out.index("a check-in arrived") < out.index("Win #1 logged")


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("/go", ["/goal"]),
        ("/goal ed", ["edit"]),
        ("/win ", ["delete", "edit", "list", "outcome", "remove", "share", "undo", "unshare"]),
        ("/export ", ["brag", "json"]),
        ("/help ch", ["checkin"]),
        ("/win Shipped th", []),
        ("hello", []),
    ],
)
def test_completion_offers_command_words(typed: str, offered: list[str]) -> None:
    found = CommandCompleter().get_completions(Document(typed), CompleteEvent())
    assert [c.text for c in found] == offered


def test_forget_me_deletes_the_history_too(
    app: App, terminal: tuple[PipeInput, io.StringIO]
) -> None:
    keys, screen = terminal
    lines = ("/win Shipped the billing revamp\r", "/forget-me\r", "/forget-me confirm\r")
    asyncio.run(_type(app, keys, *lines, "\x04"))  # Ctrl-D leaves
    assert "Deleted your console history too." in screen.getvalue()
    assert not (app.settings.data_path / "console-history" / "alice").exists()


def test_import_reads_a_file_from_this_machine(
    app: App, terminal: tuple[PipeInput, io.StringIO], tmp_path: Path
) -> None:
    keys, screen = terminal
    steps = ("/goal add Pass the CKA exam by 2027-02-28\r", "/export json\r", "exit\r")
    asyncio.run(_type(app, keys, *steps))
    saved = tmp_path / "coachbot-alice.json"  # /forget-me deletes the export folder
    saved.write_bytes((app.settings.data_path / "exports" / "alice" / saved.name).read_bytes())
    missing = tmp_path / "nope.json"
    forget = ("/forget-me\r", "/forget-me confirm\r")
    imports = (f"/import {missing}\r", f"/import {saved}\r")
    asyncio.run(_type(app, keys, *forget, *imports, "/goal list\r", "exit\r"))
    out = screen.getvalue()
    assert f"cannot read {missing}" in out
    assert f"Your text, so nothing is lost: /import {missing}" in out
    assert "Imported your export" in out
    assert "Pass the CKA exam" in out.rsplit("Imported your export", 1)[1]
