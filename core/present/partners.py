"""Partner results as replies, and the lines a partner reads about a member."""

from __future__ import annotations

from core.commands.partners import INVITATION_DAYS, INVITE_EXAMPLE
from core.messages import Actions, Block, Button, ButtonStyle, Header, Items, Reply, Text
from core.parsing import count_of, shorten
from core.present import Viewer, presents
from core.present.commitments import due_text
from core.services.checkins import local_time_text
from core.services.partner_view import PartnerView
from core.services.partners import (
    Cheered,
    InvitationAnswered,
    Invited,
    PartnerList,
    PartnerSharing,
    PartnershipEnded,
    PartnerShown,
)
from core.storage.models import PartnerStatus

MAX_OPEN_IN_NOTE = 3


def week_line(view: PartnerView) -> str:
    """``Ana kept 3 of 4 commitments this week; open: Finish chapter 3, Book the exam``."""
    week = view.week
    if week.counted:
        head = f"{view.name} kept {week.kept} of {count_of(week.counted, 'commitment')} this week"
    else:
        head = f"{view.name} had no commitments come due this week"
    if view.away:
        head += " (away part of the week: nothing due then counts as missed)"
    opened = [shorten(c.text, 50) for c in view.open[:MAX_OPEN_IN_NOTE]]
    more = len(view.open) - len(opened)
    tail = f"; open: {', '.join(opened)}" + (f" and {more} more" if more > 0 else "")
    return head + (tail if opened else "") + "."


def cheer_buttons(view: PartnerView, viewer: Viewer) -> Actions:
    """Cheer / Nudge for one partner."""
    who = viewer.mention(view.user_id)
    return Actions(
        (
            Button(f"Cheer {shorten(view.name, 20)}", f"/partner cheer {who}", ButtonStyle.PRIMARY),
            Button(f"Nudge {shorten(view.name, 20)}", f"/partner nudge {who}"),
        )
    )


def partner_blocks(view: PartnerView, full: bool) -> list[Block]:
    """What a partner sees: the week; with ``full``, each open commitment and, when shared,
    wins and goals."""
    blocks: list[Block] = [Text(week_line(view))]
    if not full:
        return blocks
    lines = tuple(
        f"{shorten(c.text, 80)} · due {due_text(c.due_date, view.today)}" for c in view.open
    )
    blocks.append(Items("Open commitments", lines, "none open"))
    if view.wins is not None:
        wins = tuple(f"{w.local_date.isoformat()} {shorten(w.text, 80)}" for w in view.wins)
        blocks.append(Items("Wins this week", wins, "none this week"))
    if view.goals is not None:
        goals = tuple(shorten(g.title, 80) for g in view.goals)
        blocks.append(Items("Goals", goals, "no active goals"))
    return blocks


@presents(Invited)
def invited(result: Invited, viewer: Viewer) -> Reply:
    """The invitation is on its way; nothing is shared until it is accepted."""
    return Reply(
        [
            Text(
                f"🤝 Invitation sent to {result.name}. Nothing is shared until they accept; "
                f"the invitation lapses on {local_time_text(viewer, result.until)} "
                f"({INVITATION_DAYS} days)."
            )
        ]
    )


@presents(InvitationAnswered)
def invitation_answered(result: InvitationAnswered, _viewer: Viewer) -> Reply:
    """Partners now, or the invitation is gone."""
    if not result.accepted:
        return Reply([Text(f"Declined: nothing is shared between you and {result.name}.")])
    return Reply(
        [
            Text(
                f"🤝 You and {result.name} are accountability partners. Each of you sees the "
                "other's commitments and whether they were kept, plus a weekly note; wins and "
                "goals only if shared (/partner share wins on). /partner end ends it at once."
            )
        ]
    )


@presents(PartnerList)
def partner_list(result: PartnerList, viewer: Viewer) -> Reply:
    """Partners, then invitations, then what partners see."""
    lines = []
    for entry in result.entries:
        if entry.status == PartnerStatus.ACTIVE:
            lines.append(f"{entry.name} · partner · /partner show {viewer.mention(entry.user_id)}")
        elif entry.status == PartnerStatus.INVITED:
            until = local_time_text(viewer, entry.until)
            lines.append(f"{entry.name} · invited, waiting for an answer until {until}")
        else:
            lines.append(
                f"{entry.name} · invited you · /partner accept {viewer.mention(entry.user_id)}"
            )
    missed = "on" if result.notify_missed else "off"
    return Reply(
        [
            Header("🤝 Accountability partners"),
            Items("Partners and invitations", tuple(lines), f"none yet: {INVITE_EXAMPLE}"),
            Text(
                f"Partners see your {', '.join(result.shares)}. A missed commitment tells "
                f"them: {missed} (/partner notify-missed on|off)."
            ),
        ]
    )


@presents(PartnershipEnded)
def partnership_ended(result: PartnershipEnded, _viewer: Viewer) -> Reply:
    """Ended at once."""
    what = "Partnership" if result.was_active else "Invitation"
    return Reply(
        [Text(f"{what} with {result.name} ended: nothing more is shared or sent either way.")]
    )


@presents(PartnerShown)
def partner_shown(result: PartnerShown, viewer: Viewer) -> Reply:
    """A partner's week, open commitments and what else they share."""
    view = result.view
    reply = Reply([Header(f"🤝 {shorten(view.name, 60)}")])
    reply.add(*partner_blocks(view, full=True), cheer_buttons(view, viewer))
    return reply


@presents(Cheered)
def cheered(result: Cheered, _viewer: Viewer) -> Reply:
    """Sent, or already sent today."""
    what = "nudge" if result.nudge else "cheer"
    if result.again:
        return Reply([Text(f"{result.name} already has a {what} from you today; one a day.")])
    return Reply([Text(f"Your {what} is on its way to {result.name}.")])


@presents(PartnerSharing)
def partner_sharing(result: PartnerSharing, _viewer: Viewer) -> Reply:
    """What partners see now."""
    missed = "on" if result.notify_missed else "off"
    return Reply(
        [
            Text(
                f"Partners now see your {', '.join(result.shares)}; a missed commitment "
                f"tells them: {missed}."
            )
        ]
    )
