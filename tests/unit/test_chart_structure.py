"""Charts people want to look at: the built figures are checked for structure, not pixels."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, timedelta

import matplotlib
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from core.present.chart_alt import MIN_WEEKS
from core.present.chart_base import HORIZONS
from core.present.chart_roadmap import MIN_LANE_DAYS, roadmap_figure
from core.present.chart_team import team_figure
from core.present.chart_types import GoalLine
from core.present.drawing import roadmap_chart, team_activity_chart

TODAY = date(2026, 11, 23)
TITLE = "Your career roadmap"
WEEKS = [(TODAY - timedelta(weeks=25 - i, days=TODAY.weekday()), 1 + i % 3) for i in range(26)]


def _goal(
    n: int,
    horizon: str = "short",
    start: date = date(2026, 10, 1),
    deadline: date | None = date(2027, 1, 31),
    progress: float = 0.4,
    milestones: tuple[tuple[date, bool], ...] = (),
    title: str = "Pass the CKA exam",
) -> GoalLine:
    return GoalLine(n, title, horizon, start, deadline, progress, milestones)


def _lane(fig: Figure, horizon: str) -> Axes:
    (ax,) = [ax for ax in fig.axes if ax.get_label() == f"lane:{horizon}"]
    return ax


def _by_gid(ax: Axes | Figure, gid: str) -> list[object]:
    found = ax.findobj(lambda artist: artist.get_gid() == gid)
    return [artist for artist in found if artist is not ax]


def _legend(fig: Figure) -> dict[str, object]:
    (legend,) = fig.legends
    assert isinstance(legend, Legend)
    return {
        text.get_text(): handle
        for text, handle in zip(legend.texts, legend.legend_handles, strict=True)
    }


def _pixels_wide(ax: Axes, bar: Rectangle) -> float:
    return float(bar.get_window_extent().width / ax.get_window_extent().width)


def test_done_milestones_look_like_the_legend_says() -> None:
    milestones = ((date(2026, 11, 1), True), (date(2026, 12, 20), False))
    fig = roadmap_figure([_goal(1, milestones=milestones)], WEEKS, TODAY, TITLE)
    (done,), (still_open,) = (
        _by_gid(_lane(fig, "short"), "done"),
        _by_gid(_lane(fig, "short"), "open"),
    )
    assert isinstance(done, Line2D) and isinstance(still_open, Line2D)
    key = _legend(fig)
    for drawn, label in ((done, "Milestone done"), (still_open, "Milestone open")):
        shown = key[label]
        assert isinstance(shown, Line2D)
        assert to_rgba(shown.get_markerfacecolor()) == to_rgba(drawn.get_markerfacecolor())
        assert shown.get_marker() == drawn.get_marker()
    # Filled against hollow (not a hue only), and unlike the bar it sits on.
    assert to_rgba(done.get_markerfacecolor()) != to_rgba(still_open.get_markerfacecolor())
    assert to_rgba(done.get_markerfacecolor()) != to_rgba(HORIZONS["short"])


def test_overdue_goals_are_marked_in_the_picture_the_legend_and_the_words() -> None:
    late = _goal(1, start=date(2026, 8, 1), deadline=date(2026, 11, 1))
    reached = _goal(2, start=date(2026, 8, 1), deadline=date(2026, 11, 1), progress=1.0)
    fig = roadmap_figure([late, reached], WEEKS, TODAY, TITLE)
    (mark,) = _by_gid(_lane(fig, "short"), "overdue")
    assert isinstance(mark, Text) and mark.get_text().strip() == "overdue"
    assert mark.get_position()[1] == 0  # the late goal's row, not the reached one's
    assert "Overdue" in _legend(fig)
    alt = roadmap_chart([late, reached], WEEKS, TODAY).alt_text
    assert "#1 Pass the CKA exam (short, 40%, due 2026-11-01, overdue)." in alt
    assert "#2 Pass the CKA exam (short, 100%, due 2026-11-01)." in alt


def test_goals_without_a_deadline_run_to_the_lane_edge_marked_no_deadline() -> None:
    fig = roadmap_figure([_goal(1, "mid", deadline=None)], WEEKS, TODAY, TITLE)
    lane = _lane(fig, "mid")
    pale = [p for p in lane.patches if isinstance(p, Rectangle) and p.get_gid() != "progress"]
    (bar,) = pale
    assert bar.get_x() + bar.get_width() == pytest.approx(lane.get_xlim()[1])
    (note,) = _by_gid(lane, "no-deadline")
    assert isinstance(note, Text) and "no deadline" in note.get_text()
    assert "No deadline" in _legend(fig)
    # No made-up end date: the lane spans the start and today, not 90 days beyond.
    assert lane.get_xlim()[1] - lane.get_xlim()[0] < (TODAY - date(2026, 10, 1)).days + 30
    alt = roadmap_chart([_goal(1, "mid", deadline=None)], WEEKS, TODAY).alt_text
    assert "(mid, 40%, no deadline)" in alt


def test_a_short_goal_is_readable_next_to_a_five_year_one() -> None:
    short = _goal(1, start=TODAY, deadline=TODAY + timedelta(days=60))
    long = _goal(2, "long", start=date(2025, 1, 1), deadline=date(2030, 12, 31))
    fig = roadmap_figure([long, short], WEEKS, TODAY, TITLE)
    lanes = [ax.get_label() for ax in fig.axes if ax.get_label().startswith("lane:")]
    assert lanes == ["lane:short", "lane:long"]
    for horizon in ("short", "long"):
        lane = _lane(fig, horizon)
        (bar,) = [p for p in lane.patches if p.get_gid() != "progress"]
        assert isinstance(bar, Rectangle) and _pixels_wide(lane, bar) > 0.8
    headings = [t.get_text() for t in _by_gid(fig, "lane-title")]
    assert headings == ["Short-term goals", "Long-term goals"]


def test_lanes_and_panels_do_not_overlap_and_the_card_grows_for_many_goals() -> None:
    goals = [_goal(i, ("short", "mid", "long")[i % 3]) for i in range(1, 21)]
    tall = roadmap_figure(goals, WEEKS, TODAY, TITLE)
    small = roadmap_figure(goals[:2], WEEKS, TODAY, TITLE)
    assert small.get_size_inches().tolist() == [8.0, 6.0]
    assert tall.get_size_inches()[0] == 8.0 and tall.get_size_inches()[1] > 10
    for fig in (tall, small):
        boxes = sorted((ax.get_position().y0, ax.get_position().y1) for ax in fig.axes)
        assert all(0 < low < high < 1 for low, high in boxes)
        assert all(a[1] < b[0] for a, b in itertools.pairwise(boxes))
    rows = [len(_lane(tall, h).get_yticks()) for h in ("short", "mid", "long")]
    assert rows == [6, 7, 7]


def test_titles_wrap_instead_of_being_cut() -> None:
    title = "Ada Lovelace's career roadmap towards staff engineer at the analytical engine company"
    label = "Publish the notes on the analytical engine with the translated appendix"
    fig = roadmap_figure([_goal(7, title=label)], WEEKS, TODAY, title)
    (heading,) = [t for t in fig.texts if "Lovelace" in t.get_text()]
    assert heading.get_text().count("\n") == 1
    assert heading.get_text().split() == title.split()
    (tick,) = _lane(fig, "short").get_yticklabels()
    assert tick.get_text().count("\n") == 1 and tick.get_text().split() == f"#7 {label}".split()
    team = team_figure([(TODAY, 1)], [(label, 0.5)], "Team")
    (name,) = _by_gid(team, "goal")
    assert isinstance(name, Text) and name.get_text().split() == label.split()
    cut = roadmap_figure([_goal(7, title="word " * 40)], WEEKS, TODAY, TITLE)
    assert _lane(cut, "short").get_yticklabels()[0].get_text().endswith("…")


def test_a_new_members_wins_panel_follows_the_data_with_a_minimum() -> None:
    quiet = [(week, 0) for week, _ in WEEKS[:-2]] + [(WEEKS[-2][0], 2), (WEEKS[-1][0], 1)]
    chart = roadmap_chart([_goal(1)], quiet, TODAY)
    assert "over the last 8 weeks" in chart.alt_text
    later = [(week, 0) for week, _ in WEEKS[:10]] + WEEKS[10:]
    assert "over the last 16 weeks" in roadmap_chart([_goal(1)], later, TODAY).alt_text
    fig = roadmap_figure([_goal(1)], quiet[-MIN_WEEKS:], TODAY, TITLE)
    (wins,) = [ax for ax in fig.axes if ax.get_label() == "wins"]
    assert len(wins.patches) == MIN_WEEKS
    low, high = wins.get_xlim()
    assert high - low < 7 * (MIN_WEEKS + 2)


def test_a_new_goals_lane_spans_its_dates_with_a_minimum_not_half_a_year() -> None:
    fig = roadmap_figure(
        [_goal(1, start=TODAY, deadline=TODAY + timedelta(days=10))], WEEKS, TODAY, TITLE
    )
    low, high = _lane(fig, "short").get_xlim()
    assert MIN_LANE_DAYS <= high - low < MIN_LANE_DAYS + 14


def test_the_team_chart_is_drawn_without_axes_and_says_what_the_words_say() -> None:
    goals = [(f"Goal {i}", i / 12) for i in range(12)]
    fig = team_figure(WEEKS[-4:], goals[:10], "Team activity")
    assert fig.axes == []
    assert len(_by_gid(fig, "win")) == 4 and len(_by_gid(fig, "track")) == 10
    names = [t.get_text() for t in _by_gid(fig, "goal") if isinstance(t, Text)]
    assert names == [f"Goal {i}" for i in range(10)]
    assert [t.get_text() for t in _by_gid(fig, "week")] == [
        w.strftime("%b %-d") for w, _ in WEEKS[-4:]
    ]
    fills = [r.get_width() for r in _by_gid(fig, "done") if isinstance(r, Rectangle)]
    track = _by_gid(fig, "track")[0]
    assert isinstance(track, Rectangle)
    assert fills == pytest.approx([track.get_width() * i / 12 for i in range(10)])


@pytest.fixture
def odd_style() -> Iterator[None]:
    with matplotlib.rc_context({"font.family": ["serif"], "font.size": 20, "lines.linewidth": 5}):
        yield


def test_same_bytes_whatever_the_processs_matplotlib_settings() -> None:
    goals = [_goal(1, milestones=((date(2026, 12, 1), True),)), _goal(2, "long", deadline=None)]
    roadmap, team = roadmap_chart(goals, WEEKS, TODAY), team_activity_chart(WEEKS[-4:], [("a", 1)])
    with matplotlib.rc_context({"font.family": ["serif"], "font.size": 20, "lines.linewidth": 5}):
        assert roadmap_chart(goals, WEEKS, TODAY).png == roadmap.png
        assert team_activity_chart(WEEKS[-4:], [("a", 1)]).png == team.png
