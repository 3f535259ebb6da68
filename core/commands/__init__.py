"""Typed commands: each thing a member can do, as a small frozen dataclass.

Front ends build these (the text grammar from a line, Slack from form fields, Discord
from command options); handlers in ``core.services`` act on them."""

from __future__ import annotations

from core.commands.goals import GoalCommand
from core.commands.help import ShowHelp
from core.commands.legacy import Legacy

Command = GoalCommand | ShowHelp | Legacy

__all__ = ["Command"]
