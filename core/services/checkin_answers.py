"""The check-in's buttons: answer, snooze and skip, and what they say when none is open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.bus import handles
from core.commands.checkins import ShowAnswerHint, SkipCheckin, SnoozeCheckin, SnoozeLength
from core.commands.journal import PlainMessage
from core.context import Context
from core.scheduling.planner import SNOOZE_KIND
from core.services.answers import CheckinAnswered, answer_plain_message
from core.services.checkins import next_checkin
from core.services.commitments import CommitmentMade, commitment_asked
from core.services.journal import JournalSaved, OutcomeSaved, pending_prompt, save_journal
from core.storage.models import Reminder, ReminderStatus

_SNOOZE_DELAYS = {SnoozeLength.HOUR: timedelta(hours=1), SnoozeLength.DAY: timedelta(days=1)}


@dataclass(frozen=True)
class CheckinSnoozed:
    """The check-in comes again at ``until``."""

    until: datetime


@dataclass(frozen=True)
class CheckinSkipped:
    """The pending check-in dropped; the next one is at ``next_checkin``."""

    next_checkin: datetime | None


@dataclass(frozen=True)
class AnswerHintShown:
    """Where there is no form: how to answer a check-in."""


@dataclass(frozen=True)
class NoCheckinOpen:
    """No check-in question is waiting for an answer; the next one comes at
    ``next_checkin``. ``saved`` is the text typed after the command, kept in the journal."""

    next_checkin: datetime | None
    saved: JournalSaved | None = None


@dataclass(frozen=True)
class NothingOpen:
    """No check-in is open, so there is nothing to ``action`` (snooze, skip)."""

    action: str
    next_checkin: datetime | None


# What the Answer button can lead to while a check-in is open.
Answered = OutcomeSaved | JournalSaved | CheckinAnswered | CommitmentMade | AnswerHintShown


def checkin_open(ctx: Context) -> bool:
    """Whether a check-in asked something the member has not answered yet."""
    return pending_prompt(ctx) is not None or commitment_asked(ctx)


@handles(SnoozeCheckin)
def snooze_checkin(ctx: Context, command: SnoozeCheckin) -> CheckinSnoozed | NothingOpen:
    """Send the open check-in again in an hour, or tomorrow at the same time."""
    if not checkin_open(ctx):
        return NothingOpen("snooze", next_checkin(ctx))
    when = ctx.now + _SNOOZE_DELAYS[command.length]
    ctx.session.add(
        Reminder(
            member_id=ctx.member.id,
            kind=SNOOZE_KIND,
            at_moment=True,
            text="",
            due_at=when,
            status=ReminderStatus.PENDING,
            created_at=ctx.now,
        )
    )
    return CheckinSnoozed(when)


@handles(SkipCheckin)
def skip_checkin(ctx: Context, _command: SkipCheckin) -> CheckinSkipped | NothingOpen:
    """Let this check-in go unanswered, without guilt."""
    if not checkin_open(ctx):
        return NothingOpen("skip", next_checkin(ctx))
    ctx.member.awaiting_prompt_key = None
    ctx.member.awaiting_since = None
    ctx.member.commitment_asked_at = None
    return CheckinSkipped(next_checkin(ctx))


@handles(ShowAnswerHint)
def answer_checkin(ctx: Context, command: ShowAnswerHint) -> Answered | NoCheckinOpen:
    """The Answer button where no form opens: how to answer the open check-in, or the
    text typed after it as the answer; with none open, that, and the text kept anyway."""
    text = command.text.strip()
    if checkin_open(ctx):
        return answer_plain_message(ctx, PlainMessage(text)) if text else AnswerHintShown()
    return NoCheckinOpen(next_checkin(ctx), save_journal(ctx, text) if text else None)
