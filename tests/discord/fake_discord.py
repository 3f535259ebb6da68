"""A fake Discord REST API (v10) on 127.0.0.1 for tests that drive a real discord.py client.

Nothing here talks to Discord. :class:`FakeDiscord` is an aiohttp app on ``127.0.0.1`` (port 0)
that answers the REST routes discord.py 2.7 calls with the JSON shapes Discord documents, and
records every request (known or not) as a :class:`Call`::

    async with FakeDiscord() as fake, use_fake_api(fake):
        client = discord.Client(intents=discord.Intents.default())
        await client.login(fake.token)                 # GET /users/@me, /oauth2/applications/@me
        user = await client.fetch_user(42)
        await user.send("hi")                          # POST /users/@me/channels, then messages
        [call] = await fake.wait_for(("POST", "/channels/2042/messages"))

``Call.path`` is the path *below* the API prefix (``/channels/2042/messages``), ``Call.json`` the
decoded JSON body, or for multipart requests the decoded ``payload_json`` part, and
``Call.files`` the uploaded ``(filename, bytes)`` parts.

Ids: the bot user and the application are both ``1000`` (as for every modern bot, the
application id equals the bot user's id); ``fake.token`` is ``"fake-token"``; the DM channel
with user ``n`` is ``2000 + n`` (:func:`dm_channel_id`). Every other id (messages, attachments,
commands, interactions) is a real time-based snowflake from :func:`next_snowflake`.

Behaviour worth knowing (each mirrors Discord):

* Bot routes need ``Authorization: Bot <fake.token>`` and answer 401 otherwise (so a bad token
  makes ``client.login`` raise ``LoginFailure``); interaction callbacks and webhook routes
  are authorised by the token in their path.
* ``POST /interactions/{id}/{token}/callback``: types 1 pong, 4 message, 5 deferred message
  (creates the "thinking…" original with flag LOADING 128), 6 deferred update, 7 update the
  component's message, 8 autocomplete result, 9 modal, 10 premium required, 12 launch activity.
  discord.py ≥ 2.5 always sends ``?with_response=1``; the answer is then Discord's *interaction
  callback response* ``{"interaction": {...}, "resource": {"type": n, "message": {...}}}`` that
  ``discord.InteractionCallbackResponse`` parses (without the flag: 204). A second callback for
  the same interaction answers 400 code 40060 ("Interaction has already been acknowledged").
* ``/webhooks/{application_id}/{token}`` (followups) and ``.../messages/@original|{id}``
  (get/edit/delete). For an interaction the fake knows (:meth:`FakeDiscord.register_interaction`,
  done by ``harness.dispatch_interaction``) a followup before any callback answers 404 code 10015
  (Unknown Webhook), and the first followup after a type 5 defer *replaces* the loading
  original (same message id, ephemeral flag taken from the defer), as Discord does.
* Messages are stored (:attr:`FakeDiscord.messages`) with author, ``webhook_id``,
  ``interaction_metadata``, component ``id``s and attachments whose ``url`` points back at this
  server (``GET /attachments/{channel}/{id}/{filename}`` serves the bytes, so
  ``Attachment.read()`` works). :meth:`FakeDiscord.add_attachment` stores a member's upload.
* :meth:`FakeDiscord.rate_limit` makes the next matching requests answer 429 with the body
  discord.py reads (``retry_after`` float, ``global``) and the headers Discord sends
  (``Retry-After``, ``X-RateLimit-Limit/-Remaining: 0/-Reset/-Reset-After/-Bucket/-Scope``,
  ``X-RateLimit-Global`` for global limits). Every answer carries ``Via: 1.1 google``:
  discord.py treats a 429 *without* ``Via`` as a Cloudflare ban and raises instead of
  retrying. Successful answers carry ``X-RateLimit-*`` headers with tokens to spare.
* JSON answers use ``Content-Type: application/json`` exactly: ``discord.http.json_or_text``
  only decodes bodies whose content type is that exact string.
* Unknown routes answer 404 ``{"message": "Unknown", "code": 0}`` and are recorded.

discord.py internals this module touches (cite these; check them when upgrading discord.py):

* ``discord.http.Route.BASE`` (class attribute, ``"https://discord.com/api/v10"``): every
  ``Route`` builds its URL as ``self.BASE + path`` in ``__init__``. The webhook adapters
  (``discord/webhook/async_.py`` and ``sync.py``, used for interaction callbacks, followups and
  ``@original`` edits) import the same ``Route`` class, so patching this one attribute redirects
  both. :func:`use_fake_api` sets it to :attr:`FakeDiscord.api_base` and restores it.
* The wire contracts of ``discord.http.HTTPClient.request`` and
  ``discord.webhook.async_.AsyncWebhookAdapter.request`` described above (``Via`` on 429,
  ``retry_after`` in the body, exact JSON content type, ``X-Ratelimit-*`` parsing).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import math
import mimetypes
import re
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import discord.http
from aiohttp import BodyPartReader, web

from tests.discord.api_spec import body_errors

JSON = dict[str, Any]

API_VERSION = 10
API_PREFIX = f"/api/v{API_VERSION}"
BOT_USER_ID = 1000
APPLICATION_ID = BOT_USER_ID  # modern bots: application id == bot user id
BOT_USERNAME = "coachbot"
BOT_TOKEN = "fake-token"
DM_CHANNEL_BASE = 2000
DEFAULT_CHANNEL_ID = 3000  # used for interaction messages when the interaction is unknown
DISCORD_EPOCH_MS = 1_420_070_400_000
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024

EPHEMERAL = 1 << 6
LOADING = 1 << 7

# Interaction callback types (https://discord.com/developers/docs/interactions/receiving-and-responding)
PONG = 1
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9
PREMIUM_REQUIRED = 10
LAUNCH_ACTIVITY = 12
CALLBACK_TYPES = frozenset(
    {
        PONG,
        CHANNEL_MESSAGE,
        DEFERRED_CHANNEL_MESSAGE,
        DEFERRED_UPDATE_MESSAGE,
        UPDATE_MESSAGE,
        AUTOCOMPLETE_RESULT,
        MODAL,
        PREMIUM_REQUIRED,
        LAUNCH_ACTIVITY,
    }
)

# Message types
DEFAULT_MESSAGE = 0
CHAT_INPUT_COMMAND_MESSAGE = 20


class _Snowflakes:
    """Time-based, strictly increasing snowflakes (worker 1, process 0)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0
        self._increment = itertools.count()

    def __call__(self) -> int:
        with self._lock:
            millis = int(time.time() * 1000) - DISCORD_EPOCH_MS
            value = (millis << 22) | (1 << 17) | (next(self._increment) & 0xFFF)
            self._last = value = max(value, self._last + 1)
            return value


next_snowflake = _Snowflakes()


def dm_channel_id(user_id: int) -> int:
    """The id of the DM channel the fake creates between the bot and ``user_id``."""
    return DM_CHANNEL_BASE + user_id


def now_iso() -> str:
    """A timestamp the way Discord writes them (ISO 8601 with microseconds and +00:00)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def user_payload(
    user_id: int,
    username: str | None = None,
    *,
    global_name: str | None = None,
    bot: bool = False,
) -> JSON:
    """A v10 user object."""
    name = username or f"user{user_id}"
    data: JSON = {
        "id": str(user_id),
        "username": name,
        "global_name": global_name if global_name is not None else name.title(),
        "discriminator": "0",
        "avatar": None,
        "avatar_decoration_data": None,
        "banner": None,
        "accent_color": None,
        "public_flags": 0,
        "flags": 0,
        "collectibles": None,
        "primary_guild": None,
    }
    if bot:
        data["bot"] = True
        data["global_name"] = global_name
    return data


@dataclass
class Call:
    """One request the fake received.

    ``json`` is the decoded body (a list for bulk command upserts), or the ``payload_json``
    part of a multipart body; ``files`` the uploaded ``(filename, bytes)`` parts in order.
    ``status`` and ``response`` are what the fake answered.
    """

    method: str
    path: str
    json: Any
    files: list[tuple[str, bytes]]
    headers: dict[str, str]
    query: dict[str, str] = field(default_factory=dict)
    status: int = 0
    response: Any = None

    def matches(self, method: str | None, path_prefix: str) -> bool:
        """Whether this call used ``method`` (None or "*": any) on a path starting so."""
        method_ok = method in (None, "*") or self.method == (method or "").upper()
        return method_ok and self.path.startswith(path_prefix)


@dataclass
class _Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # non-JSON body (CDN downloads)
    content_type: str = "application/json"


@dataclass
class _RateLimit:
    method: str | None
    path_prefix: str
    remaining: int
    retry_after: float
    is_global: bool
    scope: str


@dataclass
class _Request:
    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[tuple[str, bytes]]
    headers: dict[str, str]


@dataclass
class InteractionRecord:
    """What the fake knows about an interaction it was told about, and how it was answered."""

    payload: JSON
    acknowledged: bool = False
    response_type: int | None = None
    original_message_id: int | None = None

    @property
    def id(self) -> int:
        return int(self.payload["id"])

    @property
    def channel_id(self) -> int:
        return int(self.payload.get("channel_id") or DEFAULT_CHANNEL_ID)

    @property
    def guild_id(self) -> int | None:
        value = self.payload.get("guild_id")
        return int(value) if value else None

    @property
    def user(self) -> JSON:
        member = self.payload.get("member")
        if member is not None:
            user: JSON = member["user"]
            return user
        found: JSON = self.payload.get("user") or user_payload(0)
        return found


Handler = Callable[[_Request, "re.Match[str]"], Awaitable[_Reply]]
Matcher = Callable[[Call], bool] | tuple[str, str]


def _json_bytes(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode()


def _error(status: int, message: str, code: int = 0) -> _Reply:
    return _Reply(status, {"message": message, "code": code})


def _truthy(value: str | None) -> bool:
    return value is not None and value.lower() in {"1", "true", "yes"}


class FakeDiscord:
    """A fake Discord REST API v10 on 127.0.0.1; use as ``async with FakeDiscord() as fake``."""

    def __init__(
        self,
        *,
        token: str = BOT_TOKEN,
        bot_user_id: int = BOT_USER_ID,
        application_id: int = APPLICATION_ID,
        bot_username: str = BOT_USERNAME,
        host: str = "127.0.0.1",
    ) -> None:
        self.token = token
        self.bot_user_id = bot_user_id
        self.application_id = application_id
        self.bot_username = bot_username
        self.host = host
        self.calls: list[Call] = []
        self.users: dict[int, JSON] = {}
        self.channels: dict[int, JSON] = {}
        self.messages: dict[int, JSON] = {}
        self.interactions: dict[int, InteractionRecord] = {}
        self.commands: dict[int | None, list[JSON]] = {}
        self.cdn: dict[str, tuple[bytes, str]] = {}
        self._tokens: dict[str, int] = {}
        self._rate_limits: list[_RateLimit] = []
        self.joined_guilds: dict[int, JSON] = {}
        self.dms_refused_by: set[int] = set()
        self.channels_gone: set[int] = set()
        self.commands_denied_in: set[int] = set()
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._routes: list[tuple[str, re.Pattern[str], str, Handler, bool]] = []
        self._add_routes()

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Listen on ``host`` with a free port."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>`` (the fake CDN lives here too)."""
        if self._port is None:
            raise RuntimeError("FakeDiscord is not started")
        return f"http://{self.host}:{self._port}"

    @property
    def api_base(self) -> str:
        """What ``discord.http.Route.BASE`` must be: ``http://127.0.0.1:<port>/api/v10``."""
        return self.base_url + API_PREFIX

    # ------------------------------------------------------------------ recording

    def calls_to(self, method: str | None, path_prefix: str) -> list[Call]:
        """Recorded calls with ``method`` (None/"*": any) whose path starts with the prefix."""
        return [call for call in self.calls if call.matches(method, path_prefix)]

    async def wait_for(
        self,
        match: Matcher,
        count: int = 1,
        timeout: float = 5.0,
        *,
        since: int = 0,
    ) -> list[Call]:
        """Wait until ``count`` calls from ``self.calls[since:]`` match; return all matches.

        ``match`` is a predicate or a ``(method, path_prefix)`` pair. Raises ``TimeoutError``
        listing what was recorded when the calls do not arrive in time.
        """

        def wanted(call: Call) -> bool:
            if isinstance(match, tuple):
                return call.matches(*match)
            return match(call)

        def found() -> list[Call]:
            return [call for call in self.calls[since:] if wanted(call)]

        async with self._changed:
            try:
                await asyncio.wait_for(
                    self._changed.wait_for(lambda: len(found()) >= count), timeout
                )
            except TimeoutError:
                seen = "\n  ".join(f"{c.method} {c.path} -> {c.status}" for c in self.calls)
                raise TimeoutError(
                    f"expected {count} call(s) matching {match!r} within {timeout}s; "
                    f"recorded:\n  {seen or '(none)'}"
                ) from None
        return found()

    def callbacks(self) -> list[Call]:
        """All interaction callbacks received."""
        return [c for c in self.calls_to("POST", "/interactions/") if c.path.endswith("/callback")]

    def callback_for(self, interaction_id: int | str) -> Call | None:
        """The first callback for this interaction, if any."""
        prefix = f"/interactions/{interaction_id}/"
        return next((c for c in self.callbacks() if c.path.startswith(prefix)), None)

    def messages_in(self, channel_id: int) -> list[JSON]:
        """Stored messages in a channel, oldest first."""
        return [m for m in self.messages.values() if int(m["channel_id"]) == channel_id]

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    # ------------------------------------------------------------------ test controls

    def rate_limit(
        self,
        path_prefix: str,
        times: int = 1,
        retry_after: float = 0.05,
        *,
        method: str | None = None,
        is_global: bool = False,
        scope: str = "user",
    ) -> None:
        """Answer the next ``times`` requests whose path starts so with 429."""
        rule = _RateLimit(
            method=method.upper() if method else None,
            path_prefix=path_prefix,
            remaining=times,
            retry_after=retry_after,
            is_global=is_global,
            scope=scope,
        )
        self._rate_limits.append(rule)

    def register_interaction(self, payload: Mapping[str, Any]) -> InteractionRecord:
        """Tell the fake about an INTERACTION_CREATE it will see callbacks for.

        Lets answers carry the right channel, guild, user and message, and enables Discord's
        checks (double acknowledgement, followups before acknowledgement).
        """
        record = InteractionRecord(payload=dict(payload))
        self.interactions[record.id] = record
        self._tokens[str(payload["token"])] = record.id
        user = record.user
        self.users.setdefault(int(user["id"]), user)
        channel = payload.get("channel")
        if isinstance(channel, Mapping) and "id" in channel:
            self.channels.setdefault(int(channel["id"]), dict(channel))
        message = payload.get("message")
        if isinstance(message, Mapping) and "id" in message:
            self.messages.setdefault(int(message["id"]), dict(message))
        return record

    def add_user(self, payload: Mapping[str, Any]) -> None:
        self.users[int(payload["id"])] = dict(payload)

    def add_channel(self, payload: Mapping[str, Any]) -> None:
        self.channels[int(payload["id"])] = dict(payload)

    def add_attachment(
        self,
        filename: str,
        data: bytes,
        *,
        channel_id: int = DEFAULT_CHANNEL_ID,
        content_type: str | None = None,
        description: str | None = None,
    ) -> JSON:
        """Store an upload on the fake CDN; returns the v10 attachment object for payloads."""
        return self._store_attachment(channel_id, filename, data, content_type, description)

    def bot_user(self) -> JSON:
        return user_payload(self.bot_user_id, self.bot_username, bot=True) | {
            "verified": True,
            "mfa_enabled": False,
            "locale": "en-US",
            "email": None,
            "bio": "",
        }

    def message(self, message_id: int | str) -> JSON:
        """A stored message (KeyError if unknown)."""
        return self.messages[int(message_id)]

    # ------------------------------------------------------------------ HTTP plumbing

    def _add_routes(self) -> None:
        app = r"(?P<app>\d+)"
        token = r"(?P<token>[^/]+)"
        routes: list[tuple[str, str, Handler, bool]] = [
            ("GET", r"/users/@me", self._get_me, True),
            ("POST", r"/users/@me/channels", self._create_dm, True),
            ("GET", r"/users/@me/guilds", self._get_my_guilds, True),
            ("GET", r"/users/(?P<user>\d+)", self._get_user, True),
            ("GET", r"/oauth2/applications/@me", self._get_application, True),
            ("GET", r"/applications/@me", self._get_application, True),
            ("GET", r"/gateway", self._get_gateway, False),
            ("GET", r"/gateway/bot", self._get_gateway_bot, True),
            ("POST", r"/auth/logout", self._no_content, True),
            ("GET", r"/channels/(?P<channel>\d+)", self._get_channel, True),
            ("POST", r"/channels/(?P<channel>\d+)/messages", self._create_message, True),
            ("GET", r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)",
             self._get_message, True),
            ("PATCH", r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)",
             self._edit_message, True),
            ("DELETE", r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)",
             self._delete_message, True),
            ("POST", r"/channels/(?P<channel>\d+)/typing", self._no_content, True),
            ("PUT", r"/channels/\d+/messages/\d+/reactions/[^/]+/@me", self._no_content, True),
            ("DELETE", r"/channels/\d+/messages/\d+/reactions/[^/]+/@me",
             self._no_content, True),
            ("POST", rf"/interactions/(?P<interaction>\d+)/{token}/callback",
             self._interaction_callback, False),
            ("POST", rf"/webhooks/{app}/{token}", self._execute_webhook, False),
            ("GET", rf"/webhooks/{app}/{token}/messages/(?P<message>@original|\d+)",
             self._get_webhook_message, False),
            ("PATCH", rf"/webhooks/{app}/{token}/messages/(?P<message>@original|\d+)",
             self._edit_webhook_message, False),
            ("DELETE", rf"/webhooks/{app}/{token}/messages/(?P<message>@original|\d+)",
             self._delete_webhook_message, False),
            ("GET", rf"/applications/{app}/commands", self._get_commands, True),
            ("PUT", rf"/applications/{app}/commands", self._put_commands, True),
            ("GET", rf"/applications/{app}/guilds/(?P<guild>\d+)/commands",
             self._get_commands, True),
            ("PUT", rf"/applications/{app}/guilds/(?P<guild>\d+)/commands",
             self._put_commands, True),
        ]  # fmt: skip
        for method, pattern, handler, needs_auth in routes:
            self._routes.append((method, re.compile(pattern + r"/?"), pattern, handler, needs_auth))

    async def _read(self, request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
        if request.content_type.startswith("multipart/"):
            payload: Any = None
            files: list[tuple[str, bytes]] = []
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if not isinstance(part, BodyPartReader):
                    continue
                if part.filename is not None:
                    files.append((part.filename, bytes(await part.read(decode=False))))
                elif part.name == "payload_json":
                    payload = json.loads(await part.text())
            return payload, files
        raw = await request.read()
        if not raw:
            return None, []
        try:
            return json.loads(raw), []
        except ValueError:
            return raw.decode(errors="replace"), []

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body, files = await self._read(request)
        full_path = request.rel_url.path
        path = full_path[len(API_PREFIX) :] if full_path.startswith(API_PREFIX + "/") else full_path
        call = Call(
            method=request.method,
            path=path,
            json=body,
            files=files,
            headers=dict(request.headers),
            query=dict(request.query),
        )
        req = _Request(request.method, path, call.query, body, files, call.headers)
        if full_path.startswith(API_PREFIX + "/"):
            reply = await self._api(req)
        elif request.method == "GET" and full_path in self.cdn:
            data, content_type = self.cdn[full_path]
            reply = _Reply(200, raw=data, content_type=content_type)
        else:
            reply = _error(404, "Unknown")
        call.status = reply.status
        call.response = reply.body if reply.raw is None else reply.raw
        await self._record(call)
        headers = {"Via": "1.1 google", **reply.headers}
        if reply.status == 204:
            return web.Response(status=204, headers=headers)
        if reply.raw is not None:
            headers["Content-Type"] = reply.content_type
            return web.Response(status=reply.status, body=reply.raw, headers=headers)
        headers["Content-Type"] = "application/json"
        return web.Response(status=reply.status, body=_json_bytes(reply.body), headers=headers)

    async def _api(self, req: _Request) -> _Reply:
        for method, regex, template, handler, needs_auth in self._routes:
            found = regex.fullmatch(req.path)
            if found is None or method != req.method:
                continue
            bucket = hashlib.md5(f"{method} {template}".encode()).hexdigest()
            if needs_auth and req.headers.get("Authorization") != f"Bot {self.token}":
                return _error(401, "401: Unauthorized")
            limited = self._take_rate_limit(req)
            if limited is not None:
                return self._too_many_requests(limited, bucket)
            refused = body_errors(req.method, req.path, req.json)
            if refused is not None:
                return _Reply(400, refused)
            reply = await handler(req, found)
            if reply.status < 400:
                reset_after = 1.0
                reply.headers.update(
                    {
                        "X-RateLimit-Limit": "5",
                        "X-RateLimit-Remaining": "4",
                        "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
                        "X-RateLimit-Reset-After": f"{reset_after:.3f}",
                        "X-RateLimit-Bucket": bucket,
                    }
                )
            return reply
        return _error(404, "Unknown")

    def _take_rate_limit(self, req: _Request) -> _RateLimit | None:
        for rule in self._rate_limits:
            if rule.remaining <= 0 or not req.path.startswith(rule.path_prefix):
                continue
            if rule.method is not None and rule.method != req.method:
                continue
            rule.remaining -= 1
            return rule
        return None

    def _too_many_requests(self, rule: _RateLimit, bucket: str) -> _Reply:
        body: JSON = {
            "message": "You are being rate limited.",
            "retry_after": rule.retry_after,
            "global": rule.is_global,
        }
        headers = {"Retry-After": str(max(1, math.ceil(rule.retry_after)))}
        if rule.is_global:
            body["code"] = 0
            headers["X-RateLimit-Global"] = "true"
            headers["X-RateLimit-Scope"] = "global"
        else:
            headers.update(
                {
                    "X-RateLimit-Limit": "5",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": f"{time.time() + rule.retry_after:.3f}",
                    "X-RateLimit-Reset-After": f"{rule.retry_after:.3f}",
                    "X-RateLimit-Bucket": bucket,
                    "X-RateLimit-Scope": rule.scope,
                }
            )
        return _Reply(429, body, headers)

    # ------------------------------------------------------------------ users & app

    async def _get_me(self, req: _Request, m: re.Match[str]) -> _Reply:
        return _Reply(200, self.bot_user())

    async def _get_user(self, req: _Request, m: re.Match[str]) -> _Reply:
        user_id = int(m["user"])
        if user_id == self.bot_user_id:
            return _Reply(200, user_payload(user_id, self.bot_username, bot=True))
        return _Reply(200, self.users.setdefault(user_id, user_payload(user_id)))

    async def _get_application(self, req: _Request, m: re.Match[str]) -> _Reply:
        owner = user_payload(1, "owner")
        return _Reply(
            200,
            {
                "id": str(self.application_id),
                "name": self.bot_username,
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "hook": True,
                "bot_public": False,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": 0,
                "owner": owner,
                "team": None,
                "bot": user_payload(self.bot_user_id, self.bot_username, bot=True),
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "role_connections_verification_url": None,
                "tags": [],
                "install_params": None,
                "integration_types_config": {"0": {}, "1": {}},
                "approximate_guild_count": 1,
                "approximate_user_install_count": 0,
            },
        )

    async def _get_gateway(self, req: _Request, m: re.Match[str]) -> _Reply:
        return _Reply(200, {"url": "wss://gateway.discord.gg"})

    async def _get_gateway_bot(self, req: _Request, m: re.Match[str]) -> _Reply:
        return _Reply(
            200,
            {
                "url": "wss://gateway.discord.gg",
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 14_400_000,
                    "max_concurrency": 1,
                },
            },
        )

    async def _no_content(self, req: _Request, m: re.Match[str]) -> _Reply:
        return _Reply(204)

    # ------------------------------------------------------------------ channels & messages

    async def _create_dm(self, req: _Request, m: re.Match[str]) -> _Reply:
        body = req.json if isinstance(req.json, dict) else {}
        if "recipient_id" not in body:
            return _error(400, "Invalid Form Body", 50035)
        user_id = int(body["recipient_id"])
        recipient = self.users.setdefault(user_id, user_payload(user_id))
        channel_id = dm_channel_id(user_id)
        channel = self.channels.setdefault(
            channel_id,
            {
                "id": str(channel_id),
                "type": 1,
                "last_message_id": None,
                "flags": 0,
                "recipients": [recipient],
            },
        )
        return _Reply(200, channel)

    async def _get_channel(self, req: _Request, m: re.Match[str]) -> _Reply:
        channel = self.channels.get(int(m["channel"]))
        if channel is None:
            return _error(404, "Unknown Channel", 10003)
        return _Reply(200, channel)

    async def _create_message(self, req: _Request, m: re.Match[str]) -> _Reply:
        if self._dm_refused(int(m["channel"])):
            return _error(403, "Cannot send messages to this user", 50007)
        if int(m["channel"]) in self.channels_gone:
            return _error(404, "Unknown Channel", 10003)
        body = req.json if isinstance(req.json, dict) else {}
        keys = ("content", "embeds", "components", "sticker_ids", "poll")
        if not req.files and not any(body.get(key) for key in keys):
            return _error(400, "Cannot send an empty message", 50006)
        channel_id = int(m["channel"])
        channel = self.channels.get(channel_id, {})
        guild_id = channel.get("guild_id")
        message = self._new_message(
            channel_id, body, req.files, guild_id=int(guild_id) if guild_id else None
        )
        if channel:
            channel["last_message_id"] = message["id"]
        return _Reply(200, message)

    async def _get_message(self, req: _Request, m: re.Match[str]) -> _Reply:
        message = self.messages.get(int(m["message"]))
        if message is None or int(message["channel_id"]) != int(m["channel"]):
            return _error(404, "Unknown Message", 10008)
        return _Reply(200, message)

    async def _edit_message(self, req: _Request, m: re.Match[str]) -> _Reply:
        message = self.messages.get(int(m["message"]))
        if message is None or int(message["channel_id"]) != int(m["channel"]):
            return _error(404, "Unknown Message", 10008)
        body = req.json if isinstance(req.json, dict) else {}
        return _Reply(200, self._apply_edit(message, body, req.files))

    async def _delete_message(self, req: _Request, m: re.Match[str]) -> _Reply:
        message = self.messages.get(int(m["message"]))
        if message is None or int(message["channel_id"]) != int(m["channel"]):
            return _error(404, "Unknown Message", 10008)
        del self.messages[int(m["message"])]
        return _Reply(204)

    # ------------------------------------------------------------------ interactions

    async def _interaction_callback(self, req: _Request, m: re.Match[str]) -> _Reply:
        interaction_id = int(m["interaction"])
        record = self.interactions.get(interaction_id)
        if record is not None and str(record.payload["token"]) != m["token"]:
            return _error(401, "Invalid interaction application command", 50027)
        if record is None:  # unknown to the fake: accept it as Discord would a live one
            unknown: JSON = {
                "id": str(interaction_id),
                "token": m["token"],
                "type": 2,
                "application_id": str(self.application_id),
            }
            record = InteractionRecord(payload=unknown)
            self.interactions[interaction_id] = record
            self._tokens[m["token"]] = interaction_id
        if record.acknowledged:
            return _error(400, "Interaction has already been acknowledged.", 40060)
        body = req.json if isinstance(req.json, dict) else {}
        callback_type = body.get("type")
        if callback_type not in CALLBACK_TYPES:
            return _error(400, "Invalid Form Body", 50035)
        data: JSON = body.get("data") or {}
        record.acknowledged = True
        record.response_type = int(callback_type)

        message: JSON | None = None
        loading = False
        if callback_type == CHANNEL_MESSAGE:
            message = self._interaction_message(record, data, req.files)
            record.original_message_id = int(message["id"])
        elif callback_type == DEFERRED_CHANNEL_MESSAGE:
            flags = LOADING | (int(data.get("flags", 0)) & EPHEMERAL)
            message = self._interaction_message(record, {"flags": flags}, [])
            record.original_message_id = int(message["id"])
            loading = True
        elif callback_type in (UPDATE_MESSAGE, DEFERRED_UPDATE_MESSAGE):
            source = record.payload.get("message")
            if source is not None:
                stored = self.messages.setdefault(int(source["id"]), dict(source))
                if callback_type == UPDATE_MESSAGE:
                    message = self._apply_edit(stored, data, req.files)
                record.original_message_id = int(stored["id"])

        if not _truthy(req.query.get("with_response")):
            return _Reply(204)
        interaction: JSON = {
            "id": str(interaction_id),
            "type": int(record.payload.get("type", 2)),
            "response_message_loading": loading,
            "response_message_ephemeral": bool(
                message is not None and int(message.get("flags", 0)) & EPHEMERAL
            ),
        }
        if message is not None:
            interaction["response_message_id"] = message["id"]
        answer: JSON = {"interaction": interaction}
        if callback_type in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, UPDATE_MESSAGE):
            answer["resource"] = {"type": callback_type, "message": message}
        elif callback_type == LAUNCH_ACTIVITY:
            interaction["activity_instance_id"] = f"i-{interaction_id}"
            answer["resource"] = {
                "type": callback_type,
                "activity_instance": {"id": f"i-{interaction_id}"},
            }
        return _Reply(200, answer)

    def _record_for_token(self, app: str, token: str) -> InteractionRecord | _Reply | None:
        if int(app) != self.application_id:
            return _error(404, "Unknown Webhook", 10015)
        interaction_id = self._tokens.get(token)
        if interaction_id is None:
            return None
        return self.interactions[interaction_id]

    async def _execute_webhook(self, req: _Request, m: re.Match[str]) -> _Reply:
        record = self._record_for_token(m["app"], m["token"])
        if isinstance(record, _Reply):
            return record
        if record is not None and not record.acknowledged:
            return _error(404, "Unknown Webhook", 10015)
        body = req.json if isinstance(req.json, dict) else {}
        original = (
            self.messages.get(record.original_message_id)
            if record is not None and record.original_message_id is not None
            else None
        )
        if (
            record is not None
            and record.response_type == DEFERRED_CHANNEL_MESSAGE
            and original is not None
            and int(original.get("flags", 0)) & LOADING
        ):
            # Discord: the first followup after a "thinking" defer becomes the original.
            ephemeral = int(original["flags"]) & EPHEMERAL
            edit = dict(body)
            edit["flags"] = (int(body.get("flags", 0)) & ~EPHEMERAL & ~LOADING) | ephemeral
            message = self._apply_edit(original, edit, req.files, edited=False)
        elif record is not None:
            message = self._interaction_message(record, body, req.files)
        else:
            channel_id = int(req.query.get("thread_id") or DEFAULT_CHANNEL_ID)
            message = self._new_message(channel_id, body, req.files, webhook=True)
        if not _truthy(req.query.get("wait")):
            return _Reply(204)
        return _Reply(200, message)

    def _webhook_message(self, req: _Request, m: re.Match[str]) -> JSON | _Reply:
        record = self._record_for_token(m["app"], m["token"])
        if isinstance(record, _Reply):
            return record
        if m["message"] == "@original":
            if record is None or record.original_message_id is None:
                return _error(404, "Unknown Message", 10008)
            message_id = record.original_message_id
        else:
            message_id = int(m["message"])
        message = self.messages.get(message_id)
        if message is None:
            return _error(404, "Unknown Message", 10008)
        return message

    async def _get_webhook_message(self, req: _Request, m: re.Match[str]) -> _Reply:
        found = self._webhook_message(req, m)
        return found if isinstance(found, _Reply) else _Reply(200, found)

    async def _edit_webhook_message(self, req: _Request, m: re.Match[str]) -> _Reply:
        found = self._webhook_message(req, m)
        if isinstance(found, _Reply):
            return found
        body = req.json if isinstance(req.json, dict) else {}
        return _Reply(200, self._apply_edit(found, body, req.files))

    async def _delete_webhook_message(self, req: _Request, m: re.Match[str]) -> _Reply:
        found = self._webhook_message(req, m)
        if isinstance(found, _Reply):
            return found
        self.messages.pop(int(found["id"]), None)
        return _Reply(204)

    # ------------------------------------------------------------------ commands

    async def _get_commands(self, req: _Request, m: re.Match[str]) -> _Reply:
        guild = m.groupdict().get("guild")
        if guild and int(guild) in self.commands_denied_in:
            return _error(403, "Missing Access", 50001)
        return _Reply(200, self.commands.get(int(guild) if guild else None, []))

    async def _put_commands(self, req: _Request, m: re.Match[str]) -> _Reply:
        if int(m["app"]) != self.application_id:
            return _error(403, "Missing Access", 50001)
        if not isinstance(req.json, list):
            return _error(400, "Invalid Form Body", 50035)
        guild = m.groupdict().get("guild")
        guild_id = int(guild) if guild else None
        previous = {(c["name"], c.get("type", 1)): c["id"] for c in self.commands.get(guild_id, [])}
        synced: list[JSON] = []
        for sent in req.json:
            kind = int(sent.get("type", 1))
            command: JSON = {
                "id": previous.get((sent["name"], kind)) or str(next_snowflake()),
                "application_id": str(self.application_id),
                "version": str(next_snowflake()),
                "type": kind,
                "name": sent["name"],
                "description": sent.get("description", ""),
                "options": sent.get("options", []),
                "default_member_permissions": sent.get("default_member_permissions"),
                "dm_permission": sent.get("dm_permission", True),
                "nsfw": sent.get("nsfw", False),
                "integration_types": sent.get("integration_types", [0]),
                "contexts": sent.get("contexts"),
                "name_localizations": sent.get("name_localizations"),
                "description_localizations": sent.get("description_localizations"),
            }
            if guild_id is not None:
                command["guild_id"] = str(guild_id)
            synced.append(command)
        self.commands[guild_id] = synced
        return _Reply(200, synced)

    # ------------------------------------------------------------------ guilds, closed DMs

    def join_guild(self, guild_id: int, name: str = "Coachbot Test Guild") -> None:
        """The bot is a member of ``guild_id`` (``GET /users/@me/guilds`` lists it)."""
        self.joined_guilds[guild_id] = {
            "id": str(guild_id),
            "name": name,
            "icon": None,
            "banner": None,
            "owner": False,
            "permissions": "0",
            "features": [],
        }

    def deny_commands(self, guild_id: int) -> None:
        """The app was added to ``guild_id`` without the ``applications.commands`` scope:
        listing its commands there answers 403 code 50001, as Discord does."""
        self.commands_denied_in.add(guild_id)

    def refuse_dms(self, user_id: int) -> None:
        """``user_id`` accepts no DMs from the bot (their privacy settings): messages to
        their DM channel answer 403 code 50007, as Discord does; opening the channel works."""
        self.dms_refused_by.add(user_id)

    def channel_gone(self, channel_id: int) -> None:
        """``channel_id`` no longer exists: messages to it answer 404 code 10003 (Unknown
        Channel), as Discord does."""
        self.channels_gone.add(channel_id)

    def _dm_refused(self, channel_id: int) -> bool:
        return any(channel_id == dm_channel_id(user) for user in self.dms_refused_by)

    async def _get_my_guilds(self, req: _Request, m: re.Match[str]) -> _Reply:
        """The bot's guilds by id, paged as Discord pages them (``after``/``before``, ``limit``
        1-200, default 200)."""
        after = int(req.query.get("after") or 0)
        before = int(req.query.get("before") or 1 << 63)
        limit = int(req.query.get("limit") or 200)
        if not 1 <= limit <= 200:
            return _error(400, "Invalid Form Body", 50035)
        ids = sorted(g for g in self.joined_guilds if after < g < before)
        page = ids[-limit:] if "before" in req.query and "after" not in req.query else ids[:limit]
        return _Reply(200, [self.joined_guilds[g] for g in page])

    # ------------------------------------------------------------------ message building

    def _store_attachment(
        self,
        channel_id: int,
        filename: str,
        data: bytes,
        content_type: str | None = None,
        description: str | None = None,
    ) -> JSON:
        attachment_id = next_snowflake()
        path = f"/attachments/{channel_id}/{attachment_id}/{filename}"
        kind = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        self.cdn[path] = (data, kind)
        attachment: JSON = {
            "id": str(attachment_id),
            "filename": filename,
            "size": len(data),
            "url": self.base_url + path,
            "proxy_url": self.base_url + path,
            "content_type": kind,
        }
        if description:
            attachment["description"] = description
        return attachment

    def _attachments(
        self, channel_id: int, body: JSON, files: list[tuple[str, bytes]], keep: list[JSON]
    ) -> list[JSON]:
        """Attachments for a message from ``payload_json.attachments`` and uploaded parts."""
        kept_by_id = {str(a["id"]): a for a in keep}
        result: list[JSON] = []
        described = body.get("attachments")
        if described is None:
            described = [{"id": i, "filename": name} for i, (name, _) in enumerate(files)]
        for entry in described:
            entry_id = str(entry.get("id"))
            if entry_id in kept_by_id:
                result.append(kept_by_id[entry_id])
            elif entry_id.isdigit() and int(entry_id) < len(files):
                name, data = files[int(entry_id)]
                filename = entry.get("filename") or name
                stored = self._store_attachment(
                    channel_id, filename, data, description=entry.get("description")
                )
                result.append(stored)
        return result

    @staticmethod
    def _with_component_ids(components: list[JSON]) -> list[JSON]:
        counter = itertools.count(1)

        def walk(items: list[JSON]) -> list[JSON]:
            out = []
            for item in items:
                item = dict(item)
                item.setdefault("id", next(counter))
                if isinstance(item.get("components"), list):
                    item["components"] = walk(item["components"])
                if isinstance(item.get("component"), dict):
                    [item["component"]] = walk([item["component"]])
                if isinstance(item.get("accessory"), dict):
                    [item["accessory"]] = walk([item["accessory"]])
                out.append(item)
            return out

        return walk(components)

    def _new_message(
        self,
        channel_id: int,
        body: JSON,
        files: list[tuple[str, bytes]],
        *,
        guild_id: int | None = None,
        webhook: bool = False,
        message_type: int = DEFAULT_MESSAGE,
        interaction: InteractionRecord | None = None,
    ) -> JSON:
        message_id = next_snowflake()
        message: JSON = {
            "id": str(message_id),
            "type": message_type,
            "channel_id": str(channel_id),
            "author": user_payload(self.bot_user_id, self.bot_username, bot=True),
            "content": body.get("content") or "",
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": self._attachments(channel_id, body, files, []),
            "embeds": [{"type": "rich", **e} for e in body.get("embeds") or []],
            "components": self._with_component_ids(body.get("components") or []),
            "pinned": False,
            "flags": int(body.get("flags") or 0),
        }
        if guild_id is not None:
            message["guild_id"] = str(guild_id)
        for key in ("nonce", "message_reference", "poll", "sticker_ids"):
            if body.get(key) is not None:
                message[key] = body[key]
        if webhook or interaction is not None:
            message["webhook_id"] = str(self.application_id)
            message["application_id"] = str(self.application_id)
        if interaction is not None:
            payload = interaction.payload
            metadata: JSON = {
                "id": str(interaction.id),
                "type": int(payload.get("type", 2)),
                "user": interaction.user,
                "authorizing_integration_owners": payload.get("authorizing_integration_owners", {}),
            }
            name = (payload.get("data") or {}).get("name")
            if name and payload.get("type") == 2:
                metadata["name"] = name
            message["interaction_metadata"] = metadata
        self.messages[message_id] = message
        return message

    def _interaction_message(
        self, record: InteractionRecord, body: JSON, files: list[tuple[str, bytes]]
    ) -> JSON:
        is_command = int(record.payload.get("type", 2)) == 2
        return self._new_message(
            record.channel_id,
            body,
            files,
            guild_id=record.guild_id,
            interaction=record,
            message_type=CHAT_INPUT_COMMAND_MESSAGE if is_command else DEFAULT_MESSAGE,
        )

    def _apply_edit(
        self,
        message: JSON,
        body: JSON,
        files: list[tuple[str, bytes]],
        *,
        edited: bool = True,
    ) -> JSON:
        if "content" in body:
            message["content"] = body["content"] or ""
        if "embeds" in body:
            message["embeds"] = [{"type": "rich", **e} for e in body["embeds"] or []]
        if "components" in body:
            message["components"] = self._with_component_ids(body["components"] or [])
        old_flags = int(message.get("flags", 0))
        if "flags" in body and body["flags"] is not None:
            new_flags = int(body["flags"])
            if old_flags & LOADING:  # editing a "thinking" original keeps its ephemerality
                new_flags |= old_flags & EPHEMERAL
            message["flags"] = new_flags & ~LOADING
        elif old_flags & LOADING:
            message["flags"] = old_flags & ~LOADING
        if "attachments" in body or files:
            keep = list(message.get("attachments", []))
            message["attachments"] = self._attachments(
                int(message["channel_id"]), body, files, keep
            )
        if edited:
            message["edited_timestamp"] = now_iso()
        return message


@contextlib.contextmanager
def use_fake_api(fake: FakeDiscord) -> Iterator[FakeDiscord]:
    """Point discord.py at ``fake`` by setting ``discord.http.Route.BASE``; restore on exit.

    ``Route`` is also what discord.py's webhook adapters (interaction callbacks, followups,
    ``@original`` edits) build their URLs from, so this one attribute covers every REST call.
    """
    previous = discord.http.Route.BASE
    discord.http.Route.BASE = fake.api_base
    try:
        yield fake
    finally:
        discord.http.Route.BASE = previous
