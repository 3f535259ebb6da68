"""Typed commands to their handlers: each command type has exactly one handler, which
takes the context and the command and returns a typed result (it never sends)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from core import registry
from core.context import Context
from core.typetable import TypeTable

C = TypeVar("C")
R = TypeVar("R")

HANDLERS: TypeTable[Callable[[Context, Any], Any]] = TypeTable("handler")


def handles(kind: type[C]) -> Callable[[Callable[[Context, C], R]], Callable[[Context, C], R]]:
    """Register the decorated function as the handler of commands of type `kind`."""

    def register(handler: Callable[[Context, C], R]) -> Callable[[Context, C], R]:
        HANDLERS.add(kind, handler)
        return handler

    return register


def execute(ctx: Context, command: object) -> object:
    """Run a command's handler (loading it and its presenters first) and return its result."""
    registry.load_for(type(command))
    return HANDLERS.of(command)(ctx, command)


def handled_types() -> frozenset[type]:
    """Every command type with a handler (for the test that none is forgotten)."""
    return HANDLERS.types()
