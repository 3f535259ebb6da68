"""Every example /help shows is a line the grammar reads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.commands.journal import SECTION_WORDS, SECTIONS
from core.grammar import VERBS, parse

EXAMPLES = [example for verb in VERBS.values() for example in verb.examples]


@pytest.mark.parametrize("example", EXAMPLES)
def test_help_example_parses(example: str) -> None:
    parse(example, date(2026, 11, 23))


def test_readme_lists_every_section_word() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for section, words in SECTION_WORDS.items():
        row = next(
            line for line in readme.splitlines() if line.startswith(f"| {SECTIONS[section]} |")
        )
        assert all(f"`#{word}`" in row for word in (str(section), *words)), section
