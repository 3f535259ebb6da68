"""Neutral replies as Discord embeds: limits, escaping, buttons; option -> grammar text."""

from __future__ import annotations

from adapters.discord.render import (
    EMBED_DESCRIPTION,
    EMBED_TOTAL,
    MAX_EMBEDS,
    NO_PINGS,
    custom_id,
    render,
)
from adapters.discord.responder import send_kwargs
from core.messages import Actions, Attachment, Button, Fields, Header, Items, Progress, Reply, Text

ATTACK = "@everyone <@123456789012345678> <@&987654321098765432> **bold** `code` ||spoiler||"


def test_member_text_cannot_ping_or_format() -> None:
    [rendered] = render(Reply([Header(ATTACK), Text(ATTACK), Fields((("Goal", ATTACK),))]))
    (embed,) = rendered.embeds
    for text in (embed.title or "", embed.description or "", embed.fields[0].value or ""):
        assert "@everyone" not in text.replace("@\u200beveryone", "")
        assert "<@123456789012345678>" not in text
        assert "**bold**" not in text
    kwargs = send_kwargs(rendered)
    assert kwargs["allowed_mentions"] is NO_PINGS
    assert NO_PINGS.to_dict() == {"parse": []}


def test_progress_items_and_fields_render() -> None:
    reply = Reply(
        [
            Header("Your progress"),
            Progress("#1 Pass the CKA exam", 0.4, "2 of 5 milestones"),
            Items("Due soon", ("1.1 Finish the course · in 3 days",)),
            Fields((("Wins this week", "2"), ("Journal streak", "3 days"))),
        ]
    )
    [rendered] = render(reply)
    (embed,) = rendered.embeds
    assert embed.title == "Your progress"
    assert "████░░░░░░ 40%" in (embed.description or "")
    assert [f.name for f in embed.fields] == ["Wins this week", "Journal streak"]


def test_long_replies_stay_within_embed_limits() -> None:
    lines = tuple(f"win number {i} " + "x" * 180 for i in range(400))
    messages = render(Reply([Header("Busy year"), Items("Wins", lines)]))
    assert len(messages) > 1
    for rendered in messages:
        assert 1 <= len(rendered.embeds) <= MAX_EMBEDS
        assert sum(len(embed) for embed in rendered.embeds) <= EMBED_TOTAL
        for embed in rendered.embeds:
            assert len(embed.description or "") <= EMBED_DESCRIPTION


def test_buttons_become_persistent_command_buttons_and_files_attach() -> None:
    reply = Reply(
        [
            Text("Check-in"),
            Actions((Button("Snooze 1 hour", "/checkin snooze 1h"), Button("x", "/" + "y" * 200))),
        ],
        [Attachment("brag-2026-alice.md", "# Brag", "text/markdown")],
    )
    [rendered] = render(reply)
    kwargs = send_kwargs(rendered)
    view = kwargs["view"]
    assert [item.custom_id for item in view.children] == ["cb:/checkin snooze 1h"]  # type: ignore[attr-defined]
    assert view.timeout is None and view.is_persistent()
    (file,) = kwargs["files"]
    assert file.filename == "brag-2026-alice.md"
    assert custom_id("/" + "y" * 200) is None
