"""Asking for help."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HelpTopic:
    """One command word: what it does and examples that work."""

    name: str
    summary: str
    examples: tuple[str, ...]


@dataclass(frozen=True)
class ShowHelp:
    """Every command with one example, or one command (``single``) with all of them."""

    topics: tuple[HelpTopic, ...]
    single: bool = False
