"""Slack payloads to core calls: pure functions, tested with recorded payloads.

Form fields become typed commands directly; only text the member typed (a slash
command's text, a DM) goes through the core's grammar."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.commands import Command
from core.commands.checkins import AddVacation
from core.commands.commitments import MoveCommitment
from core.commands.digests import SetDigest
from core.commands.goals import AddGoal
from core.commands.journal import LogWin, WriteJournal
from core.context import MemberRef
from core.errors import UserError
from core.grammar.digests import parse_digest
from core.messages import Form


class SlackForm:
    """The callback ids of coachbot's modals."""

    GOAL = "goal_form"
    WIN = "win_form"
    ANSWER = "answer_form"
    VACATION = "vacation_form"
    MOVE = "move_form"


# A bare /goal or /win opens its form instead of running the grammar.
FORM_COMMANDS = {"/goal": SlackForm.GOAL, "/win": SlackForm.WIN}
# The modal a button's form opens.
BUTTON_FORMS = {
    Form.ANSWER: SlackForm.ANSWER,
    Form.VACATION: SlackForm.VACATION,
    Form.MOVE: SlackForm.MOVE,
}


def slack_member(team_id: str, user_id: str, name: str = "") -> MemberRef:
    """A Slack user in a workspace, as the core knows members."""
    return MemberRef("slack", team_id, user_id, name)


def command_name(command: str) -> str:
    """``/goal`` -> ``goal``: the core's name for a slash command."""
    return command.strip().lstrip("/")


def form_for(command: str, text: str) -> str | None:
    """A bare ``/goal`` or ``/win`` opens a form instead of running the grammar."""
    return FORM_COMMANDS.get(command.strip()) if not text.strip() else None


def digest_setting(name: str, text: str) -> SetDigest | None:
    """The digest a ``/digest set`` (or ``/coach digest set``) line points at a channel,
    so the front end can check the channel first; None for any other line."""
    if name == "coach":
        word, _, text = text.strip().partition(" ")
        name = word.lower().lstrip("/")
    if name != "digest":
        return None
    try:
        command = parse_digest(text, date.today())  # the date plays no part in a channel
    except UserError:
        return None  # the core gives the member its own answer
    return command if isinstance(command, SetDigest) else None


def dm_text(event: dict[str, Any]) -> str | None:
    """The text of a member's plain message in the bot's DM, or None to ignore it."""
    if event.get("type") != "message" or event.get("channel_type") != "im":
        return None
    if event.get("subtype") or event.get("bot_id") or not event.get("user"):
        return None
    text = str(event.get("text") or "").strip()
    return text or None


def action_command(action: dict[str, Any]) -> str:
    """The core command a button carries (written by the core, read by its grammar)."""
    return str(action.get("value") or "").strip()


def _value(values: dict[str, Any], block: str) -> Any:
    element = values.get(block, {}).get(block, {})
    kind = element.get("type")
    if kind == "datepicker":
        picked = element.get("selected_date")
        return date.fromisoformat(picked) if picked else None
    if kind in ("static_select", "external_select"):
        option = element.get("selected_option") or {}
        return option.get("value")
    if kind == "checkboxes":
        return [o.get("value") for o in element.get("selected_options") or []]
    return element.get("value") or ""


def _optional(values: dict[str, Any], block: str) -> str | None:
    text = _value(values, block)
    return text if isinstance(text, str) and text.strip() else None


def _shared(values: dict[str, Any]) -> bool:
    return "share" in (_value(values, "share") or [])


def goal_command(values: dict[str, Any]) -> AddGoal:
    """The goal form: title, measure, why, deadline, horizon, share."""
    return AddGoal(
        title=_value(values, "title"),
        deadline=_value(values, "deadline"),
        measure=_optional(values, "measure"),
        why=_optional(values, "why"),
        horizon=_optional(values, "horizon"),
        share=_shared(values),
    )


def win_command(values: dict[str, Any]) -> LogWin:
    """The win form: text, goal, section, share."""
    goal = _value(values, "goal")
    return LogWin(
        text=_value(values, "text"),
        goal=int(goal) if goal else None,
        section=_optional(values, "section"),
        share=_shared(values),
    )


def answer_command(values: dict[str, Any]) -> WriteJournal:
    """The check-in answer form: the answer, and its continuation in the second box."""
    parts = (_optional(values, "answer"), _optional(values, "answer_more"))
    return WriteJournal("\n".join(p.strip() for p in parts if p))


def vacation_command(values: dict[str, Any]) -> AddVacation:
    """The vacation form: first and last day."""
    return AddVacation(_value(values, "start") or "", _value(values, "end") or "")


def move_command(values: dict[str, Any], subject: str) -> MoveCommitment:
    """The move form: the new day for the commitment the form was opened for."""
    return MoveCommitment(int(subject) if subject.isdecimal() else 0, _value(values, "due") or "")


@dataclass(frozen=True)
class FormSpec:
    """How a modal's fields become a command, and which block shows a field's error."""

    command: Callable[..., Command]
    blocks: Mapping[str, str]  # command field -> block id
    # A form about one item also gets the number it was opened for (private_metadata).
    with_subject: bool = False

    def read(self, view: dict[str, Any]) -> Command:
        """The command a submitted view stands for."""
        values = view["state"]["values"]
        if self.with_subject:
            return self.command(values, str(view.get("private_metadata") or ""))
        return self.command(values)


FORMS: dict[str, FormSpec] = {
    SlackForm.GOAL: FormSpec(
        goal_command,
        {f: f for f in ("title", "measure", "why", "deadline", "horizon", "share")},
    ),
    SlackForm.WIN: FormSpec(win_command, {f: f for f in ("text", "goal", "section", "share")}),
    # An answer is too long only with the second box filled: its error shows there.
    SlackForm.ANSWER: FormSpec(answer_command, {"text": "answer_more"}),
    SlackForm.VACATION: FormSpec(vacation_command, {"start": "start", "end": "end"}),
    SlackForm.MOVE: FormSpec(move_command, {"due": "due"}, with_subject=True),
}
