"""The neutral message model: what the core says, before any platform renders it."""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, assert_never


@dataclass(frozen=True)
class Header:
    """A title line."""

    text: str


@dataclass(frozen=True)
class Text:
    """A paragraph of plain text (never platform markup)."""

    text: str


@dataclass(frozen=True)
class Fields:
    """Label/value pairs shown side by side where the platform allows."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Progress:
    """A labelled progress bar; `fraction` is between 0 and 1."""

    label: str
    fraction: float
    detail: str = ""

    @property
    def percent(self) -> int:
        """The fraction as a whole percentage."""
        return whole_percent(self.fraction)


@dataclass(frozen=True)
class Items:
    """A titled bullet list; `empty` is shown when there are no items."""

    title: str
    items: tuple[str, ...]
    empty: str = "nothing yet"

    @property
    def heading(self) -> str:
        """The title as a list's heading: ``Due soon:``, but ``How did these go?``."""
        return self.title if self.title.endswith(("?", "!", ":", ".")) else f"{self.title}:"


class ButtonStyle(StrEnum):
    """How prominent a button is."""

    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


class Form(StrEnum):
    """A form a button opens where the platform has forms (a modal), instead of running
    its command at once; where it has none, the command runs and explains itself."""

    ANSWER = "answer"  # the check-in answer
    VACATION = "vacation"  # first and last day away
    MOVE = "move"  # a new day for commitment number `subject`


@dataclass(frozen=True)
class Button:
    """An action the member can take; pressing it runs `command` through the grammar,
    or opens `form` where the platform can show one."""

    label: str
    command: str
    style: ButtonStyle = ButtonStyle.DEFAULT
    form: Form | None = None
    # What the form acts on (a commitment's number), so the form needs no parsing.
    subject: int | None = None


@dataclass(frozen=True)
class Actions:
    """A row of buttons."""

    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class Attachment:
    """A file to hand to the member: a brag document, an export (text) or a chart (bytes).
    `alt_text` describes an image for screen readers and platforms that cannot show it."""

    filename: str
    content: str | bytes
    mimetype: str = "text/plain"
    alt_text: str = ""

    @property
    def data(self) -> bytes:
        """The content as bytes."""
        return self.content if isinstance(self.content, bytes) else self.content.encode("utf-8")


Block = Header | Text | Fields | Progress | Items | Actions


def capped(fraction: float) -> float:
    """A fraction kept between 0 and 1: four clients of three is 100%, not 133%."""
    return max(0.0, min(1.0, fraction))


def whole_percent(fraction: float) -> int:
    """A fraction as a whole percentage from 0 to 100, the same in every reply and file."""
    return round(capped(fraction) * 100)


def progress_bar(fraction: float, width: int = 10) -> str:
    """Draw a fraction as a text bar, e.g. ``████░░░░░░ 40%``."""
    filled = round(capped(fraction) * width)
    return f"{'█' * filled}{'░' * (width - filled)} {whole_percent(fraction)}%"


@dataclass
class Reply:
    """What a command answers: blocks, files, and whether only the member sees it."""

    blocks: list[Block] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    ephemeral: bool = True

    def add(self, *blocks: Block) -> Reply:
        """Append blocks and return self, for chaining."""
        self.blocks.extend(blocks)
        return self

    def plain_text(self) -> str:
        """A plain-text rendering for notifications, screen readers and logs."""
        lines: list[str] = []
        for block in self.blocks:
            lines.extend(_block_lines(block))
        lines.extend(f"[file: {a.filename}]" for a in self.attachments)
        return "\n".join(lines)


def _block_lines(block: Block) -> list[str]:
    match block:
        case Header() | Text():
            return [block.text]
        case Fields():
            return [f"{label}: {value}" for label, value in block.items]
        case Progress():
            suffix = f" ({block.detail})" if block.detail else ""
            return [f"{block.label}  {progress_bar(block.fraction)}{suffix}"]
        case Items():
            return [block.heading] + ([f"• {i}" for i in block.items] or [f"  {block.empty}"])
        case Actions():
            return [" | ".join(f"[{b.label}: {b.command}]" for b in block.buttons)]
        case _:
            assert_never(block)


def text_reply(*paragraphs: str, ephemeral: bool = True) -> Reply:
    """A reply made only of text paragraphs."""
    return Reply(blocks=[Text(p) for p in paragraphs], ephemeral=ephemeral)


_BLOCK_TYPES: dict[str, type] = {
    "header": Header,
    "text": Text,
    "fields": Fields,
    "progress": Progress,
    "items": Items,
    "actions": Actions,
}


def block_type(block: Block) -> str:
    """A block's name in the outbox's JSON."""
    match block:
        case Header():
            return "header"
        case Text():
            return "text"
        case Fields():
            return "fields"
        case Progress():
            return "progress"
        case Items():
            return "items"
        case Actions():
            return "actions"
        case _:
            assert_never(block)


def reply_to_dict(reply: Reply) -> dict[str, Any]:
    """A JSON-ready form of a reply, for the outbox."""
    blocks = [_block_to_dict(block) for block in reply.blocks]
    files = [_attachment_to_dict(a) for a in reply.attachments]
    return {"blocks": blocks, "attachments": files, "ephemeral": reply.ephemeral}


def _block_to_dict(block: Block) -> dict[str, Any]:
    """What `asdict` makes of a block, without its deep copies (every check-in's blocks
    are converted once on their way into the outbox): the fields, buttons as dicts."""
    data = {"type": block_type(block), **vars(block)}
    if isinstance(block, Actions):
        data["buttons"] = tuple(dict(vars(button)) for button in block.buttons)
    return data


def _attachment_to_dict(attachment: Attachment) -> dict[str, Any]:
    data = asdict(attachment)
    if isinstance(attachment.content, bytes):
        data["content"] = base64.b64encode(attachment.content).decode("ascii")
        data["base64"] = True
    return data


def _attachment_from_dict(data: dict[str, Any]) -> Attachment:
    fields = dict(data)
    if fields.pop("base64", False):
        fields["content"] = base64.b64decode(fields["content"])
    return Attachment(**fields)


def _button(data: dict[str, Any]) -> Button:
    form = data.get("form")
    return Button(
        data["label"],
        data["command"],
        ButtonStyle(data.get("style") or ButtonStyle.DEFAULT),
        Form(form) if form else None,
        data.get("subject"),
    )


def reply_from_dict(data: dict[str, Any]) -> Reply:
    """Inverse of `reply_to_dict`."""
    blocks: list[Block] = []
    for raw in data["blocks"]:
        fields = {k: v for k, v in raw.items() if k != "type"}
        kind = raw["type"]
        if kind == "fields":
            fields["items"] = tuple(tuple(pair) for pair in fields["items"])
        elif kind == "items":
            fields["items"] = tuple(fields["items"])
        elif kind == "actions":
            fields["buttons"] = tuple(_button(b) for b in fields["buttons"])
        blocks.append(_BLOCK_TYPES[kind](**fields))
    files = [_attachment_from_dict(a) for a in data.get("attachments", [])]
    return Reply(blocks, files, bool(data.get("ephemeral", True)))
