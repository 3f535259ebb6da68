"""Signed Slack requests: the headers Slack sends with slash commands, events and actions.

Send exactly the signed string as the request body:

    body = form_body(load("slash_command_win", response_url=fake.response_url()))
    await http.post(url, data=body.encode(), headers=signed_headers(body, SECRET))
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
JSON_CONTENT_TYPE = "application/json"


def signature(body: str, signing_secret: str, timestamp: int) -> str:
    """Slack's request signature: ``v0=`` + hex HMAC-SHA256 of ``v0:{timestamp}:{body}``."""
    base = f"v0:{timestamp}:{body}".encode()
    digest = hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return f"v0={digest}"


def signed_headers(
    body: str,
    signing_secret: str,
    timestamp: int | None = None,
    *,
    content_type: str | None = None,
) -> dict[str, str]:
    """``X-Slack-Request-Timestamp``, ``X-Slack-Signature`` and ``Content-Type`` for a body.

    ``timestamp`` defaults to now (Bolt rejects requests older than five minutes). The
    content type is JSON for a JSON body (Events API) and form-encoded otherwise (slash
    commands, interactivity), unless ``content_type`` says otherwise.
    """
    ts = int(time.time()) if timestamp is None else timestamp
    if content_type is None:
        is_json = body.lstrip().startswith("{")
        content_type = JSON_CONTENT_TYPE if is_json else FORM_CONTENT_TYPE
    return {
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": signature(body, signing_secret, ts),
        "Content-Type": content_type,
    }


def form_body(payload: Mapping[str, str]) -> str:
    """A form-encoded body, as Slack posts slash commands."""
    return urlencode(payload)


def interactive_body(payload: Mapping[str, Any]) -> str:
    """A form body with one ``payload`` field holding JSON, as Slack posts interactions
    (block_actions, view_submission, shortcuts)."""
    return urlencode({"payload": json.dumps(payload)})


def json_body(payload: Mapping[str, Any]) -> str:
    """A JSON body, as the Events API posts event_callback and url_verification."""
    return json.dumps(payload)
