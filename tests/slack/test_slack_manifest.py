"""The Slack manifests are valid by Slack's manifest schema, declare exactly what the app
listens to, and grant the scope of every Web API method the adapter calls."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource
from slack_sdk.web.async_client import AsyncWebClient

import adapters.slack
from adapters.slack.app import EVENTS_PATH, REDIRECT_PATH, SCOPES
from adapters.slack.listeners.commands import SLASH_COMMANDS
from tests.slack.web_api_spec import event_scopes, methods, scope_error

SPECS = Path(__file__).with_name("specs")
SOCKET = "slack_manifest.yaml"
HTTP = "slack_manifest_http.yaml"
MANIFESTS = (SOCKET, HTTP)
SCHEMA_URL = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"
# slack_sdk methods that make more than one Web API call.
SDK_CALLS = {"files_upload_v2": ("files.getUploadURLExternal", "files.completeUploadExternal")}
# Calls Bolt makes for us: checking the token, and the OAuth code exchange.
BOLT_CALLS = ("auth.test", "oauth.v2.access")
EVENTS = {"app_home_opened", "message.im", "app_uninstalled", "tokens_revoked"}


def manifest(name: str) -> dict[str, Any]:
    """A manifest from config/."""
    data = yaml.safe_load(resources.files("config").joinpath(name).read_text())
    assert isinstance(data, dict)
    return data


def _validator() -> jsonschema.Draft7Validator:
    schemas = [json.loads(p.read_text()) for p in sorted(SPECS.glob("manifest.schema.*.json"))]
    registry: Registry[Any] = Registry().with_resources(
        (SCHEMA_URL + p.name, Resource.from_contents(s))
        for p, s in zip(sorted(SPECS.glob("manifest.schema.*.json")), schemas, strict=True)
    )
    root = json.loads((SPECS / "manifest.schema.json").read_text())
    return jsonschema.Draft7Validator(root, registry=registry)


def adapter_calls() -> set[str]:
    """The Web API methods adapters/slack calls through a slack_sdk client."""
    source = "\n".join(p.read_text() for p in Path(adapters.slack.__file__).parent.rglob("*.py"))
    called = set(re.findall(r"client\.(\w+)\(", source))
    names = {n for n in called if callable(getattr(AsyncWebClient, n, None))}
    found = {m for n in names for m in SDK_CALLS.get(n, (n.replace("_", "."),))}
    return found | set(BOLT_CALLS)


@pytest.mark.parametrize("name", MANIFESTS)
def test_the_manifest_is_valid_by_slacks_schema(name: str) -> None:
    errors = sorted(_validator().iter_errors(manifest(name)), key=str)
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize("name", MANIFESTS)
def test_every_command_scope_and_event_is_declared(name: str) -> None:
    data = manifest(name)
    features, settings = data["features"], data["settings"]
    assert {c["command"] for c in features["slash_commands"]} == set(SLASH_COMMANDS)
    assert set(data["oauth_config"]["scopes"]["bot"]) == set(SCOPES)
    assert set(settings["event_subscriptions"]["bot_events"]) == EVENTS
    assert settings["interactivity"]["is_enabled"] is True
    assert features["app_home"]["home_tab_enabled"] is True


@pytest.mark.parametrize("name", MANIFESTS)
def test_commands_that_take_a_mention_get_it_escaped(name: str) -> None:
    """Slack sends ``<@U123|dana>`` and ``<#C123|team>`` only with should_escape: the
    core resolves the ids from that syntax."""
    escaped = {
        c["command"]: c["should_escape"] for c in manifest(name)["features"]["slash_commands"]
    }
    assert escaped["/partner"] is True and escaped["/digest"] is True


def test_every_method_the_adapter_calls_has_its_scope() -> None:
    calls = adapter_calls()
    assert {"chat.postMessage", "conversations.join", "files.completeUploadExternal"} <= calls
    known = methods()
    assert calls <= set(known), "a method the fake Slack does not describe"
    for name in MANIFESTS:
        granted = manifest(name)["oauth_config"]["scopes"]["bot"]
        missing = {m: known[m].scopes for m in calls if scope_error(known[m], granted)}
        assert not missing, (name, missing)


def test_every_event_subscribed_has_its_scope() -> None:
    needed = event_scopes()
    for name in MANIFESTS:
        data = manifest(name)
        granted = set(data["oauth_config"]["scopes"]["bot"])
        for event in data["settings"]["event_subscriptions"]["bot_events"]:
            assert set(needed[event]) <= granted, (name, event)


def test_socket_mode_for_one_workspace_http_for_distribution() -> None:
    socket, http = manifest(SOCKET), manifest(HTTP)
    assert socket["settings"]["socket_mode_enabled"] is True
    assert http["settings"]["socket_mode_enabled"] is False
    assert "url" not in str(socket["features"]["slash_commands"])  # Socket Mode needs none
    assert "request_url" not in str(socket["settings"])
    assert "redirect_urls" not in socket["oauth_config"]
    urls = [c["url"] for c in http["features"]["slash_commands"]]
    urls += [
        http["settings"]["event_subscriptions"]["request_url"],
        http["settings"]["interactivity"]["request_url"],
    ]
    assert all(url.startswith("https://") and url.endswith(EVENTS_PATH) for url in urls)
    redirects = http["oauth_config"]["redirect_urls"]
    assert redirects and all(url.endswith(REDIRECT_PATH) for url in redirects)
    for key in ("display_information", "features"):
        assert _without_urls(socket[key]) == _without_urls(http[key])


def _without_urls(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_urls(v) for k, v in node.items() if k != "url"}
    if isinstance(node, list):
        return [_without_urls(v) for v in node]
    return node
