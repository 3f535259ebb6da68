"""Member text as every database stores it; numbers are decimal digits; tags have limits."""

from __future__ import annotations

import pytest

from core.cleaning import Changes, clean_fields, clean_text
from core.commands.journal import BragSection, LogWin, MilestoneRef
from core.errors import UserError
from core.parsing import MAX_TAGS, TAG_LENGTH, hashtags, is_number, parse_number, require_tags


@pytest.mark.parametrize(
    ("text", "expected", "controls", "unreadable"),
    [
        ("hello\x00world", "helloworld", 1, 0),
        ("\x1b[1;31mred\x1b[0m text", "red text", 2, 0),
        ("bell\x07 del\x7f nel\x85", "bell del nel", 3, 0),
        ("tab\tnew\nline\r\n", "tab\tnew\nline\r\n", 0, 0),
        ("caf\udce9", "caf\ufffd", 0, 1),
        ("\ud83d\ude00 pair", "😀 pair", 0, 0),
        ("already \ufffd here \udfff", "already \ufffd here \ufffd", 0, 1),
        ("plain", "plain", 0, 0),
    ],
)
def test_clean_text(text: str, expected: str, controls: int, unreadable: int) -> None:
    changes = Changes()
    assert clean_text(text, changes) == expected
    assert (changes.controls, changes.unreadable) == (controls, unreadable)
    assert (changes.note() is None) == (controls == unreadable == 0)


def test_clean_fields_keeps_enums_and_unchanged_commands() -> None:
    command = LogWin("fine", section=BragSection.LEARNING, milestone=MilestoneRef(1, 2))
    assert clean_fields(command, Changes()) is command
    cleaned = clean_fields(LogWin("a\x00b", section=BragSection.LEARNING), Changes())
    assert cleaned == LogWin("ab", section=BragSection.LEARNING)
    assert cleaned.section is BragSection.LEARNING


@pytest.mark.parametrize(
    ("word", "expected"),
    [("42", True), ("٣٠", True), ("６０", True), ("²", False), ("①", False), ("4²", False),
     ("¼", False), ("-1", False), ("", False), ("1.5", False)],
)  # fmt: skip
def test_numbers_are_decimal_digits(word: str, expected: bool) -> None:
    assert is_number(word) is expected
    if expected:
        int(word)  # what is_number accepts, int() reads


def test_parse_number_refuses_superscripts() -> None:
    with pytest.raises(UserError, match="goal number"):
        parse_number("²", "goal", "/goal show 1")
    assert parse_number("٣", "goal", "/goal show 1") == 3


def test_tags_are_cut_after_lower_casing() -> None:
    (tag,) = hashtags("#a" + "İ" * 39)
    assert len(tag) == TAG_LENGTH


def test_require_tags_counts_distinct_tags() -> None:
    assert require_tags(" ".join(["#same"] * 50), "win") == "same"
    with pytest.raises(UserError, match=f"at most {MAX_TAGS} #tags"):
        require_tags(" ".join(f"#t{i}" for i in range(MAX_TAGS + 1)), "win")
