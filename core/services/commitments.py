"""Commitment handlers: commit to something by a local day, then say how it went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from core.bus import handles
from core.commands.commitments import (
    COMMIT_EXAMPLE,
    DEFAULT_DUE_DAYS,
    MOVE_EXAMPLE,
    Answer,
    AnswerCommitment,
    EditCommitment,
    ListCommitments,
    MakeCommitment,
    MoveCommitment,
)
from core.commands.goals import DateInput
from core.commands.journal import MilestoneRef
from core.context import Context
from core.errors import UserError
from core.parsing import read_date, require_text, shorten
from core.scheduling.planner import DUE_REMINDER_TIME
from core.scheduling.rules import wall_to_utc
from core.services.career import slug
from core.services.goals import find_goal
from core.services.journal import ANSWER_WINDOW, journal_note
from core.storage.models import (
    Commitment,
    CommitmentStatus,
    Reminder,
    ReminderStatus,
    Schedule,
    Skill,
)
from core.time import dates

# From this many moves on, the coach suggests a smaller step.
MOVES_BEFORE_SMALLER_STEP = 3
ANSWERS = {
    Answer.DONE: CommitmentStatus.DONE,
    Answer.PARTLY: CommitmentStatus.PARTLY,
    Answer.MISSED: CommitmentStatus.MISSED,
    Answer.DROPPED: CommitmentStatus.DROPPED,
}


@dataclass(frozen=True)
class CommitmentMade:
    """A new commitment; ``checkin_at`` is the check-in it is due at, if it took that day."""

    commitment: Commitment
    checkin_at: datetime | None


@dataclass(frozen=True)
class CommitmentList:
    """Open commitments, soonest due first."""

    commitments: list[Commitment]


@dataclass(frozen=True)
class CommitmentAnswered:
    """How a commitment went, and whether what got in the way went to the journal."""

    commitment: Commitment
    journal_number: int | None


@dataclass(frozen=True)
class CommitmentMoved:
    """A commitment on its new day; ``smaller_step`` when it has been moved often."""

    commitment: Commitment
    smaller_step: bool


@dataclass(frozen=True)
class CommitmentEdited:
    """A commitment after an edit."""

    commitment: Commitment


@handles(MakeCommitment)
def make_commitment(ctx: Context, command: MakeCommitment) -> CommitmentMade:
    """Save a commitment, due on the day given, else at the next check-in, else in a week."""
    text, due = _text_and_due(command.text, command.due, ctx.today)
    text = require_text(text or "", "commitment", "commitment", COMMIT_EXAMPLE, "text")
    checkin_at = None
    if due is None:
        checkin_at = next_checkin(ctx)
        due = (
            checkin_at.astimezone(ctx.tz).date()
            if checkin_at
            else ctx.today + timedelta(days=DEFAULT_DUE_DAYS)
        )
    commitment = Commitment(
        member_id=ctx.member.id,
        number=ctx.next_number("commitment_seq"),
        text=text,
        due_date=_not_past(due, ctx.today, COMMIT_EXAMPLE),
        status=CommitmentStatus.OPEN,
        moves=0,
        created_at=ctx.now,
    )
    _link(ctx, commitment, command.goal, command.milestone, command.skill)
    ctx.session.add(commitment)
    sync_reminder(ctx, commitment)
    return CommitmentMade(commitment, checkin_at)


def sync_reminder(ctx: Context, commitment: Commitment) -> None:
    """One reminder on the morning of an open commitment's day (none once that morning
    has passed); a new day or an answer replaces or cancels the one waiting."""
    ctx.session.flush()
    ctx.session.execute(
        update(Reminder)
        .where(
            Reminder.commitment_id == commitment.id,
            Reminder.status == ReminderStatus.PENDING,
        )
        .values(status=ReminderStatus.CANCELLED)
    )
    when = wall_to_utc(commitment.due_date, DUE_REMINDER_TIME, ctx.tz)
    if commitment.status != CommitmentStatus.OPEN or when <= ctx.now:
        return
    ctx.session.add(
        Reminder(
            member_id=ctx.member.id,
            kind="commitment",
            text="",
            due_at=when,
            status=ReminderStatus.PENDING,
            commitment_id=commitment.id,
            created_at=ctx.now,
        )
    )


def _text_and_due(
    text: str, given: DateInput | None, today: date
) -> tuple[str | None, date | None]:
    """The text and the day: given, or a date phrase ending the text ("... by friday");
    a phrase that looks like a date but does not read as one is an error, not text."""
    if given is not None:
        return text.strip() or None, read_date(given, today, "due", COMMIT_EXAMPLE)
    # A leading word, so that a text of only "by friday" (in an edit) still splits.
    head, due, unread = dates.split_deadline(f"x {text}", today)
    if unread is not None:
        read_date(unread, today, "due", COMMIT_EXAMPLE)  # raises, naming the phrase
    return head[2:].strip() or None, due


def _not_past(day: date, today: date, example: str) -> date:
    if day < today:
        raise UserError(
            f"{day.isoformat()} has already passed; commit to a day from today on.", example, "due"
        )
    return day


def next_checkin(ctx: Context) -> datetime | None:
    """When the member's next check-in arrives, if check-ins are on."""
    schedule = ctx.session.scalar(
        select(Schedule).where(Schedule.member_id == ctx.member.id, Schedule.kind == "checkin")
    )
    if schedule is None or not schedule.enabled:
        return None
    return schedule.next_fire_at


def _link(
    ctx: Context,
    commitment: Commitment,
    goal: int | None,
    milestone: MilestoneRef | None,
    skill: str | None,
) -> None:
    """Link to the member's own goal, milestone (and its goal) or skill, as asked."""
    if milestone is not None:
        found = find_goal(ctx, milestone.goal, COMMIT_EXAMPLE)
        step = next((m for m in found.milestones if m.number == milestone.number), None)
        if step is None:
            raise UserError(
                f"Goal #{found.number} has no milestone {milestone.number}.",
                COMMIT_EXAMPLE,
                "milestone",
            )
        commitment.goal, commitment.milestone = found, step
    elif goal is not None:
        commitment.goal = find_goal(ctx, goal, COMMIT_EXAMPLE)
    if skill is not None:
        commitment.skill = _find_skill(ctx, skill)


def _find_skill(ctx: Context, name: str) -> Skill:
    found = ctx.session.scalar(
        select(Skill).where(Skill.member_id == ctx.member.id, Skill.slug == slug(name))
    )
    if found is None:
        raise UserError(
            f"You have no skill “{shorten(name, 30)}”. /skill list shows yours.",
            "/commit Do two practice labs by sunday skill:kubernetes",
            "skill",
        )
    return found


def find_commitment(ctx: Context, number: int, example: str) -> Commitment:
    """The member's commitment with this number; anyone else's is simply not found."""
    found = ctx.session.scalar(
        select(Commitment).where(Commitment.member_id == ctx.member.id, Commitment.number == number)
    )
    if found is None:
        raise UserError(
            f"You have no commitment #{number}. /commit list shows yours.", example, "number"
        )
    return found


def _open_commitment(ctx: Context, number: int, example: str) -> Commitment:
    commitment = find_commitment(ctx, number, example)
    if commitment.status != CommitmentStatus.OPEN:
        raise UserError(
            f"Commitment #{number} is already {commitment.status}; "
            "make a new one with /commit <what> by <day>.",
            COMMIT_EXAMPLE,
            "number",
        )
    return commitment


@handles(ListCommitments)
def list_commitments(ctx: Context, _command: ListCommitments) -> CommitmentList:
    """Open commitments, soonest due first."""
    found = ctx.session.scalars(
        select(Commitment)
        .where(
            Commitment.member_id == ctx.member.id,
            Commitment.status == CommitmentStatus.OPEN,
        )
        .order_by(Commitment.due_date, Commitment.number)
    ).all()
    return CommitmentList(list(found))


@handles(AnswerCommitment)
def answer_commitment(ctx: Context, command: AnswerCommitment) -> CommitmentAnswered:
    """Done, partly, missed or dropped; what got in the way goes to the private journal."""
    example = f"/commit {command.answer} {command.number}"
    commitment = find_commitment(ctx, command.number, example)
    if commitment.status == CommitmentStatus.DROPPED:
        raise UserError(f"Commitment #{command.number} was dropped.", COMMIT_EXAMPLE, "number")
    commitment.status = ANSWERS[command.answer]
    dropped = command.answer == Answer.DROPPED
    commitment.answered_on = None if dropped else ctx.today
    journal_number = None
    if command.why.strip() and not dropped:
        why = require_text(command.why, "journal", "note", example, "why")
        lead = "Kept" if command.answer == Answer.DONE else "What got in the way of"
        entry = journal_note(ctx, f"{lead} “{shorten(commitment.text, 100)}”: {why}")
        journal_number = entry.number
    sync_reminder(ctx, commitment)
    return CommitmentAnswered(commitment, journal_number)


@handles(MoveCommitment)
def move_commitment(ctx: Context, command: MoveCommitment) -> CommitmentMoved:
    """A new day for an open commitment; often moved, the coach suggests a smaller step."""
    commitment = _open_commitment(ctx, command.number, MOVE_EXAMPLE)
    day = read_date(command.due, ctx.today, "due", MOVE_EXAMPLE)
    commitment.due_date = _not_past(day, ctx.today, MOVE_EXAMPLE)
    commitment.moves += 1
    sync_reminder(ctx, commitment)
    return CommitmentMoved(commitment, commitment.moves >= MOVES_BEFORE_SMALLER_STEP)


@handles(EditCommitment)
def edit_commitment(ctx: Context, command: EditCommitment) -> CommitmentEdited:
    """Change an open commitment's text, day or links."""
    example = f"/commit edit {command.number} Finish chapter 4 by monday"
    commitment = _open_commitment(ctx, command.number, example)
    text, due = _text_and_due(command.text or "", command.due, ctx.today)
    if text is not None:
        commitment.text = require_text(text, "commitment", "commitment", example, "text")
    if due is not None:
        commitment.due_date = _not_past(due, ctx.today, example)
    _link(ctx, commitment, command.goal, command.milestone, command.skill)
    sync_reminder(ctx, commitment)
    return CommitmentEdited(commitment)


def due_commitments(ctx: Context) -> list[Commitment]:
    """Open commitments due today or before, for the check-in to ask about."""
    return list(
        ctx.session.scalars(
            select(Commitment)
            .where(
                Commitment.member_id == ctx.member.id,
                Commitment.status == CommitmentStatus.OPEN,
                Commitment.due_date <= ctx.today,
            )
            .order_by(Commitment.due_date, Commitment.number)
        )
    )


def commitment_asked(ctx: Context) -> bool:
    """Whether a check-in recently asked what the member will commit to."""
    asked = ctx.member.commitment_asked_at
    return asked is not None and ctx.now - asked <= ANSWER_WINDOW
