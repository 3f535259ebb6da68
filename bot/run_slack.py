"""The Slack process: Bolt over HTTP or Socket Mode, with an in-process worker by default."""

from __future__ import annotations

import contextlib
import logging

from aiohttp import web

from adapters.slack.app import SlackConfig, SlackConfigError, build_slack, build_web_app
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


async def serve_slack(app: App, http: bool, host: str, port: int, with_worker: bool) -> None:
    """Run until SIGINT/SIGTERM."""
    config = slack_config(app.settings)
    if (http or not config.app_token) and not config.signing_secret:
        raise SlackConfigError("HTTP mode verifies every request: set SLACK_SIGNING_SECRET.")
    front = build_slack(app.coach, config, app.engine)
    async with contextlib.AsyncExitStack() as stack:
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
