"""The console front end: one member typing commands, interactively or from a pipe."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

from rich.console import Console

from adapters.console.render import render_reply
from core.coach import Coach
from core.context import MemberRef
from core.messages import Reply

log = logging.getLogger(__name__)

QUIT = {"exit", "quit", "/exit", "/quit"}
WELCOME = "coachbot console: type /help for commands, Ctrl-D or 'exit' to leave."


class ConsoleFrontEnd:
    """Reads lines, runs them through the coach, prints replies and saves attached files."""

    def __init__(
        self, coach: Coach, who: MemberRef, export_dir: Path, console: Console, tz_hint: str | None
    ) -> None:
        self._coach = coach
        self._who = who
        self._export_dir = export_dir
        self._console = console
        self._tz_hint = tz_hint

    def run(self, lines: Iterable[str]) -> None:
        """Handle every line until the input ends or the member quits."""
        for line in lines:
            text = line.strip()
            if not text:
                continue
            if text.lower() in QUIT:
                break
            self.show(self._coach.handle(self._who, text, tz_hint=self._tz_hint, admin=True))

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
