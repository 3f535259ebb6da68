"""``/partner`` lines to typed commands: who is read from each platform's mention syntax."""

from __future__ import annotations

from datetime import date

import pytest

from core.commands.partners import (
    AnswerInvitation,
    CheerPartner,
    EndPartnership,
    InvitePartner,
    ListPartners,
    NotifyMissed,
    PartnerItem,
    SharePartnerItem,
    ShowPartner,
)
from core.errors import UserError
from core.grammar import parse

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("line", "invite"),
    [
        # Slack, should_escape: a mention the platform wrote, with the name it shows.
        ("/partner invite <@U0DANA|dana>", InvitePartner("U0DANA", mentioned=True, name="dana")),
        ("/partner invite <@U0DANA>", InvitePartner("U0DANA", mentioned=True)),
        ("/partner invite <@!222333444>", InvitePartner("222333444", mentioned=True)),  # Discord
        ("/partner invite <@222333444>", InvitePartner("222333444", mentioned=True)),
        ("/partner invite --user dana", InvitePartner("dana")),  # console
        ("/partner invite @dana", InvitePartner("dana")),
        ("/partner invite dana.kim", InvitePartner("dana.kim")),
    ],
)
def test_who_comes_from_a_mention_or_a_name(line: str, invite: InvitePartner) -> None:
    assert parse(line, TODAY) == invite


def test_every_subcommand() -> None:
    assert parse("/partner", TODAY) == ListPartners()
    assert parse("/partner list", TODAY) == ListPartners()
    assert parse("/partner accept <@U1>", TODAY) == AnswerInvitation("U1", accept=True)
    assert parse("/partner decline <@U1>", TODAY) == AnswerInvitation("U1", accept=False)
    assert parse("/partner show @ana", TODAY) == ShowPartner("ana")
    assert parse("/partner end @ana", TODAY) == EndPartnership("ana")
    assert parse("/partner cheer @ana", TODAY) == CheerPartner("ana")
    assert parse("/partner nudge @ana", TODAY) == CheerPartner("ana", nudge=True)
    assert parse("/partner share wins on", TODAY) == SharePartnerItem(PartnerItem.WINS, True)
    assert parse("/partner share goals off", TODAY) == SharePartnerItem(PartnerItem.GOALS, False)
    assert parse("/partner notify-missed on", TODAY) == NotifyMissed(True)


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("/partner invite", "user"),
        ("/partner invite <@U1> and <@U2>", "user"),
        ("/partner share commitments off", "item"),
        ("/partner notify-missed yes", "on"),
    ],
)
def test_bad_input_names_the_field_and_gives_an_example(line: str, field: str) -> None:
    with pytest.raises(UserError) as raised:
        parse(line, TODAY)
    assert raised.value.field == field and raised.value.example.startswith("/partner ")
