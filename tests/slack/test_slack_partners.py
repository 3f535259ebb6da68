"""Partners on Slack: /partner with a user mention (should_escape), the invitation DM as
Block Kit with Accept / Decline, and the buttons pressed, through the fake Slack."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select

from core.coach import Coach
from core.context import MemberRef
from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.sender import Sender
from core.storage.db import SessionFactory
from core.storage.models import Member, Partner, Schedule
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


def _run(
    coach: Coach, engine: Engine, body: Callable[[SlackHarness], Awaitable[None]], *users: str
) -> None:
    """The body against the fake Slack, each user's DM channel named D<user id>."""

    async def main() -> None:
        async with FakeSlack() as fake, SlackHarness(coach, engine, fake) as slack:
            fake.dm_channels.update({user: f"D{user}" for user in users})
            await body(slack)

    asyncio.run(main())


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

    _run(coach, engine, body, "U0DANA", "U0ALICE")
    with sessions() as session:
        assert sorted(session.scalars(select(Partner.status))) == ["active", "active"]


def test_a_teammate_who_never_used_coachbot_is_invited_by_mention(
    coach: Coach,
    engine: Engine,
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
) -> None:
    """Erin has never used coachbot: the mention (Slack's own, should_escape) is enough to
    invite her; she gets the invitation and nothing else until she uses coachbot, then a
    new member's check-ins. A name typed by hand is still only someone coachbot knows."""

    async def body(slack: SlackHarness) -> None:
        sender = Sender(
            sessions, clock, prompts, {"slack": slack.front.messenger}, "w1", options=OPTIONS
        )
        typed = await slack.answer_to(await slack.command("/partner", "invite erin"))
        assert "I don't know erin" in typed["text"]
        answer = await slack.answer_to(await slack.command("/partner", "invite <@U0ERIN|erin>"))
        assert "Invitation sent to erin" in answer["text"]
        with sessions() as session:
            erin = session.scalars(select(Member).where(Member.user_id == "U0ERIN")).one()
            assert (
                erin.invited_only
                and not session.scalars(select(Schedule).where(Schedule.member_id == erin.id)).all()
            )  # no check-in or review is ever planned for her by the invitation
        assert await sender.drain() == 1
        (invite,) = slack.fake.calls_to("chat.postMessage")
        assert invite.args["channel"] == "DU0ERIN"
        assert _buttons(invite.args)[0] == "/partner accept <@U0ALICE>"
        await slack.interactive(
            "block_actions_button", _press("U0ERIN", "/partner accept <@U0ALICE>")
        )
        accepted = (await slack.fake.wait_for("response_url", 3))[-1]
        assert "are accountability partners" in accepted.args["text"]

    _run(coach, engine, body, "U0ERIN", "U0ALICE")
    with sessions() as session:
        erin = session.scalars(select(Member).where(Member.user_id == "U0ERIN")).one()
        kinds = sorted(
            s.kind
            for s in session.scalars(
                select(Schedule).where(Schedule.member_id == erin.id, Schedule.enabled)
            )
        )
        assert not erin.invited_only and kinds == ["checkin", "partners", "review"]


@pytest.mark.parametrize("how", ["withdrawn", "lapsed"])
def test_an_invitation_withdrawn_or_lapsed_before_the_invitee_used_coachbot_leaves_nothing(
    coach: Coach, engine: Engine, sessions: SessionFactory, clock: ManualClock, how: str
) -> None:
    async def body(slack: SlackHarness) -> None:
        await slack.answer_to(await slack.command("/partner", "invite <@U0ERIN|erin>"))
        if how == "withdrawn":
            ended = await slack.answer_to(await slack.command("/partner", "end <@U0ERIN>"))
            assert "erin" in ended["text"]

    _run(coach, engine, body)
    if how == "lapsed":
        clock.advance(timedelta(days=6, hours=23))
        Dispatcher(sessions, clock).tick()
        with sessions() as session:
            assert len(session.scalars(select(Member)).all()) == 2  # not lapsed yet
        clock.advance(timedelta(hours=2))
        Dispatcher(sessions, clock).tick()  # the worker's tick sweeps lapsed invitations
    with sessions() as session:
        assert session.scalars(select(Member.user_id)).all() == ["U0ALICE"]
        assert session.scalars(select(Partner)).all() == []
