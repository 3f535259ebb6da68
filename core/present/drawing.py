"""PNG charts of a roadmap and a team's activity via matplotlib's object API (no pyplot).

Fixed panel positions (no layout engine) keep output byte-identical; a lock serialises rendering
because matplotlib does not promise thread safety for its shared caches.
"""

from __future__ import annotations

import io
import itertools
import math
import threading
import unicodedata
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal

from matplotlib import dates as mdates
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, PercentFormatter

from core.parsing import count_of
from core.present.chart_types import Chart, GoalLine

SIZE_INCHES, DPI = (8.0, 6.0), 100
CARD, BORDER, INK, MUTED = "#ffffff", "#d0d7de", "#1f2328", "#57606a"
GRID, TRACK = "#e6e8eb", "#eef0f2"
# Okabe–Ito colours: told apart by colour-blind readers, dark enough on the white card.
HORIZONS = {"short": "#0072B2", "mid": "#E69F00", "long": "#009E73"}
OTHER_COLOR, WINS_COLOR, TEAM_GOAL_COLOR = "#999999", "#D55E00", "#009E73"
LABEL_CHARS, ALT_TITLE_CHARS, ALT_TEXT_CHARS = 40, 60, 2000
OPEN_ENDED_DAYS, ROADMAP_WEEKS, MAX_GOAL_ROWS, TEAM_GOALS = 90, 26, 20, 10
NO_GOALS, NO_WINS, NO_SHARED_GOALS = "No goals yet", "No wins logged yet", "No shared goals yet"
# Panel columns (left, width) as figure fractions: LABELLED leaves room for 40-character labels.
LABELLED, WIDE = (0.34, 0.63), (0.07, 0.9)
MARKER: dict[str, Any] = {"marker": "D", "markersize": 6, "markeredgecolor": INK, "ls": "none"}
HEADING: dict[str, Any] = {"color": INK, "size": 14, "weight": "bold", "parse_math": False}
LEGEND: dict[str, Any] = {"loc": "lower right", "bbox_to_anchor": (1, 1), "ncols": 3}

_LOCK = threading.Lock()


def roadmap_chart(
    goals: Sequence[GoalLine],
    wins_per_week: Sequence[tuple[date, int]],
    today: date,
    title: str = "Your career roadmap",
) -> Chart:
    """Draw goals on a timeline, grouped by horizon, above a bar chart of recent wins per week."""
    ordered = sorted(goals, key=lambda g: [*HORIZONS, g.horizon].index(g.horizon))
    weeks = _weeks(wins_per_week)[-ROADMAP_WEEKS:]
    with _LOCK:
        fig = _card(title)
        top = _panel(fig, LABELLED if goals else WIDE, 0.44, 0.43)
        _draw_goals(top, ordered[:MAX_GOAL_ROWS], today)
        _draw_wins(_panel(fig, WIDE, 0.08, 0.24), weeks)
        png = _png(fig)
    return Chart(png, _roadmap_alt(ordered, weeks), "roadmap.png")


def team_activity_chart(
    wins_per_week: Sequence[tuple[date, int]],
    goals: Sequence[tuple[str, float]],
    title: str = "Team activity",
) -> Chart:
    """Draw a team's wins per week above its shared goals' progress (top ten)."""
    weeks = _weeks(wins_per_week)
    ranked = sorted(goals, key=lambda g: -_fraction(g[1]))
    with _LOCK:
        fig = _card(title)
        _draw_wins(_panel(fig, WIDE, 0.57, 0.32), weeks)
        bottom = _panel(fig, LABELLED if goals else WIDE, 0.06, 0.38)
        _draw_team_goals(bottom, ranked[:TEAM_GOALS])
        png = _png(fig)
    return Chart(png, _team_alt(weeks, ranked), "team-activity.png")


def _card(title: str) -> Figure:
    """Create an opaque white card with a subtle border and a title, readable on any theme."""
    fig = Figure(figsize=SIZE_INCHES, dpi=DPI, facecolor=CARD, edgecolor=BORDER, linewidth=2)
    FigureCanvasAgg(fig)
    heading = _drawable(title, 70)
    fig.text(0.5, 0.965, heading, ha="center", va="center", **HEADING)
    return fig


def _panel(fig: Figure, columns: tuple[float, float], bottom: float, height: float) -> Axes:
    """Add a plain axes at a fixed position on the card."""
    ax = fig.add_axes((columns[0], bottom, columns[1], height), facecolor=CARD)
    ax.spines[["top", "right"]].set_visible(False)
    ax.spines[["left", "bottom"]].set_color(BORDER)
    ax.tick_params(colors=MUTED, labelcolor=INK, labelsize=8)
    return ax


def _png(fig: Figure) -> bytes:
    """Encode the figure as PNG with no version or time metadata."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _message(ax: Axes, text: str) -> None:
    """Replace a panel's content with a friendly centred note."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", color=MUTED, size=12)


def _axes_style(ax: Axes, grid: Literal["x", "y"]) -> None:
    """Draw light grid lines behind the data and give the x axis concise date ticks."""
    ax.grid(axis=grid, color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]


def _x(day: date) -> float:
    """Convert a date to matplotlib's date number."""
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def _draw_goals(ax: Axes, goals: Sequence[GoalLine], today: date) -> None:
    """Draw goals as progress-filled bars on a timeline with milestones and a today line."""
    if not goals:
        _message(ax, NO_GOALS)
        return
    rows = [0.0]
    for before, goal in itertools.pairwise(goals):
        rows.append(rows[-1] + (1.0 if goal.horizon == before.horizon else 1.5))
    days = [today]
    for row, goal in zip(rows, goals, strict=True):
        days += [*_span(goal, today), *(due for due, _ in goal.milestones)]
        _draw_goal(ax, row, goal, today)
    ax.axvline(_x(today), color=INK, linestyle=":", linewidth=1.2, zorder=4)
    ax.text(_x(today), -0.9, " today", color=INK, fontsize=8, va="center")
    labels = [_drawable(f"#{g.number} {g.title}", LABEL_CHARS) for g in goals]
    ax.set_yticks(rows, labels, parse_math=False)
    ax.set(ylim=(rows[-1] + 0.6, -1.3), xlim=(_x(min(days)) - 7, _x(max(days)) + 7))
    _axes_style(ax, "x")
    ax.legend(handles=_legend(goals), fontsize=7, frameon=False, **LEGEND)


def _draw_goal(ax: Axes, row: float, goal: GoalLine, today: date) -> None:
    """Draw one goal: a pale span, a solid part for progress and a marker per milestone."""
    color = HORIZONS.get(goal.horizon, OTHER_COLOR)
    start, end = _span(goal, today)
    left, width = _x(start), _x(end) - _x(start)
    dash = "--" if goal.deadline is None else "-"
    pale = to_rgba(color, 0.2)
    ax.barh(row, width, left=left, height=0.6, color=pale, edgecolor=color, linestyle=dash)
    ax.barh(row, width * _fraction(goal.progress), left=left, height=0.6, color=color)
    for due, done in goal.milestones:
        ax.plot(_x(due), row, **MARKER, markerfacecolor=color if done else CARD, zorder=3)


def _span(goal: GoalLine, today: date) -> tuple[date, date]:
    """Return a goal's bar extent: start to deadline, or to 90 days past today when open-ended."""
    end = goal.deadline or max(goal.start, today) + timedelta(days=OPEN_ENDED_DAYS)
    low, high = min(goal.start, end), max(goal.start, end)
    return low, max(high, low + timedelta(days=1))


def _legend(goals: Sequence[GoalLine]) -> list[Artist]:
    """Build legend entries for the horizons present, open-ended goals and milestone markers."""
    present = {g.horizon for g in goals}
    horizons = [(h, c) for h, c in HORIZONS.items() if h in present]
    handles: list[Artist] = [Patch(color=c, label=f"{h.capitalize()}-term") for h, c in horizons]
    if any(g.deadline is None for g in goals):
        handles.append(Patch(facecolor=CARD, edgecolor=MUTED, linestyle="--", label="No deadline"))
    if any(g.milestones for g in goals):
        handles.append(Line2D([], [], **MARKER, markerfacecolor=MUTED, label="Milestone done"))
        handles.append(Line2D([], [], **MARKER, markerfacecolor=CARD, label="Milestone open"))
    return handles


def _draw_wins(ax: Axes, weeks: Sequence[tuple[date, int]]) -> None:
    """Draw wins per week as bars (labelled when there is room), or a note when there are none."""
    ax.set_title("Wins per week", loc="left", fontsize=10, color=INK)
    counts = [n for _, n in weeks]
    if sum(counts) == 0:
        _message(ax, NO_WINS)
        return
    bars = ax.bar([_x(w) for w, _ in weeks], counts, width=5.5, align="edge", color=WINS_COLOR)
    if len(weeks) <= ROADMAP_WEEKS:
        ax.bar_label(bars, [str(n) if n else "" for n in counts], fontsize=7, color=INK)
    ax.set_ylim(0, max(counts) * 1.25)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    _axes_style(ax, "y")


def _draw_team_goals(ax: Axes, goals: Sequence[tuple[str, float]]) -> None:
    """Draw shared goals' progress as horizontal bars on a 0–100% track."""
    ax.set_title("Shared goals", loc="left", fontsize=10, color=INK)
    if not goals:
        _message(ax, NO_SHARED_GOALS)
        return
    rows = list(range(len(goals)))
    fractions = [_fraction(f) for _, f in goals]
    ax.barh(rows, [1.0] * len(rows), height=0.6, color=TRACK)
    ax.barh(rows, fractions, height=0.6, color=TEAM_GOAL_COLOR)
    for row, fraction in zip(rows, fractions, strict=True):
        ax.text(1.02, row, _percent(fraction), va="center", fontsize=8, color=INK)
    ax.set_yticks(rows, [_drawable(label, LABEL_CHARS) for label, _ in goals], parse_math=False)
    ax.set(ylim=(len(rows) - 0.4, -0.6), xlim=(0, 1.12), xticks=[0, 0.25, 0.5, 0.75, 1])
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))


def _weeks(wins: Sequence[tuple[date, int]]) -> list[tuple[date, int]]:
    """Sort weeks oldest first, merge duplicates and clamp negative counts to zero."""
    merged: dict[date, int] = {}
    for week, count in wins:
        merged[week] = merged.get(week, 0) + max(0, int(count))
    return sorted(merged.items())


def _fraction(value: float) -> float:
    """Clamp a progress value to 0..1, treating NaN as 0."""
    return 0.0 if math.isnan(value) else min(1.0, max(0.0, float(value)))


def _percent(value: float) -> str:
    """Format a progress value as a whole percentage."""
    return f"{round(_fraction(value) * 100)}%"


def _one_line(text: str, limit: int) -> str:
    """Turn whitespace and control characters into single spaces; truncate with an ellipsis."""
    line = " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _drawable(text: str, limit: int) -> str:
    """Keep only characters the bundled font has (emoji would be empty boxes), on one line."""
    glyphs = _font_glyphs()
    kept = (c if ord(c) in glyphs and unicodedata.category(c) != "Cf" else " " for c in text)
    return _one_line("".join(kept), limit)


@lru_cache(maxsize=1)
def _font_glyphs() -> frozenset[int]:
    """Return the code points DejaVu Sans, matplotlib's bundled font, has glyphs for."""
    return frozenset(get_font(findfont(FontProperties(family="DejaVu Sans"))).get_charmap())


def _roadmap_alt(goals: Sequence[GoalLine], weeks: Sequence[tuple[date, int]]) -> str:
    """Describe the roadmap in words, numbers included."""
    parts = [f"Career roadmap: {count_of(len(goals), 'goal') if goals else NO_GOALS.lower()}."]
    parts += [_goal_alt(goal) for goal in goals[:MAX_GOAL_ROWS]]
    if len(goals) > MAX_GOAL_ROWS:
        parts.append(f"{len(goals) - MAX_GOAL_ROWS} more not drawn.")
    total = sum(n for _, n in weeks)
    if total == 0:
        parts.append(f"{NO_WINS}.")
    else:
        busiest, most = max(weeks, key=lambda week: week[1])
        span = "week" if len(weeks) == 1 else f"{len(weeks)} weeks"
        busy = f"busiest week of {busiest.isoformat()} with {most}"
        parts.append(f"Wins per week over the last {span}: total {total}, {busy}.")
    return _one_line(" ".join(parts), ALT_TEXT_CHARS)


def _goal_alt(goal: GoalLine) -> str:
    """Describe one goal: horizon, progress, deadline and milestones."""
    facts = [goal.horizon, _percent(goal.progress)]
    facts.append(f"due {goal.deadline.isoformat()}" if goal.deadline else "no deadline")
    if goal.milestones:
        done = sum(1 for _, finished in goal.milestones if finished)
        facts.append(f"{done} of {count_of(len(goal.milestones), 'milestone')} done")
    return f"#{goal.number} {_one_line(goal.title, ALT_TITLE_CHARS)} ({', '.join(facts)})."


def _team_alt(weeks: Sequence[tuple[date, int]], goals: Sequence[tuple[str, float]]) -> str:
    """Describe the team chart in words, numbers included."""
    total = sum(n for _, n in weeks)
    counts = ", ".join(str(n) for _, n in weeks)
    wins = f"{count_of(total, 'shared win')} over {count_of(len(weeks), 'week')} ({counts})"
    parts = [f"Team activity: {wins if total else NO_WINS.lower()}."]
    shown = [
        f"{_one_line(name, ALT_TITLE_CHARS)} ({_percent(f)})" for name, f in goals[:TEAM_GOALS]
    ]
    more = f", and {len(goals) - TEAM_GOALS} more" if len(goals) > TEAM_GOALS else ""
    parts.append(f"Shared goals: {', '.join(shown)}{more}." if goals else f"{NO_SHARED_GOALS}.")
    return _one_line(" ".join(parts), ALT_TEXT_CHARS)
