"""Files the console hands to a member: saved in a folder of their own under the exports."""

from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console

from core.messages import Reply


def safe_name(name: str) -> str:
    """A file or folder name with nothing that could leave the export directory."""
    return re.sub(r"[^\w.-]", "_", name).lstrip(".") or "_"


class ExportFolder:
    """The export directory: one folder per member, for replies' and deliveries' files."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def member_dir(self, owner: str) -> Path:
        """Where this member's (or channel's) files go."""
        return self.root / safe_name(owner)

    def save(self, owner: str, reply: Reply, console: Console) -> list[Path]:
        """Write the reply's attachments to the owner's folder and say where each went."""
        paths = []
        for attachment in reply.attachments:
            folder = self.member_dir(owner)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / safe_name(attachment.filename)
            path.write_bytes(attachment.data)
            console.print(f"Saved {attachment.filename} to {path}", markup=False)
            paths.append(path)
        return paths
