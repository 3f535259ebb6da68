"""Contact and client results as replies."""

from __future__ import annotations

from datetime import date, datetime

from core.messages import Header, Items, Reply, Text
from core.parsing import count_of, relative_days, shorten
from core.present import Viewer, presents
from core.present.journal import ECHO_CHARS
from core.services.clients import ClientWork
from core.services.network import (
    CONTACT_EXAMPLE,
    ContactEdited,
    ContactList,
    ContactRemoved,
    ContactSaved,
    ContactTouched,
)
from core.storage.models import Contact


def _local_time(when: datetime, viewer: Viewer) -> str:
    """``Thu 26 Nov 2026 10:00 (Europe/Berlin)`` on the viewer's wall clock."""
    return f"{when.astimezone(viewer.tz).strftime('%a %d %b %Y %H:%M')} ({viewer.tz.key})"


@presents(ContactSaved)
def contact_saved(result: ContactSaved, viewer: Viewer) -> Reply:
    """The contact, and the follow-up and nudge to expect."""
    contact = result.contact
    met = f" (met at {contact.where_met})" if contact.where_met else ""
    star = " ★ important" if contact.important else ""
    reply = Reply([Text(f"🤝 Contact #{contact.number} saved: {contact.name}{met}{star}")])
    if contact.notes:
        reply.add(Text(f"Notes: {shorten(contact.notes, ECHO_CHARS)}"))
    if result.client is not None:
        name, slug = result.client
        reply.add(Text(f"Client: {name}; wins with client:{slug} count for it."))
    if result.follow_up_at is not None:
        when = _local_time(result.follow_up_at, viewer)
        reply.add(Text(f"I'll remind you to follow up {when}."))
    return _with_nudge(reply, contact)


def _with_nudge(reply: Reply, contact: Contact) -> Reply:
    """The nudge to expect, if the contact has one."""
    if contact.nudge_days:
        reply.add(
            Text(f"If you haven't talked in {count_of(contact.nudge_days, 'day')}, I'll nudge you.")
        )
    return reply


@presents(ContactTouched)
def contact_touched(result: ContactTouched, _viewer: Viewer) -> Reply:
    """Encouragement after a conversation."""
    return Reply([Text(f"✅ Noted: you talked with {result.contact.name}. Keep it going.")])


@presents(ContactEdited)
def contact_edited(result: ContactEdited, viewer: Viewer) -> Reply:
    """The contact as stored now."""
    contact = result.contact
    reply = Reply([Text(f"✏️ Contact updated: {contact_line(contact, viewer.now.date())}")])
    if contact.notes:
        reply.add(Text(f"Notes: {shorten(contact.notes, 200)}"))
    return _with_nudge(reply, contact)


@presents(ContactRemoved)
def contact_removed(result: ContactRemoved, _viewer: Viewer) -> Reply:
    """Who went, with their nudges."""
    contact = result.contact
    return Reply([Text(f"Removed contact #{contact.number}: {contact.name}, and their nudges.")])


@presents(ContactList)
def contact_list(result: ContactList, viewer: Viewer) -> Reply:
    """One line per contact, with how long since the last talk."""
    lines = tuple(contact_line(c, viewer.now.date()) for c in result.contacts)
    return Reply([Items("Your network", lines, f"nobody yet. {CONTACT_EXAMPLE}")])


def contact_line(contact: Contact, today: date) -> str:
    """``#1 ★ Dana Kim · met at KubeCon · last talked 3 days ago``."""
    days = (today - contact.last_touched_at.date()).days
    star = "★ " if contact.important else ""
    client = " · client" if contact.is_client else ""
    met = f" · met at {contact.where_met}" if contact.where_met else ""
    return (
        f"#{contact.number} {star}{contact.name}{met}{client} · last talked {relative_days(-days)}"
    )


@presents(ClientWork)
def client_work(result: ClientWork, _viewer: Viewer) -> Reply:
    """Each client's wins with their outcomes."""
    reply = Reply([Header(f"Work per client ({result.period})")])
    if not result.clients:
        reply.add(
            Text(
                "No wins with a client yet. Tag them: /win Shipped the checkout revamp client:acme"
            )
        )
    for client, entries in result.clients:
        lines = tuple(
            f"{e.local_date.isoformat()} {shorten(e.text, 90)}"
            + (f" → {shorten(e.outcome, 60)}" if e.outcome else "")
            for e in entries
        )
        reply.add(Items(f"{client} ({count_of(len(entries), 'win')})", lines))
    return reply
