"""Render neutral replies for a terminal with rich; member text is never read as markup."""

from __future__ import annotations

from typing import assert_never

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text as RichText

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


def render_reply(reply: Reply) -> RenderableType:
    """One renderable for a whole reply."""
    return Group(*(render_block(block) for block in reply.blocks))


def render_block(block: Block) -> RenderableType:
    """One block as a rich renderable."""
    match block:
        case Header():
            return RichText(block.text, style="bold cyan")
        case Text():
            return RichText(block.text)
        case Fields():
            return _fields(block)
        case Progress():
            return _progress(block)
        case Items():
            return _items(block)
        case Actions():
            return _actions(block)
        case _:
            assert_never(block)


def _fields(block: Fields) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for label, value in block.items:
        table.add_row(RichText(label), RichText(value))
    return table


def _progress(block: Progress) -> RichText:
    line = RichText(f"{block.label}  ")
    line.append(progress_bar(block.fraction), style="green")
    if block.detail:
        line.append(f"  {block.detail}", style="dim")
    return line


def _items(block: Items) -> RichText:
    out = RichText(block.heading, style="bold")
    for item in block.items or (block.empty,):
        out.append("\n  • " if block.items else "\n  ")
        out.append(item)
    return out


def _actions(block: Actions) -> RichText:
    out = RichText("")
    for button in block.buttons:
        out.append(f"[{button.label}] ", style="reverse")
        out.append(f"type {button.command}   ", style="dim")
    return out
