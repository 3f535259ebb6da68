"""Recorded Slack request payloads (tests/slack/payloads/*.json), with placeholders.

String values may hold placeholders such as ``{response_url}``; ``load`` replaces them:

    load("block_actions_button", response_url=fake.response_url())
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PAYLOADS = Path(__file__).with_name("payloads")


def names() -> list[str]:
    """The recorded payloads, without the ``.json`` suffix."""
    return sorted(path.stem for path in PAYLOADS.glob("*.json"))


def _substitute(value: Any, substitutions: dict[str, str]) -> Any:
    if isinstance(value, str):
        for key, replacement in substitutions.items():
            value = value.replace(f"{{{key}}}", replacement)
        return value
    if isinstance(value, list):
        return [_substitute(item, substitutions) for item in value]
    if isinstance(value, dict):
        return {key: _substitute(item, substitutions) for key, item in value.items()}
    return value


def load(name: str, **substitutions: str) -> dict[str, Any]:
    """A fresh copy of a recorded payload with ``{key}`` placeholders in string values
    replaced; placeholders without a substitution stay as they are."""
    path = PAYLOADS / (name if name.endswith(".json") else f"{name}.json")
    if not path.is_file():
        raise FileNotFoundError(f"no recorded payload {name!r}; have {names()}")
    payload = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(payload, dict):
        raise TypeError(f"{path.name} is not a JSON object")
    result: dict[str, Any] = _substitute(payload, substitutions)
    return result
