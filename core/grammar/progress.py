"""``/progress`` and ``/progress chart`` text to progress commands."""

from __future__ import annotations

from datetime import date

from core.commands.progress import ProgressCommand, ShowProgress, ShowProgressChart
from core.parsing import split_first


def parse_progress(args: str, _today: date) -> ProgressCommand:
    """``chart`` draws the roadmap; anything else shows the dashboard."""
    if split_first(args)[0] == "chart":
        return ShowProgressChart()
    return ShowProgress()
