"""Copy the parts of Slack's published specifications the fake uses into tests/slack/specs/.

Run by hand when refreshing them (tests never read ../shared):

    .venv/bin/python -m tests.slack.vendor_specs ../shared/specs/slack

Web API methods and Events API topics are cut down to the ones the fake serves or the
manifest subscribes to; each kept entry is copied unchanged except that response schemas
(which point into definitions we do not keep) are left out.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

SPECS = Path(__file__).with_name("specs")
METHODS = (
    "auth.test",
    "chat.postEphemeral",
    "chat.postMessage",
    "chat.update",
    "conversations.info",
    "conversations.join",
    "conversations.open",
    "oauth.v2.access",
    "team.info",
    "users.info",
    "views.open",
    "views.publish",
    "views.push",
    "views.update",
)
TOPICS = ("message.im", "app.home.opened", "app.uninstalled", "tokens.revoked")
COPIED = (
    "web_api_supplement.json",
    "LICENSE-slack-api-specs",
    "LICENSE-manifest-schema",
    "slack-api-specs.COMMIT",
)
MANIFEST_SCHEMAS = (
    "manifest.schema.json",
    "manifest.schema.1.0.0.json",
    "manifest.schema.2.0.0.json",
)


def _methods(source: Path) -> dict[str, Any]:
    spec = json.loads((source / "slack_web_openapi_v2_without_examples.json").read_text())
    kept: dict[str, Any] = {}
    for method in METHODS:
        ((verb, operation),) = spec["paths"][f"/{method}"].items()
        entry = {k: v for k, v in operation.items() if k != "responses"}
        kept[f"/{method}"] = {verb: entry}
    return {"swagger": spec["swagger"], "info": spec["info"], "paths": kept}


def _topics(source: Path) -> dict[str, Any]:
    spec = json.loads((source / "slack_events_api_async_v1.json").read_text())
    kept = {name: spec["topics"][name] for name in TOPICS if name in spec["topics"]}
    for topic in kept.values():
        topic["subscribe"].pop("payload", None)
    return {"asyncapi": spec["asyncapi"], "info": spec["info"], "topics": kept}


def vendor(source: Path) -> None:
    """Write tests/slack/specs/ from a checkout of the shared specs."""
    SPECS.mkdir(exist_ok=True)
    (SPECS / "web_api_methods.json").write_text(json.dumps(_methods(source), indent=1) + "\n")
    (SPECS / "events_api_topics.json").write_text(json.dumps(_topics(source), indent=1) + "\n")
    for name in COPIED:
        shutil.copyfile(source / name, SPECS / name)
    for name in (*MANIFEST_SCHEMAS, "COMMIT"):
        target = "manifest-schema.COMMIT" if name == "COMMIT" else name
        shutil.copyfile(source / "manifest-schema" / name, SPECS / target)


if __name__ == "__main__":
    vendor(Path(sys.argv[1]))
