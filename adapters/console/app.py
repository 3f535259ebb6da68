"""The console front end: one member typing commands, interactively or from a pipe."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

from rich.console import Console

from adapters.console.render import render_reply
from core.coach import Outcome
from core.messages import Reply
from core.services.account import MemberForgotten

log = logging.getLogger(__name__)

QUIT = {"exit", "quit", "/exit", "/quit"}
WELCOME = "coachbot console: type /help for commands, Ctrl-D or 'exit' to leave."


def _safe(name: str) -> str:
    """A file or folder name with nothing that could leave the export directory."""
    return re.sub(r"[^\w.-]", "_", name).lstrip(".") or "_"


class ConsoleFrontEnd:
    """Prints replies in the terminal and saves their attached files in a folder of the
    member's own under the export directory."""

    def __init__(self, export_dir: Path, console: Console, user_id: str) -> None:
        self._export_dir = export_dir
        self._console = console
        self._user_id = user_id

    @property
    def member_dir(self) -> Path:
        """Where this member's exported files go."""
        return self._export_dir / _safe(self._user_id)

    def answer(self, outcome: Outcome) -> None:
        """Show a command's reply; once the member is forgotten, delete their files too."""
        self.show(outcome.reply)
        if isinstance(outcome.result, MemberForgotten):
            removed = self.forget_files()
            if removed:
                self._console.print(f"Deleted {removed} exported files too.", markup=False)

    def show(self, reply: Reply) -> None:
        """Print a reply and write its attachments to the member's export folder."""
        self._console.print(render_reply(reply))
        for attachment in reply.attachments:
            path = self._save(attachment.filename, attachment.data)
            self._console.print(f"Saved {attachment.filename} to {path}", markup=False)
        self._console.print()

    def forget_files(self) -> int:
        """Delete every file exported for this member (also those saved before exports had
        a folder each, named after the member); returns how many."""
        files = [p for p in self.member_dir.rglob("*") if p.is_file()]
        shutil.rmtree(self.member_dir, ignore_errors=True)
        user = re.escape(_safe(self._user_id))
        legacy = re.compile(rf"(brag-\d{{4}}-{user}\.md|coachbot-{user}\.json)")
        if self._export_dir.is_dir():
            for path in self._export_dir.iterdir():
                if path.is_file() and legacy.fullmatch(path.name):
                    path.unlink()
                    files.append(path)
        log.info("deleted %d exported files of a forgotten member", len(files))
        return len(files)

    def _save(self, filename: str, content: bytes) -> Path:
        self.member_dir.mkdir(parents=True, exist_ok=True)
        path = self.member_dir / _safe(filename)
        path.write_bytes(content)
        return path
