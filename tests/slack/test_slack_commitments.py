"""Commitments on Slack through the fake: the /commit slash command, the Done and Drop
buttons, and Move's form for the new day."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from adapters.slack.blocks import render_blocks
from core.coach import Coach
from core.messages import Reply
from core.present.commitments import answer_buttons
from core.storage.db import SessionFactory
from core.storage.models import Commitment
from tests.slack.block_kit import block_errors
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import SlackHarness, response_json


def _run(coach: Coach, engine: Engine, body: Callable[[SlackHarness], Awaitable[None]]) -> None:
    """Run a conversation against the fake Slack."""

    async def main() -> None:
        async with FakeSlack() as fake, SlackHarness(coach, engine, fake) as slack:
            await body(slack)

    asyncio.run(main())


def test_commit_slash_command_and_done_button(
    coach: Coach, engine: Engine, sessions: SessionFactory
) -> None:
    def press_done(payload: dict[str, Any]) -> None:
        payload["actions"][0]["value"] = "/commit done 1"

    async def body(slack: SlackHarness) -> None:
        answer = await slack.answer_to(await slack.command("/commit", "Update my CV by friday"))
        assert "Committed: #1 Update my CV" in answer["text"]
        await slack.interactive("block_actions_button", press_done)
        # The slash command's answer went to a response_url too; the button's is second.
        pressed = (await slack.fake.wait_for("response_url", 2))[-1]
        assert "Kept: #1 Update my CV" in pressed.args["text"]

    _run(coach, engine, body)
    with sessions() as session:
        assert session.scalars(select(Commitment.status)).all() == ["done"]


def _move_submission(day: str) -> Callable[[dict[str, Any]], None]:
    """The recorded answer-form submission, as the move form for commitment #1."""

    def mutate(payload: dict[str, Any]) -> None:
        view = payload["view"]
        view["callback_id"], view["private_metadata"] = "move_form", "1"
        view["state"]["values"] = {"due": {"due": {"type": "plain_text_input", "value": day}}}

    return mutate


def test_checkin_buttons_move_opens_a_validated_form_and_drop_runs(
    coach: Coach, engine: Engine, sessions: SessionFactory
) -> None:
    def open_move(payload: dict[str, Any]) -> None:
        payload["actions"][0].update(action_id="form:move:3", value="1")

    def press_drop(payload: dict[str, Any]) -> None:
        payload["actions"][0]["value"] = "/commit drop 2"

    async def body(slack: SlackHarness) -> None:
        await slack.answer_to(await slack.command("/commit", "Ask Dana for feedback by today"))
        await slack.answer_to(await slack.command("/commit", "Call the recruiter by today"))
        await slack.interactive("block_actions_button", open_move)
        (opened,) = await slack.fake.wait_for("views.open")
        view = opened.args["view"]
        assert (view["callback_id"], view["private_metadata"]) == ("move_form", "1")
        status, text = await slack.interactive(
            "view_submission_answer", _move_submission("soonish")
        )
        answer = response_json(text)
        assert status == 200 and answer["response_action"] == "errors"
        assert "soonish" in answer["errors"]["due"]  # shown on the field, the form stays open
        status, text = await slack.interactive(
            "view_submission_answer", _move_submission("2026-12-15")
        )
        assert status == 200 and not text
        (post,) = await slack.fake.wait_for("chat.postMessage")
        assert "Moved: #1 Ask Dana for feedback · due in 22 days" in post.args["text"]
        await slack.interactive("block_actions_button", press_drop)
        dropped = (await slack.fake.wait_for("response_url", 3))[-1]
        assert "Dropped: #2 Call the recruiter" in dropped.args["text"]

    _run(coach, engine, body)
    with sessions() as session:
        rows = session.scalars(select(Commitment).order_by(Commitment.number)).all()
        assert [(c.status, c.due_date.isoformat()) for c in rows] == [
            ("open", "2026-12-15"),
            ("dropped", "2026-11-23"),
        ]


def test_answer_buttons_render_as_one_valid_actions_block() -> None:
    commitment = Commitment(number=4, text="Book the exam", due_date=date(2026, 11, 27))
    (block,) = render_blocks(Reply([answer_buttons(commitment)]))
    assert block_errors([block], "/blocks", "message") == []
    assert [(e["action_id"], e["value"]) for e in block["elements"]] == [
        ("cmd:0", "/commit done 4"),
        ("cmd:1", "/commit partly 4"),
        ("cmd:2", "/commit missed 4"),
        ("form:move:3", "4"),
        ("cmd:4", "/commit drop 4"),
    ]
