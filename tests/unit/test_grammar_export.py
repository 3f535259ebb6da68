"""The /export grammar: text to typed commands."""

from __future__ import annotations

from datetime import date

import pytest

from core.commands.export import BragFormat, ExportBrag, ExportJson
from core.errors import UserError
from core.grammar.export import parse_export

TODAY = date(2026, 11, 23)


def test_brag_is_the_default_and_takes_a_year() -> None:
    assert parse_export("", TODAY) == ExportBrag(None)
    assert parse_export("brag", TODAY) == ExportBrag(None)
    assert parse_export("brag 2025", TODAY) == ExportBrag(2025)


def test_brag_takes_a_format_and_shared_only_in_any_order() -> None:
    html = BragFormat.HTML
    assert parse_export("brag html", TODAY) == ExportBrag(None, False, html)
    assert parse_export("brag 2025 HTML", TODAY) == ExportBrag(2025, False, html)
    assert parse_export("brag --shared-only html 2025", TODAY) == ExportBrag(2025, True, html)
    assert parse_export("brag --shared-only", TODAY) == ExportBrag(None, True)
    assert parse_export("brag markdown", TODAY) == ExportBrag(None)


def test_json() -> None:
    assert parse_export("JSON", TODAY) == ExportJson()


def test_a_year_that_is_not_digits_names_its_field() -> None:
    with pytest.raises(UserError) as raised:
        parse_export("brag last year", TODAY)
    assert raised.value.field == "year"
    assert "“last year” is not a year" in raised.value.message
    with pytest.raises(UserError):
        parse_export("brag ²", TODAY)  # a digit to str.isdigit, not to int()


def test_an_unknown_kind_says_what_can_be_exported() -> None:
    with pytest.raises(UserError, match="brag document"):
        parse_export("pdf", TODAY)
