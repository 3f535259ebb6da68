"""Neutral replies as Discord embeds and buttons, within Discord's limits.

Member text is escaped for Markdown and every send uses ``AllowedMentions.none()``, so
``@everyone``, role or user mentions typed by a member never ping anyone."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import assert_never

import discord

from core.messages import (
    Actions,
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

EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
EMBED_TOTAL = 6000
MAX_EMBEDS = 10
MESSAGE_BUDGET = EMBED_TOTAL - 150  # Discord counts 6,000 across all embeds of a message
TRUNCATED = "… more than fits in one Discord message: /coach export kind:all data has it all."
# A paragraph longer than this (after escaping) goes whole into a text file attached to the
# message, with its start shown: a member's 5,000 characters given back are never cut.
LONG_TEXT = 1500
MAX_BUTTONS = 25
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
    """What to pass to send(): embeds, an optional view, files."""

    embeds: list[discord.Embed] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)
    files: list[tuple[str, bytes]] = field(default_factory=list)

    def discord_files(self) -> list[discord.File]:
        """Fresh File objects (a File can be sent only once)."""
        return [discord.File(io.BytesIO(data), filename=name) for name, data in self.files]


class _EmbedBuilder:
    """Fills embeds one after another within Discord's limits: per embed, and 6,000
    characters across all embeds of one message. What does not fit is cut, with a note."""

    def __init__(self) -> None:
        self.embeds: list[discord.Embed] = []
        self._lines: list[str] = []
        self._current = discord.Embed(colour=COLOUR)
        self._done = 0  # characters in finished embeds
        self._cut = False

    def title(self, text: str) -> None:
        if self._current.title or self._lines or self._current.fields:
            self._flush()
        title = _cut(safe(text), EMBED_TITLE)
        if self._fits(len(title)):
            self._current.title = title

    def line(self, text: str) -> None:
        text = _cut(text, EMBED_DESCRIPTION)
        if not self._fits(len(text) + 1):
            return
        if len("\n".join([*self._lines, text])) > EMBED_DESCRIPTION:
            self._flush()
        self._lines.append(text)

    def add_field(self, name: str, value: str) -> None:
        name, value = _cut(safe(name), FIELD_NAME), _cut(safe(value) or "-", FIELD_VALUE)
        if not self._fits(len(name) + len(value)):
            return
        if len(self._current.fields) >= EMBED_FIELDS:
            self._flush()
        self._current.add_field(name=name, value=value, inline=True)

    def _fits(self, extra: int) -> bool:
        """Whether `extra` characters still fit in this message (leaving room for a note)."""
        fits = len(self.embeds) < MAX_EMBEDS and self._done + self._size() + extra <= MESSAGE_BUDGET
        self._cut = self._cut or not fits
        return fits

    def _size(self) -> int:
        return len(self._current) + sum(len(line) + 1 for line in self._lines)

    def _flush(self) -> None:
        if self._lines:
            self._current.description = "\n".join(self._lines)
        if self._current.title or self._current.description or self._current.fields:
            self.embeds.append(self._current)
            self._done += len(self._current)
        self._current = discord.Embed(colour=COLOUR)
        self._lines = []

    def finish(self) -> list[discord.Embed]:
        if self._cut and len(self.embeds) >= MAX_EMBEDS:
            last = self.embeds[-1]
            last.description = f"{last.description or ''}\n{TRUNCATED}"[-EMBED_DESCRIPTION:]
        elif self._cut:
            self._lines.append(TRUNCATED)
        self._flush()
        return self.embeds[:MAX_EMBEDS]


def render(reply: Reply) -> Rendered:
    """Embeds for the blocks, buttons for the actions, files for the attachments."""
    builder = _EmbedBuilder()
    rendered = Rendered(files=[(a.filename, a.data) for a in reply.attachments])
    for block in reply.blocks:
        _add(builder, rendered, block)
    rendered.embeds = builder.finish()
    image = next((a for a in reply.attachments if a.mimetype.startswith("image/")), None)
    if image is not None:
        if not rendered.embeds:
            rendered.embeds.append(discord.Embed(colour=COLOUR))
        # Shown inside the embed (the progress embed, the digest), with its text alternative.
        rendered.embeds[0].set_image(url=f"attachment://{image.filename}")
        rendered.embeds[0].set_footer(text=_cut(image.alt_text, 2048) if image.alt_text else None)
    return rendered


def _add(builder: _EmbedBuilder, rendered: Rendered, block: Block) -> None:
    match block:
        case Header():
            builder.title(block.text)
        case Text():
            builder.line(_text_or_file(rendered, block.text))
        case Fields():
            for label, value in block.items:
                builder.add_field(label, value)
        case Progress():
            detail = f"  {safe(block.detail)}" if block.detail else ""
            builder.line(f"**{safe(block.label)}**\n`{progress_bar(block.fraction)}`{detail}")
        case Items():
            builder.line(f"**{safe(block.title)}**")
            for line in [f"• {safe(item)}" for item in block.items] or [safe(block.empty)]:
                builder.line(line)
        case Actions():
            for button in block.buttons:
                if len(rendered.buttons) < MAX_BUTTONS:
                    rendered.buttons.append(button)
        case _:
            assert_never(block)


def _text_or_file(rendered: Rendered, text: str) -> str:
    """The paragraph as embed text, or, when it is long, its start and the name of the
    attached file that holds all of it."""
    shown = safe(text)
    if len(shown) <= LONG_TEXT or len(rendered.files) >= MAX_FILES:
        return shown
    name = f"text-{len(rendered.files) + 1}.txt"
    rendered.files.append((name, text.encode("utf-8")))
    start = safe(text[:300].rsplit(" ", 1)[0] if " " in text[:300] else text[:300])
    return f"{start} …\n(All {len(text):,} characters are in the attached {name}.)"


def custom_id(command: str) -> str | None:
    """The persistent custom_id for a command button, or None if it does not fit."""
    value = COMMAND_PREFIX + command
    return value if len(value) <= CUSTOM_ID else None


def form_custom_id(form: Form) -> str:
    """The persistent custom_id of a button that opens a form."""
    return FORM_PREFIX + form
