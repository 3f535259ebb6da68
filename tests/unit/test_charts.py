"""Charts: deterministic PNGs with a text alternative; tests compare structure, not pixels."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest

from core.present.chart_types import Chart, GoalLine
from core.present.drawing import roadmap_chart, team_activity_chart

TODAY = date(2026, 11, 23)
WEEKS = [(date(2026, 6, 1) + timedelta(weeks=i), i % 4) for i in range(26)]
ODD_TITLES = [
    "Earn $100k $$ \\frac{a}{b}",
    "first line\nsecond line\r\n\tthird",
    "Ship it 🚀👩‍💻 ✨",
    "x" * 300,
    "$",
    "\x00\x07 bells and nulls \u2028",
    "学习 Kubernetes",
    "",
]


def _goal(
    n: int,
    title: str = "Pass the CKA exam",
    horizon: str = "short",
    deadline: date | None = date(2027, 2, 28),
    progress: float = 0.4,
) -> GoalLine:
    milestones = ((date(2026, 12, 10), True), (date(2027, 1, 15), False), (date(2027, 2, 1), False))
    return GoalLine(n, title, horizon, date(2026, 9, 1), deadline, progress, milestones)


def _size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, after checking the PNG signature."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", png[8:16])
    assert (length, kind) == (13, b"IHDR")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _chunks(png: bytes) -> list[bytes]:
    """Chunk types in order, checking every CRC on the way."""
    kinds, offset = [], 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind, body = png[offset + 4 : offset + 8], png[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", png[offset + 8 + length : offset + 12 + length])
        assert zlib.crc32(kind + body) == crc
        kinds.append(kind)
        offset += 12 + length
    return kinds


def _assert_valid(chart: Chart, filename: str, height: int = 600) -> None:
    """A well-formed 800-pixel-wide PNG with no version text, and a non-empty alt text."""
    assert _size(chart.png) == (800, height)
    kinds = _chunks(chart.png)
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND" and b"IDAT" in kinds
    assert b"Software" not in chart.png and b"matplotlib" not in chart.png.lower()
    assert chart.filename == filename and chart.alt_text.strip()


def test_roadmap_is_a_deterministic_png_with_alt_text() -> None:
    first = roadmap_chart([_goal(1), _goal(2, "Lead a team")], WEEKS, TODAY)
    again = roadmap_chart([_goal(1), _goal(2, "Lead a team")], WEEKS, TODAY)
    _assert_valid(first, "roadmap.png")
    assert first.png == again.png and first.alt_text == again.alt_text
    assert "Career roadmap: 2 goals." in first.alt_text
    assert (
        "#1 Pass the CKA exam (short, 40%, due 2027-02-28, 1 of 3 milestones done)."
        in first.alt_text
    )
    assert f"total {sum(n for _, n in WEEKS)}" in first.alt_text
    assert "busiest week of 2026-06-22 with 3." in first.alt_text
    assert "over the last 25 weeks" in first.alt_text  # the empty first week is not drawn
    assert roadmap_chart([_goal(1)], WEEKS, TODAY).png != first.png


VARIANTS: dict[str, Callable[[], Chart]] = {
    "progress": lambda: roadmap_chart([_goal(1, progress=0.9)], WEEKS, TODAY),
    "open-ended": lambda: roadmap_chart([_goal(1, deadline=None)], WEEKS, TODAY),
    "horizon": lambda: roadmap_chart([_goal(1, horizon="long")], WEEKS, TODAY),
    "wins": lambda: roadmap_chart([_goal(1)], [*WEEKS[:-1], (WEEKS[-1][0], 9)], TODAY),
    "today": lambda: roadmap_chart([_goal(1)], WEEKS, TODAY + timedelta(days=14)),
    "title": lambda: roadmap_chart([_goal(1)], WEEKS, TODAY, "Ada's roadmap"),
}


@pytest.mark.parametrize("variant", VARIANTS.values(), ids=VARIANTS.keys())
def test_different_data_draws_different_bytes(variant: Callable[[], Chart]) -> None:
    chart = variant()
    _assert_valid(chart, "roadmap.png")
    assert chart.png != roadmap_chart([_goal(1)], WEEKS, TODAY).png


def test_alt_text_covers_open_ended_goals_and_horizon_order() -> None:
    goals = [
        _goal(3, "Become staff engineer", "long", None, 0.1),
        _goal(1, "Pass the CKA exam"),
        _goal(2, "Lead the platform team", "mid", progress=float("nan")),
    ]
    alt = roadmap_chart(goals, [(date(2026, 11, 16), 1)], TODAY).alt_text
    assert alt.index("#1 ") < alt.index("#2 ") < alt.index("#3 ")
    assert "#3 Become staff engineer (long, 10%, no deadline, 1 of 3 milestones done)." in alt
    assert "#2 Lead the platform team (mid, 0%," in alt
    assert "over the last week: total 1, busiest week of 2026-11-16 with 1." in alt


@pytest.mark.parametrize(("goals", "wins"), [([], []), ([], WEEKS), ([_goal(1)], [])])
def test_empty_inputs_still_draw_with_a_friendly_note(
    goals: list[GoalLine], wins: list[tuple[date, int]]
) -> None:
    chart = roadmap_chart(goals, wins, TODAY)
    _assert_valid(chart, "roadmap.png")
    assert ("no goals yet" in chart.alt_text) == (not goals)
    assert ("No wins logged yet." in chart.alt_text) == (not wins)


def test_all_zero_weeks_count_as_no_wins() -> None:
    zeros = [(w, 0) for w, _ in WEEKS]
    assert "No wins logged yet." in roadmap_chart([_goal(1)], zeros, TODAY).alt_text
    assert "no wins logged yet" in team_activity_chart(zeros, []).alt_text


@pytest.mark.parametrize("title", ODD_TITLES)
def test_odd_titles_are_drawn_literally_without_failing(title: str) -> None:
    chart = roadmap_chart([_goal(1, title)], WEEKS, TODAY, title=title or "Roadmap")
    _assert_valid(chart, "roadmap.png")
    assert "\n" not in chart.alt_text and "\x00" not in chart.alt_text
    team = team_activity_chart(WEEKS[:4], [(title, 0.5)], title=title or "Team")
    _assert_valid(team, "team-activity.png")


def test_odd_title_alt_text_keeps_dollars_and_truncates() -> None:
    odd = roadmap_chart(
        [_goal(1, "Earn $100k $$ \\frac{a}{b}\nnext line 🚀 " + "x" * 300)], WEEKS, TODAY
    )
    _assert_valid(odd, "roadmap.png")
    assert "#1 Earn $100k $$ \\frac{a}{b} next line 🚀 x" in odd.alt_text
    assert "…" in odd.alt_text and "x" * 100 not in odd.alt_text


def test_team_chart_alt_text_and_top_ten() -> None:
    goals = [(f"Goal {i}", i / 12) for i in range(12)]
    chart = team_activity_chart(WEEKS[:4], goals)
    _assert_valid(chart, "team-activity.png")
    assert chart.alt_text.startswith("Team activity: 6 shared wins over 4 weeks (0, 1, 2, 3).")
    assert "Shared goals: Goal 11 (92%), Goal 10 (83%)," in chart.alt_text
    assert "Goal 2 (17%), and 2 more." in chart.alt_text and "Goal 1 (" not in chart.alt_text
    one = team_activity_chart([(TODAY, 1)], [("Ship v2", 1.0)]).alt_text
    assert one == "Team activity: 1 shared win over 1 week (1). Shared goals: Ship v2 (100%)."


def test_team_chart_handles_empty_inputs() -> None:
    chart = team_activity_chart([], [])
    _assert_valid(chart, "team-activity.png")
    assert chart.alt_text == "Team activity: no wins logged yet. No shared goals yet."
    assert team_activity_chart([], []).png == chart.png


def test_long_periods_and_many_goals_render() -> None:
    weeks = [(TODAY - timedelta(weeks=51 - i), (i * 7) % 5) for i in range(52)]
    goals = [_goal(i, f"Goal {i}", ("short", "mid", "long")[i % 3]) for i in range(1, 26)]
    roadmap = roadmap_chart(goals, weeks, TODAY)
    _assert_valid(roadmap, "roadmap.png", _size(roadmap.png)[1])
    assert _size(roadmap.png)[1] > 1000  # twenty rows in three lanes: the card grows
    assert "over the last 26 weeks" in roadmap.alt_text and "5 more not drawn." in roadmap.alt_text
    assert len(roadmap.alt_text) <= 2000
    team = team_activity_chart(weeks, [(g.title, g.progress) for g in goals])
    _assert_valid(team, "team-activity.png")
    assert "over 51 weeks" in team.alt_text  # from the first week with a win


def test_concurrent_rendering_from_worker_threads() -> None:
    jobs: list[Callable[[], Chart]] = [
        lambda: roadmap_chart([_goal(1), _goal(2, "Lead a team", "mid")], WEEKS, TODAY),
        lambda: team_activity_chart(WEEKS[:4], [("Pass CKA", 0.5)]),
    ]
    expected = [job().png for job in jobs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(jobs[i % 2]) for i in range(8)]
        results = [future.result().png for future in futures]
    assert all(png == expected[i % 2] for i, png in enumerate(results))
