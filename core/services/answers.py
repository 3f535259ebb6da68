"""Plain messages: the answer to the last question the coach asked."""

from __future__ import annotations

from dataclasses import dataclass

from core.bus import handles
from core.commands.commitments import MakeCommitment
from core.commands.journal import WIN_EXAMPLE, PlainMessage, RecordOutcome
from core.context import Context
from core.errors import UserError
from core.parsing import shorten
from core.services.commitments import CommitmentMade, commitment_asked, make_commitment
from core.services.journal import (
    JournalSaved,
    OutcomeSaved,
    pending_outcome,
    pending_prompt,
    record_outcome,
    save_journal,
)


@dataclass(frozen=True)
class CheckinAnswered:
    """The check-in's prompt answered; its commitment question comes next."""

    saved: JournalSaved


@handles(PlainMessage)
def answer_plain_message(
    ctx: Context, command: PlainMessage
) -> OutcomeSaved | JournalSaved | CheckinAnswered | CommitmentMade:
    """The answer to a pending outcome question, prompt or (after a check-in's prompt)
    commitment question; anything else gets a nudge."""
    awaited = pending_outcome(ctx)
    if awaited is not None:
        ctx.member.awaiting_prompt_key = ctx.member.awaiting_since = None
        return record_outcome(ctx, RecordOutcome(awaited, command.text))
    if pending_prompt(ctx) is not None:  # an answer in a DM is never a sub-command
        saved = save_journal(ctx, command.text)
        return CheckinAnswered(saved) if commitment_asked(ctx) else saved
    if commitment_asked(ctx):
        made = make_commitment(ctx, MakeCommitment(command.text))
        ctx.member.commitment_asked_at = None
        return made
    if command.command_word is not None:
        raise UserError(
            f"Commands start with a slash: did you mean /{command.command_word}? "
            "I only keep plain messages as answers to a question I asked.",
            f"/{shorten(command.text, 80)}",
            "text",
        )
    raise UserError(
        "I only keep plain messages as answers to a question I asked. "
        "To log a win use /win, to write in your journal use /journal. /help lists everything.",
        f"/win {shorten(command.text, 80)}" if command.text.strip() else WIN_EXAMPLE,
        "text",
    )
