"""Neutral replies as Discord embeds and buttons, within Discord's limits.

Member text is escaped for Markdown and every send uses ``AllowedMentions.none()``, so
``@everyone``, role or user mentions typed by a member never ping anyone."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from typing import assert_never

import discord

from core.messages import (
    Actions,
    Attachment,
    Block,
    Button,
    Fields,
    Form,
    Header,
    Items,
    Progress,
    Reply,
    Text,
    progress_bar,
)

log = logging.getLogger(__name__)

EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
EMBED_TOTAL = 6000  # title, description, fields, footer and author across all embeds
MAX_EMBEDS = 10
MAX_ROWS = 5
ROW_BUTTONS = 5
# A paragraph longer than this (after escaping) goes whole into a text file attached to the
# message, with its start shown: a member's 5,000 characters given back are never cut.
LONG_TEXT = 1500
MAX_FILES = 10
BUTTON_LABEL = 80
CUSTOM_ID = 100
COMMAND_PREFIX = "cb:"
FORM_PREFIX = "cbform:"
COLOUR = discord.Colour.from_rgb(88, 101, 242)
NO_PINGS = discord.AllowedMentions.none()

STYLES = {
    "primary": discord.ButtonStyle.primary,
    "danger": discord.ButtonStyle.danger,
    "default": discord.ButtonStyle.secondary,
}


def safe(text: str) -> str:
    """Member text as literal text: no Markdown structure, no mention syntax."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Rendered:
    """One Discord message: what to pass to send(): embeds, rows of buttons, files."""

    embeds: list[discord.Embed] = field(default_factory=list)
    rows: list[tuple[Button, ...]] = field(default_factory=list)
    files: list[tuple[str, bytes]] = field(default_factory=list)

    def discord_files(self) -> list[discord.File]:
        """Fresh File objects (a File can be sent only once)."""
        return [discord.File(io.BytesIO(data), filename=name) for name, data in self.files]


class _Messages:
    """Fills Discord messages one after another, each within Discord's limits: per embed,
    6,000 characters and 10 embeds per message, 5 rows of 5 buttons, 10 files. What does
    not fit in one message starts the next, so nothing is cut off or left out."""

    def __init__(self, image: Attachment | None) -> None:
        self.messages = [Rendered()]
        self._embed = discord.Embed(colour=COLOUR)
        self._lines: list[str] = []
        if image is not None:  # shown in the first embed, with its text alternative
            self._embed.set_image(url=f"attachment://{image.filename}")
            if image.alt_text:
                self._embed.set_footer(text=_cut(image.alt_text, FOOTER))

    @property
    def _message(self) -> Rendered:
        return self.messages[-1]

    def title(self, text: str) -> None:
        if self._embed.title or self._lines or self._embed.fields:
            self._flush()
        title = _cut(safe(text), EMBED_TITLE)
        self._make_room(len(title))
        self._embed.title = title

    def line(self, text: str) -> None:
        text = _cut(text, EMBED_DESCRIPTION)
        if len("\n".join([*self._lines, text])) > EMBED_DESCRIPTION:
            self._flush()
        self._make_room(len(text) + 1)
        self._lines.append(text)

    def add_field(self, name: str, value: str) -> None:
        name, value = _cut(safe(name), FIELD_NAME), _cut(safe(value) or "-", FIELD_VALUE)
        if len(self._embed.fields) >= EMBED_FIELDS:
            self._flush()
        self._make_room(len(name) + len(value))
        self._embed.add_field(name=name, value=value, inline=True)

    def paragraph(self, text: str) -> None:
        """The paragraph as embed text, or, when it is long, its start and the name of the
        attached file that holds all of it."""
        shown = safe(text)
        if len(shown) <= LONG_TEXT:
            return self.line(shown)
        if len(self._message.files) >= MAX_FILES:
            self._next_message()
        name = f"text-{sum(len(m.files) for m in self.messages) + 1}.txt"
        start = safe(text[:300].rsplit(" ", 1)[0] if " " in text[:300] else text[:300])
        self.line(f"{start} …\n(All {len(text):,} characters are in the attached {name}.)")
        self._message.files.append((name, text.encode("utf-8")))

    def attach(self, name: str, data: bytes) -> None:
        if len(self._message.files) >= MAX_FILES:
            self._next_message()
        self._message.files.append((name, data))

    def buttons(self, buttons: tuple[Button, ...]) -> None:
        """A row of buttons (several rows when more than 5), under the text before it."""
        for start in range(0, len(buttons), ROW_BUTTONS):
            if len(self._message.rows) >= MAX_ROWS:
                self._next_message()
            self._message.rows.append(buttons[start : start + ROW_BUTTONS])

    def _make_room(self, extra: int) -> None:
        """Start the next message when `extra` more characters do not fit in this one, or
        its buttons are full (text after them belongs with the next buttons)."""
        chars = sum(len(e) for e in self._message.embeds) + self._size() + extra
        new_embed = not (len(self._embed) or self._lines or self._embed.image.url)
        if (
            chars > EMBED_TOTAL
            or (new_embed and len(self._message.embeds) >= MAX_EMBEDS)
            or len(self._message.rows) >= MAX_ROWS
        ):
            self._next_message()

    def _size(self) -> int:
        return len(self._embed) + sum(len(line) + 1 for line in self._lines)

    def _flush(self) -> None:
        """The embed being filled joins the message."""
        if self._lines:
            self._embed.description = "\n".join(self._lines)
        if len(self._embed) or self._embed.image.url:
            self._message.embeds.append(self._embed)
        self._embed = discord.Embed(colour=COLOUR)
        self._lines = []

    def _next_message(self) -> None:
        self._flush()
        if self._message.embeds or self._message.rows or self._message.files:
            self.messages.append(Rendered())

    def finish(self) -> list[Rendered]:
        self._flush()
        return self.messages


def render(reply: Reply) -> list[Rendered]:
    """The Discord messages of a reply, in order (most replies are one): embeds for the
    blocks, rows of buttons for the actions, files for the attachments."""
    image = next((a for a in reply.attachments if a.mimetype.startswith("image/")), None)
    messages = _Messages(image)
    for attachment in reply.attachments:
        messages.attach(attachment.filename, attachment.data)
    for block in reply.blocks:
        _add(messages, block)
    return messages.finish()


def _add(messages: _Messages, block: Block) -> None:
    match block:
        case Header():
            messages.title(block.text)
        case Text():
            messages.paragraph(block.text)
        case Fields():
            for label, value in block.items:
                messages.add_field(label, value)
        case Progress():
            detail = f"  {safe(block.detail)}" if block.detail else ""
            messages.line(f"**{safe(block.label)}**\n`{progress_bar(block.fraction)}`{detail}")
        case Items():
            messages.line(f"**{safe(block.title)}**")
            for line in [f"• {safe(item)}" for item in block.items] or [safe(block.empty)]:
                messages.line(line)
        case Actions():
            messages.buttons(tuple(b for b in block.buttons if _has_component(b)))
        case _:
            assert_never(block)


def _has_component(button: Button) -> bool:
    """Whether a button can be a Discord component (its custom_id fits); logged if not."""
    if button.form is not None or custom_id(button.command) is not None:
        return True
    log.warning("a button's command of %d characters does not fit a custom_id", len(button.command))
    return False


def custom_id(command: str) -> str | None:
    """The persistent custom_id for a command button, or None if it does not fit."""
    value = COMMAND_PREFIX + command
    return value if len(value) <= CUSTOM_ID else None


def form_custom_id(form: Form, subject: int | None = None) -> str:
    """The persistent custom_id of a button that opens a form (about item `subject`)."""
    return FORM_PREFIX + form + ("" if subject is None else f":{subject}")
