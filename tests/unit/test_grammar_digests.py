"""The /digest grammar: text to typed commands, channels as Slack, Discord or people write them."""

from __future__ import annotations

from datetime import date

import pytest

from core.commands.digests import DigestOff, PreviewDigest, SetDigest, ShowDigests
from core.errors import UserError
from core.grammar.digests import parse_digest

TODAY = date(2026, 11, 23)


def test_set_reads_channel_rule_and_zone() -> None:
    assert parse_digest("set #team weekly fri 16:00 Europe/Berlin", TODAY) == SetDigest(
        "team", "team", "weekly fri 16:00", "Europe/Berlin"
    )
    assert parse_digest("set <#C0AB12|eng-team> daily 09:00 utc", TODAY) == SetDigest(
        "C0AB12", "eng-team", "daily 09:00", "utc"
    )
    assert parse_digest("set <#1234567> monthly fri 16:00", TODAY) == SetDigest(
        "1234567", "1234567", "monthly fri 16:00", None
    )


def test_set_with_a_word_for_a_channel_names_the_channel_field() -> None:
    with pytest.raises(UserError) as raised:
        parse_digest("set team weekly fri 16:00", TODAY)
    assert raised.value.field == "channel_id"
    assert "is not a channel" in raised.value.message


def test_off_show_and_preview() -> None:
    assert parse_digest("off", TODAY) == DigestOff(None)
    assert parse_digest("off <#C0AB12|team>", TODAY) == DigestOff("C0AB12")
    assert parse_digest("", TODAY) == ShowDigests()
    assert parse_digest("preview", TODAY) == PreviewDigest()
