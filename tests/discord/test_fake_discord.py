"""The fake Discord API and harness drive a real discord.py client end to end."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands

from tests.discord.fake_discord import (
    APPLICATION_ID,
    BOT_USER_ID,
    EPHEMERAL,
    LOADING,
    FakeDiscord,
    dm_channel_id,
    use_fake_api,
)
from tests.discord.harness import (
    CHANNEL_ID,
    CLIENT_OPTIONS,
    GUILD_ID,
    USER_ID,
    autocomplete,
    component,
    discord_session,
    dispatch_interaction,
    dispatch_message,
    dm_message,
    guild_payload,
    logged_in_client,
    modal_submit,
    slash_command,
)

GOALS = ["AWS Solutions Architect", "Kubernetes CKA", "Azure Fundamentals"]


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(asyncio.wait_for(scenario(), timeout=30))


class CheckinModal(discord.ui.Modal, title="Check-in"):
    answer: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="What did you do?", custom_id="answer"
    )

    def __init__(self, seen: list[str]) -> None:
        super().__init__(custom_id="checkin:modal")
        self.seen = seen

    async def on_submit(self, interaction: discord.Interaction) -> None:
        self.seen.append(self.answer.value)
        await interaction.response.send_message(f"Logged: {self.answer.value}", ephemeral=True)


class PersistentMenu(discord.ui.View):
    def __init__(self, pressed: list[int] | None = None) -> None:
        super().__init__(timeout=None)
        self.pressed = pressed if pressed is not None else []

    @discord.ui.button(label="Done", style=discord.ButtonStyle.primary, custom_id="x:1")
    async def done(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        self.pressed.append(interaction.user.id)
        await interaction.response.edit_message(content="Marked done", view=None)


class Shortcut(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"cb:(?P<command>/.+)"):
    def __init__(self, command: str) -> None:
        super().__init__(discord.ui.Button(label="Go", custom_id=f"cb:{command}"))
        self.command = command

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> Shortcut:
        return cls(match["command"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"ran {self.command}", ephemeral=True)


def build_tree(
    client: discord.Client, seen: list[str] | None = None
) -> app_commands.CommandTree[Any]:
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(client)
    answers = seen if seen is not None else []

    @tree.command(name="ping", description="Private pong")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    @tree.command(name="report", description="Weekly report as a file")
    async def report(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        data = io.BytesIO(b"week 1: 3 goals, 2 done")
        await interaction.followup.send(
            "Your report", file=discord.File(data, filename="report.txt")
        )

    @tree.command(name="menu", description="Send a persistent menu")
    async def menu(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Today's task", view=PersistentMenu())

    @tree.command(name="checkin", description="Open the check-in form")
    async def checkin(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(CheckinModal(answers))

    goals = app_commands.Group(name="goals", description="Your goals")

    @goals.command(name="show", description="Show one goal")
    @app_commands.describe(goal="Which goal")
    async def show(interaction: discord.Interaction, goal: str) -> None:
        await interaction.response.send_message(f"Goal: {goal}")

    @show.autocomplete("goal")
    async def goal_names(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=g, value=g) for g in GOALS if current.lower() in g.lower()]

    tree.add_command(goals)
    return tree


def test_login_uses_the_fake_and_a_bad_token_fails() -> None:
    async def scenario() -> None:
        async with discord_session() as (fake, client):
            assert client.user is not None and client.user.id == BOT_USER_ID
            assert client.user.bot
            assert client.application_id == APPLICATION_ID
            assert client.is_ready()
            me = fake.calls_to("GET", "/users/@me")[0]
            assert me.headers["Authorization"] == "Bot fake-token"
            with use_fake_api(fake):
                bad = discord.Client(intents=discord.Intents.default())
                with pytest.raises(discord.LoginFailure):
                    await bad.login("wrong-token")
                await bad.close()
        assert discord.http.Route.BASE == "https://discord.com/api/v10"  # restored

    run(scenario)


def test_ephemeral_reply_in_guild_and_dm() -> None:
    async def scenario() -> None:
        async with discord_session(build_tree, guilds=[guild_payload()]) as (fake, client):
            result = await dispatch_interaction(client, slash_command("ping", guild_id=GUILD_ID))
            assert result.callback is not None
            assert result.callback.json == {
                "type": 4,
                "data": {"content": "pong", "tts": False, "flags": EPHEMERAL},
            }
            assert result.callback.query == {"with_response": "1"}
            assert result.interaction is not None
            assert result.interaction.guild is not None and result.interaction.guild.id == GUILD_ID
            assert result.interaction.guild.name == "Coachbot Test Guild"  # from GUILD_CREATE
            assert isinstance(result.interaction.user, discord.Member)
            assert result.interaction.channel_id == CHANNEL_ID
            assert not result.interaction.command_failed

            dm = await dispatch_interaction(client, slash_command("ping", user_id=77))
            assert dm.callback is not None and dm.callback.json["data"]["flags"] == EPHEMERAL
            assert dm.interaction is not None
            assert isinstance(dm.interaction.channel, discord.DMChannel)
            assert dm.interaction.user.id == 77
            message = fake.messages[int(dm.callback.response["interaction"]["response_message_id"])]
            assert message["channel_id"] == str(dm_channel_id(77))
            assert message["interaction_metadata"]["user"]["id"] == "77"

    run(scenario)


def test_defer_then_followup_with_file() -> None:
    async def scenario() -> None:
        async with discord_session(build_tree) as (fake, client):
            result = await dispatch_interaction(client, slash_command("report"))
            assert result.callback is not None and result.callback.json == {"type": 5}
            assert result.callback.response["interaction"]["response_message_loading"] is True
            [followup] = await fake.wait_for(("POST", f"/webhooks/{APPLICATION_ID}/"))
            assert followup.files == [("report.txt", b"week 1: 3 goals, 2 done")]
            assert followup.json["content"] == "Your report"
            assert followup.json["attachments"] == [{"id": 0, "filename": "report.txt"}]
            assert followup.query["wait"] == "1"
            # Discord turns the "thinking" placeholder into the first followup.
            original = result.callback.response["interaction"]["response_message_id"]
            assert followup.response["id"] == original
            assert not followup.response["flags"] & LOADING
            [attachment] = followup.response["attachments"]
            assert attachment["filename"] == "report.txt"

            assert result.interaction is not None
            edited = await result.interaction.edit_original_response(content="Report v2")
            assert edited.id == int(original) and edited.content == "Report v2"
            assert fake.calls[-1].method == "PATCH"
            assert fake.calls[-1].path.endswith("/messages/@original")
            fetched = await result.interaction.original_response()
            assert (
                fetched.content == "Report v2" and fetched.attachments[0].filename == "report.txt"
            )

    run(scenario)


def test_group_subcommand_and_autocomplete() -> None:
    async def scenario() -> None:
        async with discord_session(build_tree) as (_, client):
            typed = autocomplete("goals", "goal", "aws", subcommand="show")
            result = await dispatch_interaction(client, typed)
            assert result.callback is not None
            assert result.callback.json == {
                "type": 8,
                "data": {
                    "choices": [
                        {"name": "AWS Solutions Architect", "value": "AWS Solutions Architect"}
                    ]
                },
            }
            chosen = slash_command("goals", {"goal": "Kubernetes CKA"}, subcommand="show")
            result = await dispatch_interaction(client, chosen)
            assert result.callback is not None
            assert result.callback.json["data"]["content"] == "Goal: Kubernetes CKA"

    run(scenario)


def test_persistent_view_survives_a_restart() -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with use_fake_api(fake):
                before = await logged_in_client(fake, build_tree)
                sent = await dispatch_interaction(before, slash_command("menu"))
                assert sent.callback is not None
                [row] = sent.callback.json["data"]["components"]
                assert row["components"][0]["custom_id"] == "x:1"
                message_id = sent.callback.response["resource"]["message"]["id"]
                await before.close()

                # A fresh process: the view is re-registered without a message id.
                after = await logged_in_client(fake, build_tree)
                pressed: list[int] = []
                after.add_view(PersistentMenu(pressed))
                press = component("x:1", message=fake.message(message_id), user_id=55)
                result = await dispatch_interaction(after, press)
                assert pressed == [55]
                assert result.callback is not None
                assert result.callback.json["type"] == 7
                assert result.callback.json["data"]["components"] == []
                assert fake.message(message_id)["content"] == "Marked done"
                assert fake.message(message_id)["edited_timestamp"] is not None
                await after.close()

    run(scenario)


def test_dynamic_item_button_without_stored_message() -> None:
    async def scenario() -> None:
        async with discord_session() as (_, client):
            client.add_dynamic_items(Shortcut)
            result = await dispatch_interaction(client, component("cb:/goals list"))
            assert result.callback is not None
            assert result.callback.json["data"]["content"] == "ran /goals list"
            unknown = await dispatch_interaction(client, component("zz:1"), expect_callback=False)
            assert unknown.callback is None and unknown.calls == []

    run(scenario)


def test_modal_submit_reaches_on_submit() -> None:
    async def scenario() -> None:
        seen: list[str] = []
        async with discord_session(lambda c: build_tree(c, seen)) as (_, client):
            opened = await dispatch_interaction(client, slash_command("checkin"))
            assert opened.callback is not None and opened.callback.json["type"] == 9
            modal = opened.callback.json["data"]
            assert modal["custom_id"] == "checkin:modal"
            assert modal["components"][0]["components"][0]["custom_id"] == "answer"

            submitted = await dispatch_interaction(
                client, modal_submit("checkin:modal", {"answer": "Shipped the API"})
            )
            assert seen == ["Shipped the API"]
            assert submitted.callback is not None
            assert submitted.callback.json["data"]["content"] == "Logged: Shipped the API"

            again = modal_submit("checkin:modal", {"answer": "x"}, layout="label")
            ignored = await dispatch_interaction(client, again, expect_callback=False)
            assert ignored.callback is None  # the modal finished after its first submit
            assert seen == ["Shipped the API"]

    run(scenario)


def test_dm_via_create_dm_with_no_pings() -> None:
    async def scenario() -> None:
        async with discord_session() as (fake, client):
            user = await client.fetch_user(USER_ID)
            channel = await user.create_dm()
            assert channel.id == dm_channel_id(USER_ID)
            sent = await channel.send(
                "@everyone you hit your streak", allowed_mentions=discord.AllowedMentions.none()
            )
            assert sent.author.id == BOT_USER_ID
            [opened] = fake.calls_to("POST", "/users/@me/channels")
            assert opened.json == {"recipient_id": USER_ID}
            [call] = fake.calls_to("POST", f"/channels/{dm_channel_id(USER_ID)}/messages")
            assert call.json["allowed_mentions"]["parse"] == []
            assert call.json["content"] == "@everyone you hit your streak"

            raw = await client.http.send_message(
                channel.id, params=discord.http.handle_message_parameters(content="via http")
            )
            assert raw["content"] == "via http"

    run(scenario)


def test_rate_limited_send_is_retried() -> None:
    async def scenario() -> None:
        async with discord_session(build_tree) as (fake, client):
            path = f"/channels/{dm_channel_id(USER_ID)}/messages"
            fake.rate_limit(path, times=1, retry_after=0.05)
            channel = await (await client.fetch_user(USER_ID)).create_dm()
            message = await channel.send("after the limit")
            assert message.content == "after the limit"
            statuses = [c.status for c in fake.calls_to("POST", path)]
            assert statuses == [429, 200]

            # The webhook adapter (followups) retries too.
            fake.rate_limit(f"/webhooks/{APPLICATION_ID}/", times=1, retry_after=0.05)
            await dispatch_interaction(client, slash_command("report"))
            await fake.wait_for(("POST", f"/webhooks/{APPLICATION_ID}/"), count=2)
            hooks = [c.status for c in fake.calls_to("POST", f"/webhooks/{APPLICATION_ID}/")]
            assert hooks == [429, 200]

    run(scenario)


def test_dm_message_reaches_on_message_and_attachments_download() -> None:
    async def scenario() -> None:
        class Echo(discord.Client):
            async def on_message(self, message: discord.Message) -> None:
                if message.author.bot:
                    return
                data = await message.attachments[0].read() if message.attachments else b""
                await message.channel.send(f"got {message.content} ({len(data)} bytes)")

        async with FakeDiscord() as fake:
            with use_fake_api(fake):
                client = Echo(intents=discord.Intents.default(), **CLIENT_OPTIONS)
                await logged_in_client(fake, client=client)
                cv = fake.add_attachment(
                    "cv.pdf", b"%PDF-1.7 fake", channel_id=dm_channel_id(USER_ID)
                )
                result = await dispatch_message(client, dm_message("my cv", attachments=[cv]))
                assert result.message is not None
                assert isinstance(result.message.channel, discord.DMChannel)
                [reply] = [c for c in result.calls if c.method == "POST"]
                assert reply.path == f"/channels/{dm_channel_id(USER_ID)}/messages"
                assert reply.json["content"] == "got my cv (13 bytes)"
                await client.close()

    run(scenario)


def test_command_sync_and_double_acknowledgement() -> None:
    async def scenario() -> None:
        tree: list[app_commands.CommandTree[Any]] = []

        def factory(client: discord.Client) -> app_commands.CommandTree[Any]:
            tree.append(build_tree(client))
            return tree[0]

        async with discord_session(factory) as (fake, client):
            synced = await tree[0].sync()
            assert sorted(c.name for c in synced) == ["checkin", "goals", "menu", "ping", "report"]
            [put] = fake.calls_to("PUT", f"/applications/{APPLICATION_ID}/commands")
            assert {c["name"] for c in put.json} == {"checkin", "goals", "menu", "ping", "report"}
            guild_synced = await tree[0].sync(guild=discord.Object(GUILD_ID))
            assert guild_synced == []

            answered = slash_command("ping")
            await dispatch_interaction(client, answered)
            pending = slash_command("ping")
            fake.register_interaction(pending)
            async with aiohttp.ClientSession() as http:
                again = (
                    f"{fake.api_base}/interactions/{answered['id']}/{answered['token']}/callback"
                )
                async with http.post(again, json={"type": 4, "data": {"content": "x"}}) as resp:
                    assert resp.status == 400
                    assert (await resp.json())["code"] == 40060
                early = f"{fake.api_base}/webhooks/{APPLICATION_ID}/{pending['token']}?wait=1"
                async with http.post(early, json={"content": "too early"}) as resp:
                    assert resp.status == 404
                    assert (await resp.json())["code"] == 10015
                async with http.get(f"{fake.api_base}/nope") as resp:
                    assert resp.status == 404
                    assert await resp.json() == {"message": "Unknown", "code": 0}
            assert fake.calls[-1].path == "/nope" and fake.calls[-1].status == 404

    run(scenario)
