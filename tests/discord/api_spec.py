"""What Discord refuses in a request body: its OpenAPI schema for the operation
(specs/openapi_requests.json, from Discord's own description) plus the documented limits
no schema carries (6,000 characters across a message's embeds, 2,000 of content, five
action rows, command naming and size rules).

    problem = body_errors("POST", "/channels/2042/messages", body)   # None, or the 400 body

The 400 body has Discord's shape: ``{"code": 50035, "message": "Invalid Form Body",
"errors": {"embeds": {"0": {"description": {"_errors": [{"code": ..., "message": ...}]}}}}}``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, relevance
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPECS = Path(__file__).with_name("specs")
Json = dict[str, Any]
Path_ = tuple[str | int, ...]
Problem = tuple[Path_, tuple[str, str]]  # where in the body; Discord's code and message

EMBEDS_TOTAL = 6_000
CONTENT = 2_000
ACTION_ROWS = 5
MODAL = 9  # the interaction callback that opens a modal
MODAL_INPUTS = 5
COMMAND_TOTAL = 8_000
COMPONENTS_V2 = 1 << 15  # message flag: the newer layout components, not action rows only
# Discord's rule for chat-input command and option names (lower case only).
NAME = re.compile(r"^[-_\w]{1,32}$")
CHAT_INPUT = 1


@cache
def _spec() -> Json:
    spec: Json = json.loads((SPECS / "openapi_requests.json").read_text())
    return spec


@cache
def _validators() -> list[tuple[str, re.Pattern[str], Draft202012Validator]]:
    """One validator per operation, most specific path first (``@original`` before ids)."""
    spec = _spec()
    registry: Registry[Any] = Registry().with_resource(
        "urn:discord", Resource.from_contents(spec, default_specification=DRAFT202012)
    )
    found = []
    for n, operation in enumerate(spec["requests"]):
        pattern = re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(operation["path"]))
        rooted = Draft202012Validator(
            {"$ref": f"urn:discord#/requests/{n}/schema"}, registry=registry
        )
        found.append((operation["method"], re.compile(pattern + "/?"), rooted))
    return sorted(found, key=lambda item: "{" in item[1].pattern)


def body_errors(method: str, path: str, body: Any) -> Json | None:
    """Discord's 400 answer for a body it refuses, or None if it takes it (or the route is
    not one this checks)."""
    validator = next((v for m, p, v in _validators() if m == method and p.fullmatch(path)), None)
    if validator is None:
        return None
    problems = [
        (tuple(e.absolute_path), _schema_message(e)) for e in _schema_errors(validator, body)
    ]
    problems += list(_limit_errors(path, body))
    if not problems:
        return None
    errors: Json = {}
    for where, (code, message) in problems:
        node = errors
        for key in where:
            node = node.setdefault(str(key), {})
        entry = {"code": code, "message": message}
        if entry not in node.setdefault("_errors", []):
            node["_errors"].append(entry)
    return {"code": 50035, "message": "Invalid Form Body", "errors": errors}


def _schema_errors(validator: Draft202012Validator, body: Any) -> Iterator[ValidationError]:
    for error in validator.iter_errors(body):
        # A union (oneOf/anyOf) failing says little: the branch of the body's own "type"
        # (a component type, a callback type) says what is wrong.
        while error.context:
            error = max(_matching_branch(error.context), key=relevance)
        yield error


def _matching_branch(errors: Sequence[ValidationError]) -> list[ValidationError]:
    branches: dict[Any, list[ValidationError]] = {}
    for error in errors:
        branches.setdefault(error.relative_schema_path[0], []).append(error)
    wrong_type = {branch for branch, found in branches.items() if any(map(_other_kind, found))}
    kept = [e for branch, found in branches.items() if branch not in wrong_type for e in found]
    return kept or list(errors)


def _other_kind(error: ValidationError) -> bool:
    """The error says the branch is for another kind of thing: another JSON type (null),
    or another value of the "type" field (a button is not a select)."""
    where = list(error.relative_path)
    if error.validator == "type":
        return not where
    return error.validator in ("enum", "const") and where == ["type"]


def _schema_message(error: ValidationError) -> tuple[str, str]:
    codes = {
        "maxLength": ("BASE_TYPE_MAX_LENGTH", "Must be {} or fewer in length."),
        "minLength": ("BASE_TYPE_MIN_LENGTH", "Must be {} or more in length."),
        "maxItems": ("BASE_TYPE_MAX_LENGTH", "Must be {} or fewer in length."),
        "minItems": ("BASE_TYPE_MIN_LENGTH", "Must be {} or more in length."),
        "required": ("BASE_TYPE_REQUIRED", "This field is required"),
    }
    code, message = codes.get(str(error.validator), ("BASE_TYPE_INVALID", "{}"))
    detail = error.validator_value if error.validator in codes else error.message
    return code, message.format(detail)


def _too_many(limit: int) -> tuple[str, str]:
    return "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length."


def _limit_errors(path: str, body: Any) -> Iterator[Problem]:
    if path.endswith("/commands") and isinstance(body, list):
        for n, command in enumerate(body):
            yield from (((n, *where), problem) for where, problem in _command_errors(command))
        return
    if path.endswith("/callback") and isinstance(body, dict):
        data = body.get("data")
        if isinstance(data, dict) and body.get("type") in (4, 7):
            yield from ((("data", *where), problem) for where, problem in _message_errors(data))
        inputs = data.get("components") if isinstance(data, dict) else None
        if body.get("type") == MODAL and len(inputs or []) > MODAL_INPUTS:
            yield ("data", "components"), _too_many(MODAL_INPUTS)
        return
    if isinstance(body, dict):
        yield from _message_errors(body)


def _message_errors(message: Json) -> Iterator[Problem]:
    content = message.get("content")
    if isinstance(content, str) and len(content) > CONTENT:
        yield ("content",), _too_many(CONTENT)
    if embeds_length(message.get("embeds") or []) > EMBEDS_TOTAL:
        yield ("embeds",), ("MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")
    components = message.get("components") or []
    flags = message.get("flags") or 0
    if not flags & COMPONENTS_V2 and len(components) > ACTION_ROWS:
        yield ("components",), _too_many(ACTION_ROWS)


def embeds_length(embeds: Sequence[Any]) -> int:
    """The characters Discord counts toward a message's 6,000 across its embeds: titles,
    descriptions, field names and values, footer texts and author names."""
    parts: list[Any] = []
    for embed in (e for e in embeds if isinstance(e, dict)):
        parts += [embed.get("title"), embed.get("description")]
        parts += [(embed.get("footer") or {}).get("text"), (embed.get("author") or {}).get("name")]
        for item in embed.get("fields") or []:
            parts += [item.get("name"), item.get("value")]
    return sum(len(p) for p in parts if isinstance(p, str))


def _command_errors(command: Json) -> Iterator[Problem]:
    chat_input = command.get("type", CHAT_INPUT) == CHAT_INPUT
    yield from _named(command, chat_input)
    if chat_input and _command_size(command) > COMMAND_TOTAL:
        yield (
            (),
            ("APPLICATION_COMMAND_TOO_LARGE", f"Command exceeds maximum size ({COMMAND_TOTAL})"),
        )


def _named(item: Json, chat_input: bool, where: Path_ = ()) -> Iterator[Problem]:
    """Chat-input commands and their options: lower-case names, a description of 1-100."""
    if not chat_input:
        return
    name = item.get("name")
    if not isinstance(name, str) or not NAME.fullmatch(name) or name != name.lower():
        yield (*where, "name"), ("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
    description = item.get("description")
    if not isinstance(description, str) or not 1 <= len(description) <= 100:
        yield (
            (*where, "description"),
            ("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."),
        )
    options: Sequence[Json] = item.get("options") or []
    for n, option in enumerate(options):
        yield from _named(option, True, (*where, "options", n))


def _command_size(item: Json) -> int:
    """Name, description, and every option's and choice's name, description and value."""
    size = len(item.get("name") or "") + len(item.get("description") or "")
    for choice in item.get("choices") or []:
        size += len(str(choice.get("name", ""))) + len(str(choice.get("value", "")))
    return size + sum(_command_size(option) for option in item.get("options") or [])
