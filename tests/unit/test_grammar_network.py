"""The /contact and /clients grammar: text in, typed command out."""

from __future__ import annotations

from datetime import date

import pytest

from core.commands.network import (
    AddContact,
    ClientPeriod,
    ListContacts,
    ShowClients,
    TouchContact,
)
from core.errors import UserError
from core.grammar.network import parse_clients, parse_contact

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "command"),
    [
        (
            "add Dana Kim at: KubeCon 2026 notes: platform lead --important",
            AddContact("Dana Kim", "KubeCon 2026", "platform lead", important=True),
        ),
        ("add Sam Lee nudge: 60 days", AddContact("Sam Lee", nudge_days=60)),
        ("add Acme Corp --client", AddContact("Acme Corp", is_client=True)),
        ("", ListContacts()),
        ("touch dana", TouchContact("dana")),
    ],
)
def test_contact_commands(text: str, command: object) -> None:
    assert parse_contact(text, TODAY) == command


def test_nudge_without_a_number_names_its_field() -> None:
    with pytest.raises(UserError) as caught:
        parse_contact("add Dana nudge: soon", TODAY)
    assert caught.value.field == "nudge_days"


@pytest.mark.parametrize(
    ("text", "period"),
    [("", ClientPeriod.YEAR), ("Quarter", ClientPeriod.QUARTER), ("all", ClientPeriod.ALL)],
)
def test_clients_period(text: str, period: ClientPeriod) -> None:
    assert parse_clients(text, TODAY) == ShowClients(period)


def test_unknown_clients_period_names_its_field() -> None:
    with pytest.raises(UserError) as caught:
        parse_clients("decade", TODAY)
    assert (caught.value.field, caught.value.example) == ("period", "/clients quarter")
