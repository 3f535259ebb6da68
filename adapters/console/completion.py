"""Tab completion of command words and sub-commands at the console's prompt."""

from __future__ import annotations

from collections.abc import Iterable

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from core.grammar.vocabulary import command_words, subcommand_words


class CommandCompleter(Completer):
    """Completes ``/go`` to ``/goal`` and ``/goal ed`` to ``/goal edit``; never the
    member's own text after that."""

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterable[Completion]:
        """The words that could finish the word being typed."""
        text = document.text_before_cursor
        if not text.startswith("/"):
            return
        words = text[1:].split(" ")
        if len(words) == 1:
            candidates, typed, prefix = command_words(), words[0], "/"
        elif len(words) == 2:
            candidates, typed, prefix = subcommand_words(words[0]), words[1], ""
        else:
            return
        for word in candidates:
            if word.startswith(typed.lower()):
                yield Completion(prefix + word, start_position=-len(prefix + typed))
