"""Account handlers: the member's time zone, what they share, and forgetting them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from core.bus import handles
from core.commands.account import ForgetMe, SetTimezone, ShowShared, ShowTimezone
from core.context import Context
from core.errors import UserError
from core.scheduling.planner import replan_member
from core.services.partnerships import recompose_partner_dms
from core.storage.models import Delivery, Digest, Entry, Goal, Member, Membership, Partner
from core.storage.owned import owned_by, owned_tables
from core.time.numeric import DateOrder
from core.time.zones import canonical_timezone

FORGET_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class TimezoneShown:
    """The member's zone and date order as they are."""

    zone: str
    order: DateOrder


@dataclass(frozen=True)
class TimezoneSet:
    """The member's zone, just changed (their schedules follow it), and the date order
    when it was set too."""

    zone: str
    order: DateOrder | None = None


@dataclass(frozen=True)
class SharedItems:
    """The numbers of the member's shared goals and entries."""

    goals: list[int]
    entries: list[int]


@dataclass(frozen=True)
class ForgetAsked:
    """Deletion was asked for and now waits for a confirmation within `window`."""

    window: timedelta


@dataclass(frozen=True)
class MemberForgotten:
    """The member and everything they owned are deleted."""


@handles(ShowTimezone)
def show_timezone(ctx: Context, _command: ShowTimezone) -> TimezoneShown:
    """The member's IANA time zone."""
    return TimezoneShown(ctx.member.tz, DateOrder(ctx.member.date_order))


@handles(SetTimezone)
def set_timezone(ctx: Context, command: SetTimezone) -> TimezoneSet:
    """Set the member's IANA time zone and move their schedules to it; and/or their
    date order."""
    if command.order is not None:
        ctx.member.date_order = command.order
    if not command.zone:
        return TimezoneSet(ctx.member.tz, command.order)
    old_tz = ctx.member.tz
    try:
        ctx.member.tz = canonical_timezone(command.zone)
    except UserError as error:
        raise UserError(error.message, error.example, "zone") from None
    ctx.member.tz_set_by_member = True
    replan_member(ctx.session, ctx.member, ctx.now, old_tz)
    return TimezoneSet(ctx.member.tz, command.order)


@handles(ShowShared)
def show_shared(ctx: Context, _command: ShowShared) -> SharedItems:
    """What the member shares with team digests."""
    goals = ctx.session.scalars(
        select(Goal.number).where(Goal.member_id == ctx.member.id, Goal.shared.is_(True))
    ).all()
    entries = ctx.session.scalars(
        select(Entry.number).where(Entry.member_id == ctx.member.id, Entry.shared.is_(True))
    ).all()
    return SharedItems(list(goals), list(entries))


@handles(ForgetMe)
def forget_me(ctx: Context, command: ForgetMe) -> ForgetAsked | MemberForgotten:
    """Ask for confirmation, then delete everything the member owns."""
    requested = ctx.member.forget_requested_at
    if not command.confirm:
        ctx.member.forget_requested_at = ctx.now
        return ForgetAsked(FORGET_WINDOW)
    if requested is None or ctx.now - requested > FORGET_WINDOW:
        minutes = FORGET_WINDOW // timedelta(minutes=1)
        raise UserError(
            f"Ask first with /forget-me, then confirm within {minutes} minutes.", "/forget-me"
        )
    forget_member(ctx, ctx.member)
    return MemberForgotten()


def forget_member(ctx: Context, member: Member) -> None:
    """Delete a member and every row they own, and scrub what mentions them elsewhere:
    digests composed with their wins or name, the platform's own rows about them."""
    session = ctx.session
    spaces = spaces_of(session, member)
    # Every table with a member key, children first; their own outbox rows (DMs, sent or
    # not) go with the rest of what they own.
    for item in reversed(owned_tables()):
        session.execute(delete(item.table).where(owned_by(item, member.id)))
    _forget_in_digests(session, member, spaces)
    forget_partner(session, member)
    forget_user = ctx.options.traits(member.platform).forget_user
    if forget_user is not None:
        forget_user(session, member.workspace_id, member.user_id)
    session.execute(delete(Member).where(Member.id == member.id))
    session.expunge_all()


def spaces_of(session: Session, member: Member) -> set[str]:
    """Every workspace or guild whose digests may carry the member's wins or name."""
    spaces = {member.workspace_id}
    for model in (Membership, Entry, Goal):
        spaces.update(
            session.scalars(
                select(model.space_id).where(
                    model.member_id == member.id, model.space_id.is_not(None)
                )
            )
        )
    return spaces


def _forget_in_digests(session: Session, member: Member, spaces: set[str]) -> None:
    """Digest posts composed while the member was there lose their stored text: one not
    sent yet is composed again when it is sent, now without them. Their name goes from
    the digests they set up."""
    digests = select(Digest.id).where(
        Digest.platform == member.platform, Digest.workspace_id.in_(spaces)
    )
    session.execute(
        update(Delivery)
        .where(
            Delivery.kind == "digest",
            Delivery.source_id.in_(digests),
            Delivery.payload.is_not(None),
        )
        .values(payload=None)
    )
    session.execute(
        update(Digest)
        .where(Digest.id.in_(digests), Digest.created_by == member.user_id)
        .values(created_by="")
    )


def forget_partner(session: Session, member: Member) -> None:
    """The other side of each partnership goes too (their row names the member), and
    what waits to be sent to those partners is composed again, without the member."""
    theirs = select(Partner.member_id).where(
        Partner.partner_user_id == member.user_id,
        Partner.member_id.in_(
            select(Member.id).where(
                Member.platform == member.platform, Member.workspace_id == member.workspace_id
            )
        ),
    )
    partners = list(session.scalars(theirs))
    session.execute(
        delete(Partner)
        .where(Partner.partner_user_id == member.user_id, Partner.member_id.in_(partners))
        .execution_options(synchronize_session=False)
    )
    recompose_partner_dms(session, partners)
