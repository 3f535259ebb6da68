"""Commitment results as replies: what was committed, by when in local time, how it went."""

from __future__ import annotations

from datetime import date

from core.commands.commitments import COMMIT_EXAMPLE
from core.messages import Actions, Button, ButtonStyle, Form, Items, Reply, Text
from core.parsing import count_of, relative_days, shorten
from core.present import Viewer, presents
from core.present.journal import journal_saved
from core.services.answers import CheckinAnswered
from core.services.checkins import local_time_text
from core.services.commitments import (
    CommitmentAnswered,
    CommitmentEdited,
    CommitmentList,
    CommitmentMade,
    CommitmentMoved,
)
from core.services.habits import describe_days, habit_days
from core.storage.models import Commitment, CommitmentStatus, Goal

COMMIT_QUESTION = "What will you commit to before the next check-in?"
ANSWER_HINT = (
    "Answer each with /commit done N, /commit partly N, /commit missed N <what got in the way>, "
    "/commit move N to <day> or /commit drop N."
)


def due_text(day: date, today: date) -> str:
    """``today (Wed 02 Dec 2026)``, ``in 3 days (Sat 05 Dec 2026)`` or ``2 days ago (...)``."""
    return f"{relative_days((day - today).days)} ({day.strftime('%a %d %b %Y')})"


def commitment_line(commitment: Commitment, today: date, streak: int | None = None) -> str:
    """``#3 Finish chapter 3 · due in 2 days (Fri 04 Dec 2026) · goal #2``; for a habit
    ``#4 Study 30 minutes · every weekday · streak 3 days``."""
    links = [f"goal #{commitment.goal.number}"] if commitment.goal else []
    if commitment.milestone and commitment.goal:
        links = [f"milestone {commitment.goal.number}.{commitment.milestone.number}"]
    if commitment.skill:
        links.append(f"skill {commitment.skill.name}")
    tail = "".join(f" · {link}" for link in links)
    when = f"due {due_text(commitment.due_date, today)}"
    if commitment.repeat_days is not None:
        when = describe_days(habit_days(commitment))
        when += f" · streak {count_of(streak, 'day')}" if streak is not None else ""
    return f"#{commitment.number} {shorten(commitment.text, 80)} · {when}{tail}"


def answer_buttons(commitment: Commitment) -> Actions:
    """Done / Partly / Missed / Move / Drop for one commitment; each runs its /commit
    command, and Move opens a form for the new day where the platform has forms."""
    number = commitment.number
    return Actions(
        (
            Button(f"Done #{number}", f"/commit done {number}", ButtonStyle.PRIMARY),
            Button(f"Partly #{number}", f"/commit partly {number}"),
            Button(f"Missed #{number}", f"/commit missed {number}"),
            Button(f"Move #{number}", f"/commit move {number}", form=Form.MOVE, subject=number),
            Button(f"Drop #{number}", f"/commit drop {number}", ButtonStyle.DANGER),
        )
    )


def idle_goal_question(goal: Goal) -> str:
    """The check-in's ask for a goal that has gone a month without a commitment."""
    return (
        f"🎯 Goal #{goal.number} {shorten(goal.title, 60)} has had no commitment for a month. "
        f"What is one step for it? e.g. /commit <one step> by friday goal:{goal.number}"
    )


@presents(CommitmentMade)
def commitment_made(result: CommitmentMade, viewer: Viewer) -> Reply:
    """What was committed and when it is due, in the member's local time."""
    commitment = result.commitment
    if commitment.repeat_days is not None:
        number = commitment.number
        return Reply(
            [
                Text(f"🔁 Habit: {commitment_line(commitment, viewer.today)}."),
                Text(
                    f"On each of its days: /commit done {number}, or /commit missed {number} "
                    f"<what got in the way>. Vacations neither break nor grow the streak. "
                    f"/commit drop {number} ends it."
                ),
            ]
        )
    reply = Reply([Text(f"🤝 Committed: {commitment_line(commitment, viewer.today)}.")])
    if result.checkin_at is not None:
        when = local_time_text(viewer, result.checkin_at)
        reply.add(Text(f"That is your next check-in, {when}; I'll ask you how it went."))
    return reply.add(
        Text(f"Change it: /commit move {commitment.number} to <day>, /commit edit, /commit drop.")
    )


@presents(CommitmentList)
def commitment_list(result: CommitmentList, viewer: Viewer) -> Reply:
    """Each open commitment with its day."""
    lines = tuple(
        commitment_line(c, viewer.today, result.streaks.get(c.number)) for c in result.commitments
    )
    reply = Reply([Items("Your open commitments", lines, f"none. {COMMIT_EXAMPLE}")])
    if result.commitments:
        reply.add(Text(ANSWER_HINT))
    return reply


@presents(CommitmentAnswered)
def commitment_answered(result: CommitmentAnswered, _viewer: Viewer) -> Reply:
    """How it went, with a word of coaching and where the note went."""
    commitment = result.commitment
    what = f"#{commitment.number} {shorten(commitment.text, 60)}"
    if result.streak is not None:
        return _habit_answered(result, what)
    reply = Reply([Text(_answered_text(commitment.status, what))])
    if result.win is not None:
        reply.add(Text(_win_text(result)))
    if result.journal_number is not None:
        reply.add(Text(f"📓 Your note is in your journal as #{result.journal_number}, private."))
    elif commitment.status == CommitmentStatus.MISSED:
        reply.add(
            Text(
                f"What got in the way? /commit missed {commitment.number} <one line> "
                "keeps it in your private journal."
            )
        )
    return reply


def _win_text(result: CommitmentAnswered) -> str:
    """Where the promoted win went, or that it was there already."""
    assert result.win is not None
    number = result.win.number
    if result.win_before:
        return f"🏆 It is already win #{number}, in your brag document."
    return (
        f"🏆 Also saved as win #{number}, so your brag document has it. "
        f"/win edit {number} adds detail."
    )


def _habit_answered(result: CommitmentAnswered, what: str) -> Reply:
    streak = f"Streak: {count_of(result.streak or 0, 'day')}"
    away = (
        " (a vacation day: it neither breaks nor grows the streak)" if result.vacation_day else ""
    )
    streak = f"{streak}{away}."
    if result.kept_today:
        reply = Reply([Text(f"✅ Kept today: {what}. {streak}")])
    else:
        reply = Reply([Text(f"Missed today: {what}. {streak} Tomorrow is a new day.")])
    if result.journal_number is not None:
        reply.add(Text(f"📓 Your note is in your journal as #{result.journal_number}, private."))
    return reply


def _answered_text(status: str, what: str) -> str:
    match status:
        case CommitmentStatus.DONE:
            return f"✅ Kept: {what}. Well done."
        case CommitmentStatus.PARTLY:
            return f"◐ Partly done: {what}. A smaller next step may fit better."
        case CommitmentStatus.MISSED:
            return f"Missed: {what}. It happens; what matters is the next one."
        case _:
            return f"Dropped: {what}. It no longer counts either way."


@presents(CommitmentMoved)
def commitment_moved(result: CommitmentMoved, viewer: Viewer) -> Reply:
    """The new day; after several moves, a suggestion to make the step smaller."""
    commitment = result.commitment
    reply = Reply([Text(f"📅 Moved: {commitment_line(commitment, viewer.today)}.")])
    if result.smaller_step:
        reply.add(
            Text(
                f"You have moved this one {count_of(commitment.moves, 'time')}. Maybe it is too "
                "big for one go: drop it and commit to a smaller first step, e.g. "
                f"/commit drop {commitment.number}, then /commit <the first 30 minutes of it> "
                "by tomorrow."
            )
        )
    return reply


@presents(CommitmentEdited)
def commitment_edited(result: CommitmentEdited, viewer: Viewer) -> Reply:
    """The commitment as it is now."""
    return Reply([Text(f"Updated: {commitment_line(result.commitment, viewer.today)}.")])


@presents(CheckinAnswered)
def checkin_answered(result: CheckinAnswered, viewer: Viewer) -> Reply:
    """The journal answer saved, then the check-in's commitment question."""
    reply = journal_saved(result.saved, viewer)
    reply.add(Text(f"{COMMIT_QUESTION} Reply with one line, e.g. “Update my CV by friday”."))
    return reply
