"""The digest's team chart, drawn straight onto the card: no axes, ticks or layout pass.

A digest goes to every team each period, so this chart is kept cheap: a few rectangles and
labels placed in figure coordinates; every bar carries its number, so no axis is needed.
``chart_paint`` paints it (Agg would spend most of a digest's time on its labels)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from core.present.chart_alt import NO_SHARED_GOALS, NO_WINS, ROADMAP_WEEKS, fraction, percent
from core.present.chart_base import (
    BORDER,
    INK,
    LABEL_WRAP,
    MIN_HEIGHT,
    MUTED,
    TEAM_GOAL_COLOR,
    TRACK,
    WINS_COLOR,
    card,
    frac,
    wrapped,
)

LEFT, RIGHT, TRACK_LEFT, TRACK_RIGHT = 0.07, 0.96, 0.36, 0.88
HEAD, WINS_AREA, GAP, BOTTOM = 0.3, 1.7, 0.15, 0.12  # inches
DATE_LABELS = 8
TEXT: dict[str, Any] = {"color": INK, "fontsize": 8, "parse_math": False}


def team_figure(
    weeks: Sequence[tuple[date, int]], goals: Sequence[tuple[str, float]], title: str
) -> Figure:
    """Build (not save) the team chart: wins per week above shared goals' progress."""
    fig, top = card(title, MIN_HEIGHT)
    _heading(fig, top, "Wins per week")
    _draw_wins(fig, top + HEAD, weeks)
    top += HEAD + WINS_AREA + GAP
    _heading(fig, top, "Shared goals")
    _draw_goals(fig, top + HEAD, MIN_HEIGHT - top - HEAD - BOTTOM, goals)
    return fig


def _heading(fig: Figure, top: float, text: str) -> None:
    """A panel heading at the left, `top` inches below the card's edge."""
    fig.text(LEFT, 1 - frac(fig, top + HEAD / 2), text, va="center", color=INK, size=10)


def _draw_wins(fig: Figure, top: float, weeks: Sequence[tuple[date, int]]) -> None:
    """Bars with their counts on a baseline, a date under some of them, or a note."""
    counts = [n for _, n in weeks]
    base, tall = 1 - frac(fig, top + WINS_AREA - 0.3), frac(fig, WINS_AREA - 0.6)
    if sum(counts) == 0:
        fig.text(0.5, base + tall / 2, NO_WINS, ha="center", color=MUTED, size=12)
        return
    step = (RIGHT - LEFT) / len(weeks)
    every = -(-len(weeks) // DATE_LABELS)
    for i, (week, count) in enumerate(weeks):
        x, height = LEFT + i * step, tall * count / max(counts)
        bar = Rectangle((x + step * 0.15, base), step * 0.7, height, color=WINS_COLOR, gid="win")
        fig.add_artist(bar)
        if count and len(weeks) <= ROADMAP_WEEKS:
            fig.text(
                x + step / 2, base + height + 0.005, str(count), ha="center", va="bottom", **TEXT
            )
        if (len(weeks) - 1 - i) % every == 0:
            fig.text(
                x + step / 2,
                base - 0.01,
                week.strftime("%b %-d"),
                ha="center",
                va="top",
                gid="week",
                **{**TEXT, "color": MUTED},
            )
    fig.add_artist(Line2D([LEFT, RIGHT], [base, base], color=BORDER, linewidth=1))


def _draw_goals(fig: Figure, top: float, area: float, goals: Sequence[tuple[str, float]]) -> None:
    """One row per goal: its wrapped name, a 0–100% track filled to its progress, the figure."""
    if not goals:
        fig.text(0.5, 1 - frac(fig, top + 0.6), NO_SHARED_GOALS, ha="center", color=MUTED, size=12)
        return
    row = area / max(len(goals), 5)
    for i, (name, value) in enumerate(goals):
        middle = 1 - frac(fig, top + row * (i + 0.5))
        bar_h, width = frac(fig, row * 0.6), (TRACK_RIGHT - TRACK_LEFT)
        y = middle - bar_h / 2
        fig.add_artist(Rectangle((TRACK_LEFT, y), width, bar_h, color=TRACK, gid="track"))
        filled = width * fraction(value)
        fig.add_artist(Rectangle((TRACK_LEFT, y), filled, bar_h, color=TEAM_GOAL_COLOR, gid="done"))
        label = wrapped(name, *LABEL_WRAP)
        fig.text(TRACK_LEFT - 0.01, middle, label, ha="right", va="center", gid="goal", **TEXT)
        fig.text(TRACK_RIGHT + 0.01, middle, percent(value), va="center", **TEXT)
