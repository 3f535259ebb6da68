"""/contact and /clients: the member's network on purpose, and freelance work per client."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select, update

from core.context import Context
from core.errors import UserError
from core.messages import Header, Items, Reply, Text
from core.models import Contact, Entry, Goal, Reminder
from core.parsing import (
    pick_subcommand,
    require_text,
    shorten,
    split_fields,
    take_flag,
    unescape,
)
from core.scheduling.rules import wall_to_utc
from core.services.checkins import local_time_text

CONTACT_EXAMPLE = "/contact add Dana Kim at: KubeCon 2026 notes: runs the platform team --important"
FOLLOW_UP_DAYS = 3
IMPORTANT_NUDGE_DAYS = 90
NUDGE_TIME_HOUR = 10


def handle_contact(ctx: Context, args: str) -> Reply:
    """``/contact add|list|touch``."""
    handler, rest = pick_subcommand(CONTACT_SUBCOMMANDS, args, "contact", CONTACT_EXAMPLE, "list")
    return handler(ctx, rest)


def add_contact(ctx: Context, args: str) -> Reply:
    """Save a contact; a follow-up reminder comes a few days after meeting at an event."""
    text, important = take_flag(args, "--important")
    text, is_client = take_flag(text, "--client")
    name, fields = split_fields(text, ("at", "notes", "nudge"))
    name = require_text(name, "title", "contact's name", CONTACT_EXAMPLE)[:100]
    nudge = _nudge_days(fields.get("nudge"), important)
    contact = Contact(
        member_id=ctx.member.id,
        number=ctx.next_number("contact_seq"),
        name=name,
        where_met=unescape(fields.get("at") or "")[:200] or None,
        notes=unescape(fields.get("notes") or "") or None,
        important=important or nudge is not None,
        nudge_days=nudge,
        is_client=is_client,
        last_touched_at=ctx.now,
        touches=0,
        created_at=ctx.now,
    )
    ctx.session.add(contact)
    ctx.session.flush()
    reply = Reply(
        [
            Text(
                f"🤝 Contact #{contact.number} saved: {name}"
                + (f" (met at {contact.where_met})" if contact.where_met else "")
            )
        ]
    )
    if contact.where_met:
        when = _remind(
            ctx, contact, FOLLOW_UP_DAYS, f"Follow up with {name} (met at {contact.where_met})."
        )
        reply.add(Text(f"I'll remind you to follow up {local_time_text(ctx, when)}."))
    if contact.nudge_days:
        _schedule_nudge(ctx, contact)
        reply.add(Text(f"If you haven't talked in {contact.nudge_days} days, I'll nudge you."))
    if is_client:
        recount_client_goals(ctx)
    return reply


def _nudge_days(value: str | None, important: bool) -> int | None:
    if value:
        digits = "".join(ch for ch in value if ch.isdigit())[:4]
        if not digits or not 7 <= int(digits) <= 730:
            raise UserError("Nudge after 7 to 730 days.", "/contact add Dana Kim nudge: 60 days")
        return int(digits)
    return IMPORTANT_NUDGE_DAYS if important else None


def _remind(
    ctx: Context, contact: Contact, days: int, text: str, kind: str = "contact"
) -> datetime:
    """A reminder about this contact, `days` from today at the nudge hour, local time."""
    when = wall_to_utc(ctx.today + timedelta(days=days), time(NUDGE_TIME_HOUR), ctx.tz)
    ctx.session.add(
        Reminder(
            member_id=ctx.member.id,
            kind=kind,
            text=text[:500],
            due_at=when,
            status="pending",
            contact_id=contact.id,
            created_at=ctx.now,
        )
    )
    return when


def _cancel(ctx: Context, contact: Contact, kind: str) -> None:
    ctx.session.execute(
        update(Reminder)
        .where(
            Reminder.contact_id == contact.id,
            Reminder.kind == kind,
            Reminder.status == "pending",
        )
        .values(status="cancelled")
    )


def _schedule_nudge(ctx: Context, contact: Contact) -> None:
    """The next nudge for an important contact, counted from now."""
    _cancel(ctx, contact, "nudge")
    if contact.nudge_days:
        text = (
            f"It has been {contact.nudge_days} days since you talked with "
            f"{contact.name}. A quick hello?"
        )
        _remind(ctx, contact, contact.nudge_days, text, "nudge")


def find_contact(ctx: Context, word: str) -> Contact:
    """A contact by number or by (the start of) their name."""
    example = "/contact touch Dana"
    text = word.strip()
    if not text:
        raise UserError("Who did you talk with?", example)
    query = select(Contact).where(Contact.member_id == ctx.member.id)
    if text.lstrip("#").isdigit() and text.isascii():
        found = ctx.session.scalar(query.where(Contact.number == int(text.lstrip("#")[:9])))
    else:
        matches = ctx.session.scalars(
            query.where(func.lower(Contact.name).startswith(text.lower()))
        ).all()
        if len(matches) > 1:
            names = ", ".join(f"#{c.number} {c.name}" for c in matches[:5])
            raise UserError(
                f"Several contacts match “{shorten(text, 30)}”: {names}. Use the number.",
                "/contact touch 2",
            )
        found = matches[0] if matches else None
    if found is None:
        raise UserError(f"No contact “{shorten(text, 30)}”. /contact list shows yours.", example)
    return found


def touch_contact(ctx: Context, args: str) -> Reply:
    """A conversation happened: the clock for the next nudge starts again."""
    contact = find_contact(ctx, args)
    contact.last_touched_at = ctx.now
    contact.touches += 1
    _cancel(ctx, contact, "contact")
    _schedule_nudge(ctx, contact)
    return Reply([Text(f"✅ Noted: you talked with {contact.name}. Keep it going.")])


def list_contacts(ctx: Context, _args: str) -> Reply:
    """Contacts, the longest untouched first."""
    contacts = ctx.session.scalars(
        select(Contact).where(Contact.member_id == ctx.member.id).order_by(Contact.last_touched_at)
    ).all()
    lines = tuple(_contact_line(c, ctx.now.date()) for c in contacts)
    return Reply([Items("Your network", lines, f"nobody yet. {CONTACT_EXAMPLE}")])


def _contact_line(contact: Contact, today: date) -> str:
    days = (today - contact.last_touched_at.date()).days
    star = "★ " if contact.important else ""
    client = " · client" if contact.is_client else ""
    met = f" · met at {contact.where_met}" if contact.where_met else ""
    return f"#{contact.number} {star}{contact.name}{met}{client} · last talked {days} days ago"


def quarter_start(day: date) -> date:
    """The first day of the day's quarter."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def networking_line(ctx: Context) -> str:
    """``3 met, 5 follow-ups this quarter`` for /progress."""
    since = wall_to_utc(quarter_start(ctx.today), time(0), ctx.tz)
    met = ctx.session.scalar(
        select(func.count())
        .select_from(Contact)
        .where(Contact.member_id == ctx.member.id, Contact.created_at >= since)
    )
    touched = ctx.session.scalar(
        select(func.count())
        .select_from(Contact)
        .where(
            Contact.member_id == ctx.member.id,
            Contact.last_touched_at >= since,
            Contact.touches > 0,
        )
    )
    return f"{met or 0} met, {touched or 0} followed up this quarter"


def handle_clients(ctx: Context, args: str) -> Reply:
    """Wins per client this ``year``, ``quarter`` or ``all``, for invoices and testimonials."""
    period = args.strip().lower() or "year"
    starts = {
        "year": date(ctx.today.year, 1, 1),
        "quarter": quarter_start(ctx.today),
        "all": date(1970, 1, 1),
    }
    if period not in starts:
        raise UserError("Summarise this year, this quarter or all.", "/clients quarter")
    wins = ctx.session.scalars(
        select(Entry)
        .where(
            Entry.member_id == ctx.member.id,
            Entry.client.is_not(None),
            Entry.local_date >= starts[period],
        )
        .order_by(Entry.local_date)
    ).all()
    grouped: dict[str, list[Entry]] = defaultdict(list)
    for win in wins:
        grouped[win.client or ""].append(win)
    reply = Reply([Header(f"Work per client ({period})")])
    if not grouped:
        reply.add(
            Text(
                "No wins with a client yet. Tag them: /win Shipped the checkout revamp client:acme"
            )
        )
    for client, entries in sorted(grouped.items()):
        lines = tuple(
            f"{e.local_date.isoformat()} {shorten(e.text, 90)}"
            + (f" → {shorten(e.outcome, 60)}" if e.outcome else "")
            for e in entries
        )
        reply.add(Items(f"{client} ({len(entries)} wins)", lines))
    return reply


def known_clients(ctx: Context) -> dict[str, datetime]:
    """Each client the member has, with when it first appeared."""
    first: dict[str, datetime] = {}
    for name, created in ctx.session.execute(
        select(func.lower(Entry.client), func.min(Entry.created_at))
        .where(Entry.member_id == ctx.member.id, Entry.client.is_not(None))
        .group_by(func.lower(Entry.client))
    ):
        first[name] = created
    for name, created in ctx.session.execute(
        select(func.lower(Contact.name), Contact.created_at).where(
            Contact.member_id == ctx.member.id, Contact.is_client.is_(True)
        )
    ):
        first.setdefault(name, created)
    return first


def recount_client_goals(ctx: Context) -> None:
    """Client-acquisition goals (a measure about clients) count new clients by themselves."""
    goals = ctx.session.scalars(
        select(Goal).where(
            Goal.member_id == ctx.member.id,
            Goal.status == "active",
            Goal.measure_target.is_not(None),
        )
    ).all()
    client_goals = [g for g in goals if g.measure and "client" in g.measure.lower()]
    if not client_goals:
        return
    ctx.session.flush()
    first_seen = known_clients(ctx)
    for goal in client_goals:
        goal.measure_current = float(
            sum(1 for seen in first_seen.values() if seen >= goal.created_at)
        )


CONTACT_SUBCOMMANDS: dict[str, Callable[[Context, str], Reply]] = {
    "add": add_contact,
    "list": list_contacts,
    "touch": touch_contact,
}
