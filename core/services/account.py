"""The member's own settings: /tz, /share and /forget-me."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import delete, select, update

from core.context import Context
from core.errors import UserError
from core.messages import Actions, Button, Fields, Header, Reply, Text
from core.models import (
    Contact,
    Delivery,
    Digest,
    Entry,
    Goal,
    Member,
    Membership,
    Milestone,
    Pause,
    PromptLog,
    Reminder,
    Schedule,
    Skill,
)
from core.parsing import split_first
from core.scheduling.planner import replan_member
from core.timezones import canonical_timezone

FORGET_WINDOW = timedelta(minutes=10)


def handle_tz(ctx: Context, args: str) -> Reply:
    """Show or set the member's IANA time zone."""
    if not args.strip():
        local = ctx.local_now.strftime("%H:%M on %A")
        return Reply([Text(f"Your time zone is {ctx.member.tz} (it is {local} there).")])
    ctx.member.tz = canonical_timezone(args)
    ctx.member.tz_set_by_member = True
    replan_member(ctx.session, ctx.member, ctx.now)
    local = ctx.local_now.strftime("%H:%M on %A %d %B")
    return Reply([Text(f"Time zone set to {ctx.member.tz}. It is {local} there.")])


def handle_share(ctx: Context, _args: str) -> Reply:
    """What the member shares with team digests, and how to change it."""
    goals = ctx.session.scalars(
        select(Goal.number).where(Goal.member_id == ctx.member.id, Goal.shared.is_(True))
    ).all()
    entries = ctx.session.scalars(
        select(Entry.number).where(Entry.member_id == ctx.member.id, Entry.shared.is_(True))
    ).all()
    return Reply(
        [
            Header("What you share"),
            Text(
                "Everything is private unless you mark it shareable. Only shared goals and "
                "entries can appear in a team digest; nobody is listed for staying quiet."
            ),
            Fields(
                (
                    ("Shared goals", _numbers(goals)),
                    ("Shared entries", _numbers(entries)),
                )
            ),
            Text(
                "Change it: /goal share 2, /goal unshare 2, /win share 14, /win unshare 14, "
                "or log a win with --share."
            ),
        ]
    )


def _numbers(numbers: Sequence[int]) -> str:
    return ", ".join(f"#{n}" for n in numbers) if numbers else "none"


def handle_forget_me(ctx: Context, args: str) -> Reply:
    """Ask for confirmation, then delete everything the member owns."""
    confirm = split_first(args)[0] == "confirm"
    requested = ctx.member.forget_requested_at
    if not confirm:
        ctx.member.forget_requested_at = ctx.now
        return Reply(
            [
                Header("Delete all your coachbot data?"),
                Text(
                    "This removes your goals, milestones, journal, wins and settings for good. "
                    "Consider /export json first. To go ahead within 10 minutes, confirm:"
                ),
                Actions((Button("Delete everything", "/forget-me confirm", "danger"),)),
                Text("/forget-me confirm"),
            ]
        )
    if requested is None or ctx.now - requested > FORGET_WINDOW:
        raise UserError("Ask first with /forget-me, then confirm within 10 minutes.", "/forget-me")
    forget_member(ctx, ctx.member)
    return Reply([Text("Done. Everything coachbot kept about you is deleted.")])


def forget_member(ctx: Context, member: Member) -> None:
    """Delete a member and every row they own."""
    session = ctx.session
    goal_ids = select(Goal.id).where(Goal.member_id == member.id).scalar_subquery()
    for table in (Delivery, Reminder, Pause, Schedule, Entry, Membership, Skill, Contact):
        session.execute(delete(table).where(table.member_id == member.id))
    session.execute(delete(Milestone).where(Milestone.goal_id.in_(goal_ids)))
    session.execute(delete(Goal).where(Goal.member_id == member.id))
    session.execute(delete(PromptLog).where(PromptLog.member_id == member.id))
    session.execute(
        update(Digest)
        .where(
            Digest.platform == member.platform,
            Digest.workspace_id == member.workspace_id,
            Digest.created_by == member.user_id,
        )
        .values(created_by="")
    )
    session.execute(delete(Member).where(Member.id == member.id))
    session.expunge_all()
