"""Every typed command has one handler, and everything a handler returns has a presenter;
the registry names the modules that hold them, so loading them when a command first
runs finds them."""

from __future__ import annotations

import ast
import dataclasses
import pkgutil
import subprocess
import sys
import typing

import core.present
import core.services
from core import registry
from core.bus import HANDLERS, handled_types
from core.commands import Command
from core.present import _PRESENTERS, presented_types

registry.load_all()


def _command_types() -> set[type]:
    return set(typing.get_args(Command))


def _returned(handler: object) -> set[type]:
    returned = typing.get_type_hints(handler)["return"]
    return set(typing.get_args(returned) or (returned,))


def test_every_command_has_a_handler() -> None:
    assert _command_types() - handled_types() == set()
    assert handled_types() - _command_types() == set(), "a handler for a command not in Command"


def test_every_result_a_handler_returns_has_a_presenter() -> None:
    results: set[type] = set()
    for handler in HANDLERS.entries():
        results.update(_returned(handler))
    assert results - presented_types() == set()


def test_the_registry_names_where_each_commands_handler_and_presenters_are() -> None:
    for kind in _command_types():
        named = registry.MODULES[kind.__module__]
        handler = HANDLERS.of(_instance_of(kind))
        assert handler.__module__ in named, kind
        for result in _returned(handler):
            assert _PRESENTERS.of(_instance_of(result)).__module__ in named, (kind, result)


def test_the_registry_names_every_module_that_registers_something() -> None:
    named = {name for names in registry.MODULES.values() for name in names}
    registering = {f.__module__ for f in [*HANDLERS.entries(), *_PRESENTERS.entries()]}
    assert registering - named == set()
    packages = [(core.services, "core.services."), (core.present, "core.present.")]
    existing = {m.name for p, prefix in packages for m in pkgutil.iter_modules(p.__path__, prefix)}
    assert named - existing == set(), "a module named in the registry does not exist"


def test_running_a_command_loads_only_its_own_handlers_and_presenters() -> None:
    """In a fresh process, /help is answered with help's handler and presenter loaded, and
    a goal command then loads the goals' (a command not run costs nothing at start), also
    their presenters when the goals' handlers came with another module, as in the coach."""
    script = """
import sys
import core.services.journal  # imports the goals' handlers, not their presenters
from core import registry
from core.bus import execute
from core.commands.goals import ListGoals
from core.commands.help import ShowHelp

def loaded():
    return sorted(m for ms in registry.MODULES.values() for m in ms if m in sys.modules)

print(loaded())
for command in (ShowHelp(()), ListGoals()):
    try:
        execute(None, command)
    except Exception:  # no context here: the handler fails once it is found
        pass
    print(loaded())
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    before, after_help, after_goals = (ast.literal_eval(s) for s in done.stdout.splitlines())
    assert "core.services.help" not in before and "core.services.goals" in before
    assert {"core.services.help", "core.present.help"} <= set(after_help)
    assert "core.present.goals" not in after_help and "core.present.goals" in after_goals


def _instance_of(kind: type) -> object:
    """An object whose type is `kind`, for the type tables' lookups (no fields needed)."""
    return object.__new__(kind)


def test_commands_are_frozen_dataclasses() -> None:
    for kind in _command_types():
        assert dataclasses.is_dataclass(kind) and kind.__dataclass_params__.frozen, kind  # type: ignore[attr-defined]
