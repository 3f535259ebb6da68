"""Text helpers: words, flags, keyword fields, tokens, tags, numbers, limits."""

from __future__ import annotations

import pytest

from core.errors import UserError
from core.parsing import (
    LIMITS,
    hashtags,
    parse_number,
    relative_days,
    require_text,
    shorten,
    split_fields,
    split_first,
    take_flag,
    take_token,
)

EXAMPLE = "/goal show 3"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ADD Pass the exam", ("add", "Pass the exam")),
        ("  list  ", ("list", "")),
        ("edit   1   why: money ", ("edit", "1   why: money")),
        ("show\n2", ("show", "2")),
        ("", ("", "")),
        ("   ", ("", "")),
    ],
)
def test_split_first(text: str, expected: tuple[str, str]) -> None:
    assert split_first(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("--share Shipped the release", ("Shipped the release", True)),
        ("Shipped --share the release", ("Shipped the release", True)),
        ("Shipped the release --share", ("Shipped the release", True)),
        ("Shipped the release  --share  ", ("Shipped the release", True)),
        ("--share", ("", True)),
        ("Shipped --shared the release", ("Shipped --shared the release", False)),
        ("Shipped x--share the release", ("Shipped x--share the release", False)),
        ("  Shipped the release  ", ("Shipped the release", False)),
        ("Shipped --SHARE", ("Shipped --SHARE", False)),  # flags are case-sensitive
    ],
)
def test_take_flag(text: str, expected: tuple[str, bool]) -> None:
    assert take_flag(text, "--share") == expected


def test_take_flag_accepts_any_of_several_flags() -> None:
    assert take_flag("Shipped -s it", "--share", "-s") == ("Shipped it", True)
    assert take_flag("Shipped --share it -s", "--share", "-s") == ("Shipped it", True)


def test_take_flag_treats_flags_literally() -> None:
    assert take_flag("a b c", "a.c") == ("a b c", False)
    assert take_flag("one a.c two", "a.c") == ("one two", True)


KEYS = ("why", "measure", "by")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pass the exam", ("Pass the exam", {})),
        ("Pass the exam why: better pay", ("Pass the exam", {"why": "better pay"})),
        ("Pass the exam WHY: better pay", ("Pass the exam", {"why": "better pay"})),
        (
            "Pass the exam why: better pay measure: 1 cert by: June",
            ("Pass the exam", {"why": "better pay", "measure": "1 cert", "by": "June"}),
        ),
        ("why: only a why", ("", {"why": "only a why"})),
        ("Pass it why:", ("Pass it", {"why": ""})),
        ("Know somewhy: not a key", ("Know somewhy: not a key", {})),
        ("Ask why:not a field", ("Ask why:not a field", {})),  # needs a space after ':'
        ("Pass why: a why: b", ("Pass", {"why": "b"})),  # the last one wins
        ('Pass it why: "better pay"', ("Pass it", {"why": "better pay"})),
    ],
)
def test_split_fields(text: str, expected: tuple[str, dict[str, str]]) -> None:
    assert split_fields(text, KEYS) == expected


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("list goal:3 recent", "goal", ("list recent", "3")),
        ("goal:3", "goal", ("", "3")),
        ("Shipped it GOAL:2", "goal", ("Shipped it", "2")),
        ("Shipped it milestone:1.2", "milestone", ("Shipped it", "1.2")),
        ("Shipped it", "goal", ("Shipped it", None)),
        ("Shipped subgoal:3 it", "goal", ("Shipped subgoal:3 it", None)),
        ("Shipped goal: 3", "goal", ("Shipped goal: 3", None)),
        ("a goal:1 b goal:2", "goal", ("a b goal:2", "1")),  # only the first
        ('Signed Foo Inc client:"Foo Inc"', "client", ("Signed Foo Inc", "Foo Inc")),
        ("Signed it client:“Big Corp” #ml", "client", ("Signed it #ml", "Big Corp")),
        ("Labs skill:'Machine learning' now", "skill", ("Labs now", "Machine learning")),
        ("Read O'Reilly client:o'reilly", "client", ("Read O'Reilly", "o'reilly")),
        ('Half client:"Foo', "client", ("Half", "Foo")),
    ],
)
def test_take_token(text: str, key: str, expected: tuple[str, str | None]) -> None:
    assert take_token(text, key) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shipped #Kafka migration #infra", ["kafka", "infra"]),
        ("#python #Python #PYTHON", ["python"]),
        ("#b #a #b", ["b", "a"]),
        ("Issue #1 fixed", []),
        ("I write C# and F#", []),
        ("It&#39;s done", []),
        ("mail me: me#home", []),
        ("#ci-cd and #on_call", ["ci-cd", "on_call"]),
        ("(#release), #launch.", ["release", "launch"]),
        ("no tags here", []),
    ],
)
def test_hashtags(text: str, expected: list[str]) -> None:
    assert hashtags(text) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("3", 3), ("#3", 3), (" 12 ", 12), ("007", 7), ("999999999", 999_999_999)],
)
def test_parse_number_reads_numbers(word: str, expected: int) -> None:
    assert parse_number(word, "goal", EXAMPLE) == expected


@pytest.mark.parametrize(
    "word",
    [
        "x",
        "",
        "9999999999",
        "-1",
        "+3",
        "3.5",
        "#",
        "three",
        pytest.param("³", id="superscript-three"),
        pytest.param("①", id="circled-one"),
    ],
)
def test_parse_number_rejects_non_numbers_with_a_user_error(word: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_number(word, "goal", EXAMPLE)
    assert caught.value.example == EXAMPLE
    assert "goal number" in caught.value.message


def test_parse_number_says_nothing_when_given_nothing() -> None:
    with pytest.raises(UserError, match="nothing"):
        parse_number("", "entry", EXAMPLE)


def test_parse_number_shortens_what_it_echoes() -> None:
    with pytest.raises(UserError) as caught:
        parse_number("x" * 100, "goal", EXAMPLE)
    assert "x" * 29 + "…" in caught.value.message
    assert "x" * 31 not in caught.value.message


def test_require_text_returns_stripped_text() -> None:
    assert require_text("  Shipped it  ", "win", "win", "/win Shipped it") == "Shipped it"


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_require_text_rejects_empty(text: str) -> None:
    with pytest.raises(UserError, match="empty") as caught:
        require_text(text, "win", "win", "/win Shipped it")
    assert caught.value.example == "/win Shipped it"


@pytest.mark.parametrize(("name", "shown"), [("title", "200"), ("command", "5,000")])
def test_require_text_enforces_the_limit(name: str, shown: str) -> None:
    limit = LIMITS[name]
    assert require_text("a" * limit, name, name, EXAMPLE) == "a" * limit
    with pytest.raises(UserError) as caught:
        require_text("a" * (limit + 1), name, name, EXAMPLE)
    assert f"the limit is {shown}" in caught.value.message
    assert caught.value.example == EXAMPLE


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("short", 10, "short"),
        ("exactly10!", 10, "exactly10!"),
        ("eleven char", 10, "eleven ch…"),
        ("  lots   of\n space ", 20, "lots of space"),
    ],
)
def test_shorten(text: str, width: int, expected: str) -> None:
    result = shorten(text, width)
    assert result == expected
    assert len(result) <= width


@pytest.mark.parametrize(
    ("days", "wording"),
    [
        (0, "today"),
        (1, "in 1 day"),
        (59, "in 59 days"),
        (-45, "45 days ago"),
        (60, "in about 2 months"),
        (213, "in about 7 months"),
        (729, "in about 24 months"),
        (730, "in about 2 years"),
        (5152, "in about 14 years"),
        (-400, "about 13 months ago"),
        (-3000, "about 8 years ago"),
    ],
)
def test_relative_days_reads_long_spans_in_months_and_years(days: int, wording: str) -> None:
    assert relative_days(days) == wording
