"""The interactive console through real prompt_toolkit: keys in from a pipe, completion,
history kept between sessions and forgotten with the member, output above the prompt."""

from __future__ import annotations

import asyncio
import io
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput, create_output
from prompt_toolkit.patch_stdout import StdoutProxy
from rich.console import Console

from adapters.console.messenger import ConsoleMessenger
from adapters.console.prompt import CommandCompleter, LineEditor, output_above_prompt
from bot.bootstrap import build_app
from bot.console import console_session, history_file
from bot.settings import load_settings
from core.context import MemberRef
from core.grammar import completions
from core.messages import Attachment, Reply, Text
from core.ports import Address
from core.time.clock import ManualClock

UP = "\x1b[A"
CTRL_C = "\x03"
CTRL_D = "\x04"
ALICE = MemberRef("console", "local", "alice", "Alice")


def _completed(text: str) -> list[str]:
    completer = CommandCompleter(completions())
    found = completer.get_completions(Document(text), CompleteEvent(completion_requested=True))
    return [c.text for c in found]


def test_commands_and_their_sub_commands_complete() -> None:
    assert _completed("/go") == ["/goal"]
    assert _completed("/goal ed") == ["edit"]
    assert set(_completed("/win ")) >= {"edit", "delete", "undo", "list", "outcome"}
    assert _completed("/coach goal mi") == ["milestone"]  # the umbrella completes alike
    assert "commit" in _completed("/help co")
    assert set(_completed("/vacation c")) == {"cancel"}  # read from the examples


def test_what_a_member_writes_is_never_completed() -> None:
    assert _completed("go") == []  # a journal answer, not a command
    assert _completed("/goal add Lead the platform te") == []
    assert _completed("/nosuch ") == []


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


def _editor(tmp_path: Path, keys: PipeInput) -> LineEditor:
    return LineEditor(tmp_path / "history" / "alice", completions(), keys, DummyOutput())


async def _until(condition: Callable[[], bool]) -> None:
    """Completion runs in the background: wait (briefly) for it, never a fixed sleep."""
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the prompt did not get there")


def test_tab_completes_the_word_being_typed(tmp_path: Path, keys: PipeInput) -> None:
    editor = _editor(tmp_path, keys)

    async def typed() -> str | None:
        line = asyncio.create_task(editor.read())
        keys.send_text("/goal li")
        await _until(lambda: editor.typed == "/goal li")
        keys.send_text("\t")
        await _until(lambda: editor.typed == "/goal list")
        keys.send_text("\r")
        return await line

    assert asyncio.run(typed()) == "/goal list"


def test_history_is_kept_between_sessions(tmp_path: Path, keys: PipeInput) -> None:
    first = _editor(tmp_path, keys)
    keys.send_text("/win Shipped the release\r")
    assert asyncio.run(first.read()) == "/win Shipped the release"
    second = _editor(tmp_path, keys)  # a new console session, the same file
    keys.send_text(UP + "\r")
    assert asyncio.run(second.read()) == "/win Shipped the release"


def test_ctrl_c_drops_the_line_and_ctrl_d_leaves(tmp_path: Path, keys: PipeInput) -> None:
    editor = _editor(tmp_path, keys)
    keys.send_text("/win half typed" + CTRL_C + "/help\r")
    assert asyncio.run(editor.read()) == "/help"
    keys.send_text(CTRL_D)
    assert asyncio.run(editor.read()) is None


def test_output_printed_at_the_prompt_goes_above_it() -> None:
    """A check-in printed while the member types is written through prompt_toolkit's
    proxy, which draws it above the prompt instead of into the line being typed."""
    console = Console(highlight=False)
    with output_above_prompt():
        assert isinstance(sys.stdout, StdoutProxy)
        assert console.file is sys.stdout  # rich follows it; nothing bypasses the proxy
    assert not isinstance(sys.stdout, StdoutProxy)


@pytest.fixture
def app_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("DATABASE_URL", "COACHBOT_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COACHBOT_DATA_DIR", str(tmp_path))
    return tmp_path


def _session(app_dir: Path, keys: PipeInput, lines: list[str]) -> None:
    app = build_app(load_settings(env_file=None))
    editor = LineEditor(history_file(app, ALICE), completions(), keys, DummyOutput())
    keys.send_text("".join(f"{line}\r" for line in lines) + CTRL_D)
    # Output above the prompt goes to the session's terminal: here, the captured stdout.
    with create_app_session(keys, create_output(sys.stdout)):
        asyncio.run(console_session(app, ALICE, "UTC", False, None, editor))


def test_an_interactive_session_answers_and_saves_files(
    app_dir: Path, keys: PipeInput, capsys: pytest.CaptureFixture[str]
) -> None:
    _session(app_dir, keys, ["/win Cut CI time from 20 to 6 minutes #devops", "/export brag"])
    out = capsys.readouterr().out
    assert "coachbot console" in out  # the welcome, at a prompt only
    assert "Win #1" in out
    saved = list((app_dir / "exports" / "alice").glob("brag-*.md"))
    assert len(saved) == 1 and f"to {saved[0]}" in out.replace("\n", "")
    assert "/export brag" in (app_dir / "history" / "alice").read_text()


def test_forget_me_forgets_what_was_typed_too(app_dir: Path, keys: PipeInput) -> None:
    _session(app_dir, keys, ["/win A private thing", "/forget-me", "/forget-me confirm"])
    assert not (app_dir / "history" / "alice").exists()


def _delivered(tmp_path: Path) -> tuple[ConsoleMessenger, io.StringIO]:
    out = io.StringIO()
    clock = ManualClock(datetime(2026, 12, 31, 9, 0, tzinfo=UTC))
    return ConsoleMessenger(Console(file=out, width=200), clock, "UTC", None, tmp_path), out


def test_files_of_delivered_messages_are_saved_and_their_paths_printed(tmp_path: Path) -> None:
    messenger, out = _delivered(tmp_path)
    draft = Reply([Text("Your year in review")], [Attachment("brag-2026.md", "# 2026")])
    asyncio.run(messenger.send_dm(Address("console", "local", "alice"), draft))
    saved = tmp_path / "alice" / "brag-2026.md"
    assert saved.read_text() == "# 2026"
    assert f"Saved brag-2026.md to {saved}" in out.getvalue()


def test_a_digest_chart_is_saved_apart_from_members_files(tmp_path: Path) -> None:
    messenger, out = _delivered(tmp_path)
    chart = Attachment("team.png", b"\x89PNG", "image/png", "Team progress")
    digest = Reply([Text("Team digest")], [chart])
    (post,) = messenger.channel_post("local", "team", digest)
    asyncio.run(post(None))
    saved = tmp_path / "channel-team" / "team.png"
    assert saved.read_bytes() == b"\x89PNG"
    assert f"Saved team.png to {saved}" in out.getvalue()
