"""Career journal results as replies."""

from __future__ import annotations

from core.commands.journal import JOURNAL_EXAMPLE, SECTIONS, WIN_EXAMPLE, BragSection
from core.messages import Actions, Button, Header, Items, Reply, Text
from core.parsing import shorten
from core.present import Viewer, presents
from core.services.journal import (
    EntryShared,
    JournalList,
    JournalSaved,
    OutcomeSaved,
    PromptAsked,
    WinList,
    WinLogged,
)
from core.services.links import EntryLinks
from core.storage.models import EntryKind

ECHO_CHARS = 200  # enough to spot a wrong parse, short enough for one glance


def echo(text: str) -> Text:
    """The stored text, repeated: in Slack the command's own text is gone once sent."""
    return Text(f"“{shorten(text, ECHO_CHARS)}”")


def links_text(links: EntryLinks) -> str | None:
    """``Linked to: goal #2 ... · client Acme Corp (client:acme) · skill Kubernetes``."""
    parts = []
    if links.milestone:
        parts.append(f"milestone {shorten(links.milestone, 60)}")
    elif links.goal:
        parts.append(f"goal {shorten(links.goal, 60)}")
    if links.client:
        name, slug = links.client
        parts.append(f"client {shorten(name, 60)} (client:{slug})")
    if links.skills:
        word = "skill" if len(links.skills) == 1 else "skills"
        parts.append(f"{word} {', '.join(shorten(s, 40) for s in links.skills)}")
    return f"Linked to: {' · '.join(parts)}." if parts else None


@presents(WinLogged)
def win_logged(result: WinLogged, _viewer: Viewer) -> Reply:
    """The win's number and day, its text and links, its section, and how to add its
    outcome later."""
    entry = result.entry
    where = "shared with team digests" if entry.shared else "private"
    why = f" (from #{result.tag})" if result.tag else ""
    other = BragSection.DESIGN if result.section != BragSection.DESIGN else BragSection.PROJECT
    links = links_text(result.links) or "Linked to no goal, client or skill."
    return Reply(
        [
            Text(f"🏆 Win #{entry.number} logged for {entry.local_date.isoformat()}."),
            echo(entry.text),
            Text(links),
            Text(f"Section: {SECTIONS[result.section]}{why} · {where}."),
            Text(
                f"Another section: /win edit {entry.number} section:{other} "
                f"(one of {', '.join(SECTIONS)})."
            ),
            Text(
                f"When you know the result, add it: /win outcome {entry.number} <what came of it>"
            ),
        ]
    )


@presents(OutcomeSaved)
def outcome_saved(result: OutcomeSaved, _viewer: Viewer) -> Reply:
    """Which win the outcome went on."""
    entry = result.entry
    outcome = entry.outcome or ""
    return Reply(
        [Text(f"Outcome saved on #{entry.number} ({shorten(entry.text, 60)}):"), echo(outcome)]
    )


@presents(EntryShared)
def entry_shared(result: EntryShared, _viewer: Viewer) -> Reply:
    """Whether team digests may show the entry now."""
    entry = result.entry
    shared = "now shared with your team: team digests may show it"
    state = shared if entry.shared else "private again"
    return Reply([Text(f"{kind_name(entry.kind)} #{entry.number} is {state}.")])


def kind_name(kind: str) -> str:
    """``Win`` or ``Journal entry``, to begin a sentence about an entry."""
    return "Win" if kind == EntryKind.WIN else "Journal entry"


@presents(WinList)
def win_list(result: WinList, _viewer: Viewer) -> Reply:
    """One line per win: number, day, text, and whether it is shared."""
    lines = tuple(
        f"#{w.number} {w.local_date.isoformat()} {shorten(w.text, 70)}"
        + (" · shared" if w.shared else "")
        for w in result.wins
    )
    return Reply([Items("Recent wins", lines, f"none yet. {WIN_EXAMPLE}")])


@presents(JournalList)
def journal_list(result: JournalList, _viewer: Viewer) -> Reply:
    """One line per journal entry: number, day and text."""
    lines = tuple(
        f"#{e.number} {e.local_date.isoformat()} {shorten(e.text, 70)}" for e in result.entries
    )
    return Reply([Items("Recent journal entries", lines, f"none yet. {JOURNAL_EXAMPLE}")])


@presents(PromptAsked)
def prompt_asked(result: PromptAsked, _viewer: Viewer) -> Reply:
    """The question under its theme, and a button for another one."""
    return Reply(
        [
            Header(f"📝 {result.theme}"),
            Text(result.prompt.text),
            Text("Reply with your answer (or /journal <answer>)."),
            Actions((Button("Another question", "/journal skip"),)),
        ]
    )


@presents(JournalSaved)
def journal_saved(result: JournalSaved, _viewer: Viewer) -> Reply:
    """The entry's number and day, its text and skills, and the prompt it answered."""
    entry = result.entry
    about = f" (answer to: {shorten(result.prompt.text, 60)})" if result.prompt else ""
    day = entry.local_date.isoformat()
    reply = Reply(
        [
            Text(f"📓 Saved to your journal as #{entry.number} for {day}{about}. Private to you."),
            echo(entry.text),
        ]
    )
    links = links_text(result.links)
    return reply.add(Text(links)) if links else reply
