"""Block Kit as Slack checks it: slack_sdk's own validators (``slack_sdk.models``) plus the
documented limits slack_sdk does not check (``block_kit_limits`` in
specs/web_api_supplement.json), with Slack's ``[ERROR] ... [json-pointer:...]`` messages.

    block_errors(blocks, "/blocks", MESSAGE)   # [] when Slack would accept them
    view_errors(view)                          # for views.open/push/update/publish
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

SPECS = Path(__file__).with_name("specs")
MESSAGE = "message"
VIEW = "view"

# Text objects that must be plain_text, by the key that holds them in an element or block.
PLAIN_ONLY = {"header": ("text",), "button": ("text",), "input": ("label", "hint")}
# Option lists: the limit's name in the table, by element type.
OPTION_LIMITS = {
    "static_select": "static_select_options",
    "multi_static_select": "static_select_options",
    "checkboxes": "checkboxes_options",
    "radio_buttons": "radio_options",
    "overflow": "overflow_options",
}


@cache
def limits() -> dict[str, int]:
    """Slack's documented Block Kit limits."""
    table = json.loads((SPECS / "web_api_supplement.json").read_text())["block_kit_limits"]
    return {k: v for k, v in table.items() if isinstance(v, int)}


def block_errors(blocks: Any, pointer: str, surface: str) -> list[str]:
    """Why Slack would refuse these blocks (empty when it would accept them)."""
    if not isinstance(blocks, list):
        return [f"[ERROR] must provide an array [json-pointer:{pointer}]"]
    most = limits()["message_blocks" if surface == MESSAGE else "view_blocks"]
    errors: list[str] = []
    if len(blocks) > most:
        errors.append(f"[ERROR] no more than {most} items allowed [json-pointer:{pointer}]")
    for index, raw in enumerate(blocks):
        at = f"{pointer}/{index}"
        if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
            errors.append(f"[ERROR] must provide an object with a type [json-pointer:{at}]")
            continue
        errors += _sdk_errors(lambda raw=raw: _parsed(raw).to_dict(), at)
        errors += _block_limits(raw, at)
    return errors


def view_errors(view: Any) -> list[str]:
    """Why Slack would refuse a modal or Home view."""
    if not isinstance(view, dict) or view.get("type") not in ("modal", "home"):
        return ["[ERROR] must provide a view of type modal or home [json-pointer:/view]"]
    errors = _sdk_errors(lambda: View(**view).to_dict(), "/view")
    table = limits()
    for key, name in (
        ("title", "modal_title"),
        ("submit", "modal_submit"),
        ("close", "modal_close"),
    ):
        if key in view:
            errors += _text(view[key], f"/view/{key}", table[name], plain_only=True)
    if view["type"] == "modal" and "title" not in view:
        errors.append("[ERROR] missing required field: title [json-pointer:/view]")
    for key, name in (
        ("private_metadata", "private_metadata"),
        ("callback_id", "callback_id"),
        ("external_id", "external_id"),
    ):
        errors += _length(view.get(key), f"/view/{key}", table[name])
    return errors + block_errors(view.get("blocks", []), "/view/blocks", VIEW)


def _parsed(raw: dict[str, Any]) -> Block:
    block = Block.parse(raw)
    if block is None:
        raise SlackObjectFormationError(f"unknown block type {raw['type']!r}")
    return block


def _sdk_errors(check: Any, pointer: str) -> list[str]:
    try:
        check()
    except (SlackObjectFormationError, TypeError, KeyError, ValueError) as error:
        return [f"[ERROR] {error} [json-pointer:{pointer}]"]
    return []


def _length(value: Any, pointer: str, most: int) -> list[str]:
    if value is not None and len(str(value)) > most:
        return [f"[ERROR] must be less than {most + 1} characters [json-pointer:{pointer}]"]
    return []


def _text(obj: Any, pointer: str, most: int, plain_only: bool = False) -> list[str]:
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return [f"[ERROR] must provide a text object [json-pointer:{pointer}]"]
    allowed = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
    if obj.get("type") not in allowed:
        return [f"[ERROR] must be one of {list(allowed)} [json-pointer:{pointer}/type]"]
    if not obj["text"]:
        return [f"[ERROR] must be more than 0 characters [json-pointer:{pointer}/text]"]
    return _length(obj["text"], f"{pointer}/text", most)


def _block_limits(block: dict[str, Any], at: str) -> list[str]:
    table = limits()
    kind = block["type"]
    errors = _length(block.get("block_id"), f"{at}/block_id", table["block_id"])
    if kind == "header":
        errors += _text(block.get("text"), f"{at}/text", table["header_text"], plain_only=True)
    elif kind == "section":
        if "text" in block:
            errors += _text(block["text"], f"{at}/text", table["section_text"])
        fields = block.get("fields", [])
        if len(fields) > table["section_fields"]:
            errors.append(f"[ERROR] too many items [json-pointer:{at}/fields]")
        for n, item in enumerate(fields):
            errors += _text(item, f"{at}/fields/{n}", table["section_field_text"])
        if "accessory" in block:
            errors += _element(block["accessory"], f"{at}/accessory")
    elif kind == "actions":
        elements = block.get("elements", [])
        if not 1 <= len(elements) <= table["actions_elements"]:
            errors.append(f"[ERROR] must have 1 to 25 items [json-pointer:{at}/elements]")
        for n, element in enumerate(elements):
            errors += _element(element, f"{at}/elements/{n}")
    elif kind == "context":
        if len(block.get("elements", [])) > table["context_elements"]:
            errors.append(f"[ERROR] too many items [json-pointer:{at}/elements]")
    elif kind == "input":
        errors += _text(block.get("label"), f"{at}/label", table["input_label"], plain_only=True)
        if "hint" in block:
            errors += _text(block["hint"], f"{at}/hint", table["input_hint"], plain_only=True)
        errors += _element(block.get("element"), f"{at}/element")
    return errors


def _element(element: Any, at: str) -> list[str]:
    if not isinstance(element, dict) or not isinstance(element.get("type"), str):
        return [f"[ERROR] must provide an object with a type [json-pointer:{at}]"]
    table = limits()
    kind = element["type"]
    errors = _length(element.get("action_id"), f"{at}/action_id", table["action_id"])
    if "placeholder" in element:
        errors += _text(element["placeholder"], f"{at}/placeholder", table["placeholder"], True)
    if kind == "button":
        errors += _text(element.get("text"), f"{at}/text", table["button_text"], plain_only=True)
        errors += _length(element.get("value"), f"{at}/value", table["button_value"])
        errors += _length(element.get("url"), f"{at}/url", table["button_url"])
    elif kind == "plain_text_input":
        errors += _input_lengths(element, at)
    elif kind == "image":
        errors += _length(element.get("alt_text"), f"{at}/alt_text", table["image_alt_text"])
    if kind in OPTION_LIMITS:
        errors += _options(element.get("options", []), at, table[OPTION_LIMITS[kind]])
    return errors


def _input_lengths(element: dict[str, Any], at: str) -> list[str]:
    """plain_text_input: max_length 1..3,000 and min_length 0..3,000 (documented, not in
    slack_sdk), and an initial value within them."""
    table = limits()
    errors: list[str] = []
    most = element.get("max_length")
    if most is not None and not (
        isinstance(most, int) and 1 <= most <= table["plain_text_input_max_length"]
    ):
        top = table["plain_text_input_max_length"]
        errors.append(f"[ERROR] must be between 1 and {top} [json-pointer:{at}/max_length]")
    least = element.get("min_length")
    if least is not None and not (
        isinstance(least, int) and 0 <= least <= table["plain_text_input_min_length"]
    ):
        errors.append(f"[ERROR] must be at most 3000 [json-pointer:{at}/min_length]")
    if isinstance(most, int) and isinstance(element.get("initial_value"), str):
        errors += _length(element["initial_value"], f"{at}/initial_value", most)
    return errors


def _options(options: Any, at: str, most: int) -> list[str]:
    table = limits()
    if not isinstance(options, list) or len(options) > most:
        return [f"[ERROR] no more than {most} items allowed [json-pointer:{at}/options]"]
    errors: list[str] = []
    for n, option in enumerate(options):
        here = f"{at}/options/{n}"
        if not isinstance(option, dict):
            errors.append(f"[ERROR] must provide an object [json-pointer:{here}]")
            continue
        errors += _text(option.get("text"), f"{here}/text", table["option_text"])
        errors += _length(option.get("value"), f"{here}/value", table["option_value"])
        if "description" in option:
            errors += _text(
                option["description"], f"{here}/description", table["option_description"]
            )
    return errors
