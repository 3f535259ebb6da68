"""Commitment handlers: commit to something by a local day, then say how it went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, select, update

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
from core.commands.journal import WIN_EXAMPLE, MilestoneRef
from core.context import Context
from core.errors import UserError
from core.grammar.commitments import SUBCOMMANDS as COMMIT_SUBCOMMANDS
from core.grammar.subcommands import refuse_command_text
from core.parsing import read_date, require_text, shorten
from core.scheduling.planner import DUE_REMINDER_TIME
from core.scheduling.rules import wall_to_utc
from core.services.career import slug
from core.services.checkins import next_checkin
from core.services.goals import find_goal
from core.services.habits import (
    HABIT_EXAMPLE,
    encode_days,
    habit_streak,
    record_day,
    split_repeat,
)
from core.services.journal import ANSWER_WINDOW, journal_note
from core.services.kept import promote_to_win, promoted_win
from core.services.partnerships import tell_partners_missed
from core.services.streaks import paused_days
from core.storage.models import (
    Commitment,
    CommitmentStatus,
    Entry,
    Reminder,
    ReminderStatus,
    Skill,
)
from core.time import deadlines
from core.time.numeric import DateOrder

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
    """Open commitments, soonest due first, and each habit's streak by its number."""

    commitments: list[Commitment]
    streaks: dict[int, int]


@dataclass(frozen=True)
class CommitmentAnswered:
    """How a commitment (or a habit's day) went, and the journal entry of what the member
    said with it."""

    commitment: Commitment
    journal_number: int | None
    # For a habit: its streak after the answer, whether today was kept, and whether today
    # is a vacation day (which neither breaks nor grows the streak).
    streak: int | None = None
    kept_today: bool = False
    vacation_day: bool = False
    # ``--win``: the win it became, and whether it had become that win before.
    win: Entry | None = None
    win_before: bool = False


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
    """Save a commitment, due on the day given, else at the next check-in, else in a week;
    or a habit, when the text ends with the days it repeats on ("... every weekday")."""
    body, repeat = split_repeat(command.text)
    if repeat is not None:
        return CommitmentMade(_new_habit(ctx, command, body, repeat), None)
    text, due = _text_and_due(body, command.due, ctx.today, ctx.date_order)
    text = require_text(text or "", "commitment", "commitment", COMMIT_EXAMPLE, "text")
    refuse_command_text(COMMIT_SUBCOMMANDS, "commit", text, ctx.today)
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


def _new_habit(
    ctx: Context, command: MakeCommitment, text: str, days: frozenset[int]
) -> Commitment:
    habit = Commitment(
        member_id=ctx.member.id,
        number=ctx.next_number("commitment_seq"),
        text=require_text(text, "commitment", "habit", HABIT_EXAMPLE, "text"),
        due_date=ctx.today,  # a habit's first day; it has no due day
        status=CommitmentStatus.OPEN,
        moves=0,
        repeat_days=encode_days(days),
        created_at=ctx.now,
    )
    _link(ctx, habit, command.goal, command.milestone, command.skill)
    ctx.session.add(habit)
    ctx.session.flush()
    return habit


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
    habit = commitment.repeat_days is not None
    if habit or commitment.status != CommitmentStatus.OPEN or when <= ctx.now:
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
    text: str, given: DateInput | None, today: date, order: DateOrder
) -> tuple[str | None, date | None]:
    """The text and the day: given, or a date phrase ending the text ("... by friday");
    a phrase that looks like a date but does not read as one is an error, not text."""
    if given is not None:
        return text.strip() or None, read_date(given, today, "due", COMMIT_EXAMPLE, order)
    # A leading word, so that a text of only "by friday" (in an edit) still splits.
    head, due, unread = deadlines.split_deadline(f"x {text}", today, order)
    if unread is not None:
        read_date(unread, today, "due", COMMIT_EXAMPLE, order)  # raises, naming the phrase
    return head[2:].strip() or None, due


def _not_past(day: date, today: date, example: str) -> date:
    if day < today:
        raise UserError(
            f"{day.isoformat()} has already passed; commit to a day from today on.", example, "due"
        )
    return day


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
    found = open_commitments(ctx)
    return CommitmentList(found, habit_streaks(ctx, found))


def open_commitments(ctx: Context, *conditions: ColumnElement[bool]) -> list[Commitment]:
    """The member's open commitments (and habits) that meet the conditions, soonest first."""
    return list(
        ctx.session.scalars(
            select(Commitment)
            .where(
                Commitment.member_id == ctx.member.id,
                Commitment.status == CommitmentStatus.OPEN,
                *conditions,
            )
            .order_by(Commitment.due_date, Commitment.number)
        )
    )


def habit_streaks(ctx: Context, commitments: list[Commitment]) -> dict[int, int]:
    """The streak of each habit among these commitments, by number."""
    return {c.number: habit_streak(ctx, c) for c in commitments if c.repeat_days is not None}


def open_habits(ctx: Context) -> list[Commitment]:
    """The member's habits that have not been dropped."""
    return open_commitments(ctx, Commitment.repeat_days.is_not(None))


@handles(AnswerCommitment)
def answer_commitment(ctx: Context, command: AnswerCommitment) -> CommitmentAnswered:
    """Done, partly, missed or dropped; what got in the way goes to the private journal."""
    example = f"/commit {command.answer} {command.number}"
    commitment = find_commitment(ctx, command.number, example)
    if commitment.status == CommitmentStatus.DROPPED:
        raise UserError(f"Commitment #{command.number} was dropped.", COMMIT_EXAMPLE, "number")
    if commitment.repeat_days is not None and command.win:
        raise UserError(
            f"#{command.number} is a habit: log a day worth it with /win.", WIN_EXAMPLE, "win"
        )
    if commitment.repeat_days is not None and command.answer != Answer.DROPPED:
        return _answer_habit_day(ctx, commitment, command)
    commitment.status = ANSWERS[command.answer]
    dropped = command.answer == Answer.DROPPED
    commitment.answered_on = None if dropped else ctx.today
    journal_number = None if dropped else _note_why(ctx, commitment, command)
    sync_reminder(ctx, commitment)
    if command.answer == Answer.MISSED:
        tell_partners_missed(ctx, commitment)
    if not command.win:
        return CommitmentAnswered(commitment, journal_number)
    before = promoted_win(ctx, commitment)
    win = before or promote_to_win(ctx, commitment).entry
    return CommitmentAnswered(commitment, journal_number, win=win, win_before=before is not None)


def _answer_habit_day(
    ctx: Context, habit: Commitment, command: AnswerCommitment
) -> CommitmentAnswered:
    """Today of a habit kept or missed; a habit's day is not done partly."""
    if command.answer == Answer.PARTLY:
        raise UserError(
            f"A habit's day is done or missed: /commit done {habit.number}.", HABIT_EXAMPLE
        )
    kept = command.answer == Answer.DONE
    record_day(ctx, habit, kept)
    journal_number = _note_why(ctx, habit, command)
    away = bool(paused_days(ctx, ctx.today, ctx.today))
    return CommitmentAnswered(habit, journal_number, habit_streak(ctx, habit), kept, away)


def _note_why(ctx: Context, commitment: Commitment, command: AnswerCommitment) -> int | None:
    """What the member said with the answer, as a private journal entry's number."""
    if not command.why.strip():
        return None
    example = f"/commit {command.answer} {command.number}"
    why = require_text(command.why, "journal", "note", example, "why")
    lead = "Kept" if command.answer == Answer.DONE else "What got in the way of"
    return journal_note(ctx, f"{lead} “{shorten(commitment.text, 100)}”: {why}").number


@handles(MoveCommitment)
def move_commitment(ctx: Context, command: MoveCommitment) -> CommitmentMoved:
    """A new day for an open commitment; often moved, the coach suggests a smaller step."""
    commitment = _open_commitment(ctx, command.number, MOVE_EXAMPLE)
    if commitment.repeat_days is not None:
        raise UserError(
            f"#{command.number} is a habit, it has no day to move. Change its days with "
            f"/commit edit {command.number} <text> every mon,thu.",
            HABIT_EXAMPLE,
            "number",
        )
    day = read_date(command.due, ctx.today, "due", MOVE_EXAMPLE, ctx.date_order)
    commitment.due_date = _not_past(day, ctx.today, MOVE_EXAMPLE)
    commitment.moves += 1
    sync_reminder(ctx, commitment)
    return CommitmentMoved(commitment, commitment.moves >= MOVES_BEFORE_SMALLER_STEP)


@handles(EditCommitment)
def edit_commitment(ctx: Context, command: EditCommitment) -> CommitmentEdited:
    """Change an open commitment's text, day or links."""
    example = f"/commit edit {command.number} Finish chapter 4 by monday"
    commitment = _open_commitment(ctx, command.number, example)
    body, repeat = command.text or "", None
    if commitment.repeat_days is not None:  # a habit's text may end with new days
        body, repeat = split_repeat(body)
    if repeat is not None:
        commitment.repeat_days = encode_days(repeat)
    text, due = _text_and_due(body, command.due, ctx.today, ctx.date_order)
    if text is not None:
        commitment.text = require_text(text, "commitment", "commitment", example, "text")
    if due is not None:
        commitment.due_date = _not_past(due, ctx.today, example)
    _link(ctx, commitment, command.goal, command.milestone, command.skill)
    sync_reminder(ctx, commitment)
    return CommitmentEdited(commitment)


def due_commitments(ctx: Context) -> list[Commitment]:
    """Open commitments due today or before, for the check-in to ask about (not habits)."""
    return open_commitments(ctx, Commitment.due_date <= ctx.today, Commitment.repeat_days.is_(None))


def commitment_asked(ctx: Context) -> bool:
    """Whether a check-in recently asked what the member will commit to."""
    asked = ctx.member.commitment_asked_at
    return asked is not None and ctx.now - asked <= ANSWER_WINDOW
