"""Drive a real ``discord.Client`` + ``app_commands.CommandTree`` against :class:`FakeDiscord`.

Events reach discord.py the way the gateway delivers them in production: a realistic v10
``INTERACTION_CREATE`` / ``MESSAGE_CREATE`` / ``READY`` / ``GUILD_CREATE`` payload is handed to
the client's own ``ConnectionState.parse_*`` method, which builds the real ``discord.Interaction``
(or ``Message``) and routes it — application commands and autocomplete to the
``CommandTree``, components and modal submits to the ``ViewStore`` (persistent views, dynamic
items, modals) — exactly as ``DiscordWebSocket.received_message`` would. Only the websocket is
skipped; every REST call goes over HTTP to the fake::

    async with discord_session(tree_factory=build_tree) as (fake, client):
        result = await dispatch_interaction(client, slash_command("ping", user_id=42))
        assert result.callback.json["type"] == 4

Ids (see ``fake_discord``): bot user = application = ``1000``; DMs with user ``n`` happen in
channel ``2000 + n``; the default guild is :data:`GUILD_ID` with text channel
:data:`CHANNEL_ID`; the default member is :data:`USER_ID`.

discord.py internals this module touches (cite these; check them when upgrading discord.py):

* ``discord.http.Route.BASE`` — via ``fake_discord.use_fake_api``.
* ``client._connection`` (the ``ConnectionState``) and its gateway parsers
  ``parse_ready``, ``parse_guild_create``, ``parse_interaction_create``,
  ``parse_message_create``: called with gateway payloads, as the websocket does.
* ``client._connection._command_tree``: read by :func:`tree_of` (``CommandTree(client)``
  registers itself there; ``Client`` has no public accessor).
* For an ``AutoShardedClient``, ``client._connection.shard_count`` and ``shard_ids``: set by
  :func:`mark_ready` as ``launch_shards`` does (``AutoShardedConnectionState.parse_ready``
  marks the client ready once every shard in ``shard_ids`` sent READY).
* ``Client.wait_for`` registers its listener synchronously when *called* (it is a plain
  function returning ``asyncio.wait_for(...)``); the dispatch helpers rely on that to capture
  the ``Interaction``/``Message`` the parser builds, before the parser runs.
* Tasks: ``CommandTree._from_interaction`` and the ``ViewStore`` schedule handlers with
  ``create_task`` during the (synchronous) parse; the dispatch helpers await exactly the tasks
  that appear during the parse call.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import copy
import secrets
import weakref
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import discord
from discord import app_commands

from tests.discord.fake_discord import (
    APPLICATION_ID,
    ATTACHMENT_SIZE_LIMIT,
    BOT_USER_ID,
    BOT_USERNAME,
    JSON,
    Call,
    FakeDiscord,
    dm_channel_id,
    next_snowflake,
    now_iso,
    use_fake_api,
    user_payload,
)

USER_ID = 42
GUILD_ID = 7000
CHANNEL_ID = 7001
LOCALE = "en-US"

# Options every test client is built with (pass them to your own Client subclass too):
# no member chunking (it would need the websocket) and READY settles 10 ms after the last guild.
CLIENT_OPTIONS: dict[str, Any] = {
    "application_id": APPLICATION_ID,
    "chunk_guilds_at_startup": False,
    "guild_ready_timeout": 0.01,
}

MEMBER_PERMISSIONS = str(
    discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        create_public_threads=True,
        embed_links=True,
        attach_files=True,
        add_reactions=True,
        use_external_emojis=True,
        read_message_history=True,
        use_application_commands=True,
        connect=True,
        speak=True,
        change_nickname=True,
    ).value
)
APP_PERMISSIONS = str(
    discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        attach_files=True,
        add_reactions=True,
        read_message_history=True,
        use_application_commands=True,
    ).value
)

Options = Sequence[Mapping[str, Any]] | Mapping[str, Any]
TreeFactory = Callable[[discord.Client], app_commands.CommandTree[Any]]

_FAKES: weakref.WeakKeyDictionary[discord.Client, FakeDiscord] = weakref.WeakKeyDictionary()


# ---------------------------------------------------------------------- clients


async def logged_in_client(
    fake: FakeDiscord,
    tree_factory: TreeFactory | None = None,
    intents: discord.Intents | None = None,
    *,
    client: discord.Client | None = None,
    ready: bool = True,
    guilds: Iterable[JSON] = (),
    **options: Any,
) -> discord.Client:
    """A real client logged in against ``fake`` (no gateway connection).

    Builds ``discord.Client(intents=intents or Intents.default(), **CLIENT_OPTIONS, **options)``
    unless ``client`` is given (e.g. coachbot's own subclass, built with ``**CLIENT_OPTIONS``).
    ``tree_factory(client)`` runs before login, so a ``setup_hook`` sees the tree. Then
    ``await client.login(fake.token)`` (GET /users/@me and /oauth2/applications/@me; runs
    ``setup_hook``), so ``client.user``, ``client.http`` and ``client.application_id`` are
    set. With ``ready`` (default) a READY event is fed through ``parse_ready`` followed by a
    GUILD_CREATE per ``guilds`` payload, and this returns once ``client.is_ready()``.

    Must run inside ``use_fake_api(fake)``.
    """
    if fake.api_base != discord.http.Route.BASE:
        raise RuntimeError("wrap the test in `with use_fake_api(fake):` first")
    if client is None:
        settings = CLIENT_OPTIONS | options
        client = discord.Client(intents=intents or discord.Intents.default(), **settings)
    _FAKES[client] = fake
    if tree_factory is not None:
        tree_factory(client)
    await client.login(fake.token)
    guild_list = list(guilds)
    if ready:
        await mark_ready(client, guild_list)
    else:
        for guild in guild_list:
            add_guild(client, guild)
    return client


@contextlib.asynccontextmanager
async def discord_session(
    tree_factory: TreeFactory | None = None,
    intents: discord.Intents | None = None,
    **kwargs: Any,
) -> AsyncIterator[tuple[FakeDiscord, discord.Client]]:
    """Start a fake, point discord.py at it, log a client in; close both afterwards."""
    async with FakeDiscord() as fake:
        with use_fake_api(fake):
            client = await logged_in_client(fake, tree_factory, intents, **kwargs)
            try:
                yield fake, client
            finally:
                await client.close()


def fake_for(client: discord.Client) -> FakeDiscord:
    """The fake ``client`` was logged in against by :func:`logged_in_client`."""
    try:
        return _FAKES[client]
    except KeyError:
        raise LookupError("client was not logged in with logged_in_client()") from None


def tree_of(client: discord.Client) -> app_commands.CommandTree[Any] | None:
    """The CommandTree attached to ``client`` (reads ``client._connection._command_tree``)."""
    tree: app_commands.CommandTree[Any] | None = client._connection._command_tree
    return tree


def add_guild(client: discord.Client, payload: JSON) -> discord.Guild:
    """Feed a GUILD_CREATE through ``ConnectionState.parse_guild_create``; return the guild."""
    client._connection.parse_guild_create(payload)
    guild = client.get_guild(int(payload["id"]))
    if guild is None:
        raise LookupError(f"guild {payload['id']} did not reach the cache")
    return guild


async def mark_ready(
    client: discord.Client, guilds: Sequence[JSON] = (), timeout: float = 5.0
) -> None:
    """Feed READY (+ one GUILD_CREATE per guild) like the gateway; wait for ``is_ready()``."""
    fake = fake_for(client)
    if isinstance(client, discord.AutoShardedClient):
        await _launch_shards(client)
    client._connection.parse_ready(ready_payload(fake, [int(g["id"]) for g in guilds]))  # type: ignore[arg-type]
    for guild in guilds:
        client._connection.parse_guild_create(guild)
    await asyncio.wait_for(client.wait_until_ready(), timeout)


async def _launch_shards(client: discord.AutoShardedClient) -> None:
    """What ``AutoShardedClient.launch_shards`` sets before connecting (the shard count
    Discord recommends in ``GET /gateway/bot``, the shard ids), without the websockets;
    READY marks the client ready only once every shard in ``shard_ids`` is ready."""
    if client.shard_count is None:
        client.shard_count, _url, _limits = await client.http.get_bot_gateway()
    client._connection.shard_count = client.shard_count
    client._connection.shard_ids = client.shard_ids or range(client.shard_count)


# ---------------------------------------------------------------------- gateway payloads


def ready_payload(fake: FakeDiscord, guild_ids: Iterable[int] = ()) -> JSON:
    """A v10 READY event (guilds arrive unavailable; GUILD_CREATE fills them in)."""
    return {
        "v": 10,
        "user": fake.bot_user(),
        "user_settings": {},
        "guilds": [{"id": str(g), "unavailable": True} for g in guild_ids],
        "guild_join_requests": [],
        "relationships": [],
        "private_channels": [],
        "presences": [],
        "session_id": secrets.token_hex(16),
        "session_type": "normal",
        "resume_gateway_url": "wss://gateway-us-east1-b.discord.gg",
        "shard": [0, 1],
        "application": {"id": str(fake.application_id), "flags": 0},
        "geo_ordered_rtc_regions": ["rotterdam", "frankfurt"],
        "auth_session_id_hash": secrets.token_hex(8),
    }


def text_channel(
    channel_id: int = CHANNEL_ID,
    guild_id: int = GUILD_ID,
    *,
    name: str = "general",
    permissions: str | None = None,
) -> JSON:
    """A v10 guild text channel (as in GUILD_CREATE, or ``channel`` of an interaction)."""
    channel: JSON = {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(guild_id),
        "name": name,
        "position": 0,
        "parent_id": None,
        "topic": None,
        "nsfw": False,
        "rate_limit_per_user": 0,
        "last_message_id": None,
        "last_pin_timestamp": None,
        "permission_overwrites": [],
        "flags": 0,
        "icon_emoji": None,
        "theme_color": None,
    }
    if permissions is not None:
        channel["permissions"] = permissions
    return channel


def dm_channel(user_id: int = USER_ID, *, user: JSON | None = None) -> JSON:
    """A v10 DM channel between the bot and ``user_id`` (id ``2000 + user_id``)."""
    return {
        "id": str(dm_channel_id(user_id)),
        "type": 1,
        "last_message_id": None,
        "flags": 0,
        "recipients": [user or user_payload(user_id)],
    }


def member_payload(
    user_id: int = USER_ID,
    *,
    user: JSON | None = None,
    roles: Sequence[int] = (),
    permissions: str | None = MEMBER_PERMISSIONS,
    nick: str | None = None,
) -> JSON:
    """A v10 guild member (``permissions`` is present in interaction payloads only)."""
    member: JSON = {
        "user": user or user_payload(user_id),
        "roles": [str(r) for r in roles],
        "nick": nick,
        "avatar": None,
        "banner": None,
        "joined_at": "2025-01-06T09:00:00.000000+00:00",
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
        "unusual_dm_activity_until": None,
    }
    if permissions is not None:
        member["permissions"] = permissions
    return member


def guild_payload(
    guild_id: int = GUILD_ID,
    *,
    name: str = "Coachbot Test Guild",
    channels: Sequence[JSON] | None = None,
    members: Sequence[JSON] = (),
    owner_id: int = 1,
) -> JSON:
    """A v10 GUILD_CREATE: one text channel, an @everyone role, the bot as a member."""
    everyone = {
        "id": str(guild_id),
        "name": "@everyone",
        "permissions": MEMBER_PERMISSIONS,
        "position": 0,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "icon": None,
        "unicode_emoji": None,
        "flags": 0,
    }
    bot_member = member_payload(
        BOT_USER_ID, user=user_payload(BOT_USER_ID, BOT_USERNAME, bot=True), permissions=None
    )
    all_members = [bot_member, *(dict(m) for m in members)]
    for member in all_members:
        member.pop("permissions", None)
    return {
        "id": str(guild_id),
        "name": name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(owner_id),
        "region": "deprecated",
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": LOCALE,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "vanity_url_code": None,
        "max_members": 500000,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "application_id": None,
        "features": [],
        "roles": [everyone],
        "emojis": [],
        "stickers": [],
        "soundboard_sounds": [],
        "channels": list(channels) if channels is not None else [text_channel(guild_id=guild_id)],
        "threads": [],
        "members": all_members,
        "member_count": len(all_members),
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "joined_at": "2025-01-06T09:00:00.000000+00:00",
        "large": False,
        "lazy": True,
        "unavailable": False,
        "nsfw": False,
        "incidents_data": None,
    }


def interaction_token(interaction_id: int) -> str:
    """A token shaped like Discord's (base64 of ``interaction:<id>:<secret>``)."""
    raw = f"interaction:{interaction_id}:{secrets.token_urlsafe(48)}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _interaction(
    kind: int,
    data: JSON | None,
    *,
    user_id: int,
    guild_id: int | None,
    channel_id: int | None,
    locale: str,
    user: JSON | None,
    message: JSON | None = None,
    member_permissions: str = MEMBER_PERMISSIONS,
    app_permissions: str = APP_PERMISSIONS,
) -> JSON:
    interaction_id = next_snowflake()
    who = user or user_payload(user_id)
    payload: JSON = {
        "id": str(interaction_id),
        "application_id": str(APPLICATION_ID),
        "type": kind,
        "token": interaction_token(interaction_id),
        "version": 1,
        "locale": locale,
        "app_permissions": app_permissions,
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    }
    if data is not None:
        payload["data"] = data
    if guild_id is not None:
        channel = channel_id or CHANNEL_ID
        payload |= {
            "guild_id": str(guild_id),
            "guild": {"id": str(guild_id), "locale": locale, "features": []},
            "guild_locale": locale,
            "channel_id": str(channel),
            "channel": text_channel(channel, guild_id, permissions=member_permissions),
            "member": member_payload(user=who, permissions=member_permissions),
            "authorizing_integration_owners": {"0": str(guild_id)},
            "context": 0,  # GUILD
        }
    else:
        channel = channel_id or dm_channel_id(int(who["id"]))
        dm = dm_channel(int(who["id"]), user=who)
        dm["id"] = str(channel)
        payload |= {
            "channel_id": str(channel),
            "channel": dm,
            "user": who,
            "authorizing_integration_owners": {"0": "0"},  # guild install, used in the bot DM
            "context": 1,  # BOT_DM
        }
    if message is not None:
        payload["message"] = message
    return payload


def option(name: str, value: Any, type: int | None = None, *, focused: bool = False) -> JSON:
    """One application command option; ``type`` inferred for str/int/float/bool values.

    Explicit types: 6 user, 7 channel, 8 role, 9 mentionable, 11 attachment (value = id). An
    attachment object from ``fake.add_attachment`` as value gives type 11, and the builders add
    it to ``resolved.attachments``.
    """
    if type is None:
        if isinstance(value, Mapping) and "filename" in value:
            type = 11
        elif isinstance(value, bool):
            type = 5
        elif isinstance(value, int):
            type = 4
        elif isinstance(value, float):
            type = 10
        else:
            type = 3
    result: JSON = {"name": name, "type": type, "value": value}
    if focused:
        result["focused"] = True
    return result


def _options(options: Options | None, resolved: JSON) -> list[JSON]:
    if options is None:
        return []
    items = (
        [option(k, v) for k, v in options.items()]
        if isinstance(options, Mapping)
        else [dict(o) for o in options]
    )
    for item in items:
        value = item.get("value")
        if item.get("type") == 11 and isinstance(value, Mapping):
            resolved.setdefault("attachments", {})[str(value["id"])] = dict(value)
            item["value"] = str(value["id"])
    return items


def _nest(options: list[JSON], subcommand: str | None, group: str | None) -> list[JSON]:
    if subcommand is not None:
        options = [{"type": 1, "name": subcommand, "options": options}]
    if group is not None:
        if subcommand is None:
            raise ValueError("a subcommand group needs a subcommand")
        options = [{"type": 2, "name": group, "options": options}]
    return options


def _command_data(
    name: str,
    options: list[JSON],
    *,
    subcommand: str | None,
    group: str | None,
    resolved: JSON,
    command_id: int | None,
    command_guild_id: int | None,
) -> JSON:
    data: JSON = {
        "id": str(command_id or next_snowflake()),
        "name": name,
        "type": 1,
        "options": _nest(options, subcommand, group),
    }
    if resolved:
        data["resolved"] = resolved
    if command_guild_id is not None:
        data["guild_id"] = str(command_guild_id)
    return data


def slash_command(
    name: str,
    options: Options | None = None,
    *,
    user_id: int = USER_ID,
    guild_id: int | None = None,
    channel_id: int | None = None,
    subcommand: str | None = None,
    group: str | None = None,
    resolved: JSON | None = None,
    command_id: int | None = None,
    command_guild_id: int | None = None,
    locale: str = LOCALE,
    user: JSON | None = None,
    member_permissions: str = MEMBER_PERMISSIONS,
    app_permissions: str = APP_PERMISSIONS,
) -> JSON:
    """INTERACTION_CREATE type 2 (chat input) for ``/name [group] [subcommand] options``.

    ``options``: ``{"goal": "AWS"}`` (types inferred) or a list of option dicts (see
    :func:`option`). ``guild_id=None`` means the bot's DM (``user``, context 1) else a guild
    (``member``, context 0). ``command_guild_id`` marks a guild-registered command.
    """
    resolved_data = dict(resolved or {})
    data = _command_data(
        name,
        _options(options, resolved_data),
        subcommand=subcommand,
        group=group,
        resolved=resolved_data,
        command_id=command_id,
        command_guild_id=command_guild_id,
    )
    return _interaction(
        2,
        data,
        user_id=user_id,
        guild_id=guild_id,
        channel_id=channel_id,
        locale=locale,
        user=user,
        member_permissions=member_permissions,
        app_permissions=app_permissions,
    )


def autocomplete(
    name: str,
    focused: str,
    value: str = "",
    *,
    options: Options | None = None,
    focused_type: int = 3,
    user_id: int = USER_ID,
    guild_id: int | None = None,
    channel_id: int | None = None,
    subcommand: str | None = None,
    group: str | None = None,
    command_id: int | None = None,
    command_guild_id: int | None = None,
    locale: str = LOCALE,
    user: JSON | None = None,
) -> JSON:
    """INTERACTION_CREATE type 4: the member is typing ``value`` into option ``focused``.

    ``options`` are the other options already filled in. Discord sends the focused value as
    typed (a string) whatever the option's type.
    """
    resolved: JSON = {}
    filled = _options(options, resolved)
    filled.append({"name": focused, "type": focused_type, "value": value, "focused": True})
    data = _command_data(
        name,
        filled,
        subcommand=subcommand,
        group=group,
        resolved=resolved,
        command_id=command_id,
        command_guild_id=command_guild_id,
    )
    return _interaction(
        4,
        data,
        user_id=user_id,
        guild_id=guild_id,
        channel_id=channel_id,
        locale=locale,
        user=user,
    )


def bot_message(
    *,
    channel_id: int,
    guild_id: int | None = None,
    content: str = "",
    components: Sequence[JSON] = (),
    embeds: Sequence[JSON] = (),
    flags: int = 0,
    message_id: int | None = None,
) -> JSON:
    """A message authored by the bot (what a component interaction's ``message`` is)."""
    message: JSON = {
        "id": str(message_id or next_snowflake()),
        "type": 0,
        "channel_id": str(channel_id),
        "author": user_payload(BOT_USER_ID, BOT_USERNAME, bot=True),
        "content": content,
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": list(embeds),
        "components": list(components),
        "pinned": False,
        "flags": flags,
    }
    if guild_id is not None:
        message["guild_id"] = str(guild_id)
    return message


def _component_for(custom_id: str, component_type: int, values: Sequence[str]) -> JSON:
    if component_type == 2:
        return {"type": 2, "id": 2, "style": 2, "label": "…", "custom_id": custom_id}
    select: JSON = {
        "type": component_type,
        "id": 2,
        "custom_id": custom_id,
        "min_values": 1,
        "max_values": max(1, len(values)),
    }
    if component_type == 3:
        select["options"] = [{"label": v, "value": v} for v in values or ["option"]]
    return select


def component(
    custom_id: str,
    component_type: int = 2,
    *,
    values: Sequence[str] | None = None,
    message: JSON | None = None,
    user_id: int = USER_ID,
    guild_id: int | None = None,
    channel_id: int | None = None,
    resolved: JSON | None = None,
    locale: str = LOCALE,
    user: JSON | None = None,
) -> JSON:
    """INTERACTION_CREATE type 3: a press on button ``custom_id`` (or a select's ``values``).

    ``message`` is the message carrying the component — pass ``fake.message(id)`` for one the
    bot really sent (its channel is used). Without it, a bot message holding just this
    component is made up (needed by ``DynamicItem``, which rebuilds from ``message``).
    """
    if message is None:
        if channel_id is None:
            channel_id = CHANNEL_ID if guild_id is not None else dm_channel_id(user_id)
        row = {
            "type": 1,
            "id": 1,
            "components": [_component_for(custom_id, component_type, values or [])],
        }
        message = bot_message(channel_id=channel_id, guild_id=guild_id, components=[row])
    else:
        message = copy.deepcopy(message)  # never share the fake's stored dict
        channel_id = channel_id or int(message["channel_id"])
        if guild_id is None and message.get("guild_id"):
            guild_id = int(message["guild_id"])
    data: JSON = {"custom_id": custom_id, "component_type": component_type}
    if component_type != 2:
        data["values"] = list(values or [])
    if resolved:
        data["resolved"] = resolved
    return _interaction(
        3,
        data,
        user_id=user_id,
        guild_id=guild_id,
        channel_id=channel_id,
        locale=locale,
        user=user,
        message=message,
    )


def modal_submit(
    custom_id: str,
    values: Mapping[str, str],
    *,
    layout: str = "action_row",
    message: JSON | None = None,
    user_id: int = USER_ID,
    guild_id: int | None = None,
    channel_id: int | None = None,
    locale: str = LOCALE,
    user: JSON | None = None,
) -> JSON:
    """INTERACTION_CREATE type 5: modal ``custom_id`` submitted with text input ``values``.

    ``values`` maps each text input's custom_id to what was typed. ``layout="action_row"``
    wraps each input in an action row (type 1); ``"label"`` in a label (type 18), the newer
    modal layout. ``message`` is set when the modal was opened from a component.
    """
    components: list[JSON] = []
    for index, (input_id, value) in enumerate(values.items()):
        text_input = {"type": 4, "id": 2 * index + 2, "custom_id": input_id, "value": value}
        if layout == "label":
            components.append({"type": 18, "id": 2 * index + 1, "component": text_input})
        elif layout == "action_row":
            components.append({"type": 1, "id": 2 * index + 1, "components": [text_input]})
        else:
            raise ValueError(f"unknown modal layout {layout!r}")
    if message is not None:
        message = copy.deepcopy(message)
        channel_id = channel_id or int(message["channel_id"])
    return _interaction(
        5,
        {"custom_id": custom_id, "components": components},
        user_id=user_id,
        guild_id=guild_id,
        channel_id=channel_id,
        locale=locale,
        user=user,
        message=message,
    )


def dm_message(
    content: str,
    *,
    user_id: int = USER_ID,
    channel_id: int | None = None,
    attachments: Sequence[JSON] = (),
    message_id: int | None = None,
    user: JSON | None = None,
    embeds: Sequence[JSON] = (),
) -> JSON:
    """MESSAGE_CREATE for a member's message in their DM with the bot.

    ``attachments`` are attachment objects from ``fake.add_attachment(...)`` (their ``url``
    serves the bytes, so ``Attachment.read()`` works).
    """
    author = user or user_payload(user_id)
    return {
        "id": str(message_id or next_snowflake()),
        "type": 0,
        "channel_id": str(channel_id or dm_channel_id(int(author["id"]))),
        "channel_type": 1,
        "author": author,
        "content": content,
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": list(attachments),
        "embeds": list(embeds),
        "components": [],
        "pinned": False,
        "flags": 0,
        "nonce": str(next_snowflake()),
    }


def guild_message(
    content: str,
    *,
    user_id: int = USER_ID,
    guild_id: int = GUILD_ID,
    channel_id: int = CHANNEL_ID,
    attachments: Sequence[JSON] = (),
    mentions: Sequence[JSON] = (),
    user: JSON | None = None,
) -> JSON:
    """MESSAGE_CREATE for a member's message in a guild text channel."""
    payload = dm_message(
        content, user_id=user_id, channel_id=channel_id, attachments=attachments, user=user
    )
    member = member_payload(user_id, permissions=None)
    member.pop("user")
    payload |= {
        "channel_type": 0,
        "guild_id": str(guild_id),
        "member": member,
        "mentions": list(mentions),
    }
    return payload


# ---------------------------------------------------------------------- dispatch


@dataclass
class InteractionResult:
    """What happened when an INTERACTION_CREATE was dispatched.

    ``interaction`` is the real ``discord.Interaction`` the handlers got, ``callback`` the
    first ``POST /interactions/{id}/{token}/callback`` the fake recorded (None when not
    expected), ``calls`` every request recorded from dispatch until return (in order).
    """

    payload: JSON
    interaction: discord.Interaction[Any] | None
    callback: Call | None
    calls: list[Call] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)


@dataclass
class MessageResult:
    """What happened when a MESSAGE_CREATE was dispatched."""

    payload: JSON
    message: discord.Message | None
    calls: list[Call] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)


async def _parse_and_run(
    client: discord.Client,
    event: str,
    check: Callable[[Any], bool],
    parse: Callable[[], None],
    timeout: float,
    raise_errors: bool,
) -> tuple[Any, list[BaseException]]:
    """Call the synchronous ``parse``, await the tasks it scheduled, return (event obj, errors).

    ``Client.wait_for`` registers its listener when called, so the object the parser builds
    and dispatches as ``event`` is captured.
    """
    waiter = asyncio.ensure_future(client.wait_for(event, check=check, timeout=timeout))
    try:
        before = asyncio.all_tasks()
        parse()
        spawned = asyncio.all_tasks() - before
        errors: list[BaseException] = []
        if spawned:
            done, pending = await asyncio.wait(spawned, timeout=timeout)
            if pending:
                names = ", ".join(sorted(t.get_name() for t in pending))
                raise TimeoutError(f"handlers still running after {timeout}s: {names}")
            errors = [e for t in done if not t.cancelled() and (e := t.exception()) is not None]
            if errors and raise_errors:
                raise errors[0]
        return await waiter, errors
    finally:
        waiter.cancel()


async def dispatch_interaction(
    client: discord.Client,
    payload: JSON,
    *,
    fake: FakeDiscord | None = None,
    expect_callback: bool = True,
    timeout: float = 5.0,
    raise_errors: bool = True,
) -> InteractionResult:
    """Deliver INTERACTION_CREATE via ``client._connection.parse_interaction_create``.

    The parser builds the ``Interaction`` and hands it to the CommandTree (types 2, 4) or the
    ViewStore (3 components, 5 modals); this awaits the handler tasks it scheduled, then (with
    ``expect_callback``) ``fake.wait_for`` the interaction's callback. Exceptions escaping the
    handler tasks are raised (``raise_errors``); errors discord.py handles itself (command
    errors → ``CommandTree.on_error``, view errors → ``View.on_error``) are only logged, as
    in production — assert on the callback.
    """
    fake = fake or fake_for(client)
    fake.register_interaction(payload)
    start = len(fake.calls)
    interaction_id = int(payload["id"])
    interaction, errors = await _parse_and_run(
        client,
        "interaction",
        lambda i: bool(i.id == interaction_id),
        lambda: client._connection.parse_interaction_create(payload),  # type: ignore[arg-type]
        timeout,
        raise_errors,
    )
    callback: Call | None = None
    if expect_callback:
        path = f"/interactions/{payload['id']}/{payload['token']}/callback"
        callback = (await fake.wait_for(("POST", path), since=start, timeout=timeout))[0]
    return InteractionResult(payload, interaction, callback, fake.calls[start:], errors)


async def dispatch_message(
    client: discord.Client,
    payload: JSON,
    *,
    fake: FakeDiscord | None = None,
    timeout: float = 5.0,
    raise_errors: bool = True,
) -> MessageResult:
    """Deliver MESSAGE_CREATE via ``client._connection.parse_message_create``.

    Awaits the ``on_message`` handler tasks the dispatch scheduled before returning.
    """
    fake = fake or fake_for(client)
    start = len(fake.calls)
    message_id = int(payload["id"])
    message, errors = await _parse_and_run(
        client,
        "message",
        lambda m: bool(m.id == message_id),
        lambda: client._connection.parse_message_create(payload),  # type: ignore[arg-type]
        timeout,
        raise_errors,
    )
    return MessageResult(payload, message, fake.calls[start:], errors)
