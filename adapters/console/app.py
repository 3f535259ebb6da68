"""The console front end: one member typing commands, interactively or from a pipe."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from rich.console import Console

from adapters.console.render import render_reply
from core.messages import Reply

log = logging.getLogger(__name__)

QUIT = {"exit", "quit", "/exit", "/quit"}
WELCOME = "coachbot console: type /help for commands, Ctrl-D or 'exit' to leave."


class ConsoleFrontEnd:
    """Prints replies in the terminal and saves their attached files."""

    def __init__(self, export_dir: Path, console: Console) -> None:
        self._export_dir = export_dir
        self._console = console

    def show(self, reply: Reply) -> None:
        """Print a reply and write its attachments to the export directory."""
        self._console.print(render_reply(reply))
        for attachment in reply.attachments:
            path = self._save(attachment.filename, attachment.data)
            self._console.print(f"Saved {attachment.filename} to {path}", markup=False)
        self._console.print()

    def _save(self, filename: str, content: bytes) -> Path:
        self._export_dir.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^\w.-]", "_", filename)
        path = self._export_dir / safe
        path.write_bytes(content)
        return path
