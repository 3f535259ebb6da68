"""PNG charts of a roadmap and a team's activity via matplotlib's object API (no pyplot).

Each chart is built as a Figure (tests inspect it) and then saved by a separate step (Agg
for the roadmap; the team chart, only rectangles, lines and text, is painted with Pillow);
a lock serialises both because matplotlib does not promise thread safety for its caches.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date

from core.present.chart_alt import (
    MIN_WEEKS,
    ROADMAP_WEEKS,
    TEAM_GOALS,
    fraction,
    roadmap_alt,
    team_alt,
    weeks_shown,
)
from core.present.chart_base import fixed_style, save_png
from core.present.chart_paint import paint_png
from core.present.chart_roadmap import roadmap_figure
from core.present.chart_team import team_figure
from core.present.chart_types import Chart, GoalLine

__all__ = ["MIN_WEEKS", "roadmap_chart", "team_activity_chart"]
_LOCK = threading.Lock()


def roadmap_chart(
    goals: Sequence[GoalLine],
    wins_per_week: Sequence[tuple[date, int]],
    today: date,
    title: str = "Your career roadmap",
) -> Chart:
    """Draw goals in per-horizon lanes above a bar chart of recent wins per week."""
    ordered = sorted(goals, key=lambda g: ["short", "mid", "long", g.horizon].index(g.horizon))
    weeks = weeks_shown(wins_per_week, ROADMAP_WEEKS)
    with _LOCK, fixed_style():
        png = save_png(roadmap_figure(ordered, weeks, today, title))
    return Chart(png, roadmap_alt(ordered, weeks, today), "roadmap.png")


def team_activity_chart(
    wins_per_week: Sequence[tuple[date, int]],
    goals: Sequence[tuple[str, float]],
    title: str = "Team activity",
) -> Chart:
    """Draw a team's wins per week above its shared goals' progress (top ten)."""
    weeks = weeks_shown(wins_per_week)
    ranked = sorted(goals, key=lambda g: -fraction(g[1]))
    with _LOCK, fixed_style():
        png = paint_png(team_figure(weeks, ranked[:TEAM_GOALS], title))
    return Chart(png, team_alt(weeks, ranked), "team-activity.png")
