"""Any text at all, on SQLite and PostgreSQL, is either accepted or answered with a user
error that gives the text back; nothing else escapes, and nothing reaches the log.

The quick tier runs a few hundred examples; the slow tier (CI) another 1,000 per database."""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from core.cleaning import clean_text
from core.coach import APOLOGY, Coach
from core.context import MemberRef
from core.grammar import VERBS
from core.prompts import PromptLibrary
from core.storage.db import session_factory
from core.time.clock import ManualClock
from tests.conftest import START
from tests.fakes import OPTIONS

QUICK_EXAMPLES = 100  # per database
THOROUGH_EXAMPLES = 1000  # per database, in the slow tier: with the quick ones, 2,200 in CI
ECHO = "Your text, so nothing is lost: "

WORDS = [f"/{name}" for name in VERBS] + [
    "add", "list", "show", "edit", "done", "drop", "progress", "milestone", "share", "outcome",
    "brag", "json", "confirm", "1", "#2", "0", "-1", "99999999999", "40%", "100%", "101%", "auto",
    "by", "in", "within", "2027-02-30", "end of June", "next Friday", "measure:", "why:",
    "horizon:", "goal:1", "milestone:1.1", "section:learning", "--share", "#tag", "", "set",
    "weekdays", "09:00", "mon,thu", "every", "2 weeks", "pause", "until", "resume", "snooze",
    "skip", "1h", "tomorrow", "9am", "to", "cancel", "keep", "off", "on", "update", "need",
    "have", "learning", "nudge:", "at:", "notes:", "--important", "--client", "client:acme",
    "provider:", "#team", "weekly", "daily", "monthly", "fri", "16:00", "UTC", "Europe/Berlin",
    "quarter", "all", "2026", "days", "x" * 90, "#" + "c" * 85,
]  # fmt: skip
# What broke storage or parsing before: control characters, NUL, lone surrogates (bytes
# that were not UTF-8), digits that are not numbers, and mention syntax.
HOSTILE = [
    "\x00", "a\x00b", "\x07", "\x1b[31m", "\x7f", "\x85", "\u2028", "\t", "\r\n",
    "\ud800", "\udce9", "caf\udce9", "\udfff\ud800", "\ud83d\ude00",
    "²", "①", "٣", "６", "𝟗", "¼", "4²", "²%", "٣٠%", "6²", "nudge: 6²", "１２:３０",
    "<@U123ABC>", "<@&123456789012345678>", "<#C123|general>", "<#C1>", "<!channel>",
    "<!here>", "@everyone", "@here", "<@123456789012345678>", "**bold**", "||x||", "`x`",
]  # fmt: skip

ANY_CHARACTER = st.characters(exclude_categories=())  # surrogates and controls included
word = st.sampled_from(WORDS) | st.sampled_from(HOSTILE) | st.text(ANY_CHARACTER, max_size=12)
many_tags = st.integers(0, 40).map(lambda n: "/win " + " ".join(f"#t{i}" for i in range(n)))
# Long fields, against every column's size ("İ" lower-cases to two characters).
long_field = st.tuples(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join),
    st.sampled_from(["y", "İ", "#t ", "²", "\x00", "\udce9"]),
    st.integers(40, 1200),
).map(lambda t: f"{t[0]} {t[1] * t[2]}")
command_text = st.one_of(
    st.text(ANY_CHARACTER, max_size=200),
    st.lists(word, min_size=1, max_size=8).map(" ".join),
    many_tags,
    long_field,
)
lines_of_input = st.lists(st.tuples(command_text, st.booleans()), min_size=1, max_size=4)


def check_lines(
    engine: Engine,
    prompts: PromptLibrary,
    caplog: pytest.LogCaptureFixture,
    lines: list[tuple[str, bool]],
) -> None:
    """Each line, as an admin or not, gets a reply that can be shown anywhere; a refusal
    gives the text back; nothing fails unexpectedly."""
    caplog.clear()
    coach = Coach(session_factory(engine), ManualClock(START), prompts, OPTIONS)
    who = MemberRef("console", "fuzz", "fuzzer")
    with caplog.at_level(logging.ERROR, logger="core.coach"):
        for line, admin in lines:
            reply = coach.handle(who, line, admin=admin)
            text = reply.plain_text()
            assert reply.blocks, repr(line)
            assert APOLOGY not in text, repr(line)
            text.encode("utf-8")  # no lone surrogate in anything shown back
            typed = clean_text(line).strip()
            if text.startswith("⚠️") and typed:
                assert f"{ECHO}{typed}" in text, repr(line)
    assert not caplog.records, [r.getMessage() for r in caplog.records]


@settings(
    max_examples=QUICK_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(lines=lines_of_input)
def test_grammar_never_fails_unexpectedly(
    engine: Engine,
    prompts: PromptLibrary,
    caplog: pytest.LogCaptureFixture,
    lines: list[tuple[str, bool]],
) -> None:
    check_lines(engine, prompts, caplog, lines)


@pytest.mark.slow
@settings(
    max_examples=THOROUGH_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=lines_of_input)
def test_grammar_never_fails_unexpectedly_thoroughly(
    engine: Engine,
    prompts: PromptLibrary,
    caplog: pytest.LogCaptureFixture,
    lines: list[tuple[str, bool]],
) -> None:
    check_lines(engine, prompts, caplog, lines)
