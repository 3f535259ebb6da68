"""The progress dashboard and the roadmap chart as replies."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from core.messages import Fields, Header, Items, Progress, Reply, Text
from core.parsing import count_of, relative_days, shorten
from core.present import Viewer, presents
from core.present.goals import due_note, overdue_since
from core.services.charts import RoadmapData, attachment
from core.services.follow_through import FollowThrough, FollowThroughRecord
from core.services.goals import ADD_EXAMPLE, goal_progress
from core.services.progress import DUE_SOON_DAYS, DueMilestone, ProgressReport


@presents(ProgressReport)
def progress_report(result: ProgressReport, viewer: Viewer) -> Reply:
    """Goals as progress bars, milestones due soon, and the numbers."""
    reply = Reply([Header(f"Your progress · {viewer.today.strftime('%A %d %B %Y')}")])
    for goal in result.goals:
        fraction, detail = goal_progress(goal)
        due = due_note(goal, viewer.today)
        reply.add(Progress(f"#{goal.number} {shorten(goal.title, 60)}", fraction, detail + due))
    if not result.goals:
        reply.add(Text(f"No active goals. Set one: {ADD_EXAMPLE}"))
    soon = due_lines(result.due, viewer.today)
    reply.add(Items(f"Milestones due in the next {DUE_SOON_DAYS} days", soon, "none"))
    return reply.add(
        Fields(
            (
                ("Wins this week", str(result.wins_this_week)),
                ("Wins this month", str(result.wins_this_month)),
                ("Journal streak", count_of(result.streak_days, "day")),
                ("Network", result.network),
                *_commitment_rows(result.commitments),
                *(
                    (f"Habit #{habit.number} {shorten(habit.text, 40)}", count_of(streak, "day"))
                    for habit, streak in result.habits
                ),
            )
        )
    )


def _commitment_rows(record: FollowThroughRecord) -> tuple[tuple[str, str], ...]:
    recent = follow_through_text(record.recent)
    trend = trend_text(record.recent, record.before)
    return (
        ("Commitments, last 4 weeks", f"{recent} · {trend}" if trend else recent),
        ("Commitments, this quarter", follow_through_text(record.quarter)),
    )


def trend_text(recent: FollowThrough, before: FollowThrough) -> str | None:
    """``up from 60%``, ``down from 80%`` or ``same as the 4 weeks before``; None when
    either window had nothing due."""
    if recent.percent is None or before.percent is None:
        return None
    if recent.percent == before.percent:
        return "same as the 4 weeks before"
    direction = "up" if recent.percent > before.percent else "down"
    return f"{direction} from {before.percent}% the 4 weeks before"


def follow_through_text(counts: FollowThrough) -> str:
    """``kept 7 of 9, 78% (1 partly, 1 unanswered)``, or that none came due yet."""
    if counts.percent is None:
        return "none due yet"
    notes = [f"{counts.partly} partly"] if counts.partly else []
    if counts.unanswered:
        notes.append(f"{counts.unanswered} unanswered")
    tail = f" ({', '.join(notes)})" if notes else ""
    return f"kept {counts.kept} of {counts.counted}, {counts.percent}%{tail}"


def due_lines(due: Iterable[DueMilestone], today: date) -> tuple[str, ...]:
    """``1.2 Book the exam · in 3 days`` for each milestone, in the order given."""
    return tuple(_due_line(d, today) for d in due)


def _due_line(due: DueMilestone, today: date) -> str:
    milestone = due.milestone
    assert milestone.due is not None
    days = (milestone.due - today).days
    when = relative_days(days) if days >= 0 else overdue_since(milestone.due, today)
    return f"{due.goal_number}.{milestone.number} {shorten(milestone.title, 60)} · {when}"


@presents(RoadmapData)
def roadmap(result: RoadmapData, viewer: Viewer) -> Reply:
    """The roadmap drawn as a PNG, with its text alternative in the message too."""
    from core.present.drawing import roadmap_chart  # matplotlib loads on first use

    chart = roadmap_chart(result.goals, result.wins_per_week, viewer.today)
    reply = Reply([Text(f"🗺️ {chart.alt_text}")])
    reply.attachments.append(attachment(chart))
    return reply
