"""The neutral message model and its plain-text fallback."""

from __future__ import annotations

import pytest

from core.messages import (
    Actions,
    Attachment,
    Block,
    Button,
    Fields,
    Header,
    Items,
    Progress,
    Reply,
    Text,
    progress_bar,
    text_reply,
)


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [
        (-1.0, "░░░░░░░░░░ 0%"),
        (0.0, "░░░░░░░░░░ 0%"),
        (0.4, "████░░░░░░ 40%"),
        (0.5, "█████░░░░░ 50%"),
        (1.0, "██████████ 100%"),
        (2.0, "██████████ 100%"),
    ],
)
def test_progress_bar_clamps_and_draws(fraction: float, expected: str) -> None:
    assert progress_bar(fraction) == expected


@pytest.mark.parametrize("width", [1, 5, 10, 20])
def test_progress_bar_has_the_requested_width(width: int) -> None:
    bar, _percent = progress_bar(0.37, width=width).split(" ")
    assert len(bar) == width


def test_progress_bar_custom_width() -> None:
    assert progress_bar(0.5, width=4) == "██░░ 50%"


@pytest.mark.parametrize(
    ("fraction", "percent"),
    [(-1.0, 0), (0.0, 0), (0.333, 33), (0.667, 67), (1.0, 100), (2.0, 100)],
)
def test_progress_percent(fraction: float, percent: int) -> None:
    assert Progress("Goal", fraction).percent == percent


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (Header("Your progress"), "Your progress"),
        (Text("Keep going."), "Keep going."),
        (Fields((("Wins", "3"), ("Streak", "5 days"))), "Wins: 3\nStreak: 5 days"),
        (Fields(()), ""),
        (Progress("#1 Pass the exam", 0.4), "#1 Pass the exam  ████░░░░░░ 40%"),
        (
            Progress("#1 Pass the exam", 0.4, "2 of 5 milestones"),
            "#1 Pass the exam  ████░░░░░░ 40% (2 of 5 milestones)",
        ),
        (
            Items("Due soon", ("Mock exam", "Book the test")),
            "Due soon:\n• Mock exam\n• Book the test",
        ),
        (Items("Due soon", ()), "Due soon:\n  nothing yet"),
        (Items("Wins", (), empty="no wins this week"), "Wins:\n  no wins this week"),
        (Actions((Button("Done", "/goal done 1"),)), "[Done: /goal done 1]"),
        (
            Actions((Button("Done", "/goal done 1", "primary"), Button("Drop", "/goal drop 1"))),
            "[Done: /goal done 1] | [Drop: /goal drop 1]",
        ),
    ],
    ids=[
        "header",
        "text",
        "fields",
        "fields-empty",
        "progress",
        "progress-detail",
        "items",
        "items-empty",
        "items-custom-empty",
        "actions-one",
        "actions-two",
    ],
)
def test_plain_text_of_each_block(block: Block, expected: str) -> None:
    assert Reply([block]).plain_text() == expected


def test_plain_text_joins_blocks_and_lists_attachments() -> None:
    reply = Reply(
        [Header("Brag document"), Text("Here it is.")],
        attachments=[Attachment("brag.md", "# Wins"), Attachment("export.json", "{}")],
    )
    assert reply.plain_text() == "Brag document\nHere it is.\n[file: brag.md]\n[file: export.json]"


def test_empty_reply_is_empty_text() -> None:
    assert Reply().plain_text() == ""


def test_add_appends_and_chains() -> None:
    reply = Reply([Header("Title")])
    assert reply.add(Text("one"), Text("two")) is reply
    assert reply.blocks == [Header("Title"), Text("one"), Text("two")]


def test_replies_do_not_share_default_lists() -> None:
    first, second = Reply(), Reply()
    first.add(Text("only mine"))
    assert second.blocks == []


def test_reply_defaults_to_ephemeral() -> None:
    assert Reply().ephemeral is True


@pytest.mark.parametrize("ephemeral", [True, False])
def test_text_reply(ephemeral: bool) -> None:
    reply = text_reply("First.", "Second.", ephemeral=ephemeral)
    assert reply.blocks == [Text("First."), Text("Second.")]
    assert reply.attachments == []
    assert reply.ephemeral is ephemeral
    assert reply.plain_text() == "First.\nSecond."


def test_text_reply_without_paragraphs() -> None:
    assert text_reply().blocks == []
