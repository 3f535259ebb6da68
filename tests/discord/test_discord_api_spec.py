"""The fake Discord API refuses what Discord refuses: request bodies are checked against
Discord's OpenAPI schema (tests/discord/specs) and the documented limits, and a refused
one gets Discord's 400 (code 50035, errors by field) through the real discord.py client."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import pytest

from tests.discord.api_spec import body_errors
from tests.discord.harness import discord_session

MESSAGE = "/channels/2042/messages"
Json = dict[str, Any]


def _errors_at(problem: Json | None, *where: str) -> list[str]:
    assert problem is not None and problem["code"] == 50035, problem
    node = problem["errors"]
    for key in where:
        node = node[key]
    return [e["code"] for e in node["_errors"]]


def _button(n: int, label: str = "Keep") -> Json:
    return {"type": 2, "style": 1, "custom_id": f"b:{n}", "label": label}


def test_a_message_discord_takes_passes() -> None:
    body = {
        "content": "Your week",
        "embeds": [{"title": "Goals", "description": "x" * 4000, "footer": {"text": "y" * 1995}}],
        "components": [{"type": 1, "components": [_button(n) for n in range(5)]}] * 5,
        "allowed_mentions": {"parse": []},
    }
    assert body_errors("POST", MESSAGE, body) is None


def test_six_thousand_characters_across_all_embeds() -> None:
    """Title, description, field names and values, footer and author all count."""
    embeds = [
        {"title": "t" * 200, "description": "d" * 4000},
        {"fields": [{"name": "n" * 100, "value": "v" * 1000}], "footer": {"text": "f" * 600}},
        {"author": {"name": "a" * 101}},
    ]
    assert sum(len(v) for v in ("t" * 200, "d" * 4000, "n" * 100, "v" * 1000, "f" * 600)) == 5900
    assert _errors_at(body_errors("POST", MESSAGE, {"embeds": embeds}), "embeds") == [
        "MAX_EMBED_SIZE_EXCEEDED"
    ]
    assert body_errors("POST", MESSAGE, {"embeds": embeds[:2]}) is None


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"content": "x" * 2001}, ("content",)),
        ({"embeds": [{"title": "x" * 257}]}, ("embeds", "0", "title")),
        ({"embeds": [{"description": "x" * 4097}]}, ("embeds", "0", "description")),
        (
            {"embeds": [{"fields": [{"name": "n", "value": "v" * 1025}]}]},
            ("embeds", "0", "fields", "0", "value"),
        ),
        ({"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]}, ("embeds", "0", "fields")),
        ({"embeds": [{"title": "x"}] * 11}, ("embeds",)),
        (
            {"components": [{"type": 1, "components": [_button(n) for n in range(6)]}]},
            ("components", "0", "components"),
        ),
        ({"components": [{"type": 1, "components": [_button(1)]}] * 6}, ("components",)),
        (
            {"components": [{"type": 1, "components": [_button(1, "x" * 81)]}]},
            ("components", "0", "components", "0", "label"),
        ),
    ],
)
def test_message_limits(body: Json, where: tuple[str, ...]) -> None:
    assert _errors_at(body_errors("POST", MESSAGE, body), *where)
    # The same rules for a reply to an interaction and for a follow-up.
    answer = body_errors("POST", "/interactions/1/tok/callback", {"type": 4, "data": body})
    assert _errors_at(answer, "data", *where)
    assert _errors_at(body_errors("POST", "/webhooks/1000/tok", body), *where)


def test_modal_limits() -> None:
    def modal(title: str, inputs: int) -> Json:
        text_input = {"type": 4, "custom_id": "answer", "style": 2, "label": "Answer"}
        rows = [{"type": 1, "components": [text_input]}] * inputs
        return {"type": 9, "data": {"custom_id": "m", "title": title, "components": rows}}

    callback = "/interactions/1/tok/callback"
    assert body_errors("POST", callback, modal("Check-in", 5)) is None
    assert _errors_at(body_errors("POST", callback, modal("x" * 46, 1)), "data", "title")
    assert _errors_at(body_errors("POST", callback, modal("Check-in", 6)), "data", "components")


def test_command_rules() -> None:
    def command(**fields: Any) -> Json:
        return {"name": "win", "description": "Log a win", "type": 1, **fields}

    sync = "/applications/1000/commands"
    assert body_errors("PUT", sync, [command()]) is None
    assert _errors_at(body_errors("PUT", sync, [command(name="Win")]), "0", "name")
    assert _errors_at(body_errors("PUT", sync, [command(description="")]), "0", "description")
    option = {"type": 3, "name": "text", "description": "d" * 101}
    refused = body_errors("PUT", sync, [command(options=[option])])
    assert _errors_at(refused, "0", "options", "0", "description")
    many = [{"type": 3, "name": f"o{n}", "description": "An option"} for n in range(26)]
    assert _errors_at(body_errors("PUT", sync, [command(options=many)]), "0", "options")
    big = [
        {
            "type": 3,
            "name": f"o{n}",
            "description": "d" * 100,
            "choices": [{"name": "c" * 100, "value": f"{m}" * 90} for m in range(4)],
        }
        for n in range(20)
    ]
    assert _errors_at(body_errors("PUT", sync, [command(options=big)]), "0") == [
        "APPLICATION_COMMAND_TOO_LARGE"
    ]


def test_a_refused_body_is_a_400_through_discord_py() -> None:
    async def scenario() -> None:
        async with discord_session() as (fake, client):
            user = await client.fetch_user(42)
            embeds = [discord.Embed(description="x" * 4000), discord.Embed(description="y" * 2001)]
            with pytest.raises(discord.HTTPException) as refused:
                await user.send(embeds=embeds)
            assert (refused.value.status, refused.value.code) == (400, 50035)
            assert "Embed size exceeds maximum size of 6000" in refused.value.text
            assert not [m for m in fake.messages.values() if m.get("embeds")]  # nothing posted
            await user.send(embeds=embeds[:1])  # within the limit: posted

    asyncio.run(asyncio.wait_for(scenario(), timeout=30))
