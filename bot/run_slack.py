"""The Slack process: Bolt over HTTP or Socket Mode, with an in-process worker by default."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import replace

from aiohttp import web
from sqlalchemy import column, select, table

from adapters.slack.app import (
    SlackConfig,
    SlackConfigError,
    build_slack,
    build_web_app,
    slack_messenger,
)
from adapters.slack.messenger import SlackMessenger
from adapters.slack.storage import BOTS
from bot.bootstrap import App
from bot.runtime import background_worker, until_stopped
from bot.settings import Settings

log = logging.getLogger(__name__)


def slack_config(settings: Settings) -> SlackConfig:
    """Slack settings from the environment, unwrapped only here."""

    def secret(value: object) -> str | None:
        getter = getattr(value, "get_secret_value", None)
        return str(getter()) if getter else None

    return SlackConfig(
        signing_secret=secret(settings.slack_signing_secret),
        bot_token=secret(settings.slack_bot_token),
        app_token=secret(settings.slack_app_token),
        client_id=settings.slack_client_id,
        client_secret=secret(settings.slack_client_secret),
        api_url=settings.slack_api_url,
    )


def worker_messenger(app: App) -> SlackMessenger | None:
    """Slack's outbound port for a worker on its own: the bot token, or the workspaces
    installed through OAuth (their tokens are in the database); None if neither."""
    config = slack_config(app.settings)
    client_id = config.client_id or (None if config.bot_token else _stored_client_id(app))
    if client_id is None and not config.bot_token:
        return None
    return slack_messenger(replace(config, client_id=client_id), app.engine, app.coach)


def _stored_client_id(app: App) -> str | None:
    """The app whose installations the database holds (the newest, if several)."""
    bots = table(BOTS, column("client_id"), column("installed_at"))
    query = select(bots.c.client_id).order_by(bots.c.installed_at.desc()).limit(1)
    with app.engine.connect() as conn:
        found = conn.scalar(query)
    return str(found) if found else None


async def serve_slack(app: App, http: bool, host: str, port: int, with_worker: bool) -> None:
    """Run until SIGINT/SIGTERM."""
    config = slack_config(app.settings)
    if (http or not config.app_token) and not config.signing_secret:
        raise SlackConfigError("HTTP mode verifies every request: set SLACK_SIGNING_SECRET.")
    front = build_slack(app.coach, config, app.engine)
    async with contextlib.AsyncExitStack() as stack:
        stack.push_async_callback(front.http.close)  # last: after the worker's final sends
        if with_worker:
            await stack.enter_async_context(background_worker(app, {"slack": front.messenger}))
        if http or not config.app_token:
            runner = web.AppRunner(build_web_app(front, app.engine))
            await runner.setup()
            stack.push_async_callback(runner.cleanup)
            await web.TCPSite(runner, host, port).start()
            log.warning("coachbot for Slack listening on http://%s:%d/slack/events", host, port)
            await until_stopped()
        else:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            handler = AsyncSocketModeHandler(front.bolt, config.app_token)
            await handler.connect_async()  # type: ignore[no-untyped-call]
            stack.push_async_callback(handler.close_async)
            log.warning("coachbot for Slack connected in Socket Mode")
            await until_stopped()
