"""The career roadmap: one lane per horizon, each on its own time scale, above wins per week.

A lane's scale follows its own goals, so a three-month goal is as readable as a five-year
one; open-ended goals run to the lane's edge marked "no deadline"; overdue goals say so."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from matplotlib import dates as mdates
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from core.present.chart_alt import MAX_GOAL_ROWS, NO_GOALS, NO_WINS, fraction, overdue
from core.present.chart_base import (
    BORDER,
    CARD,
    GRID,
    HORIZONS,
    INK,
    LABEL_WRAP,
    MIN_HEIGHT,
    MUTED,
    OTHER_COLOR,
    OVERDUE,
    WINS_COLOR,
    card,
    frac,
    title_height,
    wrapped,
)
from core.present.chart_types import GoalLine

ROW, LANE_HEAD, TICKS, LEGEND_ROW, WINS_PLOT, EMPTY_LANE = 0.42, 0.32, 0.38, 0.34, 1.15, 1.4
LABELLED, WIDE = (0.34, 0.62), (0.07, 0.89)
MIN_LANE_DAYS, BAR, MAX_LANE_EXTRA = 42, 0.6, 0.5
DONE: dict[str, Any] = {"marker": "D", "markerfacecolor": INK, "markeredgecolor": CARD}
OPEN: dict[str, Any] = {"marker": "D", "markerfacecolor": CARD, "markeredgecolor": INK}
MARKER: dict[str, Any] = {"markersize": 7, "markeredgewidth": 1.2, "ls": "none"}
NOTE: dict[str, Any] = {"fontsize": 8, "va": "center", "parse_math": False, "zorder": 5}


def roadmap_figure(
    goals: Sequence[GoalLine], weeks: Sequence[tuple[date, int]], today: date, title: str
) -> Figure:
    """Build (not save) the roadmap: lanes by horizon, a legend, and the wins panel."""
    lanes = _lanes(goals[:MAX_GOAL_ROWS])
    heights = [LANE_HEAD + ROW * len(rows) + 0.3 + TICKS for rows in lanes.values()] or [EMPTY_LANE]
    needed = title_height(title) + LEGEND_ROW + sum(heights) + LANE_HEAD + WINS_PLOT + TICKS + 0.1
    fig, top = card(title, max(MIN_HEIGHT, needed))
    # A short roadmap's spare height goes to its lanes (a little each) and to the wins panel.
    spare = max(MIN_HEIGHT, needed) - needed
    extra = min(spare / (len(heights) + 1), MAX_LANE_EXTRA)
    top += LEGEND_ROW
    for (horizon, rows), height in zip(lanes.items(), heights, strict=False):
        _draw_lane(_lane_axes(fig, top, height + extra, horizon), horizon, rows, today)
        top += height + extra
    if not lanes:
        _note(_lane_axes(fig, top, EMPTY_LANE + extra, ""), NO_GOALS)
        top += EMPTY_LANE + extra
    plot = WINS_PLOT + spare - extra * len(heights)
    _draw_wins(_axes(fig, WIDE, top + LANE_HEAD, plot, "wins"), weeks, "Wins per week")
    if goals:
        fig.legend(handles=_legend(goals[:MAX_GOAL_ROWS], today), **_legend_place(fig, title))
    return fig


def _lanes(goals: Sequence[GoalLine]) -> dict[str, list[GoalLine]]:
    """Goals grouped by horizon, short to long, unknown horizons last."""
    lanes: dict[str, list[GoalLine]] = {}
    for goal in sorted(goals, key=lambda g: [*HORIZONS, g.horizon].index(g.horizon)):
        lanes.setdefault(goal.horizon, []).append(goal)
    return lanes


def _axes(fig: Figure, columns: tuple[float, float], top: float, height: float, label: str) -> Axes:
    """A plain axes `top` inches below the card's top edge, `height` inches tall."""
    bottom = 1 - frac(fig, top + height)
    ax = fig.add_axes((columns[0], bottom, columns[1], frac(fig, height)), facecolor=CARD)
    ax.set_label(label)
    ax.spines[["top", "right"]].set_visible(False)
    ax.spines[["left", "bottom"]].set_color(BORDER)
    ax.tick_params(colors=MUTED, labelcolor=INK, labelsize=8)
    return ax


def _lane_axes(fig: Figure, top: float, height: float, horizon: str) -> Axes:
    """A lane's axes under its heading (a figure text: no title layout pass)."""
    if horizon:
        name = f"{horizon.capitalize()}-term goals"
        fig.text(
            0.02,
            1 - frac(fig, top + LANE_HEAD / 2),
            name,
            va="center",
            gid="lane-title",
            color=INK,
            size=10,
            weight="bold",
            parse_math=False,
        )
    return _axes(fig, LABELLED, top + LANE_HEAD, height - LANE_HEAD - TICKS, f"lane:{horizon}")


def _draw_lane(ax: Axes, horizon: str, goals: Sequence[GoalLine], today: date) -> None:
    """Draw one horizon's goals on the lane's own time scale, with a today line."""
    low, high = _lane_range(goals, today)
    for row, goal in enumerate(goals):
        _draw_goal(ax, row, goal, today, high, HORIZONS.get(horizon, OTHER_COLOR))
    ax.axvline(_x(today), color=INK, linestyle=":", linewidth=1.2, zorder=4)
    ax.text(_x(today), -0.75, " today", color=INK, fontsize=8, va="center")
    labels = [wrapped(f"#{g.number} {g.title}", *LABEL_WRAP) for g in goals]
    ax.set_yticks(range(len(goals)), labels, parse_math=False)
    ax.set(ylim=(len(goals) - 0.4, -1.0), xlim=(_x(low), _x(high)))
    _date_axis(ax, "x")


def _lane_range(goals: Sequence[GoalLine], today: date) -> tuple[date, date]:
    """The lane's dates (today, starts, deadlines, milestones) with a margin; six weeks at least."""
    days = [today, *(g.start for g in goals), *(g.deadline for g in goals if g.deadline)]
    days += [due for g in goals for due, _ in g.milestones]
    low, high = min(days), max(max(days), min(days) + timedelta(days=MIN_LANE_DAYS))
    margin = timedelta(days=max(3, (high - low).days // 25))
    return low - margin, high + margin


def _draw_goal(ax: Axes, row: int, goal: GoalLine, today: date, edge: date, color: str) -> None:
    """One goal: a pale span to its deadline (or the lane's edge), progress, milestones, notes."""
    late = overdue(goal, today)
    end = goal.deadline or edge
    left, width = _x(min(goal.start, end)), max(1.0, abs(_x(end) - _x(goal.start)))
    line: dict[str, Any] = {"edgecolor": OVERDUE if late else color, "linewidth": 2 if late else 1}
    dash = "-" if goal.deadline else "--"
    ax.barh(row, width, left=left, height=BAR, color=to_rgba(color, 0.2), linestyle=dash, **line)
    ax.barh(
        row, width * fraction(goal.progress), left=left, height=BAR, color=color, gid="progress"
    )
    for due, done in goal.milestones:
        style = DONE if done else OPEN
        ax.plot(_x(due), row, **style, **MARKER, zorder=6, gid="done" if done else "open")
    if goal.deadline is None:
        ax.text(_x(edge), row, "no deadline → ", ha="right", color=INK, gid="no-deadline", **NOTE)
    elif late:
        ax.text(left + width, row, " overdue", color=OVERDUE, weight="bold", gid="overdue", **NOTE)


def _legend(goals: Sequence[GoalLine], today: date) -> list[Artist]:
    """Legend entries for the horizons present, and for the marks that are drawn."""
    present = {g.horizon for g in goals}
    handles: list[Artist] = [
        Patch(color=c, label=f"{h.capitalize()}-term") for h, c in HORIZONS.items() if h in present
    ]
    if any(g.deadline is None for g in goals):
        handles.append(Patch(facecolor=CARD, edgecolor=MUTED, linestyle="--", label="No deadline"))
    if any(overdue(g, today) for g in goals):
        handles.append(Patch(facecolor=CARD, edgecolor=OVERDUE, linewidth=2, label="Overdue"))
    if any(done for g in goals for _, done in g.milestones):
        handles.append(Line2D([], [], **DONE, **MARKER, label="Milestone done"))
    if any(not done for g in goals for _, done in g.milestones):
        handles.append(Line2D([], [], **OPEN, **MARKER, label="Milestone open"))
    return handles


def _legend_place(fig: Figure, title: str) -> dict[str, Any]:
    """Keyword arguments putting the legend in one row under the title."""
    y = 1 - frac(fig, title_height(title) + LEGEND_ROW / 2)
    return {
        "loc": "center",
        "bbox_to_anchor": (0.5, y),
        "ncols": 7,
        "fontsize": 7,
        "frameon": False,
    }


def _draw_wins(ax: Axes, weeks: Sequence[tuple[date, int]], heading: str) -> None:
    """Wins per week as labelled bars, or a note when there are none."""
    ax.text(0, 1.08, heading, transform=ax.transAxes, color=INK, size=10, va="bottom")
    counts = [n for _, n in weeks]
    if sum(counts) == 0:
        _note(ax, NO_WINS)
        return
    bars = ax.bar([_x(w) for w, _ in weeks], counts, width=5.5, align="edge", color=WINS_COLOR)
    ax.bar_label(bars, [str(n) if n else "" for n in counts], fontsize=7, color=INK)
    ax.set(ylim=(0, max(counts) * 1.25), xlim=(_x(weeks[0][0]) - 2, _x(weeks[-1][0]) + 9))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    _date_axis(ax, "y")


def _note(ax: Axes, text: str) -> None:
    """Replace a panel's content with a friendly centred note."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", color=MUTED, size=12)


def _date_axis(ax: Axes, grid: str) -> None:
    """Light grid lines behind the data and concise date ticks on x."""
    ax.grid(axis=grid, color=GRID, linewidth=0.8)  # type: ignore[arg-type]
    ax.set_axisbelow(True)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    # No offset text ("2027-Feb") under the axis: it would run into the next panel's heading,
    # and the ticks name the year where it changes.
    concise = mdates.ConciseDateFormatter(locator, show_offset=False)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(concise)


def _x(day: date) -> float:
    """Convert a date to matplotlib's date number."""
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]
