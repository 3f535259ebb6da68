"""Results to replies: each result type has one presenter that writes the neutral reply.

Presenters read only the result and who is looking (their clock and zone); they never
touch the database or decide a rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from core.messages import Reply
from core.typetable import TypeTable

R = TypeVar("R")


@dataclass(frozen=True)
class Viewer:
    """Who reads a reply: the moment and their time zone."""

    now: datetime
    tz: ZoneInfo
    # How this reader's platform names a member in a command they can type or tap.
    mention_format: str = "<@{}>"

    def mention(self, user_id: str) -> str:
        """A member named the way the reader's grammar reads it: ``<@U123>`` in Slack and
        Discord, ``--user dana`` in the console."""
        return self.mention_format.format(user_id)

    @property
    def local_now(self) -> datetime:
        """The current time on the reader's wall clock."""
        return self.now.astimezone(self.tz)

    @property
    def today(self) -> date:
        """The reader's local date."""
        return self.local_now.date()


_PRESENTERS: TypeTable[Callable[[Any, Viewer], Reply]] = TypeTable("presenter")


def presents(
    kind: type[R],
) -> Callable[[Callable[[R, Viewer], Reply]], Callable[[R, Viewer], Reply]]:
    """Register the decorated function as the presenter of results of type `kind`."""

    def register(presenter: Callable[[R, Viewer], Reply]) -> Callable[[R, Viewer], Reply]:
        _PRESENTERS.add(kind, presenter)
        return presenter

    return register


def present(result: object, viewer: Viewer) -> Reply:
    """The reply for a handler's result."""
    return _PRESENTERS.of(result)(result, viewer)


def presented_types() -> frozenset[type]:
    """Every result type with a presenter (for the test that none is forgotten)."""
    return _PRESENTERS.types()
