"""What a queued DM about a partner says when it is sent: the weekly note, an invitation,
a cheer, a nudge, a missed commitment. Each is composed from what is stored at that
moment, so an ended partnership or a lapsed invitation sends nothing."""

from __future__ import annotations

from sqlalchemy import select

from core.context import Context
from core.messages import Actions, Button, ButtonStyle, Header, Reply, Text
from core.parsing import shorten
from core.present.partners import cheer_buttons, partner_blocks
from core.services.partner_view import display_name, partner_view
from core.services.partnerships import NOTE_KIND, NUDGE_KIND, live, other_member
from core.storage.models import (
    Commitment,
    CommitmentStatus,
    Delivery,
    Member,
    Partner,
    PartnerStatus,
)

# Two buttons each: within the 25 a Discord message may carry, with room to spare.
MAX_PARTNERS_IN_NOTE = 10


def partner_message(ctx: Context, delivery: Delivery) -> Reply | None:
    """The DM for a partner kind of outbox row, or None when it no longer applies."""
    if delivery.kind == NOTE_KIND:
        return weekly_note(ctx)
    if delivery.kind == "missed":
        return missed_message(ctx, delivery.source_id)
    row = ctx.session.get(Partner, delivery.source_id)
    if row is None or row.member_id != ctx.member.id:
        return None
    other = other_member(ctx, row.partner_user_id, row.space_id)
    if other is None:
        return None
    if delivery.kind == "invite":
        return invitation(ctx, row, other)
    if row.status != PartnerStatus.ACTIVE:
        return None
    if delivery.kind == "accepted":
        return accepted(ctx, other)
    return nudge(other) if delivery.kind == NUDGE_KIND else cheer(other)


def weekly_note(ctx: Context) -> Reply | None:
    """Each partner's week, with Cheer and Nudge; None without partners."""
    rows = ctx.session.scalars(
        select(Partner)
        .where(Partner.member_id == ctx.member.id, Partner.status == PartnerStatus.ACTIVE)
        .order_by(Partner.id)
        .limit(MAX_PARTNERS_IN_NOTE)
    )
    others = [other_member(ctx, row.partner_user_id, row.space_id) for row in list(rows)]
    views = [partner_view(ctx, other) for other in others if other is not None]
    if not views:
        return None
    reply = Reply([Header("🤝 Your partners this week")])
    for view in views:
        reply.add(*partner_blocks(view, full=False), cheer_buttons(view, ctx.viewer))
    return reply.add(Text("A cheer or a nudge is one tap; /partner show @name has the details."))


def invitation(ctx: Context, row: Partner, inviter: Member) -> Reply | None:
    """Accept / Decline; None once answered, withdrawn or lapsed."""
    still_open = ctx.session.scalar(select(Partner.id).where(Partner.id == row.id, live(ctx)))
    if row.status != PartnerStatus.ASKED or still_open is None:
        return None
    name = display_name(inviter)
    who = ctx.viewer.mention(inviter.user_id)
    return Reply(
        [
            Header("🤝 An accountability partner invitation"),
            Text(
                f"{name} would like you as an accountability partner. If you accept, each of "
                "you sees the other's commitments and whether they were kept, and gets a "
                "weekly note about the other; wins and goals only if shared. Nothing is "
                "shared until you accept, and either of you can end it at once."
            ),
            Actions(
                (
                    Button("Accept", f"/partner accept {who}", ButtonStyle.PRIMARY),
                    Button("Decline", f"/partner decline {who}"),
                )
            ),
        ]
    )


def accepted(ctx: Context, partner: Member) -> Reply:
    """The invitation was accepted."""
    name = display_name(partner)
    return Reply(
        [
            Text(f"🤝 {name} accepted: you are accountability partners now."),
            Actions(
                (
                    Button(
                        f"Show {shorten(name, 20)}",
                        f"/partner show {ctx.viewer.mention(partner.user_id)}",
                    ),
                )
            ),
        ]
    )


def cheer(partner: Member) -> Reply:
    """A partner's cheer."""
    return Reply([Text(f"🎉 {display_name(partner)} cheered you on!")])


def nudge(partner: Member) -> Reply:
    """A partner's friendly nudge."""
    return Reply(
        [
            Text(
                f"👋 A friendly nudge from {display_name(partner)}: how are your commitments "
                "going? One small step today counts."
            ),
            Actions((Button("My commitments", "/commit list", ButtonStyle.PRIMARY),)),
        ]
    )


def missed_message(ctx: Context, commitment_id: int) -> Reply | None:
    """A partner missed a commitment (they opted in to say so); None if no longer partners,
    no longer opted in, or the answer changed."""
    commitment = ctx.session.get(Commitment, commitment_id)
    if commitment is None or commitment.status != CommitmentStatus.MISSED:
        return None
    owner = ctx.session.get(Member, commitment.member_id)
    if owner is None or not owner.partner_notify_missed:
        return None
    side = ctx.session.scalar(
        select(Partner).where(
            Partner.member_id == ctx.member.id,
            Partner.partner_user_id == owner.user_id,
            Partner.status == PartnerStatus.ACTIVE,
        )
    )
    if side is None or other_member(ctx, owner.user_id, side.space_id) is None:
        return None
    view = partner_view(ctx, owner)
    return Reply(
        [
            Text(
                f"{view.name} missed a commitment: “{shorten(commitment.text, 100)}”. "
                "A kind word may help."
            ),
            cheer_buttons(view, ctx.viewer),
        ]
    )
