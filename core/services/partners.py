"""Partner handlers: invite, accept or decline, list, show, end, cheer and nudge, share.

Each member owns their side (a ``Partner`` row naming the other by user id); both sides
change in the same transaction. DMs to the other member go through the outbox under a
unique key, so a retried command or a second worker never sends one twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from core.bus import handles
from core.commands.partners import (
    INVITATION_DAYS,
    INVITE_EXAMPLE,
    AnswerInvitation,
    CheerPartner,
    EndPartnership,
    InvitePartner,
    ListPartners,
    NotifyMissed,
    SharePartnerItem,
    ShowPartner,
)
from core.context import Context
from core.errors import UserError
from core.scheduling.notices import queue_dm
from core.services.partner_view import PartnerView, display_name, partner_view
from core.services.partnerships import (
    NUDGE_KIND,
    end_both,
    ensure_note_schedule,
    invitee,
    live,
    my_side,
    other_member,
    side_key,
    their_side,
)
from core.storage.models import (
    Member,
    Partner,
    PartnerStatus,
)
from core.time.zones import zone

LIST_ORDER = (PartnerStatus.ACTIVE, PartnerStatus.ASKED, PartnerStatus.INVITED)


@dataclass(frozen=True)
class Invited:
    """An invitation sent; ``until`` is when it lapses."""

    name: str
    until: datetime


@dataclass(frozen=True)
class InvitationAnswered:
    """An invitation accepted (now partners) or declined."""

    name: str
    accepted: bool


@dataclass(frozen=True)
class PartnerEntry:
    """One line of /partner list."""

    name: str
    user_id: str
    status: PartnerStatus
    until: datetime | None


@dataclass(frozen=True)
class PartnerList:
    """Partners and invitations, and what the member shares with partners."""

    entries: list[PartnerEntry]
    shares: list[str]
    notify_missed: bool


@dataclass(frozen=True)
class PartnershipEnded:
    """A partnership ended, or an invitation withdrawn."""

    name: str
    was_active: bool


@dataclass(frozen=True)
class PartnerShown:
    """What a partner shares with partners."""

    view: PartnerView


@dataclass(frozen=True)
class Cheered:
    """A cheer or nudge queued; ``again``: one was already sent today."""

    name: str
    nudge: bool
    again: bool


@dataclass(frozen=True)
class PartnerSharing:
    """What partners see now."""

    shares: list[str]
    notify_missed: bool


def _not_found(user_id: str, example: str) -> UserError:
    return UserError(
        f"I can't find a partner or an invitation with {user_id} here. /partner list shows yours.",
        example,
        "user",
    )


@handles(InvitePartner)
def invite_partner(ctx: Context, command: InvitePartner) -> Invited:
    """Invite someone of the same workspace or guild; nothing is shared until they accept."""
    if not ctx.space_id and ctx.options.traits(ctx.member.platform).spaces_are_servers:
        raise UserError(
            "Invite partners from a channel of your server: partners are in the same one.",
            INVITE_EXAMPLE,
            "user",
        )
    other = other_member(ctx, command.user, ctx.space)
    if other is None and command.user != ctx.member.user_id and _vouched(ctx, command):
        other = invitee(ctx, command.user, command.name)
    if other is None:
        raise UserError(
            f"I don't know {command.user} in this workspace yet (or that is you): they need "
            "to have used coachbot here once, e.g. /help.",
            INVITE_EXAMPLE,
            "user",
        )
    _drop_lapsed(ctx, other)
    mine = my_side(ctx, other.user_id)
    if mine is not None:
        raise UserError(_already(mine, display_name(other)), f"/partner show @{other.user_id}")
    until = ctx.now + timedelta(days=INVITATION_DAYS)
    ctx.session.add(_side(ctx.member, other.user_id, ctx.space, PartnerStatus.INVITED, until, ctx))
    asked = _side(other, ctx.member.user_id, ctx.space, PartnerStatus.ASKED, until, ctx)
    ctx.session.add(asked)
    ctx.session.flush()
    queue_dm(ctx.session, f"invite:{side_key(asked)}", "invite", other, asked.id, ctx.now)
    return Invited(display_name(other), until)


def _vouched(ctx: Context, command: InvitePartner) -> bool:
    """Whether the platform says the invited user is real (not a name typed by hand)."""
    traits = ctx.options.traits(ctx.member.platform)
    return command.vouched or (command.mentioned and traits.text_mentions_are_real)


def _already(mine: Partner, name: str) -> str:
    if mine.status == PartnerStatus.ACTIVE:
        return f"You and {name} are already partners."
    if mine.status == PartnerStatus.INVITED:
        return f"You have invited {name} already; the invitation waits for their answer."
    return f"{name} has invited you: /partner accept @{mine.partner_user_id}"


def _side(
    member: Member, user_id: str, space: str, status: PartnerStatus, until: datetime, ctx: Context
) -> Partner:
    return Partner(
        member_id=member.id,
        partner_user_id=user_id,
        space_id=space,
        status=status,
        expires_at=until,
        created_at=ctx.now,
    )


def _drop_lapsed(ctx: Context, other: Member) -> None:
    """Invitations between the two that lapsed are gone, on both sides."""
    for member, user_id in ((ctx.member, other.user_id), (other, ctx.member.user_id)):
        ctx.session.execute(
            delete(Partner).where(
                Partner.member_id == member.id,
                Partner.partner_user_id == user_id,
                Partner.expires_at <= ctx.now,
            )
        )


@handles(AnswerInvitation)
def answer_invitation(ctx: Context, command: AnswerInvitation) -> InvitationAnswered:
    """Accept (both become partners) or decline (nothing remains, nobody is told)."""
    verb = "accept" if command.accept else "decline"
    mine = my_side(ctx, command.user)
    other = other_member(ctx, command.user, mine.space_id) if mine else None
    if mine is None or other is None or mine.status != PartnerStatus.ASKED:
        raise _not_found(command.user, f"/partner {verb} @dana")
    if not command.accept:
        end_both(ctx, other)
        return InvitationAnswered(display_name(other), accepted=False)
    theirs = their_side(ctx, other)
    for side in (mine, theirs):
        if side is not None:
            side.status, side.expires_at, side.accepted_at = PartnerStatus.ACTIVE, None, ctx.now
    for member in (ctx.member, other):
        ensure_note_schedule(ctx, member)
    if theirs is not None:  # the inviter hears the answer only when it is yes
        key = f"accepted:{side_key(theirs)}"
        queue_dm(ctx.session, key, "accepted", other, theirs.id, ctx.now)
    return InvitationAnswered(display_name(other), accepted=True)


@handles(ListPartners)
def list_partners(ctx: Context, _command: ListPartners) -> PartnerList:
    """Partners first, then invitations sent and received."""
    rows = ctx.session.scalars(
        select(Partner).where(Partner.member_id == ctx.member.id, live(ctx)).order_by(Partner.id)
    )
    entries = []
    for row in rows:
        other = other_member(ctx, row.partner_user_id, row.space_id)
        if other is not None:
            status = PartnerStatus(row.status)
            entries.append(PartnerEntry(display_name(other), other.user_id, status, row.expires_at))
    entries.sort(key=lambda e: LIST_ORDER.index(e.status))
    return PartnerList(entries, _shares(ctx.member), ctx.member.partner_notify_missed)


def _shares(member: Member) -> list[str]:
    return ["commitments", *member.partner_shares.split()]


@handles(EndPartnership)
def end_partnership(ctx: Context, command: EndPartnership) -> PartnershipEnded:
    """End it on both sides at once; what was queued about either is composed again."""
    mine = my_side(ctx, command.user)
    other = other_member(ctx, command.user, mine.space_id) if mine else None
    if mine is None or other is None:
        raise _not_found(command.user, "/partner end @dana")
    was_active = mine.status == PartnerStatus.ACTIVE
    end_both(ctx, other)
    return PartnershipEnded(display_name(other), was_active)


@handles(ShowPartner)
def show_partner(ctx: Context, command: ShowPartner) -> PartnerShown:
    """What a partner shares; anyone else, or an invitation not accepted, is not found."""
    other = _active_partner(ctx, command.user, "/partner show @ana")
    return PartnerShown(partner_view(ctx, other))


def _active_partner(ctx: Context, user_id: str, example: str) -> Member:
    mine = my_side(ctx, user_id)
    other = other_member(ctx, user_id, mine.space_id) if mine else None
    if mine is None or other is None or mine.status != PartnerStatus.ACTIVE:
        raise _not_found(user_id, example)
    return other


@handles(CheerPartner)
def cheer_partner(ctx: Context, command: CheerPartner) -> Cheered:
    """Queue a cheer or a friendly nudge to a partner: at most one of each a day (their day)."""
    word = "nudge" if command.nudge else "cheer"
    kind = NUDGE_KIND if command.nudge else "cheer"
    other = _active_partner(ctx, command.user, f"/partner {word} @ana")
    theirs = their_side(ctx, other)
    if theirs is None:
        raise _not_found(command.user, f"/partner {word} @ana")
    day = ctx.now.astimezone(zone(other.tz)).date()
    queued = queue_dm(
        ctx.session, f"{kind}:{side_key(theirs)}:{day.isoformat()}", kind, other, theirs.id, ctx.now
    )
    return Cheered(display_name(other), command.nudge, again=not queued)


@handles(SharePartnerItem)
def share_partner_item(ctx: Context, command: SharePartnerItem) -> PartnerSharing:
    """Show wins or goals to partners, or stop."""
    shares = set(ctx.member.partner_shares.split())
    if command.on:
        shares.add(command.item)
    else:
        shares.discard(command.item)
    ctx.member.partner_shares = " ".join(sorted(shares))
    return PartnerSharing(_shares(ctx.member), ctx.member.partner_notify_missed)


@handles(NotifyMissed)
def notify_missed(ctx: Context, command: NotifyMissed) -> PartnerSharing:
    """Whether a missed commitment tells the member's partners."""
    ctx.member.partner_notify_missed = command.on
    return PartnerSharing(_shares(ctx.member), command.on)
