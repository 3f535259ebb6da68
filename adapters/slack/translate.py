"""Slack payloads to core calls: pure functions, tested with recorded payloads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from core.context import MemberRef
from core.parsing import LIMITS, escape_value

FORM_COMMANDS = {"/goal": "goal_form", "/win": "win_form"}
MODAL_BUTTONS = {"/checkin answer": "answer_form", "/vacation": "vacation_form"}


def slack_member(team_id: str, user_id: str, name: str = "") -> MemberRef:
    """A Slack user in a workspace, as the core knows members."""
    return MemberRef("slack", team_id, user_id, name)


def command_text(command: str, text: str) -> str:
    """``/goal`` + ``add X`` -> ``/goal add X``: the same grammar as every front end."""
    return f"{command.strip()} {text.strip()}".strip()


def form_for(command: str, text: str) -> str | None:
    """A bare ``/goal`` or ``/win`` opens a form instead of running the grammar."""
    return FORM_COMMANDS.get(command.strip()) if not text.strip() else None


def dm_text(event: dict[str, Any]) -> str | None:
    """The text of a member's plain message in the bot's DM, or None to ignore it."""
    if event.get("type") != "message" or event.get("channel_type") != "im":
        return None
    if event.get("subtype") or event.get("bot_id") or not event.get("user"):
        return None
    text = str(event.get("text") or "").strip()
    return text or None


def action_command(action: dict[str, Any]) -> str:
    """The core command a button carries."""
    return str(action.get("value") or "").strip()


@dataclass(frozen=True)
class Submission:
    """A form turned into grammar text, or field errors to show in the modal."""

    text: str
    errors: dict[str, str]


def _value(values: dict[str, Any], block: str) -> Any:
    element = values.get(block, {}).get(block, {})
    kind = element.get("type")
    if kind == "datepicker":
        return element.get("selected_date")
    if kind in ("static_select", "external_select"):
        option = element.get("selected_option") or {}
        return option.get("value")
    if kind == "checkboxes":
        return [o.get("value") for o in element.get("selected_options") or []]
    return (element.get("value") or "").strip()


def goal_submission(values: dict[str, Any], today: date) -> Submission:
    """The goal form: title, measure, why, deadline, horizon, share."""
    errors: dict[str, str] = {}
    title = _value(values, "title")
    if not title:
        errors["title"] = "Name the goal, e.g. Become a certified AWS Solutions Architect."
    elif len(title) > LIMITS["title"]:
        errors["title"] = f"Keep it under {LIMITS['title']} characters."
    deadline = _value(values, "deadline")
    if deadline and date.fromisoformat(deadline) < today:
        errors["deadline"] = "Pick a date in the future."
    parts = [f"/goal add {escape_value(title)}"]
    for key in ("measure", "why"):
        text = _value(values, key)
        if text and len(text) > LIMITS["field"]:
            errors[key] = f"Keep it under {LIMITS['field']} characters."
        if text:
            parts.append(f"{key}: {escape_value(text)}")
    if deadline:
        parts.append(f"deadline: {deadline}")
    horizon = _value(values, "horizon")
    if horizon:
        parts.append(f"horizon: {horizon}")
    if "share" in (_value(values, "share") or []):
        parts.append("--share")
    return Submission(" ".join(parts), errors)


def win_submission(values: dict[str, Any]) -> Submission:
    """The win form: text, goal, section, share."""
    errors: dict[str, str] = {}
    text = _value(values, "text")
    if not text:
        errors["text"] = "Say what you did, for whom, with numbers if you have them."
    elif len(text) > LIMITS["win"]:
        errors["text"] = f"Keep it under {LIMITS['win']:,} characters."
    parts = [f"/win {escape_value(text)}"]
    goal = _value(values, "goal")
    if goal:
        parts.append(f"goal:{goal}")
    section = _value(values, "section")
    if section:
        parts.append(f"section:{section}")
    if "share" in (_value(values, "share") or []):
        parts.append("--share")
    return Submission(" ".join(parts), errors)


def answer_submission(values: dict[str, Any]) -> Submission:
    """The check-in answer form."""
    text = _value(values, "answer")
    if not text:
        return Submission("", {"answer": "Write a sentence or two; it goes into your journal."})
    if len(text) > LIMITS["journal"]:
        return Submission("", {"answer": f"Keep it under {LIMITS['journal']:,} characters."})
    return Submission(f"/journal {escape_value(text)}", {})


def vacation_submission(values: dict[str, Any]) -> Submission:
    """The vacation form: first and last day."""
    start, end = _value(values, "start"), _value(values, "end")
    errors = {}
    if not start:
        errors["start"] = "Pick your first day away."
    if not end:
        errors["end"] = "Pick your last day away."
    elif start and end < start:
        errors["end"] = "The last day comes before the first."
    return Submission(f"/vacation {start} to {end}", errors)
