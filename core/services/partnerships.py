"""Partnerships in storage: finding each side, ending both, the weekly note's schedule,
and what partners are told; shared by the partner handlers and the DMs they queue."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, delete, or_, select, update
from sqlalchemy.orm import Session

from core.cleaning import clean_text
from core.context import Context
from core.scheduling.notices import queue_dm
from core.scheduling.planner import plan
from core.storage.models import (
    Commitment,
    Delivery,
    DeliveryStatus,
    Member,
    Membership,
    Partner,
    PartnerStatus,
    Schedule,
)

NOTE_KIND = "partners"
# Not "nudge": that is a contact's nudge.
NUDGE_KIND = "pnudge"
# Outbox kinds of DMs about a partner; ending a partnership recomposes what is waiting.
PARTNER_KINDS = frozenset({NOTE_KIND, "invite", "accepted", "cheer", NUDGE_KIND, "missed"})


def side_key(row: Partner) -> str:
    """A side's part of an outbox key: its id and when it was made (SQLite may give a new
    row the id of one deleted, and that one's DMs must not stand in for the new one's)."""
    return f"{row.id}.{row.created_at.strftime('%Y%m%dT%H%M%S')}"


def live(ctx: Context) -> ColumnElement[bool]:
    """The condition that leaves out invitations past their day."""
    return or_(Partner.expires_at.is_(None), Partner.expires_at > ctx.now)


def my_side(ctx: Context, user_id: str) -> Partner | None:
    """The member's side with this user, unless it is an invitation that lapsed."""
    return ctx.session.scalar(
        select(Partner).where(
            Partner.member_id == ctx.member.id, Partner.partner_user_id == user_id, live(ctx)
        )
    )


def other_member(ctx: Context, user_id: str, space_id: str) -> Member | None:
    """The member with this user id who is in the same workspace or guild."""
    other = _workspace_member(ctx.session, ctx.member, user_id)
    if other is None or other.id == ctx.member.id:
        return None
    return other if _seen_in(ctx.session, other, space_id) else None


def _seen_in(session: Session, member: Member, space_id: str) -> bool:
    """Whether the member is in this workspace (their own) or guild (seen there)."""
    if member.workspace_id == space_id:
        return True
    seen = select(Membership.id).where(
        Membership.member_id == member.id, Membership.space_id == space_id
    )
    return session.scalar(seen) is not None


def _workspace_member(session: Session, me: Member, user_id: str) -> Member | None:
    """The member with this user id on `me`'s platform and workspace."""
    return session.scalar(
        select(Member).where(
            Member.platform == me.platform,
            Member.workspace_id == me.workspace_id,
            Member.user_id == user_id,
        )
    )


def invitee(ctx: Context, user_id: str, name: str) -> Member:
    """Someone the platform vouched for as a user of this workspace or guild, invited as a
    partner: their member row (made `invited_only`, with nothing scheduled, if coachbot has
    not seen them), now known to be in this space."""
    me = ctx.member
    found = _workspace_member(ctx.session, me, user_id)
    if found is None:
        found = Member(
            platform=me.platform,
            workspace_id=me.workspace_id,
            user_id=user_id[:64],
            display_name=clean_text(name)[:100],
            tz=me.tz,  # a teammate's zone is the best guess until the platform says theirs
            tz_set_by_member=False,
            goal_seq=0,
            entry_seq=0,
            invited_only=True,
            created_at=ctx.now,
        )
        ctx.session.add(found)
        ctx.session.flush()
    if not _seen_in(ctx.session, found, ctx.space):
        ctx.session.add(Membership(member_id=found.id, space_id=ctx.space[:64], seen_at=ctx.now))
    return found


def their_side(ctx: Context, other: Member) -> Partner | None:
    """The other member's row about this member."""
    return ctx.session.scalar(
        select(Partner).where(
            Partner.member_id == other.id, Partner.partner_user_id == ctx.member.user_id
        )
    )


def drop_ended_sides(session: Session, member_id: int) -> int:
    """After an import: the member's sides whose other member is here without a side about
    them (it went when they were forgotten) are ended, not brought back one-sided; a
    partner not imported yet keeps theirs. How many were dropped."""
    me = session.get_one(Member, member_id)
    ended = 0
    for row in list(session.scalars(select(Partner).where(Partner.member_id == member_id))):
        other = _workspace_member(session, me, row.partner_user_id)
        if other is None:
            continue
        theirs = select(Partner.id).where(
            Partner.member_id == other.id, Partner.partner_user_id == me.user_id
        )
        if session.scalar(theirs) is None:
            session.delete(row)
            ended += 1
    return ended


def ensure_note_schedule(ctx: Context, member: Member) -> None:
    """The member's weekly partner note, on their wall clock."""
    schedule = ctx.session.scalar(
        select(Schedule).where(Schedule.member_id == member.id, Schedule.kind == NOTE_KIND)
    )
    if schedule is None:
        schedule = Schedule(
            member_id=member.id,
            kind=NOTE_KIND,
            rule=ctx.options.partner_note,
            enabled=True,
            created_at=ctx.now,
        )
        ctx.session.add(schedule)
    if not schedule.enabled or schedule.next_fire_at is None:
        schedule.enabled = True
        plan(schedule, member, ctx.now)


def end_both(ctx: Context, other: Member) -> None:
    """Both rows go; DMs waiting for either member about partners are recomposed (what
    no longer applies is then not sent), and a note schedule without partners stops."""
    ctx.session.execute(
        delete(Partner).where(
            or_(
                (Partner.member_id == ctx.member.id) & (Partner.partner_user_id == other.user_id),
                (Partner.member_id == other.id) & (Partner.partner_user_id == ctx.member.user_id),
            )
        )
    )
    recompose_partner_dms(ctx.session, [ctx.member.id, other.id])


def drop_lapsed_invitations(session: Session, now: datetime) -> int:
    """Invitations past their day, both sides, and whoever only they had brought in (a
    teammate invited by mention who never used coachbot); how many rows went."""
    lapsed = list(
        session.execute(select(Partner.id, Partner.member_id).where(Partner.expires_at <= now))
    )
    if not lapsed:
        return 0
    session.execute(
        delete(Partner)
        .where(Partner.id.in_([row_id for row_id, _member in lapsed]))
        .execution_options(synchronize_session=False)
    )
    # An invitation DM still waiting (a retry) is composed again, so it is not sent with
    # Accept buttons for an invitation that is gone; whoever only it brought in goes too.
    recompose_partner_dms(session, sorted({member for _row, member in lapsed}))
    return len(lapsed)


def drop_unused_invitees(session: Session, member_ids: list[int]) -> None:
    """Of these members, those only ever invited (they never used coachbot) with no
    invitation left: nothing of theirs stays."""
    sides = select(Partner.id).where(Partner.member_id == Member.id)
    session.execute(
        delete(Member)
        .where(Member.id.in_(member_ids), Member.invited_only, ~sides.exists())
        .execution_options(synchronize_session=False)
    )


def recompose_partner_dms(session: Session, member_ids: list[int]) -> None:
    """DMs about partners waiting for these members are composed again when sent, from
    what is stored then (an ended partnership, a forgotten member: not in them); the
    weekly note of one left without partners stops; someone only ever invited, now
    without an invitation, is forgotten."""
    drop_unused_invitees(session, member_ids)
    alone = select(Partner.id).where(
        Partner.member_id == Schedule.member_id, Partner.status == PartnerStatus.ACTIVE
    )
    session.execute(
        update(Schedule)
        .where(Schedule.member_id.in_(member_ids), Schedule.kind == NOTE_KIND, ~alone.exists())
        .values(enabled=False, next_fire_at=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Delivery)
        .where(
            Delivery.member_id.in_(member_ids),
            Delivery.kind.in_(PARTNER_KINDS),
            Delivery.status.in_((DeliveryStatus.PENDING, DeliveryStatus.SENDING)),
        )
        .values(payload=None)
        .execution_options(synchronize_session=False)
    )


def tell_partners_missed(ctx: Context, commitment: Commitment) -> None:
    """A commitment answered "missed" tells each partner once, if the member opted in."""
    if not ctx.member.partner_notify_missed:
        return
    rows = ctx.session.scalars(
        select(Partner).where(
            Partner.member_id == ctx.member.id, Partner.status == PartnerStatus.ACTIVE
        )
    )
    for row in list(rows):
        other = other_member(ctx, row.partner_user_id, row.space_id)
        if other is not None:
            key = f"missed:{commitment.id}:{other.id}"
            queue_dm(ctx.session, key, "missed", other, commitment.id, ctx.now)
