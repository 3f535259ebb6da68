"""SMART coaching: what makes a goal Specific, Measurable, Achievable, Relevant, Time-bound."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from core.services.smart_examples import deadline_example, measure_example
from core.storage.models import Goal

VAGUE = re.compile(
    r"\b(better|improve|more|some|stuff|things|grow|good at|successful|somehow|someday|"
    r"be a manager|be senior|learn)\b",
    re.IGNORECASE,
)
OUTCOME = re.compile(
    r"(\d|certif|\bpass|\bship|\blaunch|\bpublish|\brelease|promot|\bhire|\bland|"
    r"\bwin\b|\bcomplete|\bfinish|\bbecome|\bspeak at|\bgive a talk|\bpresent\b|\bsign\b|"
    r"\bdeliver|\bbuild|\bwrite)",
    re.IGNORECASE,
)
FAR_OFF_DAYS = 10 * 366
HORIZON_LABELS = {
    "short": "Short (6-12 months)",
    "mid": "Mid (2-5 years)",
    "long": "Long (5-10 years)",
}
SOON_DAYS = 7


@dataclass(frozen=True)
class Check:
    """One SMART letter: whether it is met, and a suggestion when it is not."""

    letter: str
    ok: bool
    advice: str = ""


def horizon_for(deadline: date | None, today: date) -> str:
    """Short (up to a year), mid (up to five years) or long, from the deadline."""
    if deadline is None:
        return "short"
    days = (deadline - today).days
    if days <= 366:
        return "short"
    return "mid" if days <= 5 * 366 else "long"


def assess(goal: Goal, today: date) -> list[Check]:
    """Check a goal letter by letter; advice names the command that fixes it, with a
    measure and a deadline built from the goal itself."""
    n = goal.number
    return [
        _specific(goal, n),
        _measurable(goal, today, n),
        _achievable(goal, today, n),
        Check("R", bool(goal.why), f"Say why it matters to you: /goal edit {n} why: ..."),
        _time_bound(goal, today, n),
    ]


def _time_bound(goal: Goal, today: date, n: int) -> Check:
    if goal.deadline is None:
        if not _has_measure(goal):
            return Check("T", False)  # the measure's example sets a deadline too
        by = deadline_example(goal.horizon, today)
        return Check("T", False, f"Give it a deadline: /goal edit {n} by {by} (or “in 6 months”).")
    suggested = horizon_for(goal.deadline, today)
    if goal.horizon_by_hand and goal.horizon != suggested:
        # A horizon chosen by hand stays; say so when the deadline tells another story.
        return Check(
            "T",
            False,
            f"The horizon is {goal.horizon}, but a deadline of {goal.deadline.isoformat()} "
            f"makes it a {suggested} goal. Change one: /goal edit {n} horizon: {suggested} "
            f"(or horizon: auto), or /goal edit {n} by ...",
        )
    return Check("T", True)


def _specific(goal: Goal, n: int) -> Check:
    words = len(goal.title.split())
    vague = VAGUE.search(goal.title) is not None and not goal.measure
    ok = words >= 3 and not vague
    advice = (
        "Name the exact outcome: “become a project manager at my company”, "
        f"not “be a manager”. /goal edit {n} title: ..."
    )
    return Check("S", ok, advice)


def _has_measure(goal: Goal) -> bool:
    return bool(goal.measure) or OUTCOME.search(goal.title) is not None


def _measurable(goal: Goal, today: date, n: int) -> Check:
    measure = measure_example(goal.title)
    if goal.deadline is None:
        by = deadline_example(goal.horizon, today)
        advice = f"How will you know it is done, and by when? /goal edit {n} by {by} "
        return Check("M", _has_measure(goal), f"{advice}measure: {measure}")
    advice = f"How will you know it is done? /goal edit {n} measure: {measure}"
    return Check("M", _has_measure(goal), advice)


def _achievable(goal: Goal, today: date, n: int) -> Check:
    if goal.deadline is None:
        return Check("A", True)
    days = (goal.deadline - today).days
    if days < 0:
        return Check("A", False, f"The deadline has passed. Pick a new one: /goal edit {n} by ...")
    if days < SOON_DAYS and not goal.milestones:
        return Check(
            "A",
            False,
            f"That deadline is days away; is it doable? Plan the steps: "
            f"/goal milestone {n} add ... by ...",
        )
    if days > FAR_OFF_DAYS:
        return Check(
            "A",
            False,
            "That is more than ten years off; set a mid-horizon goal on the way: "
            f"/goal add ... by {today.year + 3}-12-31, or /goal edit {n} by ...",
        )
    return Check("A", True)


def summary_line(checks: list[Check]) -> str:
    """``S ✓  M ✓  A ✓  R ✗  T ✓``"""
    return "  ".join(f"{c.letter} {'✓' if c.ok else '✗'}" for c in checks)
