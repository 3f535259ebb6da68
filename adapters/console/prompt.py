"""The interactive console's line editor: history kept between sessions, completion of
commands and sub-commands, and output from the worker printed above the line being typed."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.history import FileHistory
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from prompt_toolkit.patch_stdout import patch_stdout

PROMPT = "you> "
UMBRELLA = "coach"  # ``/coach goal add ...`` completes like ``/goal add ...``


class CommandCompleter(Completer):
    """Completes ``/go`` to ``/goal`` and ``/goal ed`` to ``/goal edit``; plain text (a
    journal answer, a reply to a question) is never completed."""

    def __init__(self, words: Mapping[str, Sequence[str]]) -> None:
        self._words = words

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterable[Completion]:
        """The command or sub-command words that the word under the cursor begins."""
        text = document.text_before_cursor
        if not text.startswith("/"):
            return
        parts = text[1:].split(" ")
        if len(parts) > 2 and parts[0].lower() == UMBRELLA:
            parts = parts[1:]
        typed = parts[-1]
        if len(parts) == 1:
            yield from _matching(self._words, typed, "/")
        elif len(parts) == 2:
            yield from _matching(self._words.get(parts[0].lower(), ()), typed, "")


def _matching(words: Iterable[str], typed: str, prefix: str) -> Iterator[Completion]:
    for word in words:
        if word.startswith(typed.lower()) and word != typed:
            yield Completion(prefix + word, start_position=-len(prefix + typed))


class LineEditor:
    """Reads one line at a time at a prompt; None once the member leaves (Ctrl-D).
    Ctrl-C abandons the line being typed, as in a shell."""

    def __init__(
        self,
        history_file: Path,
        words: Mapping[str, Sequence[str]],
        terminal_input: Input | None = None,
        terminal_output: Output | None = None,
    ) -> None:
        history_file.parent.mkdir(parents=True, exist_ok=True)
        self._history_file = history_file
        self._session: PromptSession[str] = PromptSession(
            history=FileHistory(history_file),
            completer=CommandCompleter(words),
            complete_while_typing=True,
            input=terminal_input,
            output=terminal_output,
        )

    @property
    def typed(self) -> str:
        """The line as typed so far (completions included)."""
        return self._session.default_buffer.text

    def forget(self) -> None:
        """Delete what was typed, from the file and from this session's memory (after
        /forget-me): the up arrow brings none of it back."""
        self._history_file.unlink(missing_ok=True)
        fresh = FileHistory(self._history_file)
        self._session.history = fresh
        self._session.default_buffer.history = fresh
        self._session.default_buffer.reset()

    async def read(self) -> str | None:
        """The next line typed, or None at end of input."""
        while True:
            try:
                return await self._session.prompt_async(PROMPT)
            except KeyboardInterrupt:
                continue
            except EOFError:
                return None


@contextlib.contextmanager
def output_above_prompt() -> Iterator[None]:
    """While the prompt is shown, whatever is printed (a check-in the worker delivers)
    appears above it instead of cutting into the line being typed. Colours pass through."""
    with patch_stdout(raw=True):
        yield
