"""The /tz, /share, /forget-me and /progress grammar: text to typed commands."""

from __future__ import annotations

from datetime import date

import pytest

from core.commands.account import ForgetMe, SetTimezone, ShowShared, ShowTimezone
from core.commands.progress import ShowProgress, ShowProgressChart
from core.errors import UserError
from core.grammar.account import parse_forget_me, parse_share, parse_tz
from core.grammar.progress import parse_progress
from core.time.numeric import DateOrder

TODAY = date(2026, 11, 23)


def test_tz_shows_or_sets() -> None:
    assert parse_tz("", TODAY) == ShowTimezone()
    assert parse_tz("  europe/berlin ", TODAY) == SetTimezone("europe/berlin")


def test_share_ignores_arguments() -> None:
    assert parse_share("anything", TODAY) == ShowShared()


def test_forget_me_needs_the_word_confirm() -> None:
    assert parse_forget_me("", TODAY) == ForgetMe(confirm=False)
    assert parse_forget_me("CONFIRM", TODAY) == ForgetMe(confirm=True)
    assert parse_forget_me("please", TODAY) == ForgetMe(confirm=False)


def test_progress_or_its_chart() -> None:
    assert parse_progress("", TODAY) == ShowProgress()
    assert parse_progress("chart", TODAY) == ShowProgressChart()
    assert parse_progress("whatever", TODAY) == ShowProgress()


def test_tz_sets_the_date_order_with_or_without_a_zone() -> None:
    assert parse_tz("Europe/Berlin order mdy", TODAY) == SetTimezone("Europe/Berlin", DateOrder.MDY)
    assert parse_tz("order DMY", TODAY) == SetTimezone("", DateOrder.DMY)
    assert parse_tz("America/New_York date order month-first", TODAY) == SetTimezone(
        "America/New_York", DateOrder.MDY
    )


def test_tz_rejects_an_unknown_date_order() -> None:
    with pytest.raises(UserError, match="“ymd” is not a date order"):
        parse_tz("Europe/Berlin order ymd", TODAY)
