"""IANA time zone names: canonical spelling, suggestions, safe lookup."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from core.errors import UserError
from core.time.zones import (
    EXAMPLE,
    canonical_timezone,
    is_valid_timezone,
    suggest_timezones,
    zone,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("  EUROPE/BERLIN  ", "Europe/Berlin"),
        ("America/New York", "America/New_York"),
        ("america/new_york", "America/New_York"),
        ("America/Argentina/Buenos Aires", "America/Argentina/Buenos_Aires"),
        ("utc", "UTC"),
        ("Asia/Kolkata", "Asia/Kolkata"),
    ],
)
def test_canonical_timezone(name: str, expected: str) -> None:
    assert canonical_timezone(name) == expected


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("Europe/Berln", "Europe/Berlin"),
        ("Berlin", "Europe/Berlin"),
        ("America/New Yrok", "America/New_York"),
    ],
)
def test_unknown_zone_raises_with_a_suggestion(name: str, suggested: str) -> None:
    with pytest.raises(UserError) as caught:
        canonical_timezone(name)
    assert "not a time zone I know" in caught.value.message
    assert f"Did you mean {suggested}" in caught.value.message
    assert caught.value.example == EXAMPLE


def test_unknown_zone_without_lookalikes_has_no_hint() -> None:
    with pytest.raises(UserError) as caught:
        canonical_timezone("qqqqqqqqqqqq")
    assert "Did you mean" not in caught.value.message


def test_unknown_zone_message_is_bounded() -> None:
    with pytest.raises(UserError) as caught:
        canonical_timezone("x" * 500)
    assert "x" * 64 in caught.value.message
    assert "x" * 65 not in caught.value.message


@pytest.mark.parametrize("name", ["", "   "])
def test_empty_zone_raises(name: str) -> None:
    with pytest.raises(UserError, match="IANA") as caught:
        canonical_timezone(name)
    assert caught.value.example == EXAMPLE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kolkata", "Asia/Kolkata"),
        ("kolkata", "Asia/Kolkata"),
        ("Berln", "Europe/Berlin"),
        ("Europe/Berln", "Europe/Berlin"),
        ("New York", "America/New_York"),
        ("Sao_Paulo", "America/Sao_Paulo"),
    ],
)
def test_suggest_timezones_includes_the_likely_zone(text: str, expected: str) -> None:
    assert expected in suggest_timezones(text)


def test_suggest_timezones_puts_same_city_first() -> None:
    assert suggest_timezones("Kolkata")[0] == "Asia/Kolkata"


@pytest.mark.parametrize("limit", [1, 2, 3, 5])
def test_suggest_timezones_respects_limit_and_has_no_duplicates(limit: int) -> None:
    found = suggest_timezones("Berlin", limit=limit)
    assert 1 <= len(found) <= limit
    assert len(found) == len(set(found))
    assert all(is_valid_timezone(name) for name in found)


@pytest.mark.parametrize("text", ["", "   "])
def test_suggest_timezones_for_nothing_is_empty(text: str) -> None:
    assert suggest_timezones(text) == []


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("Europe/Berlin", True),
        ("europe/berlin", True),
        ("UTC", True),
        ("Europe/Berln", False),
        ("Berlin", False),
        ("", False),
    ],
)
def test_is_valid_timezone(name: str, valid: bool) -> None:
    assert is_valid_timezone(name) is valid


def test_zone_returns_the_named_zone() -> None:
    assert zone("Asia/Kolkata") == ZoneInfo("Asia/Kolkata")


@pytest.mark.parametrize("name", ["Nope/Nope", "", "../etc/passwd", "/absolute"])
def test_zone_falls_back_to_utc(name: str) -> None:
    assert zone(name) == ZoneInfo("UTC")
