"""A refused text of up to 5,000 characters comes back whole on Discord, whose embeds hold
6,000 characters in all: long paragraphs go into an attached text file."""

from __future__ import annotations

import asyncio

from adapters.discord.render import EMBED_DESCRIPTION, EMBED_TOTAL, LONG_TEXT, render
from core.coach import Coach, error_reply
from core.errors import UserError
from core.messages import Attachment, Reply, Text
from tests.discord.coachbot_harness import answer_call, check_limits, coachbot_session, embed_text

# Markdown and mention characters double in length when escaped for an embed.
LONG = ("Led the *cut-over* of `billing` to @everyone's new ledger_v2 | " * 80)[:4900]


def test_a_long_echo_is_attached_whole() -> None:
    [rendered] = render(error_reply(UserError("The win is too long.", "/win Shipped it"), LONG))
    for embed in rendered.embeds:
        assert len(embed.description or "") <= EMBED_DESCRIPTION
        assert len(embed) <= EMBED_TOTAL
    [(name, data)] = rendered.files
    assert data.decode("utf-8") == f"Your text, so nothing is lost: {LONG.strip()}"
    shown = "\n".join(e.description or "" for e in rendered.embeds)
    assert "The win is too long." in shown and "Example: /win Shipped it" in shown
    assert f"in the attached {name}" in shown


def test_short_paragraphs_stay_in_the_embed() -> None:
    [rendered] = render(Reply([Text("x" * LONG_TEXT)]))
    assert rendered.files == []
    assert rendered.embeds[0].description == "x" * LONG_TEXT


def test_files_of_the_reply_come_first() -> None:
    reply = Reply([Text("y" * (LONG_TEXT + 1))], [Attachment("brag.md", "# Brag")])
    [rendered] = render(reply)
    assert [name for name, _ in rendered.files] == ["brag.md", "text-2.txt"]


def test_a_refused_long_win_comes_back_as_a_file(coach: Coach) -> None:
    async def scenario() -> None:
        async with coachbot_session(coach) as bot:
            result = await bot.slash("coach", {"command": f"/win {LONG}"}, subcommand="do")
            upload = answer_call(result)
            check_limits(upload.json["data"])
            assert "The win is 4,900 characters" in embed_text(upload.json["data"])
            [(name, content)] = upload.files
            assert content.decode("utf-8").endswith(LONG.strip())
            assert name.endswith(".txt")

    asyncio.run(asyncio.wait_for(scenario(), timeout=30))
