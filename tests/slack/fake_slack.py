"""A fake Slack Web API on 127.0.0.1 for tests that drive a real Bolt AsyncApp over HTTP.

Point slack_sdk at it with ``AsyncWebClient(token=..., base_url=fake.api_url)``. Every call
is recorded as a :class:`Call`; answers follow the shapes of Slack's documented responses,
including the errors Slack gives for missing tokens, missing arguments and Block Kit limits.

    async with FakeSlack() as fake:
        client = fake.client()
        await client.chat_postMessage(channel="D0ALICE", text="hi")
        [call] = await fake.wait_for("chat.postMessage")
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from aiohttp import web
from aiohttp.test_utils import TestServer
from slack_sdk.web.async_client import AsyncWebClient

from tests.slack.block_kit import MESSAGE, block_errors, view_errors
from tests.slack.fake_files import SharedFiles
from tests.slack.web_api_spec import argument_errors, methods, scope_error

APP_ID = "A0001"
INSTALLED_TOKEN = "xoxb-installed-token"
DEFAULT_TZ = "Europe/Berlin"
FIRST_TS = 1_700_000_000_000_000  # microseconds: ts "1700000000.000000"

# Arguments slack_sdk sends as JSON strings in form/query posts; decoded when recorded.
JSON_ARGS = frozenset(
    {
        "attachments",
        "blocks",
        "chunks",
        "files",
        "inputs",
        "metadata",
        "outputs",
        "unfurls",
        "user_auth_blocks",
        "view",
    }
)
SECRET_ARGS = frozenset({"token", "client_secret", "code", "refresh_token"})

MAX_MESSAGE_TEXT = 40_000

TZ_LABELS = {
    "CET": "Central European Time",
    "CEST": "Central European Summer Time",
    "GMT": "Greenwich Mean Time",
    "BST": "British Summer Time",
    "EET": "Eastern European Time",
    "EEST": "Eastern European Summer Time",
    "EST": "Eastern Standard Time",
    "EDT": "Eastern Daylight Time",
    "CST": "Central Standard Time",
    "CDT": "Central Daylight Time",
    "MST": "Mountain Standard Time",
    "MDT": "Mountain Daylight Time",
    "PST": "Pacific Standard Time",
    "PDT": "Pacific Daylight Time",
    "IST": "India Standard Time",
    "JST": "Japan Standard Time",
    "AEST": "Australian Eastern Standard Time",
    "AEDT": "Australian Eastern Daylight Time",
    "NZST": "New Zealand Standard Time",
    "NZDT": "New Zealand Daylight Time",
    "UTC": "Coordinated Universal Time",
}

Json = dict[str, Any]


def manifest_scopes(name: str = "slack_manifest.yaml") -> frozenset[str]:
    """The bot scopes coachbot's manifest asks for: what a token installed from it holds."""
    manifest = yaml.safe_load(resources.files("config").joinpath(name).read_text())
    return frozenset(manifest["oauth_config"]["scopes"]["bot"])


@dataclass
class Channel:
    """A channel the fake knows: public or private, and whether the bot is in it."""

    id: str
    name: str
    private: bool = False
    bot_is_member: bool = False
    archived: bool = False

    def info(self) -> Json:
        """The channel as conversations.info/join describe it."""
        return {
            "id": self.id,
            "name": self.name,
            "is_channel": not self.private,
            "is_group": False,
            "is_im": False,
            "is_private": self.private,
            "is_archived": self.archived,
            "is_member": self.bot_is_member,
            "created": 1_700_000_000,
        }


@dataclass(frozen=True)
class Workspace:
    """A workspace the fake knows, and the bot installed in it."""

    team_id: str
    team_name: str
    domain: str
    bot_user_id: str
    bot_id: str
    bot_name: str = "coachbot"

    @property
    def url(self) -> str:
        """The workspace URL, as auth.test reports it."""
        return f"https://{self.domain}.slack.com/"


DEFAULT_WORKSPACE = Workspace("T0001", "Globex", "globex", "UBOT", "B0001")
INSTALLED_WORKSPACE = Workspace("T0002", "Acme", "acme", "UBOT2", "B0002")


@dataclass
class Call:
    """One request the fake received.

    ``method`` is the Web API method (``chat.postMessage``), ``"response_url"`` for a POST
    to a URL from :meth:`FakeSlack.response_url`, or ``"upload"`` for a file upload.
    ``args`` merges the query string with the form or JSON body; JSON strings such as
    ``blocks`` or ``view`` are decoded. ``response`` is what the fake answered.
    ``connection`` is the client's address and port: one value per TCP connection, so a test
    can count how many connections a client opened. ``received_ns`` is when it arrived, on
    ``time.perf_counter_ns`` (CLOCK_MONOTONIC on Linux, so comparable with another process's
    reading on the same machine).
    The repr leaves out headers and secret arguments, so tokens never reach test output.
    """

    method: str
    args: Json
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 200
    response: Any = None
    path: str = ""
    connection: str = ""
    received_ns: int = field(default_factory=time.perf_counter_ns, compare=False)

    def header(self, name: str) -> str | None:
        """A request header, looked up case-insensitively."""
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), None)

    @property
    def token(self) -> str | None:
        """The bearer token the call was made with (or a ``token`` argument)."""
        authorization = self.header("Authorization") or ""
        if authorization.startswith("Bearer "):
            return authorization.removeprefix("Bearer ")
        token = self.args.get("token")
        return token if isinstance(token, str) else None

    def __repr__(self) -> str:
        args = {k: "<redacted>" if k in SECRET_ARGS else v for k, v in self.args.items()}
        return f"Call(method={self.method!r}, status={self.status}, args={args!r})"


def _connection(request: web.Request) -> str:
    """The client end of the request's TCP connection, as "host:port"."""
    peer = request.transport.get_extra_info("peername") if request.transport else None
    return f"{peer[0]}:{peer[1]}" if peer else ""


def _decode_json_args(args: Json) -> Json:
    for key in JSON_ARGS & args.keys():
        value = args[key]
        if isinstance(value, str) and value.lstrip()[:1] in ("[", "{"):
            with contextlib.suppress(ValueError):
                args[key] = json.loads(value)
    return args


async def _read_args(request: web.Request) -> Json:
    args: Json = dict(request.query)
    if not request.body_exists:
        return _decode_json_args(args)
    if request.content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            args.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for key, value in form.items():
            args[key] = value.file.read() if isinstance(value, web.FileField) else value
    return _decode_json_args(args)


@cache
def _response_url_rules() -> Json:
    path = Path(__file__).with_name("specs") / "web_api_supplement.json"
    rules: Json = json.loads(path.read_text())["response_url_params"]
    return rules


def _pop(queues: dict[str, deque[Any]], method: str) -> Any:
    queue = queues.get(method)
    return queue.popleft() if queue else None


def _error(error: str, *messages: str) -> Json:
    body: Json = {"ok": False, "error": error}
    if messages:
        body["response_metadata"] = {"messages": list(messages)}
    return body


def _missing(args: Json, *names: str) -> Json | None:
    absent = [name for name in names if args.get(name) in (None, "")]
    if not absent:
        return None
    return _error(
        "invalid_arguments", *(f"[ERROR] missing required field: {name}" for name in absent)
    )


def _tz_info(tz: str) -> tuple[str, int]:
    """Slack's tz_label and tz_offset (seconds) for a zone, at the current instant."""
    try:
        now = datetime.now(UTC).astimezone(ZoneInfo(tz))
    except (ZoneInfoNotFoundError, ValueError):
        return tz, 0
    offset = now.utcoffset()
    abbreviation = now.tzname() or tz
    seconds = int(offset.total_seconds()) if offset is not None else 0
    return TZ_LABELS.get(abbreviation, abbreviation), seconds


class FakeSlack:
    """The Slack Web API, response URLs and file uploads, served on 127.0.0.1.

    Configure before or during a test:

    - ``user_tz[user_id]``: users.info ``tz`` (default ``default_tz``, "Europe/Berlin");
    - ``admins``: users whose users.info has ``is_admin`` and ``is_owner`` true;
    - ``missing_users``: users.info answers ``user_not_found``;
    - ``workspaces[token]``: which workspace a bot token belongs to (auth.test, team.info,
      message authorship); unknown tokens belong to ``default_workspace`` (T0001);
      ``xoxb-installed-token`` (what oauth.v2.access hands out) belongs to T0002;
    - ``invalid_tokens``: calls with these tokens answer ``invalid_auth``;
    - ``dm_channels[user_id]``: the DM channel conversations.open returns (default
      ``"D" + user_id``);
    - ``oauth_response``: the oauth.v2.access answer;
    - ``validate_blocks``: reject Block Kit over Slack's limits with ``invalid_blocks``;
    - :meth:`rate_limit` and :meth:`fail` queue 429s and errors for a method.
    """

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.uploads: dict[str, bytes] = {}
        self.user_tz: dict[str, str] = {}
        self.default_tz = DEFAULT_TZ
        self.admins: set[str] = set()
        self.missing_users: set[str] = set()
        self.invalid_tokens: set[str] = set()
        self.workspaces: dict[str, Workspace] = {INSTALLED_TOKEN: INSTALLED_WORKSPACE}
        self.default_workspace = DEFAULT_WORKSPACE
        self.dm_channels: dict[str, str] = {}
        self.validate_blocks = True
        self.scopes = manifest_scopes()
        self.token_scopes: dict[str, frozenset[str]] = {}
        self.revoked_tokens: set[str] = set()
        self.revoked_default = False
        self.channels: dict[str, Channel] = {}
        self.oauth_response: Json = {
            "ok": True,
            "access_token": INSTALLED_TOKEN,
            "token_type": "bot",
            "scope": ",".join(sorted(self.scopes)),
            "bot_user_id": INSTALLED_WORKSPACE.bot_user_id,
            "app_id": APP_ID,
            "team": {"id": INSTALLED_WORKSPACE.team_id, "name": INSTALLED_WORKSPACE.team_name},
            "enterprise": None,
            "authed_user": {"id": "U0INSTALLER"},
            "is_enterprise_install": False,
        }
        self._rate_limits: dict[str, deque[int]] = {}
        self._failures: dict[str, deque[str]] = {}
        self._ts = itertools.count(1)
        self._view_ids = itertools.count(1)
        self._hashes = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._response_ids = itertools.count(1)
        self._issued_response_urls: set[str] = set()
        self._server: TestServer | None = None
        self._changed: asyncio.Condition | None = None
        self._handlers: dict[str, Callable[[Json, Workspace], Json]] = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.update": self._chat_update,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "conversations.open": self._conversations_open,
            "conversations.info": self._conversations_info,
            "conversations.join": self._conversations_join,
            "users.info": self._users_info,
            "views.open": self._views_open,
            "views.push": self._views_open,
            "views.publish": self._views_publish,
            "views.update": self._views_update,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
            "oauth.v2.access": self._oauth_v2_access,
            "team.info": self._team_info,
        }
        self.app = web.Application()
        self.app.router.add_route("*", "/api/{method}", self._api)
        self.app.router.add_post("/upload/{file_id}", self._upload)
        self.app.router.add_post("/response/{n}", self._response)
        self.files = SharedFiles(self._token_team, self.scopes_of)
        self.files.add_routes(self.app)

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1."""
        self._changed = asyncio.Condition()
        self._server = TestServer(self.app, host="127.0.0.1")
        await self._server.start_server()

    async def close(self) -> None:
        """Stop listening."""
        if self._server is not None:
            await self._server.close()
            self._server = None

    async def __aenter__(self) -> FakeSlack:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def port(self) -> int:
        """The port the fake listens on (after :meth:`start`)."""
        if self._server is None or self._server.port is None:
            raise RuntimeError("FakeSlack is not started")
        return self._server.port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:{port}``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """The Web API base URL for ``AsyncWebClient(base_url=...)``, ending in ``/api/``."""
        return f"{self.base_url}/api/"

    def client(self, token: str = "xoxb-test") -> AsyncWebClient:
        """A real slack_sdk client pointed at this fake."""
        return AsyncWebClient(token=token, base_url=self.api_url)

    def response_url(self) -> str:
        """A fresh response_url; POSTs to it are recorded as method ``"response_url"``."""
        url = f"{self.base_url}/response/{next(self._response_ids)}"
        self._issued_response_urls.add(url)
        return url

    # -- scripting -----------------------------------------------------------------------

    def add_channel(
        self, channel_id: str, name: str, *, private: bool = False, bot_is_member: bool = False
    ) -> Channel:
        """A channel with rules: posting needs the bot in it; a private one is invisible to
        a bot outside it (channel_not_found). Channels never added behave as public ones
        the bot is in."""
        channel = Channel(channel_id, name, private, bot_is_member)
        self.channels[channel_id] = channel
        return channel

    def uninstall(self, team_id: str) -> None:
        """The app was removed from a workspace: its tokens answer token_revoked."""
        self.revoked_tokens |= {t for t, ws in self.workspaces.items() if ws.team_id == team_id}
        if self.default_workspace.team_id == team_id:
            self.revoked_default = True

    def share_file(
        self, user_id: str, name: str, content: bytes, team_id: str | None = None
    ) -> dict[str, Any]:
        """A file a member uploads into the bot's DM: the ``files`` item of the event."""
        team = team_id or self.default_workspace.team_id
        return self.files.share(self.base_url, team, user_id, name, content)

    def _token_team(self, token: str) -> str | None:
        """The workspace a bearer token works for; None if it does not work."""
        if not token or token in self.invalid_tokens or self._revoked(token):
            return None
        return self.workspace_for(token).team_id

    def _revoked(self, token: str) -> bool:
        default = token not in self.workspaces
        return token in self.revoked_tokens or (default and self.revoked_default)

    def scopes_of(self, token: str) -> frozenset[str]:
        """The scopes a token was granted (the manifest's, unless told otherwise)."""
        return self.token_scopes.get(token, self.scopes)

    def rate_limit(self, method: str, times: int, retry_after: int = 1) -> None:
        """Answer the next ``times`` calls to ``method`` with HTTP 429 and Retry-After."""
        self._rate_limits.setdefault(method, deque()).extend([retry_after] * times)

    def fail(self, method: str, error: str, times: int = 1) -> None:
        """Answer the next ``times`` calls to ``method`` with ``{"ok": false, "error": error}``
        (e.g. ``channel_not_found``, ``not_in_channel``, ``expired_trigger_id``)."""
        self._failures.setdefault(method, deque()).extend([error] * times)

    def workspace_for(self, token: str | None) -> Workspace:
        """The workspace a token belongs to."""
        return self.workspaces.get(token or "", self.default_workspace)

    def dm_channel(self, user_id: str) -> str:
        """The DM channel between the bot and a user."""
        return self.dm_channels.get(user_id, f"D{user_id}")

    # -- inspection ----------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        """The recorded calls to one method, oldest first."""
        return [call for call in self.calls if call.method == method]

    def clear(self) -> None:
        """Forget the recorded calls (configuration and uploads stay)."""
        self.calls.clear()

    async def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until at least ``count`` calls to ``method`` were recorded; return them all.

        Raises AssertionError listing the recorded methods when ``timeout`` passes first.
        """
        if self._changed is None:
            raise RuntimeError("FakeSlack is not started")
        changed = self._changed

        def enough() -> bool:
            return len(self.calls_to(method)) >= count

        try:
            async with changed:
                await asyncio.wait_for(changed.wait_for(enough), timeout)
        except TimeoutError:
            got = len(self.calls_to(method))
            seen = [call.method for call in self.calls]
            raise AssertionError(
                f"expected {count} call(s) to {method} within {timeout}s, got {got}; "
                f"recorded: {seen}"
            ) from None
        return self.calls_to(method)

    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        if self._changed is not None:
            async with self._changed:
                self._changed.notify_all()

    # -- HTTP handlers -------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        call = Call(
            method,
            await _read_args(request),
            dict(request.headers),
            path=request.path,
            connection=_connection(request),
        )
        retry_after = _pop(self._rate_limits, method)
        if retry_after is not None:
            call.status = 429
            call.response = _error("ratelimited")
            await self._record(call)
            return web.json_response(
                call.response, status=429, headers={"Retry-After": str(retry_after)}
            )
        call.response = self._answer(call)
        await self._record(call)
        return web.json_response(call.response)

    def _answer(self, call: Call) -> Json:
        """Slack's order: the method, the token, the scope, the arguments, then the method's
        own rules."""
        handler = self._handlers.get(call.method)
        spec = methods().get(call.method)
        if handler is None or spec is None:
            return {"ok": False, "error": "unknown_method", "req_method": call.method}
        token = call.token
        if not spec.tokenless:
            if not token:
                return _error("not_authed")
            if token in self.invalid_tokens:
                return _error("invalid_auth")
            if self._revoked(token):
                return _error("token_revoked")
            missing = scope_error(spec, self.scopes_of(token))
            if missing is not None:
                return missing
        problem = argument_errors(spec, call.args)
        if problem is not None:
            return problem
        error = _pop(self._failures, call.method)
        if error is not None:
            return _error(error)
        return handler(call.args, self.workspace_for(token))

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        if request.content_type == "multipart/form-data":
            form = await request.post()
            files = [v for v in form.values() if isinstance(v, web.FileField)]
            data = files[0].file.read() if files else b""
        else:
            data = await request.read()
        self.uploads[file_id] = data
        text = f"OK - {len(data)}"
        await self._record(
            Call(
                "upload",
                {"file_id": file_id, "length": len(data)},
                dict(request.headers),
                response=text,
                path=request.path,
                connection=_connection(request),
            )
        )
        return web.Response(text=text)

    async def _response(self, request: web.Request) -> web.Response:
        url = f"{self.base_url}{request.path}"
        if request.content_type == "application/json":
            body = await request.json()
            args: Json = body if isinstance(body, dict) else {"body": body}
        else:
            args = _decode_json_args(dict(await request.post()))
        issued = url in self._issued_response_urls
        status, text = (200, "ok") if issued else (404, "no_service")
        problem = self._response_url_error(args) if issued else None
        if problem is not None:
            status, text = 400, problem
        await self._record(
            Call(
                "response_url",
                args,
                dict(request.headers),
                status,
                text,
                request.path,
                _connection(request),
            )
        )
        return web.Response(text=text, status=status)

    def _response_url_error(self, args: Json) -> str | None:
        """What Slack answers (HTTP 400) to a response_url message it refuses."""
        rules = _response_url_rules()
        unknown = set(args) - set(rules["allowed"])
        if unknown or args.get("response_type", "ephemeral") not in rules["response_type"]:
            return "invalid_payload"
        problem = self._message_errors(args)
        return str(problem["error"]) if problem is not None else None

    # -- methods -------------------------------------------------------------------------

    def _next_ts(self) -> str:
        micros = FIRST_TS + next(self._ts) * 100
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _conversation(self, channel: str) -> str:
        """Posting to a user ID posts to the DM with that user, as Slack does."""
        return self.dm_channel(channel) if channel[:1] in ("U", "W") else channel

    def _message(self, args: Json, ws: Workspace, ts: str) -> Json:
        message: Json = {
            "type": "message",
            "user": ws.bot_user_id,
            "bot_id": ws.bot_id,
            "app_id": APP_ID,
            "text": args.get("text") or "",
            "ts": ts,
            "team": ws.team_id,
            "bot_profile": {
                "id": ws.bot_id,
                "app_id": APP_ID,
                "name": ws.bot_name,
                "team_id": ws.team_id,
                "deleted": False,
            },
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if args.get(key):
                message[key] = args[key]
        return message

    def _message_errors(self, args: Json) -> Json | None:
        if not (args.get("text") or args.get("blocks") or args.get("attachments")):
            return _error("no_text")
        if len(str(args.get("text") or "")) > MAX_MESSAGE_TEXT:
            return _error("msg_too_long")
        if self.validate_blocks and "blocks" in args:
            errors = block_errors(args["blocks"], "/blocks", MESSAGE)
            if errors:
                return _error("invalid_blocks", *errors)
        return None

    def _posting_error(self, channel_id: str) -> Json | None:
        """Slack refuses posts to channels the bot is not in (or cannot see)."""
        channel = self.channels.get(channel_id)
        if channel is None:
            return None  # channels nobody configured: public, and the bot is in them
        if channel.private and not channel.bot_is_member:
            return _error("channel_not_found")
        if not channel.bot_is_member:
            return _error("not_in_channel")
        if channel.archived:
            return _error("is_archived")
        return None

    def _auth_test(self, args: Json, ws: Workspace) -> Json:
        return {
            "ok": True,
            "url": ws.url,
            "team": ws.team_name,
            "user": ws.bot_name,
            "team_id": ws.team_id,
            "user_id": ws.bot_user_id,
            "bot_id": ws.bot_id,
            "is_enterprise_install": False,
        }

    def _chat_post_message(self, args: Json, ws: Workspace) -> Json:
        if not args.get("channel"):
            return _error("channel_not_found")
        problem = self._posting_error(str(args["channel"])) or self._message_errors(args)
        if problem is not None:
            return problem
        ts = self._next_ts()
        return {
            "ok": True,
            "channel": self._conversation(str(args["channel"])),
            "ts": ts,
            "message": self._message(args, ws, ts),
        }

    def _chat_update(self, args: Json, ws: Workspace) -> Json:
        if not args.get("channel"):
            return _error("channel_not_found")
        if not args.get("ts"):
            return _error("message_not_found")
        problem = self._message_errors(args)
        if problem is not None:
            return problem
        ts = str(args["ts"])
        message = self._message(args, ws, ts)
        message.pop("ts")
        return {
            "ok": True,
            "channel": str(args["channel"]),
            "ts": ts,
            "text": args.get("text") or "",
            "message": message,
        }

    def _chat_post_ephemeral(self, args: Json, ws: Workspace) -> Json:
        if not args.get("channel"):
            return _error("channel_not_found")
        if not args.get("user"):
            return _error("user_not_in_channel")
        problem = self._message_errors(args)
        if problem is not None:
            return problem
        return {"ok": True, "message_ts": self._next_ts()}

    def _conversations_open(self, args: Json, ws: Workspace) -> Json:
        if args.get("channel"):
            channel = str(args["channel"])
        elif args.get("users"):
            users = [u.strip() for u in str(args["users"]).split(",") if u.strip()]
            channel = self.dm_channel(users[0]) if len(users) == 1 else "G" + "".join(users)
        else:
            return _error("users_list_not_supplied")
        return {"ok": True, "no_op": True, "already_open": True, "channel": {"id": channel}}

    def _conversations_info(self, args: Json, ws: Workspace) -> Json:
        channel_id = str(args.get("channel") or "")
        channel = self.channels.get(channel_id)
        if channel is None and channel_id[:1] in ("C", "G"):
            channel = Channel(channel_id, channel_id.lower(), bot_is_member=True)
        if channel is None or (channel.private and not channel.bot_is_member):
            return _error("channel_not_found")
        return {"ok": True, "channel": channel.info()}

    def _conversations_join(self, args: Json, ws: Workspace) -> Json:
        channel_id = str(args.get("channel") or "")
        channel = self.channels.get(channel_id)
        if channel is None and channel_id[:1] == "C":
            channel = self.add_channel(channel_id, channel_id.lower(), bot_is_member=True)
        if channel is None or (channel.private and not channel.bot_is_member):
            return _error("channel_not_found")
        if channel.private:
            return _error("method_not_supported_for_channel_type")
        if channel.archived:
            return _error("is_archived")
        answer: Json = {"ok": True, "channel": channel.info()}
        if channel.bot_is_member:
            answer["warning"] = "already_in_channel"
            answer["response_metadata"] = {"warnings": ["already_in_channel"]}
        channel.bot_is_member = True
        answer["channel"]["is_member"] = True
        return answer

    def _users_info(self, args: Json, ws: Workspace) -> Json:
        user_id = str(args.get("user") or "")
        if not user_id or user_id in self.missing_users:
            return _error("user_not_found")
        tz = self.user_tz.get(user_id, self.default_tz)
        tz_label, tz_offset = _tz_info(tz)
        name = user_id.removeprefix("U0").lower() or user_id.lower()
        admin = user_id in self.admins
        return {
            "ok": True,
            "user": {
                "id": user_id,
                "team_id": ws.team_id,
                "name": name,
                "deleted": False,
                "color": "9f69e7",
                "real_name": name.title(),
                "tz": tz,
                "tz_label": tz_label,
                "tz_offset": tz_offset,
                "profile": {
                    "real_name": name.title(),
                    "real_name_normalized": name.title(),
                    "display_name": name,
                    "display_name_normalized": name,
                    "title": "",
                    "team": ws.team_id,
                },
                "is_admin": admin,
                "is_owner": admin,
                "is_primary_owner": False,
                "is_restricted": False,
                "is_ultra_restricted": False,
                "is_bot": False,
                "is_app_user": False,
                "updated": 1_700_000_000,
                "is_email_confirmed": True,
            },
        }

    def _view_errors(self, view: Any) -> Json | None:
        errors = view_errors(view) if self.validate_blocks else []
        return _error("invalid_arguments", *errors) if errors else None

    def _view(self, view: Json, ws: Workspace, view_id: str | None = None) -> Json:
        view_id = view_id or f"V{next(self._view_ids):010d}"
        return {
            "ok": True,
            "view": {
                "id": view_id,
                "team_id": ws.team_id,
                "type": view["type"],
                "blocks": view.get("blocks", []),
                "private_metadata": view.get("private_metadata", ""),
                "callback_id": view.get("callback_id", ""),
                "state": {"values": {}},
                "hash": f"{FIRST_TS // 1_000_000}.{next(self._hashes):08x}",
                "title": view.get("title"),
                "clear_on_close": bool(view.get("clear_on_close", False)),
                "notify_on_close": bool(view.get("notify_on_close", False)),
                "close": view.get("close"),
                "submit": view.get("submit"),
                "previous_view_id": None,
                "root_view_id": view_id,
                "app_id": APP_ID,
                "external_id": view.get("external_id", ""),
                "app_installed_team_id": ws.team_id,
                "bot_id": ws.bot_id,
            },
        }

    def _views_open(self, args: Json, ws: Workspace) -> Json:
        problem = _missing(args, "trigger_id", "view") or self._view_errors(args["view"])
        return problem or self._view(args["view"], ws)

    def _views_publish(self, args: Json, ws: Workspace) -> Json:
        problem = _missing(args, "user_id", "view") or self._view_errors(args["view"])
        return problem or self._view(args["view"], ws)

    def _views_update(self, args: Json, ws: Workspace) -> Json:
        if not (args.get("view_id") or args.get("external_id")):
            return _error("invalid_arguments", "[ERROR] missing required field: view_id")
        problem = _missing(args, "view") or self._view_errors(args["view"])
        view_id = str(args.get("view_id") or "") or None
        return problem or self._view(args["view"], ws, view_id)

    def _files_get_upload_url(self, args: Json, ws: Workspace) -> Json:
        problem = _missing(args, "filename", "length")
        if problem is not None:
            return problem
        file_id = f"F{next(self._file_ids):08d}"
        return {"ok": True, "upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}

    def _files_complete_upload(self, args: Json, ws: Workspace) -> Json:
        files = args.get("files")
        if not isinstance(files, list) or not files:
            return _error("invalid_arguments", "[ERROR] missing required field: files")
        problem = self._posting_error(str(args.get("channel_id") or ""))
        if problem is not None:
            return problem
        return {
            "ok": True,
            "files": [{"id": f.get("id"), "title": f.get("title") or ""} for f in files],
        }

    def _oauth_v2_access(self, args: Json, ws: Workspace) -> Json:
        if not args.get("code"):
            return _error("invalid_code")
        return dict(self.oauth_response)

    def _team_info(self, args: Json, ws: Workspace) -> Json:
        wanted = args.get("team")
        if wanted:
            known = [self.default_workspace, *self.workspaces.values()]
            match = next((w for w in known if w.team_id == wanted), None)
            if match is None:
                return _error("team_not_found")
            ws = match
        return {
            "ok": True,
            "team": {
                "id": ws.team_id,
                "name": ws.team_name,
                "url": ws.url,
                "domain": ws.domain,
                "email_domain": f"{ws.domain}.example",
                "icon": {"image_default": True},
                "avatar_base_url": "https://ca.slack-edge.com/",
                "is_verified": False,
            },
        }


def run_with_fake(test: Callable[[FakeSlack], Awaitable[None]]) -> None:
    """Run an async test body against a started FakeSlack, from a sync pytest test:

    def test_x() -> None:
        async def body(fake: FakeSlack) -> None: ...
        run_with_fake(body)
    """

    async def main() -> None:
        async with FakeSlack() as fake:
            await test(fake)

    asyncio.run(main())
