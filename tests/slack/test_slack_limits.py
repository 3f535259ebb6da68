"""Payloads Slack would refuse: the check-in answer form and /progress chart, against the
fake Slack that enforces Slack's published limits."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import Engine, select

from core.coach import Coach
from core.context import MemberRef
from core.parsing import LIMITS
from core.storage.db import SessionFactory
from core.storage.models import Entry, EntryKind
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import SlackHarness, all_text, response_json

ALICE = MemberRef("slack", "T0001", "U0ALICE")
ALT_TXT_LIMIT = 1000  # files.getUploadURLExternal

Body = Callable[[SlackHarness], Awaitable[None]]


def run(coach: Coach, engine: Engine, body: Body) -> None:
    """Run an async test body against the fake and our app."""

    async def main() -> None:
        async with FakeSlack() as fake, SlackHarness(coach, engine, fake) as slack:
            await body(slack)

    asyncio.run(main())


def _open_answer_form(payload: dict[str, Any]) -> None:
    payload["actions"][0]["action_id"] = "form:answer:0"


def _answer(first: str, more: str | None) -> Callable[[dict[str, Any]], None]:
    def mutate(payload: dict[str, Any]) -> None:
        values = payload["view"]["state"]["values"]
        values["answer"]["answer"]["value"] = first
        values["answer_more"]["answer_more"]["value"] = more

    return mutate


def test_the_answer_button_opens_a_form_slack_accepts_with_room_for_a_whole_entry(
    coach: Coach, engine: Engine
) -> None:
    async def body(slack: SlackHarness) -> None:
        await slack.interactive("block_actions_button", _open_answer_form)
        (opened,) = await slack.fake.wait_for("views.open")
        assert opened.response["ok"], opened.response
        inputs = [b for b in opened.args["view"]["blocks"] if b["type"] == "input"]
        assert all(b["element"]["max_length"] <= 3000 for b in inputs)
        assert sum(b["element"]["max_length"] for b in inputs) >= LIMITS["journal"]

    run(coach, engine, body)


def test_an_answer_longer_than_one_input_is_saved_whole(
    coach: Coach, engine: Engine, sessions: SessionFactory
) -> None:
    first = ("I led the incident review and wrote the runbook. " * 61)[:3000]
    more = "Next I want to mentor the two new on-call engineers. " * 17

    async def body(slack: SlackHarness) -> None:
        status, text = await slack.interactive("view_submission_answer", _answer(first, more))
        assert status == 200 and response_json(text) == {}
        (post,) = await slack.fake.wait_for("chat.postMessage")
        assert post.response["ok"] and "Saved to your journal" in all_text(post.args)

    run(coach, engine, body)
    with sessions() as session:
        (entry,) = session.scalars(select(Entry).where(Entry.kind == EntryKind.JOURNAL)).all()
    assert entry.text == f"{first.strip()}\n{more.strip()}"


def test_an_answer_over_the_journal_limit_stays_in_the_open_form(
    coach: Coach, engine: Engine, sessions: SessionFactory
) -> None:
    async def body(slack: SlackHarness) -> None:
        status, text = await slack.interactive(
            "view_submission_answer", _answer("a" * 3000, "b" * 1500)
        )
        answer = response_json(text)
        assert status == 200 and answer["response_action"] == "errors"
        assert "4,000" in answer["errors"]["answer_more"]
        assert not slack.fake.calls_to("chat.postMessage")

    run(coach, engine, body)
    with sessions() as session:
        assert session.scalars(select(Entry)).all() == []


def test_progress_chart_for_many_goals_keeps_the_long_description_in_the_message(
    coach: Coach, engine: Engine
) -> None:
    for n in range(1, 13):
        title = f"Goal {n}: become the go-to engineer for observability, tracing and SLOs"
        coach.handle(ALICE, f"/goal add {title} by 2027-{n:02d}-28")

    async def body(slack: SlackHarness) -> None:
        answer = await slack.answer_to(await slack.command("/progress", "chart"))
        (get_url,) = await slack.fake.wait_for("files.getUploadURLExternal")
        assert get_url.response["ok"], get_url.response
        assert len(get_url.args["alt_txt"]) <= ALT_TXT_LIMIT
        await slack.fake.wait_for("files.completeUploadExternal")
        message = all_text(answer)
        assert len(message) > ALT_TXT_LIMIT and "#12 Goal 12" in message
        assert get_url.args["alt_txt"].startswith("Career roadmap: 12 goals.")

    run(coach, engine, body)
