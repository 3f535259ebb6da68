"""SMART coaching examples built from the member's own goal: a measure and a deadline that
fit it, so ``/goal edit N ...`` can be typed as shown."""

from __future__ import annotations

import re
from datetime import date

from dateutil.relativedelta import relativedelta

from core.parsing import shorten

# First match wins: a word in the goal, and a measure that a goal like it can count.
_MEASURES = [
    (r"client|customer|contract", "3 new clients"),
    (r"certif|exam|\bpass\b", "pass the exam"),
    (r"\bspeak|\btalk|present|conference|meetup", "give 2 talks"),
    (r"network|contact|connection|mentor", "10 new contacts"),
    (r"\bread|\bbooks?\b", "read 6 books"),
    (r"\bwrite|\bblog|article|newsletter", "publish 4 posts"),
    (r"\bhire|\bhiring|recruit", "2 hires"),
    (
        r"promot|senior|\bstaff\b|principal|\blead|manager|\bcto\b|director",
        "the new title in writing",
    ),
    (r"\brun\b|marathon|race", "finish the race"),
    (r"salary|\brate\b|raise|income|revenue", "10% more per month"),
]
_LEARN = re.compile(r"\b(?:learn|study|master)\s+(?P<topic>.+)", re.IGNORECASE)
_HORIZON_MONTHS = {"short": 6, "mid": 36, "long": 84}


def measure_example(title: str) -> str:
    """A measure that fits the goal's own words ("ship 1 small project in Rust")."""
    learn = _LEARN.search(title)
    if learn:
        return f"ship 1 small project in {shorten(learn['topic'].rstrip('.!'), 30)}"
    for pattern, measure in _MEASURES:
        if re.search(pattern, title, re.IGNORECASE):
            return measure
    return "1 result you can link to"


def deadline_example(horizon: str, today: date) -> str:
    """The last day of the month a goal of this horizon could end in (short: ~6 months)."""
    months = _HORIZON_MONTHS.get(horizon, 6)
    return (today + relativedelta(months=months, day=31)).isoformat()
