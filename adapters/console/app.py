"""The console front end: one member typing commands, interactively or from a pipe."""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Callable
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


def member_folder(export_dir: Path, user_id: str) -> Path:
    """The folder of one member's files under the export directory."""
    return export_dir / _safe(user_id)


def channel_folder(export_dir: Path, channel_id: str) -> Path:
    """The folder of a channel's files (a digest's chart), apart from every member's."""
    return export_dir / f"channel-{_safe(channel_id)}"


def save_attachments(console: Console, folder: Path, reply: Reply) -> None:
    """Write a reply's files to `folder` and say where each went."""
    for attachment in reply.attachments:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / _safe(attachment.filename)
        path.write_bytes(attachment.data)
        console.print(f"Saved {attachment.filename} to {path}", markup=False)


class ConsoleFrontEnd:
    """Prints replies in the terminal and saves their attached files in a folder of the
    member's own under the export directory."""

    def __init__(
        self,
        export_dir: Path,
        console: Console,
        user_id: str,
        forget_history: Callable[[], None] = lambda: None,
    ) -> None:
        self._export_dir = export_dir
        self._console = console
        self._user_id = user_id
        self._forget_history = forget_history

    @property
    def member_dir(self) -> Path:
        """Where this member's exported files go."""
        return member_folder(self._export_dir, self._user_id)

    def answer(self, outcome: Outcome) -> None:
        """Show a command's reply; once the member is forgotten, delete their files and
        what they typed at this console too."""
        self.show(outcome.reply)
        if isinstance(outcome.result, MemberForgotten):
            removed = self.forget_files()
            if removed:
                self._console.print(f"Deleted {removed} exported files too.", markup=False)
            self._forget_history()

    def show(self, reply: Reply) -> None:
        """Print a reply and write its attachments to the member's export folder."""
        self._console.print(render_reply(reply))
        save_attachments(self._console, self.member_dir, reply)
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
