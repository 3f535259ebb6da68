"""A table from a type to the one function that serves it (a handler, a presenter)."""

from __future__ import annotations

from typing import Generic, TypeVar

F = TypeVar("F")


class TypeTable(Generic[F]):
    """Each type has at most one entry; looking up a type without one is a bug."""

    def __init__(self, role: str) -> None:
        self._role = role
        self._entries: dict[type, F] = {}

    def add(self, kind: type, entry: F) -> None:
        """Register `entry` for `kind`, once."""
        if kind in self._entries:
            raise TypeError(f"{kind.__name__} already has a {self._role}")
        self._entries[kind] = entry

    def of(self, value: object) -> F:
        """The entry for the type of `value`."""
        entry = self._entries.get(type(value))
        if entry is None:
            raise TypeError(f"no {self._role} for {type(value).__name__}")
        return entry

    def types(self) -> frozenset[type]:
        """Every type with an entry."""
        return frozenset(self._entries)

    def entries(self) -> list[F]:
        """Every entry."""
        return list(self._entries.values())
