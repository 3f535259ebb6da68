"""Goal and milestone results as replies."""

from __future__ import annotations

from datetime import date

from core.messages import Actions, Button, ButtonStyle, Fields, Header, Items, Progress, Reply, Text
from core.parsing import relative_days, shorten, unread_date_text
from core.present import Viewer, presents
from core.services.goal_progress import GoalProgressSet
from core.services.goals import (
    ADD_EXAMPLE,
    GoalKept,
    GoalList,
    GoalSaved,
    GoalShared,
    GoalShown,
    GoalStatusChanged,
    MilestoneAdded,
    MilestoneFinished,
    goal_progress,
)
from core.services.milestones import MilestoneDropped, MilestoneEdited
from core.services.smart import summary_line
from core.storage.models import Goal, GoalStatus, Milestone


@presents(GoalSaved)
def goal_saved(result: GoalSaved, viewer: Viewer) -> Reply:
    """The goal's card, a note on an unread date, and SMART coaching."""
    goal = result.goal
    verb = "saved" if result.created else "updated"
    reply = goal_card(goal, viewer.today, f"Goal #{goal.number} {verb}")
    if result.unread_deadline:
        unread = unread_date_text(result.unread_deadline)
        reply.add(Text(f"{unread} The goal has no deadline yet."))
    reply.add(Text(f"SMART check: {summary_line(result.checks)}"))
    advice = tuple(c.advice for c in result.checks if not c.ok and c.advice)
    if advice:
        return reply.add(Items("To make it SMARTer", advice))
    return reply.add(Text("That is a SMART goal. Add milestones to see progress as you go."))


def goal_card(goal: Goal, today: date, title: str) -> Reply:
    """A goal's details as a card."""
    fraction, detail = goal_progress(goal)
    fields = [("Goal", goal.title), ("Horizon", goal.horizon)]
    fields.append(("Deadline", _deadline_text(goal.deadline, today)))
    if goal.starts_on:
        fields.append(("Counts from", goal.starts_on.isoformat()))
    if goal.client:
        fields.append(("Client", goal.client))
    if goal.tags:
        fields.append(("Tags", goal.tags))
    if goal.measure:
        fields.append(("Measure", goal.measure))
    if goal.why:
        fields.append(("Why", goal.why))
    if goal.resources:
        fields.append(("Resources", goal.resources))
    fields.append(("Status", goal.status))
    fields.append(("Shared", "yes, team digests may show it" if goal.shared else "no, private"))
    return Reply([Header(title), Fields(tuple(fields)), Progress("Progress", fraction, detail)])


def _deadline_text(deadline: date | None, today: date) -> str:
    if deadline is None:
        return "none yet"
    return f"{deadline.isoformat()} ({relative_days((deadline - today).days)})"


@presents(GoalList)
def goal_list(result: GoalList, viewer: Viewer) -> Reply:
    """Each goal as a progress bar."""
    if not result.goals:
        return Reply(
            [Header("Your goals"), Text("No goals yet."), Text(f"Start with: {ADD_EXAMPLE}")]
        )
    reply = Reply([Header("Your goals")])
    for goal in result.goals:
        fraction, detail = goal_progress(goal)
        shown = goal.status == GoalStatus.ACTIVE or detail == goal.status  # not "done · done"
        status = "" if shown else f" · {goal.status}"
        label = f"#{goal.number} {shorten(goal.title, 60)}"
        due = due_note(goal, viewer.today)
        late = "".join(f" · {line}" for line in late_milestones(goal, viewer.today))
        reply.add(Progress(label, fraction, f"{goal.horizon}{due}{status} · {detail}{late}"))
    return reply


def due_note(goal: Goal, today: date) -> str:
    """`` · due 2027-06-30`` or `` · overdue since 12 Nov`` for an open goal; none without one."""
    if goal.deadline is None:
        return ""
    if goal.status == GoalStatus.ACTIVE and goal.deadline < today:
        return f" · {overdue_since(goal.deadline, today)}"
    return f" · due {goal.deadline.isoformat()}"


def late_milestones(goal: Goal, today: date) -> list[str]:
    """``milestone 2.1 overdue since 20 Nov`` for each open milestone past its day."""
    return [
        f"milestone {goal.number}.{m.number} {overdue_since(m.due, today)}"
        for m in goal.milestones
        if m.done_at is None and m.due is not None and m.due < today
    ]


def overdue_since(day: date, today: date) -> str:
    """``overdue since 12 Nov`` (with the year when it is not this year's)."""
    shown = day.strftime("%d %b").lstrip("0")
    return f"overdue since {shown}" + ("" if day.year == today.year else f" {day.year}")


@presents(GoalShown)
def goal_shown(result: GoalShown, viewer: Viewer) -> Reply:
    """The card, the milestones and a button to finish the goal."""
    goal = result.goal
    reply = goal_card(goal, viewer.today, f"Goal #{goal.number}")
    reply.add(Items("Milestones", tuple(milestone_line(m) for m in goal.milestones), "none yet"))
    return reply.add(
        Actions((Button("Mark done", f"/goal done {goal.number}", ButtonStyle.PRIMARY),))
    )


def _already_text(goal: Goal, viewer: Viewer) -> str:
    """No second celebration: the goal already has the status asked for."""
    if goal.status == GoalStatus.DROPPED:
        return f"Goal #{goal.number} is already dropped: {goal.title}."
    done = goal.completed_at
    on = f" on {done.astimezone(viewer.tz).date().isoformat()}" if done else ""
    return f"Goal #{goal.number} was already done{on}: {goal.title}. /goal list all shows it."


def milestone_line(milestone: Milestone) -> str:
    """``✓ 2. Pass the exam (due 2027-01-31)``."""
    mark = "✓" if milestone.done_at else "○"
    due = f" (due {milestone.due.isoformat()})" if milestone.due else ""
    return f"{mark} {milestone.number}. {milestone.title}{due}"


@presents(GoalStatusChanged)
def goal_status_changed(result: GoalStatusChanged, viewer: Viewer) -> Reply:
    """A celebration and a win to log, or a calm word on a dropped goal."""
    goal = result.goal
    if result.already:
        return Reply([Text(_already_text(goal, viewer))])
    if goal.status == GoalStatus.DROPPED:
        return Reply(
            [Text(f"Dropped goal #{goal.number}: {goal.title}. Plans change; that is fine.")]
        )
    return Reply(
        [
            Header(f"🎉 Goal #{goal.number} done"),
            Text(goal.title),
            Text("Log what it took, while you remember the numbers:"),
            Text(f"/win Finished: {shorten(goal.title, 60)} goal:{goal.number}"),
        ]
    )


def _progress_bar(goal: Goal) -> Progress:
    fraction, detail = goal_progress(goal)
    return Progress(f"#{goal.number} {shorten(goal.title, 60)}", fraction, detail)


@presents(GoalProgressSet)
def goal_progress_set(result: GoalProgressSet, _viewer: Viewer) -> Reply:
    """The goal's new progress bar, and what a number set by hand overrides."""
    reply = Reply([_progress_bar(result.goal)])
    if result.overridden_count is not None:
        goal = result.goal
        reply.add(
            Text(
                f"Set by hand to {result.by_hand}: this overrides the client count "
                f"({result.overridden_count:g} of {goal.measure_target:g}) until "
                f"/goal progress {goal.number} auto."
            )
        )
    return reply


@presents(MilestoneAdded)
def milestone_added(result: MilestoneAdded, _viewer: Viewer) -> Reply:
    """The milestone, and a word on its date."""
    goal, milestone = result.goal, result.milestone
    reply = Reply(
        [Text(f"Milestone {goal.number}.{milestone.number} added: {milestone_line(milestone)}")]
    )
    if result.unread_due:
        reply.add(Text(f"{unread_date_text(result.unread_due)} It has no due date yet."))
    elif milestone.due is None:
        reply.add(
            Text("Milestones with a date get reminders. Add one next time: “... by 2027-01-31”.")
        )
    if milestone.due and goal.deadline and milestone.due > goal.deadline:
        reply.add(Text(f"Note: it is due after the goal's deadline ({goal.deadline.isoformat()})."))
    return reply


@presents(MilestoneFinished)
def milestone_finished(result: MilestoneFinished, viewer: Viewer) -> Reply:
    """The milestone ticked off, and the goal's progress; a second time, when it was."""
    goal, milestone = result.goal, result.milestone
    if result.already and milestone.done_at is not None:
        on = milestone.done_at.astimezone(viewer.tz).date().isoformat()
        name = f"Milestone {goal.number}.{milestone.number}"
        return Reply([Text(f"{name} was already done on {on}: {milestone.title}.")])
    return Reply(
        [
            Text(f"✓ Milestone {goal.number}.{milestone.number} done: {milestone.title}"),
            _progress_bar(goal),
        ]
    )


@presents(MilestoneEdited)
def milestone_edited(result: MilestoneEdited, _viewer: Viewer) -> Reply:
    """The milestone as it is now."""
    goal, milestone = result.goal, result.milestone
    reply = Reply(
        [Text(f"Milestone {goal.number}.{milestone.number} now: {milestone_line(milestone)}")]
    )
    if result.unread_due:
        reply.add(Text(f"{unread_date_text(result.unread_due)} Its date stays as it was."))
    return reply


@presents(MilestoneDropped)
def milestone_dropped(result: MilestoneDropped, _viewer: Viewer) -> Reply:
    """What was removed; what was linked to it stays with the goal."""
    name = f"Milestone {result.goal.number}.{result.number}"
    return Reply([Text(f"{name} dropped: {result.title}. Wins and commitments linked to it stay.")])


@presents(GoalKept)
def goal_kept(result: GoalKept, _viewer: Viewer) -> Reply:
    """Confirmation of a plan-review decision."""
    goal = result.goal
    return Reply([Text(f"Kept goal #{goal.number} as it is. Reviewed {result.on.isoformat()}.")])


@presents(GoalShared)
def goal_shared(result: GoalShared, _viewer: Viewer) -> Reply:
    """Whether team digests may show the goal now."""
    goal = result.goal
    state = "shared: team digests may show it" if goal.shared else "private again"
    return Reply([Text(f"Goal #{goal.number} is {state}.")])
