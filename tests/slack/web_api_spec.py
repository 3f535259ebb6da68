"""Slack's Web API method descriptions (specs/web_api_methods.json from Slack's OpenAPI file,
plus specs/web_api_supplement.json for what that 2020 file lacks), and the checks Slack
makes on a call's arguments before the method runs.

    method = methods()["chat.postMessage"]
    problem = argument_errors(method, args)      # None, or Slack's {"ok": false, ...}
    problem = scope_error(method, granted)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

SPECS = Path(__file__).with_name("specs")
Json = dict[str, Any]

# Slack's own error code when no one of a method's "one of these is required" arguments
# is given (elsewhere it answers invalid_arguments).
ONE_OF_ERRORS = {"chat.postMessage": "no_text", "chat.postEphemeral": "no_text"}
BOOLEANS = frozenset({"true", "false", "1", "0"})
# Taken by every method: the workspace an org-wide token acts in (slack_sdk sends it from a
# client made with team_id, as Bolt's per-request clients are).
GLOBAL_ARGS = frozenset({"token", "team_id"})


@dataclass(frozen=True)
class Param:
    """One argument of a method."""

    name: str
    kind: str  # string, integer, number, boolean, json-array, json-object
    required: bool = False
    max_length: int | None = None
    too_long: str = "invalid_arguments"


@dataclass(frozen=True)
class Method:
    """A Web API method: its arguments and the bot scopes any one of which it needs."""

    name: str
    params: dict[str, Param]
    scopes: tuple[str, ...]
    one_of: tuple[tuple[str, ...], ...] = ()
    tokenless: bool = False
    notes: dict[str, str] = field(default_factory=dict)


def _supplement() -> Json:
    data: Json = json.loads((SPECS / "web_api_supplement.json").read_text())
    return data


def _kind(raw: Json, name: str, json_params: Iterable[str]) -> str:
    kind = str(raw.get("type", "string"))
    if kind == "string" and name in json_params:
        return "json-object" if name in ("view", "metadata") else "json-array"
    return kind


def _openapi_method(name: str, entry: Json, extra: Json) -> Method:
    ((_verb, operation),) = entry.items()
    json_params = extra["json_params"]
    one_of = tuple(tuple(group) for group in extra["one_of_required"].get(name, []))
    either = {param for group in one_of for param in group}  # "one of", not each required
    params = {
        p["name"]: Param(
            p["name"],
            _kind(p, p["name"], json_params),
            bool(p.get("required")) and p["name"] not in either,
        )
        for p in operation["parameters"]
        if p["name"] != "token"
    }
    for param_name, raw in extra["added_params"].get(name, {}).items():
        params[param_name] = Param(param_name, _kind(raw, param_name, json_params))
    legacy = [s for auth in operation.get("security", []) for s in auth.get("slackAuth", [])]
    scopes = extra["bot_scopes_any"].get(name, [s for s in legacy if s != "none"])
    return Method(name, params, tuple(scopes), one_of, name in extra["tokenless"])


def _supplement_method(name: str, raw: Json, extra: Json) -> Method:
    params = {}
    for param_name, spec in raw["params"].items():
        note = str(spec.get("note", ""))
        code = note.removeprefix("error ").split(":", 1)[0] if note.startswith("error ") else None
        params[param_name] = Param(
            param_name,
            str(spec["type"]),
            bool(spec.get("required")),
            spec.get("max_length"),
            code or "invalid_arguments",
        )
    return Method(name, params, tuple(extra["bot_scopes_any"].get(name, [])))


@cache
def methods() -> dict[str, Method]:
    """Every method the vendored descriptions know, by name (``chat.postMessage``)."""
    extra = _supplement()
    paths = json.loads((SPECS / "web_api_methods.json").read_text())["paths"]
    known = {
        path.lstrip("/"): _openapi_method(path.lstrip("/"), entry, extra)
        for path, entry in paths.items()
    }
    for name, raw in extra["methods"].items():
        known[name] = _supplement_method(name, raw, extra)
    return known


@cache
def event_scopes() -> dict[str, tuple[str, ...]]:
    """The scopes a bot event subscription needs (``message.im`` -> im:history)."""
    topics = json.loads((SPECS / "events_api_topics.json").read_text())["topics"]
    needed = {
        name.replace(".", "_") if name != "message.im" else name: tuple(
            topic["subscribe"].get("x-scopes-required", [])
        )
        for name, topic in topics.items()
    }
    for name, raw in _supplement()["events"].items():
        if not name.startswith("_"):
            needed[name] = tuple(raw["scopes"])
    return needed


def _error(code: str, *messages: str) -> Json:
    body: Json = {"ok": False, "error": code}
    if messages:
        body["response_metadata"] = {"messages": list(messages)}
    return body


def _type_problem(param: Param, value: Any) -> str | None:
    if param.kind == "boolean" and not (isinstance(value, bool) or str(value) in BOOLEANS):
        return "must be a boolean"
    if param.kind == "integer" and not (isinstance(value, int) or str(value).isdigit()):
        return "must be an integer"
    if param.kind == "json-array" and not isinstance(value, list):
        return "must be a JSON array"
    if param.kind == "json-object" and not isinstance(value, dict):
        return "must be a JSON object"
    return None


def argument_errors(method: Method, args: Json) -> Json | None:
    """Slack's answer to arguments it refuses: unknown names (Slack would ignore them; here a
    misspelt argument fails loudly), missing required ones, wrong types, too long."""
    given = {k: v for k, v in args.items() if k not in GLOBAL_ARGS}
    unknown = sorted(set(given) - set(method.params))
    if unknown:
        return _error("invalid_arguments", *(f"[ERROR] unknown argument: {u}" for u in unknown))
    missing = [
        p.name for p in method.params.values() if p.required and given.get(p.name) in (None, "")
    ]
    if missing:
        return _error(
            "invalid_arguments", *(f"[ERROR] missing required field: {m}" for m in missing)
        )
    for group in method.one_of:
        if not any(given.get(name) not in (None, "", []) for name in group):
            code = ONE_OF_ERRORS.get(method.name, "invalid_arguments")
            return _error(code, f"[ERROR] one of {list(group)} is required")
    for name, value in given.items():
        param = method.params[name]
        problem = _type_problem(param, value)
        if problem is not None:
            return _error("invalid_arguments", f"[ERROR] {problem} [json-pointer:/{name}]")
        if param.max_length is not None and len(str(value)) > param.max_length:
            return _error(
                param.too_long,
                f"[ERROR] must be less than {param.max_length + 1} characters "
                f"[json-pointer:/{name}]",
            )
    return None


def scope_error(method: Method, granted: Iterable[str]) -> Json | None:
    """``missing_scope`` unless the token holds one of the scopes the method needs."""
    have = set(granted)
    if not method.scopes or have & set(method.scopes):
        return None
    return {
        "ok": False,
        "error": "missing_scope",
        "needed": ",".join(method.scopes),
        "provided": ",".join(sorted(have)),
    }
