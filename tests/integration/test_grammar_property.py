"""Any text at all is either accepted or answered with a user error; nothing else escapes."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from core.coach import APOLOGY, Coach
from core.context import MemberRef
from core.grammar import VERBS
from core.prompts import PromptLibrary
from core.storage.db import make_engine, session_factory
from core.time.clock import ManualClock
from migrations import upgrade
from tests.conftest import START
from tests.fakes import OPTIONS

WORDS = [f"/{name}" for name in VERBS] + [
    "add", "list", "show", "edit", "done", "drop", "progress", "milestone", "share", "outcome",
    "brag", "json", "confirm", "1", "#2", "0", "-1", "99999999999", "40%", "by", "in", "within",
    "2027-02-30", "end of June", "next Friday", "measure:", "why:", "horizon:", "goal:1",
    "milestone:1.1", "section:learning", "--share", "#tag", "<!channel>", "@everyone", "\x00", "",
    "set", "weekdays", "09:00", "mon,thu", "every", "2 weeks", "pause", "until", "resume",
    "snooze", "skip", "1h", "tomorrow", "9am", "to", "cancel", "keep", "off", "on",
]  # fmt: skip


@pytest.fixture(scope="module")
def fuzz_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One SQLite database for every generated example."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


command_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(WORDS) | st.text(max_size=12), min_size=1, max_size=8).map(" ".join),
)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(command_text, min_size=1, max_size=4))
def test_grammar_never_fails_unexpectedly(
    fuzz_engine: Engine, prompts: PromptLibrary, caplog: pytest.LogCaptureFixture, lines: list[str]
) -> None:
    coach = Coach(session_factory(fuzz_engine), ManualClock(START), prompts, OPTIONS)
    who = MemberRef("console", "fuzz", "fuzzer")
    with caplog.at_level(logging.ERROR, logger="core.coach"):
        for line in lines:
            reply = coach.handle(who, line)
            assert reply.blocks, line
            assert APOLOGY not in reply.plain_text(), line
    assert not caplog.records, [r.getMessage() for r in caplog.records]
