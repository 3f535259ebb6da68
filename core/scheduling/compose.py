"""What a queued occurrence says when it is sent: check-in, plan review or reminder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Executable, bindparam, select, update
from sqlalchemy.orm import Session

from core.context import Context, Options
from core.messages import (
    Actions,
    Attachment,
    Button,
    ButtonStyle,
    Form,
    Header,
    Items,
    Progress,
    Reply,
    Text,
    reply_to_dict,
)
from core.parsing import relative_days, shorten
from core.present.brag import brag_markdown
from core.present.commitments import (
    ANSWER_HINT,
    COMMIT_QUESTION,
    answer_buttons,
    commitment_line,
    idle_goal_question,
)
from core.present.progress import due_lines
from core.prompts import PromptLibrary
from core.scheduling.batch import Away, Batch, ScheduleState
from core.scheduling.partner_notes import partner_message
from core.scheduling.planner import after_pause
from core.services.digests import digest_post
from core.services.export import brag_content
from core.services.follow_through import goal_without_commitment
from core.services.goals import goal_progress
from core.services.journal import OUTCOME_KEY, assign_prompt
from core.services.partnerships import PARTNER_KINDS
from core.services.progress import active_goals, due_milestones
from core.storage.models import (
    Commitment,
    CommitmentStatus,
    Contact,
    Delivery,
    DeliveryStatus,
    Digest,
    Entry,
    Goal,
    Member,
    Milestone,
    Pause,
    Reminder,
    ReminderStatus,
    Schedule,
    Skill,
)
from core.time.zones import zone

MAX_GOALS_SHOWN = 5
MAX_COMMITMENTS_SHOWN = 10
# A row of five buttons each, plus the check-in's row: within the five rows a Discord
# message may carry.
MAX_COMMITMENT_BUTTONS = 4
MAX_REVIEW_GOALS = 10
CHECKIN_KINDS = frozenset({"checkin", "review", "snooze"})


# The row, its member, the member's schedules and the pauses that may cover it, in one
# statement built once: it runs before every send, so it reads plain columns, not objects.
RECHECK_ROW = (
    select(
        Delivery.payload.is_not(None).label("rendered"),
        Delivery.kind,
        Delivery.source_id,
        Member.id.label("member_id"),
        Member.tz,
        Schedule.id.label("schedule_id"),
        Schedule.kind.label("schedule_kind"),
        Schedule.enabled,
        Pause.start_date,
        Pause.end_date,
    )
    .select_from(Delivery)
    .outerjoin(Member, Delivery.member_id == Member.id)
    .outerjoin(Schedule, Schedule.member_id == Member.id)
    .outerjoin(Pause, (Pause.member_id == Member.id) & (Pause.end_date >= bindparam("earliest")))
    .where(Delivery.id == bindparam("checked"))
    .order_by(Schedule.id, Pause.id)
)
MARK_SKIPPED = (
    update(Delivery)
    .where(Delivery.id == bindparam("row"))
    .values(
        status=DeliveryStatus.SKIPPED, reason=bindparam("why"), claimed_by=None, lease_until=None
    )
)


@dataclass(frozen=True, slots=True)
class Due:
    """What a queued row is judged by: its kind and source, its occurrence, and its
    member (None for a channel post)."""

    kind: str
    source_id: int | None
    occurrence_at: datetime
    member_id: int | None
    tz: str

    @classmethod
    def of(cls, delivery: Delivery, member: Member | None) -> Due:
        member_id, tz = (member.id, member.tz) if member is not None else (None, "UTC")
        return cls(delivery.kind, delivery.source_id, delivery.occurrence_at, member_id, tz)


def still_to_send(
    connection: Connection,
    delivery_id: int,
    occurrence_at: datetime,
    now: datetime,
    recheck: Executable = RECHECK_ROW,
    **params: Any,
) -> bool:
    """Just before a send: whether the claimed row (of that occurrence) should still go
    out. A row the member has since paused, switched off or deleted (forget-me) is marked
    skipped with the reason, or is gone; its outcome must then not be recorded over that.
    `recheck` is RECHECK_ROW, or RECHECK_ROW carrying another statement along in the same
    round trip (with its `params`)."""
    earliest = earliest_day(occurrence_at, now)
    params |= {"checked": delivery_id, "earliest": earliest}
    found = connection.execute(recheck, params).all()
    if not found:
        return False
    first = found[0]
    if not first.rendered:
        # Scrubbed since it was prepared (forget-me): still claimed, it is composed
        # again at the next claim, from what is stored now.
        return False
    batch = Batch()
    if first.member_id is not None:
        batch.schedules[first.member_id] = list(
            {
                r.schedule_id: ScheduleState(r.schedule_id, r.schedule_kind, r.enabled)
                for r in found
                if r.schedule_id is not None
            }.values()
        )
        batch.pauses[first.member_id] = list(
            dict.fromkeys(Away(r.start_date, r.end_date) for r in found if r.start_date is not None)
        )
    due = Due(first.kind, first.source_id, occurrence_at, first.member_id, first.tz or "UTC")
    reason = skip_reason(connection, due, now, batch)
    if reason is None:
        return True
    connection.execute(MARK_SKIPPED, {"row": delivery_id, "why": reason})
    return False


def earliest_day(occurrence_at: datetime, now: datetime) -> date:
    """A day no pause that matters to a row can end before, in any zone."""
    return (min(occurrence_at, now) - timedelta(days=1)).date()


def skip_reason(connection: Connection, due: Due, now: datetime, batch: Batch) -> str | None:
    """Why a queued row must not be sent after all, judged on what the member said since
    it was queued: check-ins off, a pause on its day or today, a digest switched off.
    Plain statements (it runs before every send); a paused reminder is moved with one."""
    if due.member_id is None:
        if due.kind != "digest":
            return None
        enabled = connection.scalar(select(Digest.enabled).where(Digest.id == due.source_id))
        return None if enabled is None or enabled else "digest is off"
    if due.kind in CHECKIN_KINDS and not _checkins_on(batch, due, due.member_id):
        return "check-ins are off"
    tz = zone(due.tz)
    days = (due.occurrence_at.astimezone(tz).date(), now.astimezone(tz).date())
    # A pause on the occurrence's local day or on today's (a late retry counts too).
    pause = batch.pause_covering(due.member_id, days)
    if pause is None:
        return None
    due_at = None
    if due.kind == "reminder":
        due_at = connection.scalar(select(Reminder.due_at).where(Reminder.id == due.source_id))
    if due_at is None:
        return "paused"
    # The member's own reminder is not dropped: it waits until they are back.
    connection.execute(
        update(Reminder)
        .where(Reminder.id == due.source_id)
        .values(status=ReminderStatus.PENDING, due_at=after_pause(due_at, pause, tz, now))
    )
    return "paused; the reminder waits until the pause ends"


def _checkins_on(batch: Batch, due: Due, member_id: int) -> bool:
    if due.kind == "snooze":  # a snoozed check-in comes from a reminder row
        schedule = batch.checkin_schedule(member_id)
    else:
        schedule = batch.schedule_by_id(member_id, due.source_id)
    return schedule is not None and schedule.enabled


def render_payload(
    session: Session,
    delivery: Delivery,
    member: Member | None,
    now: datetime,
    prompts: PromptLibrary,
    options: Options,
    batch: Batch,
) -> dict[str, Any] | None:
    """What an outbox row will send, as stored JSON: a DM for a member, or a channel post
    with details; None when it no longer applies."""
    if member is None:
        return _digest_payload(session, delivery, options)
    ctx = Context(session, member, now, prompts, options)
    reply = render_delivery(ctx, delivery, batch)
    if reply is None:
        return None
    return {
        "workspace_id": member.workspace_id,
        "user_id": member.user_id,
        "reply": reply_to_dict(reply),
    }


def _digest_payload(
    session: Session, delivery: Delivery, options: Options
) -> dict[str, Any] | None:
    traits = options.traits(delivery.platform)
    found = digest_post(session, delivery, traits) if delivery.kind == "digest" else None
    if found is None:
        return None
    digest, post = found
    return {
        "workspace_id": digest.workspace_id,
        "channel_id": digest.channel_id,
        "reply": reply_to_dict(post.summary),
        "details": [reply_to_dict(d) for d in post.details],
    }


def render_delivery(ctx: Context, delivery: Delivery, batch: Batch) -> Reply | None:
    """The message for an outbox row, or None when it no longer applies."""
    if delivery.kind in ("checkin", "snooze"):
        return checkin_message(ctx, batch, reuse_pending=delivery.kind == "snooze")
    if delivery.kind == "review":
        return review_message(ctx)
    if delivery.kind in PARTNER_KINDS:
        return partner_message(ctx, delivery)
    reminder = ctx.session.get(Reminder, delivery.source_id)
    if reminder is None:
        return None
    if delivery.kind == "reminder":
        return reminder_message(reminder)
    if delivery.kind in ("contact", "nudge"):
        return contact_message(ctx, reminder)
    if delivery.kind == "outcome":
        return outcome_question(ctx, reminder)
    if delivery.kind == "commitment":
        return commitment_reminder(ctx, reminder)
    return due_message(ctx, reminder)


def contact_message(ctx: Context, reminder: Reminder) -> Reply | None:
    """A follow-up after an event, or a nudge to stay in touch."""
    contact = ctx.session.get(Contact, reminder.contact_id) if reminder.contact_id else None
    if contact is None:
        return None
    touched = Button("We talked", f"/contact touch {contact.number}", ButtonStyle.PRIMARY)
    return Reply([Text(f"🤝 {reminder.text}"), Actions((touched,))])


def commitment_reminder(ctx: Context, reminder: Reminder) -> Reply | None:
    """The morning of a commitment's day; None if it was answered, dropped or moved."""
    found = ctx.session.get(Commitment, reminder.commitment_id) if reminder.commitment_id else None
    if found is None or found.status != CommitmentStatus.OPEN or found.due_date != ctx.today:
        return None
    return Reply(
        [
            Text(f"🤝 Today is the day you committed to: {commitment_line(found, ctx.today)}."),
            answer_buttons(found),
        ]
    )


def outcome_question(ctx: Context, reminder: Reminder) -> Reply | None:
    """Weeks after a win: what came of it? The next plain reply becomes its outcome."""
    entry = ctx.session.get(Entry, reminder.entry_id) if reminder.entry_id else None
    if entry is None or entry.outcome:
        return None
    ctx.member.awaiting_prompt_key = f"{OUTCOME_KEY}{entry.number}"
    ctx.member.awaiting_since = ctx.now
    return Reply(
        [
            Header("📈 What came of it?"),
            Text(f"On {entry.local_date.isoformat()} you logged: {shorten(entry.text, 300)}"),
            Text("Reply with the result (numbers help); it goes into your brag document."),
        ]
    )


def checkin_message(ctx: Context, batch: Batch, reuse_pending: bool) -> Reply:
    """A check-in DM: commitments that came due, a reflection prompt, active goals, what
    is due, actions, and what the member will commit to next (read for the whole batch)."""
    member_id = ctx.member.id
    prompt = assign_prompt(ctx, reuse_pending=reuse_pending, recent=batch.prompts[member_id])
    reply = Reply([Header("👋 Check-in time")])
    _add_due_commitments(ctx, reply, batch.due_commitments(member_id, ctx.today))
    reply.add(Text(prompt.text))
    goals = batch.goals[member_id]
    for goal in goals[:MAX_GOALS_SHOWN]:
        fraction, detail = goal_progress(goal)
        reply.add(Progress(f"#{goal.number} {shorten(goal.title, 50)}", fraction, detail))
    soon = due_lines(due_milestones(goals, ctx.today), ctx.today)
    if soon:
        reply.add(Items("Due soon", soon))
    reply.add(Text("Reply with your answer; it goes into your private journal."))
    ctx.member.commitment_asked_at = ctx.now
    reply.add(
        Text(
            f"Then: {COMMIT_QUESTION} Your next reply after the answer becomes a commitment "
            "(or /commit <what> by <day>)."
        )
    )
    idle = goal_without_commitment(
        goals, batch.last_commitment, batch.pauses[member_id], ctx.today, ctx.tz
    )
    if idle is not None:
        reply.add(Text(idle_goal_question(idle)))
    reply.add(
        Actions(
            (
                Button("Answer", "/checkin answer", ButtonStyle.PRIMARY, Form.ANSWER),
                Button("Snooze 1 hour", "/checkin snooze 1h"),
                Button("Tomorrow", "/checkin snooze tomorrow"),
                Button("Skip this one", "/checkin skip"),
                Button("Pause for vacation", "/vacation", form=Form.VACATION),
            )
        )
    )
    return reply


def _add_due_commitments(ctx: Context, reply: Reply, due: list[Commitment]) -> None:
    """The open commitments that have come due, each with Done / Partly / Missed."""
    if not due:
        return
    lines = tuple(commitment_line(c, ctx.today) for c in due[:MAX_COMMITMENTS_SHOWN])
    reply.add(Items("How did these go?", lines))
    for commitment in due[:MAX_COMMITMENT_BUTTONS]:
        reply.add(answer_buttons(commitment))
    reply.add(Text(ANSWER_HINT))


def review_message(ctx: Context) -> Reply:
    """The quarterly plan review: each goal (keep / done / drop), the target role and the
    skills; January's is the yearly review, with last year's brag document to finish."""
    yearly = ctx.today.month == 1
    reply = Reply([Header("🧭 Yearly review" if yearly else "🧭 Quarterly plan review")])
    if yearly:
        _add_yearly(ctx, reply)
    _add_career(ctx, reply)
    return _add_goal_review(ctx, reply)


def _add_career(ctx: Context, reply: Reply) -> None:
    target = ctx.member.target_role
    reply.add(
        Text(
            f"🎯 Target role: {target}. Still the one?"
            if target
            else "🎯 No target role yet: /target <role>"
        )
    )
    skills = ctx.session.scalars(
        select(Skill)
        .where(Skill.member_id == ctx.member.id, Skill.status != "have")
        .order_by(Skill.number)
    ).all()
    if skills:
        lines = tuple(f"#{s.number} {s.name}: {s.status}" for s in skills[:10])
        reply.add(Items("Skills to close the gap (/skill update N have when done)", lines))


def _add_yearly(ctx: Context, reply: Reply) -> None:
    year = ctx.today.year - 1
    missing = ctx.session.scalars(
        select(Entry)
        .where(
            Entry.member_id == ctx.member.id,
            Entry.kind == "win",
            Entry.outcome.is_(None),
            Entry.local_date >= date(year, 1, 1),
            Entry.local_date <= date(year, 12, 31),
        )
        .order_by(Entry.local_date)
        .limit(10)
    ).all()
    reply.add(
        Text(f"Here is the draft of your {year} brag document. Fill in what came of these wins:")
    )
    reply.add(
        Items(
            "Outcomes to add",
            tuple(f"/win outcome {e.number} … ({shorten(e.text, 60)})" for e in missing),
            "none: well done",
        )
    )
    reply.attachments.append(
        Attachment(f"brag-{year}-draft.md", brag_markdown(brag_content(ctx, year)), "text/markdown")
    )
    reply.add(
        Text(f"Then set your goals for {ctx.today.year}: /goal add … by {ctx.today.year}-12-31")
    )


def _add_goal_review(ctx: Context, reply: Reply) -> Reply:
    goals = active_goals(ctx)
    if not goals:
        reply.add(Text("You have no active goals. What do you want to be true in a year?"))
        return reply.add(Text("/goal add Become a certified AWS Solutions Architect by 2027-03-31"))
    reply.add(
        Text(
            "A plan needs a look now and then. For each goal: keep it, adjust the "
            "date (/goal edit N by <date>), mark it done, or drop it."
        )
    )
    for goal in goals[:MAX_REVIEW_GOALS]:
        reply.add(_review_goal(goal))
        n = goal.number  # in the labels too: Discord shows the rows under all the goals
        reply.add(
            Actions(
                (
                    Button(f"Keep #{n}", f"/goal keep {n}"),
                    Button(f"Done #{n}", f"/goal done {n}", ButtonStyle.PRIMARY),
                    Button(f"Drop #{n}", f"/goal drop {n}", ButtonStyle.DANGER),
                )
            )
        )
    return reply


def _review_goal(goal: Goal) -> Progress:
    fraction, detail = goal_progress(goal)
    due = f" · due {goal.deadline.isoformat()}" if goal.deadline else " · no deadline"
    return Progress(f"#{goal.number} {shorten(goal.title, 60)}", fraction, detail + due)


def reminder_message(reminder: Reminder) -> Reply:
    """The member's own reminder, with a one-tap snooze."""
    reply = Reply([Text(f"⏰ Reminder: {reminder.text}")])
    if reminder.number:
        reply.add(Actions((Button("Again in an hour", f"/remind again {reminder.number}"),)))
    return reply


def due_message(ctx: Context, reminder: Reminder) -> Reply | None:
    """A milestone or goal deadline coming up; None if it was done or dropped meanwhile."""
    goal = ctx.session.get(Goal, reminder.goal_id) if reminder.goal_id else None
    if goal is None or goal.status != "active":
        return None
    milestone = ctx.session.get(Milestone, reminder.milestone_id) if reminder.milestone_id else None
    if milestone is not None:
        if milestone.done_at is not None or milestone.due is None:
            return None
        what = f"Milestone {goal.number}.{milestone.number} “{shorten(milestone.title, 80)}”"
        done = f"/goal milestone {goal.number} done {milestone.number}"
        return _due_reply(what, milestone.due, ctx.today, done)
    if goal.deadline is None:
        return None
    what = f"Goal #{goal.number} “{shorten(goal.title, 80)}”"
    return _due_reply(what, goal.deadline, ctx.today, f"/goal done {goal.number}")


def _due_reply(what: str, due: date, today: date, done_command: str) -> Reply:
    days = (due - today).days
    when = relative_days(days)
    return Reply(
        [
            Text(f"📅 {what} is due {when} ({due.isoformat()})."),
            Actions((Button("Mark done", done_command, ButtonStyle.PRIMARY),)),
        ]
    )
