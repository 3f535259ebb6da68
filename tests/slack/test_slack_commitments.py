"""Commitments on Slack: the /commit slash command and a Done button, through the fake."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import Engine, select

from core.coach import Coach
from core.storage.db import SessionFactory
from core.storage.models import Commitment
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import SlackHarness


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

    async def main() -> None:
        async with FakeSlack() as fake, SlackHarness(coach, engine, fake) as slack:
            await body(slack)

    asyncio.run(main())
    with sessions() as session:
        assert session.scalars(select(Commitment.status)).all() == ["done"]
