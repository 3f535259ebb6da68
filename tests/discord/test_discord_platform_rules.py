"""What Discord itself requires of coachbot's front end: the synced command payload follows
Discord's naming and size rules and carries the core's text limits, commands declare where
they may be used, forms use Label components, and the client decides DM vs guild by the
channel, subscribes only to the intents it uses and shards as Discord recommends."""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import discord
from sqlalchemy import func, select

from adapters.discord.app import make_client
from adapters.discord.buttons import AnswerModal, GoalModal, VacationModal, WinModal
from adapters.discord.sync import invite_url, sync_commands
from core.coach import Coach
from core.parsing import LIMITS
from core.storage.db import SessionFactory
from core.storage.models import Entry, Milestone
from tests.discord.coachbot_harness import LABEL, Coachbot, callback, embed_text, run_scenario
from tests.discord.fake_discord import (
    APPLICATION_ID,
    BOT_TOKEN,
    JSON,
    MODAL,
    FakeDiscord,
    use_fake_api,
)
from tests.discord.harness import CHANNEL_ID, dispatch_message, guild_message

README = Path(__file__).resolve().parents[2] / "README.md"
STRING = 3
SUBCOMMAND, GROUP = 1, 2
# Text options that stand for a field the core limits, and the core's name for the limit.
LIMITED = {
    "goal add title": "title",
    "goal add measure": "title",
    "goal add why": "field",
    "goal edit title": "title",
    "goal edit measure": "title",
    "goal edit why": "field",
    "goal milestone text": "title",
    "remind add what": "title",
    "win text": "win",
    "journal answer": "journal",
    "coach do command": "command",
}
GUILD, BOT_DM = 0, 1
GUILD_INSTALL = 0


def synced_payload(coach: Coach) -> list[JSON]:
    """The body discord.py PUTs to register the commands globally."""

    async def body() -> list[JSON]:
        async with FakeDiscord() as fake:
            with use_fake_api(fake):
                await sync_commands(make_client(coach), BOT_TOKEN, None)
            (put,) = fake.calls_to("PUT", f"/applications/{APPLICATION_ID}/commands")
            commands: list[JSON] = put.json
            return commands

    return asyncio.run(body())


def options_of(item: JSON, path: str) -> Iterator[tuple[str, JSON]]:
    """Every option below a command, subcommands included, with its path."""
    for option in item.get("options") or []:
        where = f"{path} {option['name']}"
        yield where, option
        yield from options_of(option, where)


def is_valid_name(name: str) -> bool:
    """Discord's rule for chat command and option names: ^[-_\\p{L}\\p{N}]{1,32}$, in
    lower case where the letter has a lower case."""
    allowed = all(c in "-_" or unicodedata.category(c)[0] in "LN" for c in name)
    return allowed and 1 <= len(name) <= 32 and name == name.lower()


def counted_characters(item: JSON) -> int:
    """What Discord counts against 8,000 per command: names, descriptions and choice
    names and values, of the command and everything below it."""
    total = len(item["name"]) + len(item.get("description") or "")
    for choice in item.get("choices") or []:
        total += len(choice["name"]) + len(str(choice["value"]))
    return total + sum(counted_characters(o) for o in item.get("options") or [])


def test_every_command_and_option_follows_discords_rules(coach: Coach) -> None:
    commands = synced_payload(coach)
    assert len(commands) <= 100
    for command in commands:
        name = command["name"]
        assert counted_characters(command) <= 8000, name
        items = [(name, command), *options_of(command, name)]
        for path, item in items:
            assert is_valid_name(item["name"]), path
            assert item["description"] != "…", f"{path} has discord.py's placeholder"
            assert 1 <= len(item["description"]) <= 100, path
            assert len(item.get("options") or []) <= 25, path
            assert len(item.get("choices") or []) <= 25, path


def test_text_options_stop_at_the_cores_limits(coach: Coach) -> None:
    strings = {
        path: option
        for command in synced_payload(coach)
        for path, option in options_of(command, command["name"])
        if option["type"] == STRING
    }
    assert set(LIMITED) <= set(strings)
    for path, limit in LIMITED.items():
        assert strings[path].get("max_length") == LIMITS[limit], path
    for path, option in strings.items():
        assert option.get("max_length", 6000) <= 6000, path


def test_commands_declare_contexts_and_installs(coach: Coach) -> None:
    commands = {c["name"]: c for c in synced_payload(coach)}
    for name, command in commands.items():
        assert command["integration_types"] == [GUILD_INSTALL], name
        servers_only = name in ("digest", "partner")  # team features need the server
        expected = [GUILD] if servers_only else [GUILD, BOT_DM]
        assert command["contexts"] == expected, name


def modal_inputs_are_labelled(modal: JSON) -> None:
    """Every text input of a modal sits in a Label (type 18), which carries its label."""
    assert modal["components"]
    for component in modal["components"]:
        assert component["type"] == LABEL, component
        assert 1 <= len(component["label"]) <= 45
        assert component["component"]["type"] == 4
        assert component["component"].get("label") is None


def test_forms_put_their_text_inputs_in_labels(coach: Coach) -> None:
    async def scenario(bot: Coachbot) -> None:
        opened = callback(await bot.slash("goal", subcommand="add"))
        assert opened["type"] == MODAL
        modal_inputs_are_labelled(opened["data"])

    run_scenario(coach, scenario)
    for modal in (GoalModal(), WinModal(), AnswerModal("What went well?"), VacationModal()):
        modal_inputs_are_labelled(modal.to_dict())


def test_a_message_from_an_uncached_guild_is_not_answered_as_a_dm(
    coach: Coach, sessions: SessionFactory
) -> None:
    """discord.py gives a message from a guild it has not cached no guild, only a partial
    channel; answering it as a DM would post a member's journal reply in public."""

    async def scenario(bot: Coachbot) -> None:
        payload = guild_message("Shipped the billing page", guild_id=9999)
        result = await dispatch_message(bot.client, payload, fake=bot.fake)
        assert result.message is not None and result.message.guild is None
        assert result.calls == []
        assert bot.fake.messages_in(CHANNEL_ID) == []

    run_scenario(coach, scenario)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Entry)) == 0


def test_the_client_uses_only_the_intents_it_needs_and_shards(coach: Coach) -> None:
    client = make_client(coach)
    assert client.intents == discord.Intents(guilds=True, dm_messages=True)
    assert not client.intents.message_content and not client.intents.guild_messages
    assert isinstance(client, discord.AutoShardedClient)


def test_the_invite_link_lets_digests_reach_private_channels() -> None:
    url = urlparse(invite_url(APPLICATION_ID))
    query = parse_qs(url.query)
    assert query["scope"] == ["bot applications.commands"]
    granted = discord.Permissions(int(query["permissions"][0]))
    assert granted.view_channel and granted.send_messages
    assert granted.embed_links and granted.attach_files
    assert invite_url("APP_ID") in README.read_text()  # the README gives the same link


def test_a_milestone_takes_its_due_date_as_its_own_option(
    coach: Coach, sessions: SessionFactory
) -> None:
    """The milestone text is only its title (capped at the title's limit); the date has
    an option of its own."""

    async def scenario(bot: Coachbot) -> None:
        await bot.command("goal", {"title": "Pass the CKA exam"}, subcommand="add")
        options = {"goal": 1, "action": "add", "text": "Practice exam", "due": "2027-01-15"}
        answer = await bot.command("goal", options, subcommand="milestone")
        assert "Practice exam" in embed_text(answer)

    run_scenario(coach, scenario)
    with sessions() as session:
        milestone = session.scalars(select(Milestone)).one()
    assert (milestone.title, milestone.due) == ("Practice exam", date(2027, 1, 15))
