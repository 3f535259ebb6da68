"""Corrected, deleted and restored journal entries as replies."""

from __future__ import annotations

from core.commands.journal import SECTIONS
from core.messages import Reply, Text
from core.parsing import shorten
from core.present import Viewer, presents
from core.present.journal import kind_name, links_text
from core.services.corrections import EntryDeleted, EntryEdited, EntryRestored
from core.storage.models import EntryKind


@presents(EntryEdited)
def entry_edited(result: EntryEdited, _viewer: Viewer) -> Reply:
    """The text as stored now, and a win's section."""
    entry = result.entry
    reply = Reply(
        [Text(f"✏️ {kind_name(entry.kind)} #{entry.number} now reads: {shorten(entry.text, 200)}")]
    )
    if result.section is not None:
        where = "shared with team digests" if entry.shared else "private"
        reply.add(Text(links_text(result.links) or "Linked to no goal, client or skill."))
        reply.add(Text(f"Section: {SECTIONS[result.section]} · {where}."))
    return reply


@presents(EntryDeleted)
def entry_deleted(result: EntryDeleted, _viewer: Viewer) -> Reply:
    """What went, and how to bring it back."""
    entry = result.entry
    command = "/win" if entry.kind == EntryKind.WIN else "/journal"
    what = kind_name(entry.kind).lower()
    return Reply(
        [
            Text(f"🗑️ Deleted {what} #{entry.number}: {shorten(entry.text, 80)}"),
            Text(f"Changed your mind? {command} undo brings it back."),
        ]
    )


@presents(EntryRestored)
def entry_restored(result: EntryRestored, _viewer: Viewer) -> Reply:
    """The entry that came back, and a win's links as they are again."""
    entry = result.entry
    reply = Reply(
        [Text(f"↩️ {kind_name(entry.kind)} #{entry.number} is back: {shorten(entry.text, 80)}")]
    )
    links = links_text(result.links)
    if links is not None:
        reply.add(Text(links))
    return reply
