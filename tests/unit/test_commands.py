"""Every typed command has one handler, and everything a handler returns has a presenter."""

from __future__ import annotations

import dataclasses
import typing

import core.registry  # noqa: F401  (loads every handler and presenter)
from core.bus import HANDLERS, handled_types
from core.commands import Command
from core.present import presented_types


def _command_types() -> set[type]:
    return set(typing.get_args(Command))


def test_every_command_has_a_handler() -> None:
    assert _command_types() - handled_types() == set()
    assert handled_types() - _command_types() == set(), "a handler for a command not in Command"


def test_every_result_a_handler_returns_has_a_presenter() -> None:
    results: set[type] = set()
    for handler in HANDLERS.entries():
        returned = typing.get_type_hints(handler)["return"]
        results.update(typing.get_args(returned) or (returned,))
    assert results - presented_types() == set()


def test_commands_are_frozen_dataclasses() -> None:
    for kind in _command_types():
        assert dataclasses.is_dataclass(kind) and kind.__dataclass_params__.frozen, kind  # type: ignore[attr-defined]
