"""What the charts draw and what drawing returns, without importing matplotlib.

``core.present.drawing`` renders them; it is imported only when a chart is drawn, so a
process that never draws one (the console answering /help) never loads matplotlib."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class GoalLine:
    """One goal as the roadmap draws it."""

    number: int
    title: str
    horizon: str  # "short" | "mid" | "long"
    start: date  # when the goal was created (local date)
    deadline: date | None
    progress: float  # 0..1
    milestones: tuple[tuple[date, bool], ...]  # (due date, done)


@dataclass(frozen=True)
class Chart:
    """A rendered PNG with its text alternative."""

    png: bytes
    alt_text: str
    filename: str
