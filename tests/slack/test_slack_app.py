"""coachbot's Slack front end end to end: signed requests in through the real Bolt app's
HTTP endpoint, Web API calls out to the local fake, data in the real database."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from core.coach import Coach
from core.storage.db import SessionFactory
from core.storage.models import Entry, Goal, Member
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import SIGNING_SECRET, SlackHarness, response_json
from tests.slack.signing import form_body, signed_headers

Body = Callable[[SlackHarness], Awaitable[None]]


def run(coach: Coach, engine: Engine, body: Body, **options: Any) -> None:
    """Run an async test body against the fake and our app."""

    async def main() -> None:
        async with FakeSlack() as fake, SlackHarness(coach, engine, fake, **options) as slack:
            await body(slack)

    asyncio.run(main())


def _texts(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every text object in a list of blocks."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("plain_text", "mrkdwn") and "text" in node:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return found


def _all_text(args: dict[str, Any]) -> str:
    return "\n".join(t["text"] for t in _texts(args.get("blocks", [])))


def test_win_command_is_acked_answered_ephemerally_and_stored(
    coach: Coach, engine: Engine, sessions: SessionFactory
) -> None:
    async def body(slack: SlackHarness) -> None:
        url = await slack.command("/win", "Cut CI from 25 to 9 minutes #devops")
        answer = await slack.answer_to(url)
        assert answer["response_type"] == "ephemeral"
        assert "Win #1 logged" in _all_text(answer)
        assert "Win #1 logged" in answer["text"]
        (info,) = await slack.fake.wait_for("users.info")
        assert info.args["user"] == "U0ALICE"

    run(coach, engine, body)
    with sessions() as session:
        member = session.scalars(select(Member)).one()
        entry = session.scalars(select(Entry)).one()
    assert (member.platform, member.workspace_id, member.user_id) == ("slack", "T0001", "U0ALICE")
    assert member.tz == "Europe/Berlin"  # from users.info, until the member sets one
    assert entry.text == "Cut CI from 25 to 9 minutes #devops"


def test_every_slash_command_speaks_the_shared_grammar(coach: Coach, engine: Engine) -> None:
    cases = [
        ("/goal", "add Pass the CKA exam by 2027-02-28", "Goal #1 saved"),
        ("/goal", "list", "#1 Pass the CKA exam"),
        ("/journal", "", "Reply with your answer"),
        ("/checkin", "set weekdays 09:00", "weekdays at 09:00"),
        ("/progress", "", "Wins this week"),
        ("/coach", "remind tomorrow 9am update my CV", "Reminder #1 set for"),
        ("/coach", "tz Asia/Kolkata", "Time zone set to Asia/Kolkata"),
        ("/coach", "help", "coachbot commands"),
        ("/coach", "frobnicate", "I don't know the command /frobnicate"),
    ]

    async def body(slack: SlackHarness) -> None:
        for command, text, expected in cases:
            answer = await slack.answer_to(await slack.command(command, text))
            assert expected in _all_text(answer), (command, text)

    run(coach, engine, body)


def test_slash_command_replies_repeat_what_was_stored(coach: Coach, engine: Engine) -> None:
    """Slack hides the command's text once sent: the answer shows what was stored."""
    cases = [
        ("/win", "Shipped the checkout for Acme #launch client:acme", "“Shipped the checkout"),
        ("/win", "Paired with Sam on the outage review #pairing", "Collaboration & mentorship"),
        ("/journal", "Learned how our queue retries work", "“Learned how our queue retries"),
        ("/coach", "contact add Acme Corp notes: wants an audit --client", "Notes: wants an audit"),
        ("/coach", "remind 2026-12-01 09:00 send the invoice", "Tue 01 Dec 2026 09:00"),
    ]

    async def body(slack: SlackHarness) -> None:
        for command, text, expected in cases:
            answer = _all_text(await slack.answer_to(await slack.command(command, text)))
            assert expected in answer, (command, text, answer)
        first = _all_text(await slack.answer_to(await slack.command("/win", "Ran the retro")))
        assert "Linked to no goal, client or skill" in first

    run(coach, engine, body)


def test_bare_goal_and_win_open_forms(coach: Coach, engine: Engine) -> None:
    async def body(slack: SlackHarness) -> None:
        await slack.answer_to(await slack.command("/goal", "add Pass the CKA exam"))
        await slack.command("/goal", "")
        await slack.command("/win", "")
        opened = await slack.fake.wait_for("views.open", 2)
        goal_view, win_view = (c.args["view"] for c in opened)
        assert goal_view["callback_id"] == "goal_form"
        assert {b["block_id"] for b in goal_view["blocks"]} >= {"title", "deadline", "horizon"}
        assert win_view["callback_id"] == "win_form"
        goal_picker = next(b for b in win_view["blocks"] if b["block_id"] == "goal")
        assert goal_picker["element"]["options"][0]["value"] == "1"
        assert all(c.args["trigger_id"] for c in opened)

    run(coach, engine, body)


def test_goal_form_submission_saves_the_goal_and_dms_the_coaching(
    coach: Coach, engine: Engine, sessions: SessionFactory
) -> None:
    async def body(slack: SlackHarness) -> None:
        status, text = await slack.interactive("view_submission_goal")
        assert status == 200 and response_json(text) == {}
        (post,) = await slack.fake.wait_for("chat.postMessage")
        assert post.args["channel"] == "D0ALICE"
        assert "SMART check" in _all_text(post.args)

    run(coach, engine, body)
    with sessions() as session:
        goal = session.scalars(select(Goal)).one()
    assert goal.horizon == "mid" and goal.shared is True
    assert goal.deadline is not None and goal.deadline.isoformat() == "2029-06-30"


def test_invalid_form_fields_are_shown_on_the_field(coach: Coach, engine: Engine) -> None:
    """The core decides what is wrong, and names the field; Slack shows it there."""

    def empty_title(payload: dict[str, Any]) -> None:
        payload["view"]["state"]["values"]["title"]["title"]["value"] = "   "

    def long_why(payload: dict[str, Any]) -> None:
        payload["view"]["state"]["values"]["why"]["why"]["value"] = "x" * 1001

    async def body(slack: SlackHarness) -> None:
        for mistake, field, words in ((empty_title, "title", "empty"), (long_why, "why", "1,000")):
            status, text = await slack.interactive("view_submission_goal", mistake)
            assert status == 200
            answer = response_json(text)
            assert answer["response_action"] == "errors"
            assert list(answer["errors"]) == [field] and words in answer["errors"][field]
        assert not slack.fake.calls_to("chat.postMessage")

    run(coach, engine, body)


def test_a_past_deadline_from_the_form_is_coached_as_in_every_front_end(
    coach: Coach, engine: Engine, sessions: SessionFactory
) -> None:
    def past(payload: dict[str, Any]) -> None:
        payload["view"]["state"]["values"]["deadline"]["deadline"]["selected_date"] = "2020-01-01"

    async def body(slack: SlackHarness) -> None:
        status, text = await slack.interactive("view_submission_goal", past)
        assert status == 200 and not text
        (post,) = await slack.fake.wait_for("chat.postMessage")
        assert "Goal #1 saved" in _all_text(post.args)
        assert "SMART check" in _all_text(post.args)

    run(coach, engine, body)
    with sessions() as session:
        assert session.scalars(select(Goal)).one().deadline == date(2020, 1, 1)


def test_win_form_submission(coach: Coach, engine: Engine, sessions: SessionFactory) -> None:
    async def body(slack: SlackHarness) -> None:
        await slack.answer_to(await slack.command("/goal", "add Pass the CKA exam"))
        status, _ = await slack.interactive("view_submission_win")
        assert status == 200
        (post,) = await slack.fake.wait_for("chat.postMessage")
        assert "Win #1 logged" in _all_text(post.args)

    run(coach, engine, body)
    with sessions() as session:
        entry = session.scalars(select(Entry)).one()
    assert entry.goal_id is not None and entry.section == "project"


def test_buttons_run_their_command_or_open_a_form(coach: Coach, engine: Engine) -> None:
    def press(value: str) -> Callable[[dict[str, Any]], None]:
        def mutate(payload: dict[str, Any]) -> None:
            payload["actions"][0]["value"] = value

        return mutate

    def opens(form: str) -> Callable[[dict[str, Any]], None]:
        def mutate(payload: dict[str, Any]) -> None:
            payload["actions"][0]["action_id"] = f"form:{form}:0"

        return mutate

    async def body(slack: SlackHarness) -> None:
        await slack.interactive("block_actions_button", press("/checkin snooze 1h"))
        (answer,) = await slack.fake.wait_for("response_url")
        # The button ran its command: no check-in is open, so there is nothing to snooze.
        assert "nothing to snooze" in _all_text(answer.args)
        assert answer.args["replace_original"] is False
        await slack.interactive("block_actions_button", opens("answer"))
        await slack.interactive("block_actions_button", opens("vacation"))
        opened = await slack.fake.wait_for("views.open", 2)
        assert [c.args["view"]["callback_id"] for c in opened] == ["answer_form", "vacation_form"]

    run(coach, engine, body)


def test_dm_reply_is_the_journal_answer_and_retries_are_ignored(
    coach: Coach, engine: Engine, sessions: SessionFactory
) -> None:
    async def body(slack: SlackHarness) -> None:
        await slack.answer_to(await slack.command("/journal", ""))
        status, _ = await slack.event("event_message_im")
        assert status == 200
        (post,) = await slack.fake.wait_for("chat.postMessage")
        assert post.args["channel"] == "D0ALICE"
        assert "Saved to your journal" in _all_text(post.args)
        body_text = json.dumps(
            __import__("tests.slack.payloads", fromlist=["load"]).load("event_message_im")
        )
        headers = signed_headers(body_text, SIGNING_SECRET) | {
            "X-Slack-Retry-Num": "1",
            "X-Slack-Retry-Reason": "http_timeout",
        }
        status, _ = await slack.post(body_text, headers)
        assert status == 200
        await asyncio.sleep(0.3)  # give a wrongly processed retry the chance to show up
        assert len(slack.fake.calls_to("chat.postMessage")) == 1

    run(coach, engine, body)
    with sessions() as session:
        entries = session.scalars(select(Entry)).all()
    assert len(entries) == 1 and entries[0].kind == "journal" and entries[0].prompt_key


def test_app_home_is_published_when_opened_and_after_changes(coach: Coach, engine: Engine) -> None:
    async def body(slack: SlackHarness) -> None:
        await slack.answer_to(await slack.command("/goal", "add Pass the CKA exam by 2027-02-28"))
        assert not slack.fake.calls_to("views.publish")  # nobody is looking at it yet
        status, _ = await slack.event("event_app_home_opened")
        assert status == 200
        (publish,) = await slack.fake.wait_for("views.publish")
        view = publish.args["view"]
        assert publish.args["user_id"] == "U0ALICE" and view["type"] == "home"
        text = _all_text(publish.args["view"])
        assert "#1 Pass the CKA exam" in text and "Next check-in" in text
        # Once opened, the dashboard follows the member's changes.
        await slack.answer_to(await slack.command("/win", "Booked the exam"))
        refreshed = (await slack.fake.wait_for("views.publish", 2))[-1]
        assert "Wins this week\n1" in _all_text(refreshed.args["view"])

    run(coach, engine, body)


def test_brag_export_is_uploaded_to_the_dm(coach: Coach, engine: Engine) -> None:
    async def body(slack: SlackHarness) -> None:
        await slack.answer_to(await slack.command("/win", "Shipped the billing revamp"))
        await slack.answer_to(await slack.command("/coach", "export brag"))
        (complete,) = await slack.fake.wait_for("files.completeUploadExternal")
        assert complete.args["channel_id"] == "D0ALICE"
        (content,) = slack.fake.uploads.values()
        assert b"Shipped the billing revamp" in content

        await slack.answer_to(await slack.command("/coach", "export brag html"))
        _, page = await slack.fake.wait_for("files.completeUploadExternal", count=2)
        asked = slack.fake.calls_to("files.getUploadURLExternal")[1]
        assert asked.args["filename"] == "brag-2026-U0ALICE.html"
        assert page.args["channel_id"] == "D0ALICE"
        html = list(slack.fake.uploads.values())[1]
        assert html.startswith(b"<!DOCTYPE html>") and b"Shipped the billing revamp" in html

    run(coach, engine, body)


def test_the_brag_document_is_titled_with_the_name_slack_shows(
    coach: Coach, engine: Engine, sessions: SessionFactory
) -> None:
    async def body(slack: SlackHarness) -> None:
        slack.fake.dm_channels["U0BOB"] = "D0BOB"
        # A DM carries no name at all, a slash command only the legacy user name ("u0bob").
        status, _ = await slack.event("event_message_im", event={"user": "U0BOB", "text": "hi"})
        assert status == 200
        await slack.fake.wait_for("chat.postMessage")
        await slack.answer_to(await slack.command("/win", "Shipped the billing revamp", "U0BOB"))
        await slack.answer_to(await slack.command("/coach", "export brag", "U0BOB"))
        await slack.fake.wait_for("files.completeUploadExternal")
        (content,) = slack.fake.uploads.values()
        assert content.startswith(b"# Brag document 2026: bob\n")
        # users.info once for the member (cached), on the shared session
        assert [c.args["user"] for c in slack.fake.calls_to("users.info")] == ["U0BOB"]

    run(coach, engine, body)
    with sessions() as session:
        assert session.scalars(select(Member.display_name)).one() == "bob"


def test_mentions_typed_by_a_member_never_ping(coach: Coach, engine: Engine) -> None:
    attack = "Shipped it <!channel> <!here> <@U0BOB> <#C123|general> @everyone *bold*"

    async def body(slack: SlackHarness) -> None:
        answer = await slack.answer_to(await slack.command("/goal", f"add {attack}"))
        assert "<!channel>" not in answer["text"] and "&lt;!channel&gt;" in answer["text"]
        assert "<@U0BOB>" not in answer["text"]
        for text in _texts(answer["blocks"]):
            assert text["type"] == "plain_text"

    run(coach, engine, body)


def test_bad_or_stale_signature_gets_401_and_does_nothing(
    coach: Coach, engine: Engine, sessions: SessionFactory
) -> None:
    async def body(slack: SlackHarness) -> None:
        payload = form_body(
            {"command": "/win", "text": "forged", "team_id": "T0001", "user_id": "U0EVE"}
        )
        status, _ = await slack.post(payload, secret="wrong-secret")
        assert status == 401
        stale = signed_headers(payload, SIGNING_SECRET, timestamp=int(time.time()) - 60 * 10)
        status, _ = await slack.post(payload, stale)
        assert status == 401
        await asyncio.sleep(0.2)
        assert not slack.fake.calls

    run(coach, engine, body)
    with sessions() as session:
        assert session.scalars(select(Entry)).all() == []


def test_rate_limited_web_api_call_is_retried_after_retry_after(
    coach: Coach, engine: Engine
) -> None:
    async def body(slack: SlackHarness) -> None:
        slack.fake.rate_limit("views.open", 1, retry_after=0)
        await slack.command("/goal", "")
        calls = await slack.fake.wait_for("views.open", 2)
        assert [c.status for c in calls] == [429, 200]

    run(coach, engine, body)


def test_healthz(coach: Coach, engine: Engine) -> None:
    async def body(slack: SlackHarness) -> None:
        assert slack.http is not None
        async with slack.http.get(slack.url("/healthz")) as response:
            assert response.status == 200 and await response.json() == {"ok": True}

    run(coach, engine, body)
