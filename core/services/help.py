"""Help: the topics the grammar knows, as they were asked for."""

from __future__ import annotations

from core.bus import handles
from core.commands.help import ShowHelp
from core.context import Context


@handles(ShowHelp)
def show_help(_ctx: Context, command: ShowHelp) -> ShowHelp:
    """Help needs nothing from storage: the command carries its topics."""
    return command
