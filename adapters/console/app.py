"""The console front end: one member typing commands, interactively or from a pipe."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

from rich.console import Console

from adapters.console.files import ExportFolder, safe_name
from adapters.console.render import render_reply
from core.coach import Outcome
from core.messages import Reply
from core.parsing import count_of
from core.services.account import ForgetAsked, MemberForgotten

log = logging.getLogger(__name__)

QUIT = {"exit", "quit", "/exit", "/quit"}
WELCOME = "coachbot console: type /help for commands, Ctrl-D or 'exit' to leave."


class ConsoleFrontEnd:
    """Prints replies in the terminal and saves their attached files in a folder of the
    member's own under the export directory; typed lines are kept in a history file of
    theirs beside it (``console-history/``)."""

    def __init__(self, export_dir: Path, console: Console, user_id: str) -> None:
        self._export_dir = export_dir
        self.exports = ExportFolder(export_dir)
        self.console = console
        self._user_id = user_id

    @property
    def member_dir(self) -> Path:
        """Where this member's exported files go."""
        return self.exports.member_dir(self._user_id)

    @property
    def history_path(self) -> Path:
        """The member's prompt history, kept across sessions."""
        return self._export_dir.parent / "console-history" / safe_name(self._user_id)

    def answer(self, outcome: Outcome) -> None:
        """Show a command's reply; once the member is forgotten, delete their files too."""
        self.show(outcome.reply)
        if isinstance(outcome.result, ForgetAsked):
            self._warn_files_go_too()
        if isinstance(outcome.result, MemberForgotten):
            removed = self.forget_files()
            if removed:
                said = f"Deleted {count_of(removed, 'exported file')} too."
                self.console.print(said, markup=False)
            if self.history_path.exists():
                self.history_path.unlink()
                self.console.print("Deleted your console history too.", markup=False)

    def _warn_files_go_too(self) -> None:
        """Before forget-me is confirmed: the files saved for the member (an /export json
        made just now too) are deleted with everything else, so copy them out first."""
        count = sum(1 for p in self.member_dir.rglob("*") if p.is_file())
        if count:
            self.console.print(
                f"Confirming also deletes the {count_of(count, 'file')} coachbot saved for you in "
                f"{self.member_dir}: copy what you want to keep (your /export json) "
                "somewhere else first.",
                markup=False,
                soft_wrap=True,
            )

    def show(self, reply: Reply) -> None:
        """Print a reply and write its attachments to the member's export folder."""
        self.console.print(render_reply(reply))
        self.exports.save(self._user_id, reply, self.console)
        self.console.print()

    def forget_files(self) -> int:
        """Delete every file exported for this member (also those saved before exports had
        a folder each, named after the member); returns how many."""
        files = [p for p in self.member_dir.rglob("*") if p.is_file()]
        shutil.rmtree(self.member_dir, ignore_errors=True)
        user = re.escape(safe_name(self._user_id))
        legacy = re.compile(rf"(brag-\d{{4}}-{user}\.md|coachbot-{user}\.json)")
        if self._export_dir.is_dir():
            for path in self._export_dir.iterdir():
                if path.is_file() and legacy.fullmatch(path.name):
                    path.unlink()
                    files.append(path)
        log.info("deleted %d exported files of a forgotten member", len(files))
        return len(files)
