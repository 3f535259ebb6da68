"""The /win and /journal grammar: text in, typed command out."""

from __future__ import annotations

from datetime import date

import pytest

from core.commands.journal import (
    AskPrompt,
    BragSection,
    ListWins,
    LogWin,
    MilestoneRef,
    PlainMessage,
    RecordOutcome,
    ShareEntry,
    WriteJournal,
)
from core.errors import UserError
from core.grammar import parse
from core.grammar.journal import parse_journal, parse_win
from core.services.journal import section_for

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "command"),
    [
        (
            "Mentored Sam #mentoring goal:2 --share",
            LogWin("Mentored Sam #mentoring", goal=2, share=True),
        ),
        (
            "Passed the practice exam milestone:2.1 section:learning client:acme",
            LogWin(
                "Passed the practice exam",
                milestone=MilestoneRef(2, 1),
                section="learning",
                client="acme",
            ),
        ),
        ("outcome 3 Two teams adopted it", RecordOutcome(3, "Two teams adopted it")),
        ("outcome 3", RecordOutcome(3, "")),
        ("list", ListWins()),
        ("share 4", ShareEntry(4, True)),
        ("unshare #4", ShareEntry(4, False)),
        # Without a number after it, a sub-command word is the start of a win.
        ("share the slides with the team", LogWin("share the slides with the team")),
        ("outcome #3 was great", RecordOutcome(3, "was great")),
        ("", LogWin("")),
    ],
)
def test_win_commands(text: str, command: object) -> None:
    assert parse_win(text, TODAY) == command


def test_escaped_tokens_stay_in_the_text() -> None:
    assert parse_win(r"Renamed \goal:x in the config \--share", TODAY) == LogWin(
        r"Renamed \goal:x in the config \--share"
    )


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Shipped it goal:two", "goal"),
        ("Passed milestone:2.x", "milestone"),
        ("Passed milestone:x.1", "milestone"),
        ("outcome 3x It worked", "number"),
        ("share 99999999999", "number"),
    ],
)
def test_bad_numbers_name_their_field(text: str, field: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_win(text, TODAY)
    assert caught.value.field == field
    assert caught.value.example


@pytest.mark.parametrize("text", ["", "  ", "skip", "Next", "another"])
def test_journal_asks_a_prompt(text: str) -> None:
    assert parse_journal(text, TODAY) == AskPrompt()


def test_journal_with_text_is_an_answer() -> None:
    assert parse_journal(" I mentored Sam ", TODAY) == WriteJournal("I mentored Sam")


def test_a_plain_message_is_an_answer_to_the_last_question() -> None:
    assert parse("  It went well  ", TODAY) == PlainMessage("It went well")


@pytest.mark.parametrize(
    ("tags", "given", "section"),
    [
        ([], None, BragSection.PROJECT),
        (["talk"], None, BragSection.COMMUNITY),
        (["community"], None, BragSection.COMMUNITY),
        (["learning"], None, BragSection.LEARNING),
        (["devops", "docs"], None, BragSection.DESIGN),
        (["talk"], "Docs", BragSection.DESIGN),
        ([], "outside", BragSection.OUTSIDE),
    ],
)
def test_section_given_or_from_tags(tags: list[str], given: str | None, section: str) -> None:
    assert section_for(tags, given) == section


def test_unknown_section_names_the_section_field() -> None:
    with pytest.raises(UserError) as caught:
        section_for([], "nonsense")
    assert caught.value.field == "section"
