"""A text handler that has not been split into command, handler and presenter yet."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.context import Context
    from core.messages import Reply

LegacyHandler = Callable[["Context", str], "Reply"]


@dataclass(frozen=True)
class Legacy:
    """Run `handler` on the rest of the line."""

    handler: LegacyHandler
    args: str
