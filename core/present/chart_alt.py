"""What the charts say in words, and the facts both the picture and the words rest on.

No matplotlib here: the text alternative and the drawing read the same helpers, so the
picture and its description cannot disagree about what is overdue, done or open-ended."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from datetime import date

from core.parsing import count_of
from core.present.chart_types import GoalLine

ALT_TITLE_CHARS, ALT_TEXT_CHARS = 60, 2000
ROADMAP_WEEKS, MIN_WEEKS, MAX_GOAL_ROWS, TEAM_GOALS = 26, 8, 20, 10
NO_GOALS, NO_WINS, NO_SHARED_GOALS = "No goals yet", "No wins logged yet", "No shared goals yet"


def weeks_shown(
    wins: Sequence[tuple[date, int]], most: int | None = None
) -> list[tuple[date, int]]:
    """Merge and sort weeks, then drop the empty ones before the first win (keeping MIN_WEEKS)."""
    merged: dict[date, int] = {}
    for week, count in wins:
        merged[week] = merged.get(week, 0) + max(0, int(count))
    weeks = sorted(merged.items())[-most:] if most else sorted(merged.items())
    first = next((i for i, (_, n) in enumerate(weeks) if n), len(weeks))
    return weeks[min(first, max(0, len(weeks) - MIN_WEEKS)) :]


def overdue(goal: GoalLine, today: date) -> bool:
    """A goal whose deadline has passed before it was reached."""
    return goal.deadline is not None and goal.deadline < today and fraction(goal.progress) < 1


def fraction(value: float) -> float:
    """Clamp a progress value to 0..1, treating NaN as 0."""
    return 0.0 if math.isnan(value) else min(1.0, max(0.0, float(value)))


def percent(value: float) -> str:
    """Format a progress value as a whole percentage."""
    return f"{round(fraction(value) * 100)}%"


def one_line(text: str, limit: int) -> str:
    """Turn whitespace and control characters into single spaces; truncate with an ellipsis."""
    line = " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def roadmap_alt(goals: Sequence[GoalLine], weeks: Sequence[tuple[date, int]], today: date) -> str:
    """Describe the roadmap in words, numbers included."""
    parts = [f"Career roadmap: {count_of(len(goals), 'goal') if goals else NO_GOALS.lower()}."]
    parts += [_goal_alt(goal, today) for goal in goals[:MAX_GOAL_ROWS]]
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
    return one_line(" ".join(parts), ALT_TEXT_CHARS)


def _goal_alt(goal: GoalLine, today: date) -> str:
    """Describe one goal: horizon, progress, deadline (overdue or none) and milestones."""
    facts = [goal.horizon, percent(goal.progress)]
    facts.append(f"due {goal.deadline.isoformat()}" if goal.deadline else "no deadline")
    if overdue(goal, today):
        facts.append("overdue")
    if goal.milestones:
        done = sum(1 for _, finished in goal.milestones if finished)
        facts.append(f"{done} of {count_of(len(goal.milestones), 'milestone')} done")
    return f"#{goal.number} {one_line(goal.title, ALT_TITLE_CHARS)} ({', '.join(facts)})."


def team_alt(weeks: Sequence[tuple[date, int]], goals: Sequence[tuple[str, float]]) -> str:
    """Describe the team chart in words, numbers included."""
    total = sum(n for _, n in weeks)
    counts = ", ".join(str(n) for _, n in weeks)
    wins = f"{count_of(total, 'shared win')} over {count_of(len(weeks), 'week')} ({counts})"
    parts = [f"Team activity: {wins if total else NO_WINS.lower()}."]
    shown = [f"{one_line(name, ALT_TITLE_CHARS)} ({percent(f)})" for name, f in goals[:TEAM_GOALS]]
    more = f", and {len(goals) - TEAM_GOALS} more" if len(goals) > TEAM_GOALS else ""
    parts.append(f"Shared goals: {', '.join(shown)}{more}." if goals else f"{NO_SHARED_GOALS}.")
    return one_line(" ".join(parts), ALT_TEXT_CHARS)
