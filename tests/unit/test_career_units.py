"""Pure pieces of the career features: skill slugs, quarters, catch-up decisions, headlines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core.scheduling.dispatcher import Dispatcher
from core.services.career import slug
from core.services.digest_content import TeamActivity, headline
from core.services.network import quarter_start


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kubernetes", "kubernetes"),
        ("Public speaking", "public-speaking"),
        ("C++", "c++"),
        (" AWS  SA ", "aws-sa"),
    ],
)
def test_skill_slugs_match_hashtags(name: str, expected: str) -> None:
    assert slug(name) == expected


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (date(2026, 11, 23), date(2026, 10, 1)),
        (date(2027, 1, 1), date(2027, 1, 1)),
        (date(2027, 6, 30), date(2027, 4, 1)),
    ],
)
def test_quarter_start(day: date, start: date) -> None:
    assert quarter_start(day) == start


def test_catch_up_delivers_newest_in_window_once() -> None:
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    dispatcher = Dispatcher(sessions=None, clock=None, grace=timedelta(hours=2))  # type: ignore[arg-type]
    due = [now - timedelta(hours=h) for h in (5, 3, 1.5, 0.5)]
    decided = [status for _, status, _ in dispatcher._catch_up(due, now)]
    assert decided == ["missed", "missed", "skipped", "pending"]


def test_headline_never_names_or_shames() -> None:
    assert "quiet" in headline(TeamActivity())
