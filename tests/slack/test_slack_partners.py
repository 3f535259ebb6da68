"""Partners on Slack: /partner with a user mention (should_escape), the invitation DM as
Block Kit with Accept / Decline, and the buttons pressed, through the fake Slack."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import Engine, select

from core.coach import Coach
from core.context import MemberRef
from core.prompts import PromptLibrary
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory
from core.storage.models import Partner
from core.time.clock import ManualClock
from tests.fakes import OPTIONS
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import SlackHarness, all_text

DANA = MemberRef("slack", "T0001", "U0DANA", "<!channel> Dana")


def _press(user: str, value: str) -> Any:
    def mutate(payload: dict[str, Any]) -> None:
        payload["user"].update(id=user, username=user.lower(), name=user.lower())
        payload["channel"]["id"] = payload["container"]["channel_id"] = f"D{user}"
        payload["actions"][0]["value"] = value

    return mutate


def _buttons(post: dict[str, Any]) -> list[str]:
    return [
        element["value"]
        for block in post["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]


def test_invite_by_mention_then_accept_and_cheer_with_buttons(
    coach: Coach,
    engine: Engine,
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
) -> None:
    coach.handle(DANA, "/help")  # Dana has used coachbot in this workspace

    async def body(slack: SlackHarness) -> None:
        sender = Sender(
            sessions, clock, prompts, {"slack": slack.front.messenger}, "w1", options=OPTIONS
        )
        answer = await slack.answer_to(await slack.command("/partner", "invite <@U0DANA|dana>"))
        assert "Invitation sent to <!channel> Dana" not in answer["text"]  # escaped
        assert "Invitation sent to &lt;!channel&gt; Dana" in answer["text"]
        assert await sender.drain() == 1
        (invite,) = slack.fake.calls_to("chat.postMessage")
        assert invite.args["channel"] == "DU0DANA"
        assert _buttons(invite.args) == [
            "/partner accept <@U0ALICE>",
            "/partner decline <@U0ALICE>",
        ]
        await slack.interactive(
            "block_actions_button", _press("U0DANA", "/partner accept <@U0ALICE>")
        )
        accepted = (await slack.fake.wait_for("response_url", 2))[-1]
        assert "are accountability partners" in accepted.args["text"]
        assert await sender.drain() == 1
        told = slack.fake.calls_to("chat.postMessage")[-1]
        assert told.args["channel"] == "DU0ALICE" and "dana accepted" in all_text(told.args)
        await slack.interactive(
            "block_actions_button", _press("U0DANA", "/partner cheer <@U0ALICE>")
        )
        await slack.fake.wait_for("response_url", 3)
        assert await sender.drain() == 1
        cheer = slack.fake.calls_to("chat.postMessage")[-1]
        assert cheer.args["channel"] == "DU0ALICE"
        # The name Slack shows for Dana (users.info); the plain-text block cannot ping.
        assert "dana cheered you on!" in all_text(cheer.args)

    async def main() -> None:
        async with FakeSlack() as fake, SlackHarness(coach, engine, fake) as slack:
            fake.dm_channels.update(U0DANA="DU0DANA", U0ALICE="DU0ALICE")
            await body(slack)

    asyncio.run(main())
    with sessions() as session:
        assert sorted(session.scalars(select(Partner.status))) == ["active", "active"]
