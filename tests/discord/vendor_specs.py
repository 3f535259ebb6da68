"""Rebuild openapi_requests.json from Discord's OpenAPI description (run by hand):

    .venv/bin/python -m tests.discord.vendor_specs ../shared/specs/discord/openapi.json

Keeps the request bodies of the operations coachbot calls and every schema they refer
to, nothing else, so the fake Discord API can validate bodies on a clone without the
full 1.2 MB description.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OPERATIONS = [
    ("put", "/applications/{application_id}/commands"),
    ("put", "/applications/{application_id}/guilds/{guild_id}/commands"),
    ("post", "/channels/{channel_id}/messages"),
    ("patch", "/channels/{channel_id}/messages/{message_id}"),
    ("post", "/interactions/{interaction_id}/{interaction_token}/callback"),
    ("post", "/webhooks/{webhook_id}/{webhook_token}"),
    ("patch", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"),
    ("patch", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"),
    ("post", "/users/@me/channels"),
]
HERE = Path(__file__).parent / "specs"


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"].rsplit("/", 1)[1]} if "$ref" in node else set()
        return found.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()


def main(source: str) -> None:
    spec = json.loads(Path(source).read_text())
    schemas = spec["components"]["schemas"]
    bodies = [
        {
            "method": method.upper(),
            "path": path,
            "schema": spec["paths"][path][method]["requestBody"]["content"]["application/json"][
                "schema"
            ],
        }
        for method, path in OPERATIONS
    ]
    wanted: set[str] = set()
    todo = _refs(bodies)
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo |= _refs(schemas[name])
    kept = {name: schemas[name] for name in sorted(wanted)}
    # Discord reads a snowflake given as a JSON integer too, and discord.py sends some so.
    kept["SnowflakeType"] = {"anyOf": [kept["SnowflakeType"], {"type": "integer", "minimum": 0}]}
    out = {
        "source": "github.com/discord/discord-api-spec specs/openapi.json @ 74fda0f (2026-07-18)",
        "openapi": spec["openapi"],
        "requests": bodies,
        "components": {"schemas": kept},
    }
    (HERE / "openapi_requests.json").write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
