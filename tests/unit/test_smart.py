"""SMART coaching: horizons, letter-by-letter checks and their advice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.services.smart import Check, assess, horizon_for, summary_line
from core.storage.models import Goal, Milestone

TODAY = date(2026, 11, 23)  # a Monday


def make_goal(
    title: str,
    *,
    number: int = 1,
    deadline: date | None = None,
    measure: str | None = None,
    why: str | None = None,
    milestones: list[Milestone] | None = None,
) -> Goal:
    """An in-memory goal, never added to a session."""
    return Goal(
        number=number,
        title=title,
        deadline=deadline,
        measure=measure,
        why=why,
        milestones=milestones or [],
    )


def by_letter(checks: list[Check]) -> dict[str, Check]:
    return {c.letter: c for c in checks}


def in_days(days: int) -> date:
    return TODAY + timedelta(days=days)


# --- horizon_for ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        (None, "short"),
        (in_days(-30), "short"),
        (TODAY, "short"),
        (in_days(1), "short"),
        (in_days(366), "short"),
        (in_days(367), "mid"),
        (in_days(5 * 366), "mid"),
        (in_days(5 * 366 + 1), "long"),
        (in_days(20 * 366), "long"),
    ],
)
def test_horizon_for_boundaries(deadline: date | None, expected: str) -> None:
    assert horizon_for(deadline, TODAY) == expected


# --- assess --------------------------------------------------------------------------


def test_assess_returns_the_five_letters_in_order() -> None:
    checks = assess(make_goal("Pass the AWS Solutions Architect exam"), TODAY)
    assert [c.letter for c in checks] == ["S", "M", "A", "R", "T"]


def test_smart_goal_passes_every_letter() -> None:
    goal = make_goal(
        "Pass the AWS Solutions Architect Associate exam",
        deadline=date(2027, 6, 30),
        measure="exam passed",
        why="cloud roles pay better and I enjoy infrastructure",
    )
    checks = assess(goal, TODAY)
    assert all(c.ok for c in checks), checks
    assert summary_line(checks) == "S ✓  M ✓  A ✓  R ✓  T ✓"


def test_vague_goal_without_deadline_fails_s_m_r_and_t() -> None:
    checks = by_letter(assess(make_goal("be a manager"), TODAY))
    assert not checks["S"].ok
    assert not checks["M"].ok
    assert checks["A"].ok  # nothing to judge without a deadline
    assert not checks["R"].ok
    assert not checks["T"].ok


def test_vague_goal_with_deadline_passes_t() -> None:
    checks = by_letter(assess(make_goal("be a manager", deadline=in_days(200)), TODAY))
    assert checks["T"].ok
    assert not checks["S"].ok
    assert not checks["M"].ok


@pytest.mark.parametrize(
    "title",
    [
        "Get better at Python",
        "Improve my communication",
        "Learn Rust",
        "Grow my network",
        "be senior someday",
    ],
)
def test_vague_titles_are_not_specific(title: str) -> None:
    assert not by_letter(assess(make_goal(title), TODAY))["S"].ok


def test_vague_title_with_a_measure_is_specific_and_measurable() -> None:
    goal = make_goal("Get better at public speaking", measure="3 talks given")
    checks = by_letter(assess(goal, TODAY))
    assert checks["S"].ok
    assert checks["M"].ok


@pytest.mark.parametrize(
    ("title", "measurable"),
    [
        ("Land 3 new freelance clients", True),
        ("Publish a blog post series on Kafka", True),
        ("Become a project manager at my company", True),
        ("Speak at a local Python meetup", True),
        ("Understand the payments domain deeply", False),
    ],
)
def test_measurable_from_title_outcome(title: str, measurable: bool) -> None:
    assert by_letter(assess(make_goal(title), TODAY))["M"].ok is measurable


def test_one_or_two_word_title_is_not_specific() -> None:
    assert not by_letter(assess(make_goal("Kubernetes certification"), TODAY))["S"].ok


@pytest.mark.parametrize(
    ("days", "milestones", "achievable"),
    [
        (-1, 0, False),  # deadline passed
        (-400, 1, False),
        (0, 0, False),  # today, no milestones
        (3, 0, False),  # days away, no milestones
        (3, 1, True),  # days away, but planned out
        (6, 0, False),
        (7, 0, True),
        (10 * 366, 0, True),
        (10 * 366 + 1, 0, False),  # more than ten years off
        (30 * 366, 1, False),
    ],
)
def test_achievable_from_deadline(days: int, milestones: int, achievable: bool) -> None:
    steps = [Milestone(number=i + 1, title=f"step {i + 1}") for i in range(milestones)]
    goal = make_goal("Pass the CKA exam", deadline=in_days(days), milestones=steps)
    assert by_letter(assess(goal, TODAY))["A"].ok is achievable


def test_past_deadline_advice_asks_for_a_new_one() -> None:
    goal = make_goal("Pass the CKA exam", number=4, deadline=in_days(-10))
    check = by_letter(assess(goal, TODAY))["A"]
    assert "passed" in check.advice
    assert "/goal edit 4 by" in check.advice


@pytest.mark.parametrize(("why", "relevant"), [(None, False), ("", False), ("money", True)])
def test_relevant_needs_a_why(why: str | None, relevant: bool) -> None:
    goal = make_goal("Pass the CKA exam", why=why)
    assert by_letter(assess(goal, TODAY))["R"].ok is relevant


@pytest.mark.parametrize(
    ("letter", "command"),
    [
        ("S", "/goal edit 7 title:"),
        ("M", "/goal edit 7 by 2027-05-31 measure: the new title in writing"),
        ("R", "/goal edit 7 why:"),
    ],
)
def test_advice_names_the_command_with_the_goal_number(letter: str, command: str) -> None:
    check = by_letter(assess(make_goal("be a manager", number=7), TODAY))[letter]
    assert not check.ok
    assert command in check.advice


def test_one_example_sets_both_a_missing_measure_and_deadline() -> None:
    checks = by_letter(assess(make_goal("Learn Rust", number=2), TODAY))
    assert checks["M"].advice == (
        "How will you know it is done, and by when? "
        "/goal edit 2 by 2027-05-31 measure: ship 1 small project in Rust"
    )
    assert not checks["T"].ok and checks["T"].advice == ""  # said once, in the measure's line


@pytest.mark.parametrize(
    ("title", "measure"),
    [
        ("Land more clients", "3 new clients"),
        ("Get better at public speaking", "give 2 talks"),
        ("Grow my network", "10 new contacts"),
        ("Get the staff promotion", "the new title in writing"),
        ("Be happier at work", "1 result you can link to"),
    ],
)
def test_the_measure_example_fits_the_goal(title: str, measure: str) -> None:
    goal = make_goal(title, number=3, deadline=TODAY + timedelta(days=200))
    assert by_letter(assess(goal, TODAY))["M"].advice.endswith(f"/goal edit 3 measure: {measure}")


@pytest.mark.parametrize(("horizon", "by"), [("short", "2027-05-31"), ("long", "2033-11-30")])
def test_the_deadline_example_fits_the_horizon(horizon: str, by: str) -> None:
    goal = make_goal("Pass the CKA exam", number=4)
    goal.horizon = horizon
    assert f"/goal edit 4 by {by} " in by_letter(assess(goal, TODAY))["T"].advice


@pytest.mark.parametrize(
    "days",
    [
        -5,
        3,
        11 * 366,
    ],
)
def test_achievable_advice_names_a_goal_command(days: int) -> None:
    """assess() promises that advice names the command that fixes it."""
    goal = make_goal("Pass the CKA exam", number=5, deadline=in_days(days))
    check = by_letter(assess(goal, TODAY))["A"]
    assert not check.ok
    assert "/goal" in check.advice
    assert " 5 " in check.advice


def test_passing_checks_carry_no_advice_for_a() -> None:
    goal = make_goal("Pass the CKA exam", deadline=in_days(90))
    assert by_letter(assess(goal, TODAY))["A"].advice == ""


# --- summary_line ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("oks", "expected"),
    [
        ((True, True, True, True, True), "S ✓  M ✓  A ✓  R ✓  T ✓"),
        ((True, True, True, False, True), "S ✓  M ✓  A ✓  R ✗  T ✓"),
        ((False, False, False, False, False), "S ✗  M ✗  A ✗  R ✗  T ✗"),
    ],
)
def test_summary_line_format(oks: tuple[bool, ...], expected: str) -> None:
    checks = [Check(letter, ok) for letter, ok in zip("SMART", oks, strict=True)]
    assert summary_line(checks) == expected


def test_summary_line_of_assessed_vague_goal() -> None:
    assert summary_line(assess(make_goal("be a manager"), TODAY)) == "S ✗  M ✗  A ✓  R ✗  T ✗"


def test_summary_line_of_no_checks_is_empty() -> None:
    assert summary_line([]) == ""
