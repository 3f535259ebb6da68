"""The fake Slack Web API, request signing and recorded payloads, driven by real slack_sdk."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from tests.slack.fake_slack import INSTALLED_TOKEN, FakeSlack, run_with_fake
from tests.slack.payloads import load, names
from tests.slack.signing import (
    FORM_CONTENT_TYPE,
    JSON_CONTENT_TYPE,
    form_body,
    interactive_body,
    json_body,
    signed_headers,
)

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BLOCKS = [{"type": "section", "text": {"type": "plain_text", "text": "Nice win!", "emoji": True}}]


def test_post_message_is_recorded_with_blocks_decoded() -> None:
    async def body(fake: FakeSlack) -> None:
        client = AsyncWebClient(token="xoxb-test", base_url=fake.api_url)
        response = await client.chat_postMessage(channel="D0ALICE", text="Nice win!", blocks=BLOCKS)
        assert response["ok"] is True
        assert response["channel"] == "D0ALICE"
        assert response["ts"] == "1700000000.000100"
        assert response["message"]["blocks"] == BLOCKS
        second = await client.api_call(
            "chat.postMessage",
            data={"channel": "D0ALICE", "text": "again", "blocks": json.dumps(BLOCKS)},
        )
        assert second["ts"] == "1700000000.000200"

        first, form = await fake.wait_for("chat.postMessage", count=2)
        assert first.args["blocks"] == BLOCKS
        assert form.args["blocks"] == BLOCKS, "form-posted JSON strings are decoded"
        assert first.args["text"] == "Nice win!"
        assert first.token == "xoxb-test"
        assert first.header("authorization") == "Bearer xoxb-test"
        assert "xoxb-test" not in repr(first)

    run_with_fake(body)


def test_files_upload_v2_end_to_end() -> None:
    async def body(fake: FakeSlack) -> None:
        client = fake.client()
        response = await client.files_upload_v2(
            channel="D0ALICE",
            content="# Brag document\n\n- Cut CI time to 9 minutes\n",
            filename="brag.md",
            title="Brag document",
            initial_comment="Your brag document",
        )
        assert response["ok"] is True
        file_id = response["file"]["id"]
        assert response["file"]["title"] == "Brag document"
        assert fake.uploads[file_id] == b"# Brag document\n\n- Cut CI time to 9 minutes\n"
        assert [call.method for call in fake.calls] == [
            "files.getUploadURLExternal",
            "upload",
            "files.completeUploadExternal",
        ]
        [get_url] = fake.calls_to("files.getUploadURLExternal")
        assert get_url.args["filename"] == "brag.md"
        [complete] = fake.calls_to("files.completeUploadExternal")
        assert complete.args["files"] == [{"id": file_id, "title": "Brag document"}]
        assert complete.args["channel_id"] == "D0ALICE"

    run_with_fake(body)


def test_rate_limited_call_succeeds_on_retry() -> None:
    async def body(fake: FakeSlack) -> None:
        client = fake.client()
        client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=1))
        fake.rate_limit("chat.postMessage", times=1, retry_after=0)
        response = await client.chat_postMessage(channel="D0ALICE", text="hello")
        assert response["ok"] is True
        limited, sent = fake.calls_to("chat.postMessage")
        assert (limited.status, sent.status) == (429, 200)
        assert limited.response == {"ok": False, "error": "ratelimited"}

    run_with_fake(body)


def test_rate_limit_without_retry_raises_with_retry_after() -> None:
    async def body(fake: FakeSlack) -> None:
        fake.rate_limit("users.info", times=2, retry_after=7)
        client = fake.client()
        for _ in range(2):
            with pytest.raises(SlackApiError) as raised:
                await client.users_info(user="U0ALICE")
            assert raised.value.response.status_code == 429
            assert raised.value.response.headers["Retry-After"] == "7"
        assert (await client.users_info(user="U0ALICE"))["ok"] is True
        assert [call.status for call in fake.calls] == [429, 429, 200]

    run_with_fake(body)


def test_users_info_reports_configured_timezone_and_admins() -> None:
    async def body(fake: FakeSlack) -> None:
        fake.user_tz["U0BOB"] = "America/Los_Angeles"
        fake.admins.add("U0BOB")
        client = fake.client()
        bob = (await client.users_info(user="U0BOB"))["user"]
        assert bob["tz"] == "America/Los_Angeles"
        assert bob["tz_offset"] in (-8 * 3600, -7 * 3600)
        assert bob["tz_label"].startswith("Pacific")
        assert (bob["is_admin"], bob["is_owner"]) == (True, True)
        alice = (await client.users_info(user="U0ALICE"))["user"]
        assert alice["tz"] == "Europe/Berlin"
        assert alice["tz_offset"] in (3600, 7200)
        assert (alice["is_admin"], alice["is_owner"]) == (False, False)
        fake.missing_users.add("U0GONE")
        with pytest.raises(SlackApiError, match="user_not_found"):
            await client.users_info(user="U0GONE")

    run_with_fake(body)


def test_wait_for_wakes_on_a_later_call_and_times_out_with_the_recorded_methods() -> None:
    async def body(fake: FakeSlack) -> None:
        client = fake.client()

        async def later() -> None:
            await asyncio.sleep(0.05)
            await client.conversations_open(users="U0ALICE")

        task = asyncio.create_task(later())
        [call] = await fake.wait_for("conversations.open", timeout=2)
        await task
        assert call.response["channel"] == {"id": "DU0ALICE"}
        with pytest.raises(AssertionError, match=r"chat\.postMessage.*conversations\.open"):
            await fake.wait_for("chat.postMessage", timeout=0.05)

    run_with_fake(body)


def test_response_url_posts_are_recorded() -> None:
    async def body(fake: FakeSlack) -> None:
        url = fake.response_url()
        assert url != fake.response_url()
        webhook = AsyncWebhookClient(url)
        response = await webhook.send(text="Snoozed for an hour.", response_type="ephemeral")
        assert response.status_code == 200
        [call] = await fake.wait_for("response_url")
        assert call.args == {"text": "Snoozed for an hour.", "response_type": "ephemeral"}
        unknown = AsyncWebhookClient(f"{fake.base_url}/response/999")
        assert (await unknown.send(text="x")).status_code == 404

    run_with_fake(body)


@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")
def test_workspace_tokens_oauth_and_errors() -> None:
    async def body(fake: FakeSlack) -> None:
        default = await fake.client().auth_test()
        assert (default["team_id"], default["user_id"], default["bot_id"]) == (
            "T0001",
            "UBOT",
            "B0001",
        )
        oauth = await AsyncWebClient(base_url=fake.api_url).oauth_v2_access(
            client_id="111.222", client_secret="shh", code="abc"
        )
        assert oauth["access_token"] == INSTALLED_TOKEN
        assert oauth["team"] == {"id": "T0002", "name": "Acme"}
        assert oauth["authed_user"] == {"id": "U0INSTALLER"}
        installed = await fake.client(INSTALLED_TOKEN).auth_test()
        assert (installed["team_id"], installed["user_id"]) == ("T0002", "UBOT2")
        assert [c.token for c in fake.calls_to("auth.test")] == ["xoxb-test", INSTALLED_TOKEN]
        with pytest.raises(SlackApiError, match="missing_scope"):
            await fake.client(INSTALLED_TOKEN).team_info()  # not a scope coachbot asks for
        fake.token_scopes[INSTALLED_TOKEN] = fake.scopes | {"team:read"}
        assert (await fake.client(INSTALLED_TOKEN).team_info())["team"]["name"] == "Acme"

        with pytest.raises(SlackApiError, match="unknown_method"):
            await fake.client().api_call("bogus.method")
        with pytest.raises(SlackApiError, match="not_authed"):
            await AsyncWebClient(base_url=fake.api_url).chat_postMessage(channel="C1", text="x")
        fake.invalid_tokens.add("xoxb-revoked")
        with pytest.raises(SlackApiError, match="invalid_auth"):
            await fake.client("xoxb-revoked").auth_test()
        fake.fail("chat.postMessage", "channel_not_found")
        with pytest.raises(SlackApiError, match="channel_not_found"):
            await fake.client().chat_postMessage(channel="C1", text="x")
        assert (await fake.client().chat_postMessage(channel="C1", text="x"))["ok"] is True
        assert fake.calls_to("bogus.method")[0].response["error"] == "unknown_method"

    run_with_fake(body)


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing:UserWarning")
def test_views_and_block_kit_limits() -> None:
    async def body(fake: FakeSlack) -> None:
        client = fake.client()
        modal = {
            "type": "modal",
            "callback_id": "goal_form",
            "title": {"type": "plain_text", "text": "New goal"},
            "blocks": BLOCKS,
        }
        opened = await client.views_open(trigger_id="123.456.abc", view=modal)
        view_id = opened["view"]["id"]
        assert opened["view"]["callback_id"] == "goal_form"
        updated = await client.views_update(view_id=view_id, view=modal)
        assert updated["view"]["id"] == view_id
        pushed = await client.views_push(trigger_id="123.456.def", view=modal)
        assert pushed["view"]["id"] != view_id
        home = await client.views_publish(
            user_id="U0ALICE", view={"type": "home", "blocks": BLOCKS}
        )
        assert home["view"]["type"] == "home"
        assert fake.calls_to("views.open")[0].args["view"] == modal

        with pytest.raises(SlackApiError, match="invalid_blocks"):
            await client.chat_postMessage(channel="D0ALICE", text="x", blocks=BLOCKS * 51)
        long_title = {**modal, "title": {"type": "plain_text", "text": "x" * 25}}
        with pytest.raises(SlackApiError, match="invalid_arguments"):
            await client.views_open(trigger_id="1.2.3", view=long_title)
        with pytest.raises(SlackApiError, match="no_text"):
            await client.chat_postMessage(channel="D0ALICE")

    run_with_fake(body)


def test_signed_headers_validate_with_slack_sdk() -> None:
    verifier = SignatureVerifier(SECRET)
    form = form_body(load("slash_command_win", response_url="http://127.0.0.1/response/1"))
    headers = signed_headers(form, SECRET)
    assert headers["Content-Type"] == FORM_CONTENT_TYPE
    assert verifier.is_valid_request(form, headers)
    assert not verifier.is_valid_request(form + "&x=1", headers)
    assert not verifier.is_valid_request(form, signed_headers(form, "other-secret"))
    stale = signed_headers(form, SECRET, timestamp=int(time.time()) - 600)
    assert not verifier.is_valid_request(form, stale)

    event = json_body(load("event_message_im"))
    now = int(time.time())
    event_headers = signed_headers(event, SECRET, timestamp=now)
    assert event_headers["Content-Type"] == JSON_CONTENT_TYPE
    assert event_headers["X-Slack-Request-Timestamp"] == str(now)
    assert verifier.is_valid(event, str(now), event_headers["X-Slack-Signature"]) is True


def test_recorded_payloads() -> None:
    assert set(names()) >= {
        "slash_command_win",
        "slash_command_goal_empty",
        "event_message_im",
        "event_app_home_opened",
        "block_actions_button",
        "view_submission_goal",
        "view_submission_win",
    }
    win = load("slash_command_win", response_url="http://127.0.0.1:1/response/7")
    assert win["command"] == "/win"
    assert win["response_url"] == "http://127.0.0.1:1/response/7"
    assert all(isinstance(value, str) for value in win.values())
    assert load("slash_command_goal_empty")["text"] == ""

    action = load("block_actions_button", response_url="http://x/response/1")
    assert action["response_url"] == "http://x/response/1"
    assert action["actions"][0]["value"] == "/checkin snooze 1h"
    body = interactive_body(action)
    assert json.loads(parse_qs(body)["payload"][0]) == action

    goal = load("view_submission_goal")["view"]
    assert goal["callback_id"] == "goal_form"
    assert set(goal["state"]["values"]) == {
        "title",
        "measure",
        "why",
        "deadline",
        "horizon",
        "share",
    }
    assert goal["state"]["values"]["deadline"]["deadline"]["selected_date"] == "2029-06-30"
    win_view = load("view_submission_win")["view"]
    assert set(win_view["state"]["values"]) == {"text", "goal", "section", "share"}

    message = load("event_message_im")
    assert (message["event_id"], message["event"]["channel"]) == ("Ev0001", "D0ALICE")
    assert load("event_app_home_opened")["event"]["type"] == "app_home_opened"
    with pytest.raises(FileNotFoundError):
        load("no_such_payload")


def test_a_bolt_app_over_http_uses_the_fake() -> None:
    from aiohttp import ClientSession
    from aiohttp.test_utils import TestServer
    from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond, AsyncSay

    async def body(fake: FakeSlack) -> None:
        # The token goes on the client: Bolt ignores `token=` when given a client.
        app = AsyncApp(signing_secret=SECRET, client=fake.client("xoxb-test"))

        @app.command("/win")
        async def win(ack: AsyncAck, respond: AsyncRespond, command: dict[str, str]) -> None:
            await ack()
            await respond(f"Logged: {command['text']}")

        @app.event("message")
        async def message(say: AsyncSay) -> None:
            await say(text="Saved to your journal.", blocks=BLOCKS)

        @app.action("cmd:0")
        async def button(ack: AsyncAck, respond: AsyncRespond, action: dict[str, str]) -> None:
            await ack()
            await respond(f"Ran {action['value']}")

        @app.view("goal_form")
        async def goal(ack: AsyncAck, client: AsyncWebClient, body: dict[str, Any]) -> None:
            await ack()
            title = body["view"]["state"]["values"]["title"]["title"]["value"]
            await client.chat_postMessage(channel=body["user"]["id"], text=f"Goal: {title}")

        server = TestServer(app.web_app(path="/slack/events"), host="127.0.0.1")
        await server.start_server()
        try:
            url = f"http://127.0.0.1:{server.port}/slack/events"
            command = form_body(load("slash_command_win", response_url=fake.response_url()))
            event = json_body(load("event_message_im"))
            action = interactive_body(
                load("block_actions_button", response_url=fake.response_url())
            )
            view = interactive_body(load("view_submission_goal"))
            async with ClientSession() as http:
                for request_body in (command, event, action, view):
                    headers = signed_headers(request_body, SECRET)
                    async with http.post(url, data=request_body, headers=headers) as response:
                        assert response.status == 200
                async with http.post(url, data=event, headers={"X-Slack-Signature": "v0=0"}) as bad:
                    assert bad.status == 401
            # Bolt runs listeners after acking, so the order between requests may vary.
            responses = await fake.wait_for("response_url", count=2)
            assert sorted(call.args["text"] for call in responses) == [
                "Logged: Cut the CI pipeline from 25 to 9 minutes for the payments team "
                "by caching Docker layers",
                "Ran /checkin snooze 1h",
            ]
            posts = {c.args["text"]: c for c in await fake.wait_for("chat.postMessage", count=2)}
            said = posts["Saved to your journal."]
            assert (said.args["channel"], said.args["blocks"]) == ("D0ALICE", BLOCKS)
            posted = posts["Goal: Become a certified AWS Solutions Architect"]
            assert posted.response["channel"] == "DU0ALICE"
            assert said.token == "xoxb-test"
            assert fake.calls_to("auth.test"), "Bolt verified its token against the fake"
        finally:
            await server.close()

    run_with_fake(body)
