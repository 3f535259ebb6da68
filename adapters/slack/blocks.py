"""Neutral replies as Block Kit. Member text only ever goes into plain_text objects, and
the mrkdwn fallback is escaped, so nothing a member typed can ping or reformat."""

from __future__ import annotations

from typing import Any, assert_never

from core.messages import (
    Actions,
    Block,
    Fields,
    Header,
    Items,
    Progress,
    Reply,
    Text,
    progress_bar,
)

MAX_BLOCKS = 50
MAX_HOME_BLOCKS = 100
MAX_TEXT = 3000
MAX_HEADER = 150
MAX_FIELDS = 10
MAX_FIELD = 2000
MAX_BUTTON_LABEL = 75
MAX_BUTTON_VALUE = 2000
MAX_BUTTONS = 25
MAX_FALLBACK = 3900
MAX_ALT_TXT = 1000  # files.getUploadURLExternal refuses more (alt_txt_too_large)
ALT_CONTINUED = " … (the full description is in the message)"
ACTION_PREFIX = "cmd:"
# A button that opens a form: "form:<form>:<index>" (the index keeps action ids unique).
FORM_ACTION_PREFIX = "form:"

SlackBlock = dict[str, Any]


def escape(text: str) -> str:
    """Slack's escaping for text in mrkdwn: ``&``, ``<`` and ``>`` (so ``<!channel>``,
    ``<!here>`` and ``<@U123>`` typed by a member stay text)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str, limit: int = MAX_TEXT) -> dict[str, Any]:
    """A plain_text object (never parsed for mentions or formatting)."""
    cut = text if len(text) <= limit else text[: limit - 1] + "…"
    return {"type": "plain_text", "text": cut or " ", "emoji": True}


def fallback_text(reply: Reply) -> str:
    """The notification/screen-reader text of a message, escaped."""
    text = escape(reply.plain_text())
    return text if len(text) <= MAX_FALLBACK else text[: MAX_FALLBACK - 1] + "…"


def alt_txt(text: str) -> str | None:
    """A file's alt text within Slack's 1,000 characters: whole sentences from the start of
    the text alternative, whose full text the message itself carries."""
    if len(text) <= MAX_ALT_TXT:
        return text or None
    cut = text[: MAX_ALT_TXT - len(ALT_CONTINUED)]
    sentence_end = cut.rfind(". ")
    return (cut[: sentence_end + 1] if sentence_end > 0 else cut.rstrip()) + ALT_CONTINUED


def render_blocks(reply: Reply, limit: int = MAX_BLOCKS) -> list[SlackBlock]:
    """Block Kit blocks for a reply, within Slack's block and text limits."""
    blocks: list[SlackBlock] = []
    for block in reply.blocks:
        blocks.extend(_render(block))
    if len(blocks) > limit:
        blocks = [*blocks[: limit - 1], _section(f"… and {len(blocks) - limit + 1} more")]
    return blocks


def _render(block: Block) -> list[SlackBlock]:
    match block:
        case Header():
            return [{"type": "header", "text": plain(block.text, MAX_HEADER)}]
        case Text():
            return [_section(chunk) for chunk in _chunks(block.text)]
        case Fields():
            return _fields(block)
        case Progress():
            detail = f"  ·  {block.detail}" if block.detail else ""
            return [_section(f"{block.label}\n{progress_bar(block.fraction)}{detail}")]
        case Items():
            lines = [f"• {item}" for item in block.items] or [block.empty]
            return [_section(chunk) for chunk in _chunks("\n".join([block.heading, *lines]))]
        case Actions():
            return [_actions(block)]
        case _:
            assert_never(block)


def _section(text: str) -> SlackBlock:
    return {"type": "section", "text": plain(text)}


def _chunks(text: str) -> list[str]:
    """Split long text at line breaks so each piece fits a section."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > MAX_TEXT:
            pieces.append(line[:MAX_TEXT])
            line = line[MAX_TEXT:]
        if current and len(current) + 1 + len(line) > MAX_TEXT:
            pieces.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    return [*pieces, current] if current or not pieces else pieces


def _fields(block: Fields) -> list[SlackBlock]:
    fields = [plain(f"{label}\n{value}", MAX_FIELD) for label, value in block.items]
    return [
        {"type": "section", "fields": fields[i : i + MAX_FIELDS]}
        for i in range(0, len(fields), MAX_FIELDS)
    ]


def _actions(block: Actions) -> SlackBlock:
    elements = []
    for index, button in enumerate(block.buttons[:MAX_BUTTONS]):
        action_id = (
            f"{FORM_ACTION_PREFIX}{button.form}:{index}"
            if button.form
            else f"{ACTION_PREFIX}{index}"
        )
        element: SlackBlock = {
            "type": "button",
            "action_id": action_id,
            "text": plain(button.label, MAX_BUTTON_LABEL),
            # A form about one item (a commitment) carries its number, not a command.
            "value": str(button.subject)
            if button.subject is not None
            else button.command[:MAX_BUTTON_VALUE],
        }
        if button.style in ("primary", "danger"):
            element["style"] = button.style
        elements.append(element)
    return {"type": "actions", "elements": elements}
