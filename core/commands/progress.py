"""Looking at one's own progress: the dashboard and the roadmap chart."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ShowProgress:
    """Goals with progress bars, milestones due soon, wins and the journaling streak."""


@dataclass(frozen=True)
class ShowProgressChart:
    """The career roadmap as a picture."""


ProgressCommand = ShowProgress | ShowProgressChart
