"""/import on Slack: a member sends their /coach export json file to the bot's DM with the
word import; coachbot reads it from Slack with the bot token (files:read) and imports it
into their new account. Slack answers a download it refuses with its sign-in page (HTTP
200, text/html): nothing is imported then, and the member is told what to do."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import Engine, func, select

from adapters.slack.files import file_to_import
from core.coach import Coach
from core.storage.db import SessionFactory
from core.storage.models import Entry
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import SlackHarness, all_text
from tests.slack.payloads import load
from tests.slack.test_slack_app import run


async def _say(slack: SlackHarness, command: str, text: str) -> str:
    """A slash command's answer, as text."""
    return all_text(await _answer(slack, command, text))


async def _answer(slack: SlackHarness, command: str, text: str) -> dict[str, Any]:
    return await slack.answer_to(await slack.command(command, text))


async def _exported_then_forgotten(slack: SlackHarness) -> bytes:
    """Alice's win, exported as JSON (the file Slack received), then her account forgotten."""
    await _answer(slack, "/win", "Shipped the billing revamp #launch")
    await _answer(slack, "/coach", "export json")
    [upload] = await slack.fake.wait_for("upload")
    content = slack.fake.uploads[upload.args["file_id"]]
    await _answer(slack, "/coach", "forget-me")
    await _answer(slack, "/coach", "forget-me confirm")
    return content


async def _send_file(slack: SlackHarness, name: str, content: bytes, text: str = "import") -> str:
    """Alice drops a file into the bot's DM; the DM answer, as text."""
    shared = slack.fake.share_file("U0ALICE", name, content)
    posted = len(slack.fake.calls_to("chat.postMessage"))
    event = {"subtype": "file_share", "text": text, "files": [shared]}
    status, _ = await slack.event("event_message_im", event=event, event_id=f"Ev{shared['id']}")
    assert status == 200
    calls = await slack.fake.wait_for("chat.postMessage", posted + 1)
    return all_text(calls[posted].args)


def _wins(sessions: SessionFactory) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Entry)) or 0


def test_an_export_sent_to_the_dm_with_import_comes_back(
    coach: Coach, engine: Engine, sessions: SessionFactory
) -> None:
    async def body(slack: SlackHarness) -> None:
        content = await _exported_then_forgotten(slack)
        junk = await _send_file(slack, "notes.json", b"{not json")
        assert "Nothing was imported" in junk and "notes.json" in junk
        done = await _send_file(slack, "coachbot-alice.json", content)
        assert "Imported your export" in done
        assert "Shipped the billing revamp" in await _say(slack, "/win", "list")
        assert all(served for _id, served in slack.fake.files.downloads)

    run(coach, engine, body)
    assert _wins(sessions) == 1


def test_a_download_slack_refuses_imports_nothing_and_says_what_to_do(
    coach: Coach, engine: Engine, sessions: SessionFactory
) -> None:
    async def body(slack: SlackHarness) -> None:
        content = await _exported_then_forgotten(slack)
        # An install from before files:read was asked for: Slack serves its sign-in page.
        slack.fake.token_scopes["xoxb-test"] = slack.fake.scopes - {"files:read"}
        refused = await _send_file(slack, "coachbot-alice.json", content)
        assert "could not read that file from Slack" in refused
        assert "coachbot-alice.json" in refused  # what the member sent, given back
        assert [served for _id, served in slack.fake.files.downloads] == [False]

    run(coach, engine, body)
    assert _wins(sessions) == 0


def test_a_file_sent_with_other_words_or_a_picture_alone_is_not_an_import() -> None:
    event = load("event_message_im")["event"]

    async def shared(name: str, text: str) -> dict[str, Any]:
        async with FakeSlack() as fake:
            return {
                **event,
                "subtype": "file_share",
                "text": text,
                "files": [fake.share_file("U0ALICE", name, b"{}")],
            }

    def wanted(name: str, text: str) -> str | None:
        found = file_to_import(asyncio.run(shared(name, text)))
        return None if found is None else found.name

    assert wanted("coachbot-alice.json", "import") == "coachbot-alice.json"
    assert wanted("coachbot-alice.json", "/import") == "coachbot-alice.json"
    assert wanted("coachbot-alice.json", "") == "coachbot-alice.json"
    assert wanted("screenshot.png", "") is None
    assert wanted("coachbot-alice.json", "here is my CV") is None
    assert file_to_import(event) is None  # a plain DM
    assert file_to_import({**event, "channel_type": "channel", "subtype": "file_share"}) is None


def test_a_file_not_on_slacks_host_is_never_fetched_with_the_token() -> None:
    from adapters.slack.files import FileToImport, FileUnreadable, read_file

    async def attempt() -> str:
        try:
            await read_file(
                None, "xoxb-secret", "https://slack.com/api/", FileToImport("x.json", URL, 10)
            )
        except FileUnreadable as problem:
            return str(problem)
        return "fetched"

    URL = "https://evil.example/files-pri/T1-F1/download/x.json"
    assert asyncio.run(attempt()) == "the file is not on Slack's file host"
