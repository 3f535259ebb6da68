"""What a partner sees of a member: their commitments this week and how they went, and
their wins and goals only when the member shares those with partners."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from core.commands.partners import PartnerItem
from core.context import Context
from core.services.follow_through import FollowThrough, _rows_since, count
from core.storage.models import (
    Commitment,
    CommitmentStatus,
    Entry,
    EntryKind,
    Goal,
    GoalStatus,
    Member,
    Pause,
)

WEEK_DAYS = 7
MAX_SHOWN = 10


@dataclass(frozen=True)
class PartnerView:
    """A member as their partners see them, over the week ending on the member's today."""

    name: str
    user_id: str
    week: FollowThrough
    open: list[Commitment]
    # Away (a vacation) on some day of the week: commitments due then count as "away".
    away: bool
    # None when not shared with partners.
    wins: list[Entry] | None
    goals: list[Goal] | None
    today: date


def display_name(member: Member) -> str:
    """How a member is named to their partner."""
    return member.display_name or member.user_id


def partner_view(ctx: Context, member: Member) -> PartnerView:
    """The member's week as a partner sees it (``ctx`` is the reader's)."""
    theirs = Context(ctx.session, member, ctx.now, ctx.prompts, ctx.options)
    today = theirs.today
    since = today - timedelta(days=WEEK_DAYS - 1)
    pauses = _pauses(theirs, since, today)
    rows = [c for c in _rows_since(theirs, since) if not _away_on_its_day(c, pauses)]
    shares = set(member.partner_shares.split())
    return PartnerView(
        name=display_name(member),
        user_id=member.user_id,
        week=count(rows, since, today),
        open=_open(theirs),
        away=bool(pauses),
        wins=_wins(theirs, since) if PartnerItem.WINS in shares else None,
        goals=_goals(theirs) if PartnerItem.GOALS in shares else None,
        today=today,
    )


def _pauses(ctx: Context, since: date, today: date) -> list[Pause]:
    return list(
        ctx.session.scalars(
            select(Pause).where(
                Pause.member_id == ctx.member.id,
                Pause.start_date <= today,
                Pause.end_date >= since,
            )
        )
    )


def _away_on_its_day(commitment: Commitment, pauses: list[Pause]) -> bool:
    """An unanswered commitment due on a day away is not a miss."""
    due = commitment.due_date
    unanswered = commitment.status == CommitmentStatus.OPEN
    return unanswered and any(p.start_date <= due <= p.end_date for p in pauses)


def _open(ctx: Context) -> list[Commitment]:
    return list(
        ctx.session.scalars(
            select(Commitment)
            .where(
                Commitment.member_id == ctx.member.id,
                Commitment.status == CommitmentStatus.OPEN,
                Commitment.repeat_days.is_(None),
            )
            .order_by(Commitment.due_date, Commitment.number)
            .limit(MAX_SHOWN)
        )
    )


def _wins(ctx: Context, since: date) -> list[Entry]:
    return list(
        ctx.session.scalars(
            select(Entry)
            .where(
                Entry.member_id == ctx.member.id,
                Entry.kind == EntryKind.WIN,
                Entry.local_date >= since,
            )
            .order_by(Entry.local_date.desc(), Entry.number.desc())
            .limit(MAX_SHOWN)
        )
    )


def _goals(ctx: Context) -> list[Goal]:
    return list(
        ctx.session.scalars(
            select(Goal)
            .where(Goal.member_id == ctx.member.id, Goal.status == GoalStatus.ACTIVE)
            .order_by(Goal.number)
            .limit(MAX_SHOWN)
        )
    )
