"""coachbot's own Discord client against :class:`FakeDiscord`, with short helpers.

:func:`coachbot_session` starts the fake, points discord.py at it and logs in
``adapters.discord.app.CoachClient`` (its ``setup_hook`` registers the persistent buttons);
:class:`Coachbot` sends gateway payloads built by ``tests.discord.harness`` through the real
parsers and reads back what the client sent::

    async with coachbot_session(coach) as bot:
        answer = await bot.command("goal", {"title": "Pass the CKA exam"}, subcommand="add")
        assert "Goal #1 saved" in embed_text(answer)
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from adapters.discord.app import CoachClient
from core.coach import Coach
from tests.discord.api_spec import embeds_length
from tests.discord.fake_discord import (
    APPLICATION_ID,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    JSON,
    Call,
    FakeDiscord,
    use_fake_api,
)
from tests.discord.harness import (
    CLIENT_OPTIONS,
    InteractionResult,
    MessageResult,
    Options,
    autocomplete,
    component,
    dispatch_interaction,
    dispatch_message,
    dm_message,
    logged_in_client,
    modal_submit,
    slash_command,
)


@dataclass
class Coachbot:
    """One logged-in coachbot client and the fake it talks to."""

    fake: FakeDiscord
    coach: Coach
    client: CoachClient
    results: list[InteractionResult] = field(default_factory=list)

    async def interact(self, payload: JSON) -> InteractionResult:
        """Dispatch an INTERACTION_CREATE and wait for its callback."""
        result = await dispatch_interaction(self.client, payload, fake=self.fake)
        self.results.append(result)
        return result

    async def slash(
        self, name: str, options: Options | None = None, **kwargs: Any
    ) -> InteractionResult:
        """``/name [subcommand] options`` through the real CommandTree."""
        return await self.interact(slash_command(name, options, **kwargs))

    async def command(self, name: str, options: Options | None = None, **kwargs: Any) -> JSON:
        """Run a command that answers with a message; return that message's data."""
        return await answer_of(self.fake, await self.slash(name, options, **kwargs))

    async def choices(self, name: str, focused: str, typed: str, **kwargs: Any) -> list[JSON]:
        """What autocomplete offers while the member types ``typed`` into ``focused``."""
        result = await self.interact(autocomplete(name, focused, typed, **kwargs))
        body = callback(result)
        assert body["type"] == 8, body
        found: list[JSON] = body["data"]["choices"]
        return found

    async def press(self, custom_id: str, message: JSON | None = None) -> InteractionResult:
        """Press a button (on a message the fake stored, if given)."""
        return await self.interact(component(custom_id, message=message))

    async def submit(self, modal: JSON, values: Mapping[str, str]) -> JSON:
        """Submit the modal from a type-9 callback, as Discord does: every text input, with
        ``values`` keyed by the start of its label and "" for the ones left empty."""
        fields = inputs_of(modal)
        unknown = [k for k in values if not any(f["label"].startswith(k) for f in fields)]
        assert not unknown, f"no text input labelled {unknown} in {fields}"
        typed = {
            f["custom_id"]: next((v for k, v in values.items() if f["label"].startswith(k)), "")
            for f in fields
        }
        layout = "label" if all(c["type"] == LABEL for c in modal["components"]) else "action_row"
        result = await self.interact(modal_submit(modal["custom_id"], typed, layout=layout))
        return await answer_of(self.fake, result)

    async def dm(self, content: str, *, message_id: int | None = None) -> MessageResult:
        """A member's plain message in their DM with the bot."""
        payload = dm_message(content, message_id=message_id)
        return await dispatch_message(self.client, payload, fake=self.fake)

    async def restart(self) -> CoachClient:
        """Close this client and log a fresh one in (a new process, same Discord)."""
        await self.client.close()
        self.client = await login(self.fake, self.coach)
        return self.client


async def login(fake: FakeDiscord, coach: Coach) -> CoachClient:
    """coachbot's real client, logged in against ``fake`` and READY."""
    client = CoachClient(coach, **CLIENT_OPTIONS)
    await logged_in_client(fake, client=client)
    return client


Scenario = Callable[[Coachbot], Awaitable[None]]


def run_scenario(coach: Coach, scenario: Scenario, timeout: float = 30) -> None:
    """Run an async scenario against a fresh fake Discord and a logged-in coachbot."""

    async def main() -> None:
        async with coachbot_session(coach) as bot:
            await scenario(bot)

    asyncio.run(asyncio.wait_for(main(), timeout=timeout))


@contextlib.asynccontextmanager
async def coachbot_session(coach: Coach) -> AsyncIterator[Coachbot]:
    """Start a fake Discord and a coachbot client on it; close both afterwards."""
    async with FakeDiscord() as fake:
        with use_fake_api(fake):
            bot = Coachbot(fake, coach, await login(fake, coach))
            try:
                yield bot
            finally:
                await bot.client.close()


# ---------------------------------------------------------------------- reading answers


def callback(result: InteractionResult) -> JSON:
    """The JSON body of an interaction's first callback."""
    assert result.callback is not None, "no callback recorded"
    body: JSON = result.callback.json
    return body


async def answer_of(fake: FakeDiscord, result: InteractionResult) -> JSON:
    """The message an interaction was answered with: the type-4 callback's data, or after
    a type-5 defer, the edit that completes the deferred original (``PATCH
    /webhooks/{app}/{token}/messages/@original``). Checked against Discord's limits."""
    body = callback(result)
    if body["type"] == CHANNEL_MESSAGE:
        data: JSON = body["data"]
    else:
        assert body["type"] == DEFERRED_CHANNEL_MESSAGE, body
        original = f"/webhooks/{APPLICATION_ID}/{result.payload['token']}/messages/@original"
        [edit] = await fake.wait_for(("PATCH", original))
        data = edit.json
    check_limits(data)
    return data


LABEL = 18  # the modal component that holds one input and its label

# Discord's documented message limits (Channel resource, "Embed Limits"; Message components).
EMBED_LIMITS = {"title": 256, "description": 4096, "fields": 25, "name": 256, "value": 1024}
MESSAGE_EMBEDS = 10
MESSAGE_EMBED_CHARS = 6000  # title+description+fields+footer+author over ALL embeds


def embed_chars(data: JSON) -> int:
    """The characters Discord counts against a message's 6000 across all its embeds."""
    return embeds_length(data.get("embeds") or [])


def check_limits(data: JSON) -> None:
    """Fail when a message body breaks a limit Discord enforces with a 400 (50035)."""
    embeds = data.get("embeds") or []
    assert len(embeds) <= MESSAGE_EMBEDS, f"{len(embeds)} embeds"
    for embed in embeds:
        assert len(embed.get("title") or "") <= EMBED_LIMITS["title"]
        assert len(embed.get("description") or "") <= EMBED_LIMITS["description"]
        fields = embed.get("fields") or []
        assert len(fields) <= EMBED_LIMITS["fields"]
        for item in fields:
            assert 0 < len(item["name"]) <= EMBED_LIMITS["name"]
            assert 0 < len(item["value"]) <= EMBED_LIMITS["value"]
    assert embed_chars(data) <= MESSAGE_EMBED_CHARS, f"{embed_chars(data)} embed characters"
    for row in data.get("components") or []:
        assert len(row.get("components") or []) <= 5
        for button in row.get("components") or []:
            assert len(button.get("custom_id") or "") <= 100
            assert len(button.get("label") or "") <= 80


def answer_call(result: InteractionResult) -> Call:
    """The recorded callback request itself (for its uploaded files)."""
    assert result.callback is not None
    return result.callback


def embed_text(data: JSON) -> str:
    """Every title, description and field of a message's embeds, one per line."""
    lines: list[str] = []
    for embed in data.get("embeds") or []:
        lines += [embed.get("title") or "", embed.get("description") or ""]
        for item in embed.get("fields") or []:
            lines += [item["name"], item["value"]]
    return "\n".join(line for line in lines if line)


def buttons_of(data: JSON) -> dict[str, str]:
    """A message's buttons: label -> custom_id."""
    return {
        button["label"]: button["custom_id"]
        for row in data.get("components") or []
        for button in row.get("components") or []
        if button.get("type") == 2
    }


def inputs_of(modal: JSON) -> list[JSON]:
    """The text inputs of a modal (in action rows or labels)."""
    found: list[JSON] = []
    for row in modal.get("components") or []:
        children = row.get("components") or ([row["component"]] if "component" in row else [])
        for child in children:
            if child.get("type") == 4:
                label = child.get("label") or row.get("label")
                found.append(child | {"label": label})
    return found
