"""Completion words come from the grammar: every sub-command table is offered."""

from __future__ import annotations

import importlib
import pkgutil

import core.grammar
from core.grammar.vocabulary import TABLES, command_words, subcommand_words


def test_every_subcommand_table_is_offered() -> None:
    mapped = {id(table) for table in TABLES.values()}
    for info in pkgutil.iter_modules(core.grammar.__path__):
        module = importlib.import_module(f"core.grammar.{info.name}")
        for name, value in vars(module).items():
            if name.endswith("SUBCOMMANDS") and isinstance(value, dict):
                assert id(value) in mapped, f"core.grammar.{info.name}.{name} is not offered"


def test_unknown_command_offers_nothing() -> None:
    assert subcommand_words("nonsense") == ()
    assert "remind" in command_words() and "again" in subcommand_words("remind")
