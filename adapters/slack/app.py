"""Wiring a Bolt AsyncApp for coachbot: single workspace (token) or multi-workspace
(OAuth with installations in our database), served over HTTP or Socket Mode."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine, text

from adapters.slack.channels import unreachable_notice
from adapters.slack.http import PooledWebClient, WebSession
from adapters.slack.listeners import installs, register
from adapters.slack.messenger import ClientFor, OnUnreachable, SlackMessenger
from adapters.slack.responder import SlackBot
from adapters.slack.storage import ThreadedInstallationStore, ThreadedStateStore
from core.coach import Coach
from core.ports import DeliveryError

log = logging.getLogger(__name__)

# channels:join and groups:read: /digest set checks coachbot can post to the channel;
# files:read: a member's export file sent to the DM, to import.
SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "im:history",
    "users:read",
    "files:write",
    "files:read",
    "channels:join",
    "groups:read",
)
EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"


class SlackConfigError(ValueError):
    """Settings that cannot make a working Slack app; the message says what to set."""


@dataclass(frozen=True)
class SlackConfig:
    """What the Slack front end needs; secrets are plain here and never logged."""

    signing_secret: str | None
    bot_token: str | None = None
    app_token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    api_url: str = "https://slack.com/api/"

    @property
    def oauth(self) -> bool:
        """Multi-workspace install via OAuth."""
        return bool(self.client_id and self.client_secret)


@dataclass
class SlackFrontEnd:
    """The Bolt app, the shared listener helper, the outbound port, and the HTTP session
    all their Web API calls share (close it when the process stops)."""

    bolt: AsyncApp
    bot: SlackBot
    messenger: SlackMessenger
    http: WebSession


def _client(
    config: SlackConfig, http: WebSession, token: str | None, retry_429: bool = True
) -> AsyncWebClient:
    """A Web API client on the shared session; listeners retry 429s after Retry-After,
    while the outbox senders get the 429 back (as RateLimited) and pace instead."""
    client = PooledWebClient(http, token=token, base_url=config.api_url)
    if retry_429:
        client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))
    return client


def build_slack(coach: Coach, config: SlackConfig, engine: Engine) -> SlackFrontEnd:
    """A Bolt AsyncApp with every listener registered, and its messenger."""
    if not config.signing_secret and not config.app_token:
        raise SlackConfigError(
            "Set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)."
        )
    http = WebSession()
    if config.oauth:
        installations = ThreadedInstallationStore(str(config.client_id), engine)
        settings = AsyncOAuthSettings(
            client_id=config.client_id,
            client_secret=config.client_secret,
            scopes=list(SCOPES),
            installation_store=installations,
            state_store=ThreadedStateStore(engine),
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
        )
        bolt = AsyncApp(
            signing_secret=config.signing_secret,
            oauth_settings=settings,
            client=_client(config, http, None),
        )
        client_for, forget = _installed_clients(config, http, installations)
    elif config.bot_token:
        client = _client(config, http, config.bot_token)
        bolt = AsyncApp(signing_secret=config.signing_secret, client=client)
        client_for = _single_client(_client(config, http, config.bot_token, retry_429=False))
        forget = _keep
    else:
        raise SlackConfigError(
            "Set SLACK_BOT_TOKEN for one workspace, or SLACK_CLIENT_ID and "
            "SLACK_CLIENT_SECRET for installs in many."
        )
    bot = SlackBot(coach, http)
    register(bolt, bot)
    installs.register(bolt, bot, forget)
    messenger = SlackMessenger(client_for, on_unreachable=_notify(coach), http=http)
    return SlackFrontEnd(bolt, bot, messenger, http)


def _keep(_team_id: str) -> None:
    """One workspace's token from the environment: nothing to forget."""


def _single_client(client: AsyncWebClient) -> ClientFor:
    async def client_for(_team_id: str) -> AsyncWebClient:
        return client

    return client_for


def _installed_clients(
    config: SlackConfig, http: WebSession, store: ThreadedInstallationStore
) -> tuple[ClientFor, Callable[[str], None]]:
    """A client per workspace, with the bot token saved at install time, and a function
    that forgets a workspace's client (the app was removed there)."""
    cache: dict[str, AsyncWebClient] = {}

    async def client_for(team_id: str) -> AsyncWebClient:
        if team_id not in cache:
            bot = await store.async_find_bot(enterprise_id=None, team_id=team_id)
            if bot is None:
                raise DeliveryError(
                    f"coachbot is not installed in workspace {team_id}", permanent=True
                )
            cache[team_id] = _client(config, http, bot.bot_token, retry_429=False)
        return cache[team_id]

    def forget(team_id: str) -> None:
        cache.pop(team_id, None)

    return client_for, forget


def _notify(coach: Coach) -> OnUnreachable:
    """A digest channel coachbot cannot post in: tell the digest's admin, once."""

    async def notify(workspace_id: str, channel_id: str) -> int:
        return await asyncio.to_thread(
            coach.digest_unreachable, "slack", workspace_id, channel_id, unreachable_notice
        )

    return notify


def slack_messenger(config: SlackConfig, engine: Engine, coach: Coach) -> SlackMessenger:
    """The outbound port alone, for a worker without the front end (``coachbot run
    worker``): the tokens saved at install time when a client id is set, else the bot token."""
    notify, http = _notify(coach), WebSession()
    if config.client_id:
        store = ThreadedInstallationStore(config.client_id, engine)
        clients = _installed_clients(config, http, store)[0]
        return SlackMessenger(clients, on_unreachable=notify, http=http)
    if config.bot_token:
        client = _client(config, http, config.bot_token, retry_429=False)
        return SlackMessenger(_single_client(client), on_unreachable=notify, http=http)
    raise SlackConfigError("Set SLACK_BOT_TOKEN, or SLACK_CLIENT_ID for installed workspaces.")


def build_web_app(front: SlackFrontEnd, engine: Engine) -> web.Application:
    """The HTTP endpoints: events/commands/interactivity, OAuth install, health."""
    bolt = front.bolt

    async def events(request: web.Request) -> web.Response:
        if not _whole_seconds(request.headers.get("X-Slack-Request-Timestamp", "")):
            return web.json_response({"error": "invalid request"}, status=401)
        response = await bolt.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    async def oauth(request: web.Request) -> web.Response:
        flow = bolt.oauth_flow
        if flow is None:
            return web.Response(status=404, text="This install serves one workspace.")
        bolt_request = await to_bolt_request(request)
        if request.path == INSTALL_PATH:
            return await to_aiohttp_response(await flow.handle_installation(bolt_request))
        return await to_aiohttp_response(await flow.handle_callback(bolt_request))

    async def healthz(_request: web.Request) -> web.Response:
        try:
            await asyncio.to_thread(_ping, engine)
        except Exception:
            log.exception("health check: database unreachable")
            return web.json_response({"ok": False, "database": "unreachable"}, status=503)
        return web.json_response({"ok": True})

    app = web.Application()
    app.add_routes(
        [
            web.post(EVENTS_PATH, events),
            web.get(INSTALL_PATH, oauth),
            web.get(REDIRECT_PATH, oauth),
            web.get("/healthz", healthz),
        ]
    )
    return app


def _whole_seconds(timestamp: str) -> bool:
    """A signed request's timestamp is whole seconds; Bolt's signature check would fail on
    anything else with an error (500) instead of refusing it (401)."""
    return timestamp.isascii() and timestamp.isdigit()


def _ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("select 1"))
