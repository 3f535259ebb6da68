"""The Slack manifest declares exactly what the app listens to and needs."""

from __future__ import annotations

from importlib import resources

import yaml

from adapters.slack.app import EVENTS_PATH, REDIRECT_PATH, SCOPES
from adapters.slack.listeners.commands import SLASH_COMMANDS


def _manifest() -> dict[str, object]:
    text = resources.files("config").joinpath("slack_manifest.yaml").read_text()
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def test_every_command_scope_and_event_is_declared() -> None:
    manifest = _manifest()
    features = manifest["features"]
    settings = manifest["settings"]
    assert isinstance(features, dict) and isinstance(settings, dict)
    commands = {c["command"] for c in features["slash_commands"]}
    assert commands == set(SLASH_COMMANDS)
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == set(SCOPES)  # type: ignore[index]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_home_opened", "message.im"}
    assert settings["interactivity"]["is_enabled"] is True
    assert features["app_home"]["home_tab_enabled"] is True


def test_urls_point_at_our_endpoints() -> None:
    manifest = _manifest()
    urls = [c["url"] for c in manifest["features"]["slash_commands"]]  # type: ignore[index]
    urls.append(manifest["settings"]["event_subscriptions"]["request_url"])  # type: ignore[index]
    urls.append(manifest["settings"]["interactivity"]["request_url"])  # type: ignore[index]
    assert all(url.endswith(EVENTS_PATH) for url in urls)
    redirects = manifest["oauth_config"]["redirect_urls"]  # type: ignore[index]
    assert all(url.endswith(REDIRECT_PATH) for url in redirects)
