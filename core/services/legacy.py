"""Runs text handlers that have not been split into command, handler and presenter yet."""

from __future__ import annotations

from dataclasses import dataclass

from core.bus import handles
from core.commands.legacy import Legacy
from core.context import Context
from core.messages import Reply
from core.present import Viewer, presents


@dataclass(frozen=True)
class LegacyReply:
    """A reply written by a text handler."""

    reply: Reply


@handles(Legacy)
def run_legacy(ctx: Context, command: Legacy) -> LegacyReply:
    """Call the text handler."""
    return LegacyReply(command.handler(ctx, command.args))


@presents(LegacyReply)
def legacy_reply(result: LegacyReply, _viewer: Viewer) -> Reply:
    """The reply as the text handler wrote it."""
    return result.reply
