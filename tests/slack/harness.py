"""coachbot's real Slack front end (Bolt AsyncApp + our aiohttp app) on 127.0.0.1,
talking to the fake Slack Web API; requests are signed like Slack signs them."""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import re
from collections.abc import Callable
from types import TracebackType
from typing import Any
from urllib.parse import urlparse

from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from sqlalchemy import Engine

from adapters.slack.app import SlackConfig, SlackFrontEnd, build_slack, build_web_app
from core.coach import Coach
from tests.slack.fake_slack import FakeSlack
from tests.slack.payloads import load
from tests.slack.signing import form_body, interactive_body, json_body, signed_headers

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
_TRIGGERS = itertools.count(1)


def fresh_trigger_id() -> str:
    """A trigger id like Slack's; Slack gives every command and interaction its own."""
    n = next(_TRIGGERS)
    return f"17000{n:08d}.1000000001.{n:032x}"


class SlackHarness:
    """Our web app wired to a FakeSlack; helpers post signed Slack requests to it."""

    def __init__(
        self, coach: Coach, engine: Engine, fake: FakeSlack, *, oauth: bool = False
    ) -> None:
        self.fake = fake
        fake.dm_channels.setdefault("U0ALICE", "D0ALICE")
        config = SlackConfig(
            signing_secret=SIGNING_SECRET,
            bot_token=None if oauth else "xoxb-test",
            client_id="1111.2222" if oauth else None,
            client_secret="client-secret" if oauth else None,
            api_url=fake.api_url,
        )
        self.front: SlackFrontEnd = build_slack(coach, config, engine)
        self._server = TestServer(build_web_app(self.front, engine), host="127.0.0.1")
        self.http: ClientSession | None = None

    async def __aenter__(self) -> SlackHarness:
        await self._server.start_server()
        self.http = ClientSession()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self.http is not None
        await self.http.close()
        await self._server.close()
        await self.front.http.close()

    def url(self, path: str) -> str:
        """An address on our app."""
        return str(self._server.make_url(path))

    async def post(
        self, body: str, headers: dict[str, str] | None = None, secret: str = SIGNING_SECRET
    ) -> tuple[int, str]:
        """POST a body to /slack/events, signed unless headers are given."""
        assert self.http is not None
        sent = headers if headers is not None else signed_headers(body, secret)
        async with self.http.post(self.url("/slack/events"), data=body, headers=sent) as response:
            return response.status, await response.text()

    def command_body(self, command: str, text: str, user: str = "U0ALICE") -> tuple[str, str]:
        """A slash command's form body (with a fresh trigger id) and its response_url."""
        response_url = self.fake.response_url()
        payload = load("slash_command_win", response_url=response_url)
        payload.update(command=command, text=text, user_id=user, user_name=user.lower())
        payload["trigger_id"] = fresh_trigger_id()
        return form_body(payload), response_url

    async def command(self, command: str, text: str, user: str = "U0ALICE") -> str:
        """Send a slash command; returns the response_url its answer will go to."""
        body, response_url = self.command_body(command, text, user)
        status, _ = await self.post(body)
        assert status == 200
        return response_url

    async def answer_to(self, response_url: str) -> dict[str, Any]:
        """Wait for the answer posted to a response_url."""
        path = urlparse(response_url).path
        count = 1
        while True:
            calls = await self.fake.wait_for("response_url", count)
            for call in calls:
                if call.path == path:
                    return call.args
            count = len(calls) + 1

    async def event(self, name: str, **changes: Any) -> tuple[int, str]:
        """Send a recorded Events API payload, with top-level or event fields changed."""
        payload = load(name)
        event_changes = changes.pop("event", {})
        payload.update(changes)
        payload["event"].update(event_changes)
        return await self.post(json_body(payload))

    async def interactive(self, name: str, mutate: Any = None) -> tuple[int, str]:
        """Send a recorded interactivity payload (button or form), optionally changed."""
        payload = copy.deepcopy(load(name, response_url=self.fake.response_url()))
        if "trigger_id" in payload:
            payload["trigger_id"] = fresh_trigger_id()
        if mutate is not None:
            mutate(payload)
        return await self.post(interactive_body(payload))


async def install(slack: SlackHarness) -> None:
    """Walk the OAuth install flow like a browser: install page, Slack's redirect back."""
    assert slack.http is not None
    async with slack.http.get(slack.url("/slack/install")) as page:
        assert page.status == 200
        html = await page.text()
        # Bolt's state cookie is Secure (https only); a browser on our TLS proxy sends it
        # back, so the test does too.
        cookie = page.headers["Set-Cookie"].split(";", 1)[0]
    match = re.search(r"state=([\w-]+)", html)
    assert match, html
    async with slack.http.get(
        slack.url("/slack/oauth_redirect"),
        params={"code": "one-time-code", "state": match.group(1)},
        headers={"Cookie": cookie},
    ) as done:
        assert done.status == 200, await done.text()


async def eventually(check: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait until `check()` holds (something a listener does after Slack got its ack)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await asyncio.to_thread(check):
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


def texts(node: Any) -> list[dict[str, Any]]:
    """Every text object (plain_text or mrkdwn) in blocks or a view."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") in ("plain_text", "mrkdwn") and "text" in node:
            found.append(node)
        for value in node.values():
            found += texts(value)
    elif isinstance(node, list):
        for value in node:
            found += texts(value)
    return found


def all_text(args: dict[str, Any]) -> str:
    """The text of every block in a message's (or a view's) blocks."""
    return "\n".join(t["text"] for t in texts(args.get("blocks", [])))


def response_json(text: str) -> dict[str, Any]:
    """A JSON HTTP answer body (e.g. view_submission errors)."""
    return json.loads(text) if text else {}
