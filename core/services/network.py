"""Contact handlers, and the network figures other features use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import delete, func, select, update

from core.bus import handles
from core.commands.network import (
    NUDGE_DAYS,
    NUDGE_EXAMPLE,
    NUDGE_RANGE,
    AddContact,
    EditContact,
    ListContacts,
    RemoveContact,
    TouchContact,
    nudge_example,
)
from core.context import Context
from core.errors import UserError
from core.parsing import count_of, require_text, shorten
from core.scheduling.rules import wall_to_utc
from core.services.clients import note_client, quarter_start, refresh_clients
from core.storage.models import Contact, Reminder, ReminderStatus

CONTACT_EXAMPLE = "/contact add Dana Kim at: KubeCon 2026 notes: runs the platform team --important"
FOLLOW_UP_DAYS = 3
IMPORTANT_NUDGE_DAYS = 90
NUDGE_TIME_HOUR = 10
# Reminder kinds: a follow-up after meeting someone, and a nudge when a contact goes cold.
FOLLOW_UP = "contact"
NUDGE = "nudge"


@dataclass(frozen=True)
class ContactSaved:
    """A new contact, and when the follow-up reminder comes (if they met at an event)."""

    contact: Contact
    follow_up_at: datetime | None
    client: tuple[str, str] | None = None  # (name, slug) of the client it names


@dataclass(frozen=True)
class ContactList:
    """The member's contacts, the longest untouched first."""

    contacts: list[Contact]


@dataclass(frozen=True)
class ContactTouched:
    """A contact the member just talked with."""

    contact: Contact


@dataclass(frozen=True)
class ContactEdited:
    """A contact as it is now."""

    contact: Contact


@dataclass(frozen=True)
class ContactRemoved:
    """A contact deleted, with the nudges about them."""

    contact: Contact


@handles(AddContact)
def add_contact(ctx: Context, command: AddContact) -> ContactSaved:
    """Save a contact; a follow-up reminder comes a few days after meeting at an event."""
    name = require_text(command.name, "title", "contact's name", CONTACT_EXAMPLE, "name")[:100]
    name = " ".join(name.split())
    _refuse_existing(ctx, command, name)
    nudge = _nudge_days(command.nudge_days, command.important)
    contact = Contact(
        member_id=ctx.member.id,
        number=ctx.next_number("contact_seq"),
        name=name,
        where_met=(command.where_met or "").strip()[:200] or None,
        notes=(command.notes or "").strip() or None,
        important=command.important or nudge is not None,
        nudge_days=nudge,
        is_client=command.is_client,
        last_touched_at=ctx.now,
        touches=0,
        created_at=ctx.now,
    )
    ctx.session.add(contact)
    ctx.session.flush()
    follow_up_at = None
    if contact.where_met:
        text = f"Follow up with {name} (met at {contact.where_met})."
        follow_up_at = _remind(ctx, contact, FOLLOW_UP_DAYS, text)
    if contact.nudge_days:
        _schedule_nudge(ctx, contact)
    if not contact.is_client:
        return ContactSaved(contact, follow_up_at)
    client = note_client(ctx, contact.name)
    refresh_clients(ctx)
    return ContactSaved(contact, follow_up_at, (client.name, client.slug))


def _refuse_existing(ctx: Context, command: AddContact, name: str) -> None:
    """A second contact of the same name would split their history: edit the first."""
    found = ctx.session.scalar(
        select(Contact).where(
            Contact.member_id == ctx.member.id, func.lower(Contact.name) == name.lower()
        )
    )
    if found is None:
        return
    given = [
        f"{key}: {value}"
        for key, value in (("at", command.where_met), ("notes", command.notes))
        if value
    ]
    given += [f"nudge: {command.nudge_days} days"] if command.nudge_days is not None else []
    given += [
        flag
        for flag, on in (("--important", command.important), ("--client", command.is_client))
        if on
    ]
    raise UserError(
        f"You already have {found.name} as contact #{found.number}. "
        f"Change it with /contact edit {found.number}, or add them under another name.",
        f"/contact edit {found.number} {' '.join(given) or 'notes: now CTO at Acme'}",
        "name",
    )


def _nudge_days(days: int | None, important: bool, example: str = NUDGE_EXAMPLE) -> int | None:
    """The days given (within NUDGE_DAYS), else the default for an important contact."""
    if days is None:
        return IMPORTANT_NUDGE_DAYS if important else None
    if days not in NUDGE_DAYS:
        raise UserError(
            f"“{count_of(days, 'day')}” is too {'soon' if days < NUDGE_DAYS[0] else 'long'} "
            f"for a nudge. {NUDGE_RANGE}",
            example,
            "nudge_days",
        )
    return days


def _remind(
    ctx: Context, contact: Contact, days: int, text: str, kind: str = FOLLOW_UP
) -> datetime:
    """A reminder about this contact, `days` from today at the nudge hour, local time."""
    when = wall_to_utc(ctx.today + timedelta(days=days), time(NUDGE_TIME_HOUR), ctx.tz)
    ctx.session.add(
        Reminder(
            member_id=ctx.member.id,
            kind=kind,
            text=text[:500],
            due_at=when,
            status=ReminderStatus.PENDING,
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
            Reminder.status == ReminderStatus.PENDING,
        )
        .values(status=ReminderStatus.CANCELLED)
    )


def _schedule_nudge(ctx: Context, contact: Contact) -> None:
    """The next nudge for an important contact, counted from now."""
    _cancel(ctx, contact, NUDGE)
    if contact.nudge_days:
        text = (
            f"It has been {count_of(contact.nudge_days, 'day')} since you talked with "
            f"{contact.name}. A quick hello?"
        )
        _remind(ctx, contact, contact.nudge_days, text, NUDGE)


def find_contact(ctx: Context, word: str) -> Contact:
    """A contact by number or by (the start of) their name."""
    example = "/contact touch Dana"
    text = word.strip()
    if not text:
        raise UserError("Who did you talk with?", example, "who")
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
                "who",
            )
        found = matches[0] if matches else None
    if found is None:
        raise UserError(
            f"No contact “{shorten(text, 30)}”. /contact list shows yours.", example, "who"
        )
    return found


@handles(TouchContact)
def touch_contact(ctx: Context, command: TouchContact) -> ContactTouched:
    """A conversation happened: the clock for the next nudge starts again."""
    contact = find_contact(ctx, command.who)
    contact.last_touched_at = ctx.now
    contact.touches += 1
    _cancel(ctx, contact, FOLLOW_UP)
    _schedule_nudge(ctx, contact)
    return ContactTouched(contact)


@handles(EditContact)
def edit_contact(ctx: Context, command: EditContact) -> ContactEdited:
    """Change the fields given; a new nudge period counts from the last talk."""
    contact = find_contact(ctx, command.who)
    example = f"/contact edit {contact.number} notes: now CTO at Acme"
    if command.name is not None:
        contact.name = require_text(command.name, "title", "contact's name", example, "name")[:100]
    if command.where_met is not None:
        contact.where_met = command.where_met.strip()[:200] or None
    if command.notes is not None:
        contact.notes = command.notes.strip() or None
    if command.important is not None or command.nudge_days is not None:
        important = bool(command.important) or contact.important
        days = contact.nudge_days if command.nudge_days is None else command.nudge_days
        contact.nudge_days = _nudge_days(days, important, nudge_example(str(contact.number)))
        contact.important = important or contact.nudge_days is not None
        _schedule_nudge(ctx, contact)
    if command.is_client is not None or (contact.is_client and command.name is not None):
        contact.is_client = contact.is_client if command.is_client is None else command.is_client
        if contact.is_client:
            note_client(ctx, contact.name)
        refresh_clients(ctx)
    return ContactEdited(contact)


@handles(RemoveContact)
def remove_contact(ctx: Context, command: RemoveContact) -> ContactRemoved:
    """Delete a contact and every reminder about them."""
    contact = find_contact(ctx, command.who)
    ctx.session.execute(delete(Reminder).where(Reminder.contact_id == contact.id))
    ctx.session.delete(contact)
    ctx.session.flush()
    if contact.is_client:
        refresh_clients(ctx)
    return ContactRemoved(contact)


@handles(ListContacts)
def list_contacts(ctx: Context, _command: ListContacts) -> ContactList:
    """Contacts, the longest untouched first."""
    contacts = ctx.session.scalars(
        select(Contact).where(Contact.member_id == ctx.member.id).order_by(Contact.last_touched_at)
    ).all()
    return ContactList(list(contacts))


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
