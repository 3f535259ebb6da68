"""Modals and the App Home view."""

from __future__ import annotations

from typing import Any

from adapters.slack.blocks import MAX_HOME_BLOCKS, SlackBlock, plain, render_blocks
from core.messages import Reply
from core.parsing import LIMITS
from core.services.journal import SECTIONS as BRAG_SECTIONS
from core.services.smart import HORIZON_LABELS

SECTIONS = tuple(BRAG_SECTIONS.items())
HORIZONS = tuple(HORIZON_LABELS.items())
# Block Kit caps a text input at 3,000 characters; a journal entry may have more, so the
# answer form has a second box for the rest (and /journal takes the whole text too).
MAX_INPUT = 3000


def _option(value: str, label: str) -> dict[str, Any]:
    return {"text": plain(label, 75), "value": value}


def _input(
    block_id: str, label: str, element: dict[str, Any], optional: bool = False
) -> SlackBlock:
    element = {**element, "action_id": block_id}
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": element,
        "optional": optional,
    }


def _text_input(
    multiline: bool = False, hint: str = "", max_length: int = MAX_INPUT
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "multiline": multiline,
        "max_length": max_length,
    }
    if hint:
        element["placeholder"] = plain(hint, 150)
    return element


def _share() -> dict[str, Any]:
    return {
        "type": "checkboxes",
        "options": [_option("share", "Share with team digests (private otherwise)")],
    }


def _modal(callback_id: str, title: str, submit: str, blocks: list[SlackBlock]) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, 24),
        "submit": plain(submit, 24),
        "close": plain("Cancel", 24),
        "blocks": blocks,
    }


def goal_form() -> dict[str, Any]:
    """Title, measure, why, deadline, horizon, share."""
    return _modal(
        "goal_form",
        "New goal",
        "Save goal",
        [
            _input(
                "title",
                "Goal",
                _text_input(hint="Become a certified AWS Solutions Architect", max_length=200),
            ),
            _input(
                "measure",
                "How will you measure it?",
                _text_input(hint="Pass the SAA-C03 exam"),
                True,
            ),
            _input("why", "Why does it matter to you?", _text_input(True), True),
            _input("deadline", "Deadline", {"type": "datepicker"}, True),
            _input(
                "horizon",
                "Horizon (from the deadline if empty)",
                {"type": "static_select", "options": [_option(v, label) for v, label in HORIZONS]},
                True,
            ),
            _input("share", "Sharing", _share(), True),
        ],
    )


def win_form(goals: list[tuple[int, str]]) -> dict[str, Any]:
    """Text, goal picker, brag section, share."""
    blocks = [
        _input(
            "text",
            "What did you do? For whom, with what result?",
            _text_input(True, max_length=2000),
        ),
    ]
    if goals:
        options = [_option(str(n), f"#{n} {title}") for n, title in goals[:100]]
        blocks.append(
            _input("goal", "Towards a goal", {"type": "static_select", "options": options}, True)
        )
    section_options = [_option(v, label) for v, label in SECTIONS]
    blocks.append(
        _input(
            "section",
            "Brag document section",
            {"type": "static_select", "options": section_options},
            True,
        )
    )
    blocks.append(_input("share", "Sharing", _share(), True))
    return _modal("win_form", "Log a win", "Save win", blocks)


def answer_form(prompt: str) -> dict[str, Any]:
    """The check-in answer, stored as a journal entry."""
    return _modal(
        "answer_form",
        "Check-in",
        "Save answer",
        [
            {
                "type": "section",
                "text": plain(prompt or "Your answer goes into your private journal."),
            },
            _input("answer", "Your answer", _text_input(True)),
            _input(
                "answer_more",
                "More, if your answer needs more room",
                _text_input(True, max_length=LIMITS["journal"] - MAX_INPUT),
                optional=True,
            ),
        ],
    )


def vacation_form() -> dict[str, Any]:
    """First and last day away."""
    return _modal(
        "vacation_form",
        "Vacation",
        "Pause",
        [
            {
                "type": "section",
                "text": plain(
                    "No check-ins or reminders while you are away; your streak holds still."
                ),
            },
            _input("start", "First day away", {"type": "datepicker"}),
            _input("end", "Last day away", {"type": "datepicker"}),
        ],
    )


def move_form(subject: str) -> dict[str, Any]:
    """A new day for one commitment; its number rides in private_metadata."""
    modal = _modal(
        "move_form",
        f"Move #{subject}"[:24],
        "Move",
        [
            _input(
                "due",
                "New day",
                _text_input(hint="friday, next monday, 2026-12-15", max_length=60),
            ),
        ],
    )
    return {**modal, "private_metadata": subject[:3000]}


def home_view(*replies: Reply) -> dict[str, Any]:
    """The App Home tab: the member's dashboard."""
    blocks: list[SlackBlock] = []
    for reply in replies:
        if blocks:
            blocks.append({"type": "divider"})
        blocks.extend(render_blocks(reply, MAX_HOME_BLOCKS))
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}
