"""Career journal handlers: wins and their outcomes, reflection prompts and answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from core.bus import handles
from core.commands.journal import (
    JOURNAL_EXAMPLE,
    MILESTONE_EXAMPLE,
    SECTION_WORDS,
    WIN_EXAMPLE,
    AskPrompt,
    BragSection,
    ListJournal,
    ListWins,
    LogWin,
    MilestoneRef,
    RecordOutcome,
    ShareEntry,
    WriteJournal,
)
from core.commands.journal import SECTIONS as SECTIONS  # export and adapters import it here
from core.context import Context
from core.errors import UserError
from core.grammar.journal import JOURNAL_SUBCOMMANDS
from core.grammar.journal import SUBCOMMANDS as WIN_SUBCOMMANDS
from core.grammar.subcommands import refuse_command_text
from core.parsing import parse_number, require_tags, require_text, shorten
from core.prompts import Prompt
from core.services.clients import note_client, refresh_clients
from core.services.goals import find_goal
from core.services.links import EntryLinks, entry_links
from core.storage.models import Entry, EntryKind, PromptLog, Reminder, ReminderStatus

ANSWER_WINDOW = timedelta(hours=48)
OUTCOME_KEY = "outcome:"
OUTCOME_REMINDER = "outcome"  # the kind of the follow-up reminder
LIST_HINTS = {
    EntryKind.WIN: "/win list shows your recent wins.",
    EntryKind.JOURNAL: "/journal list shows your recent journal entries.",
}
RECENT_WINS = 10

# Each section by its own name and its synonyms, for #tags and ``section:``.
SECTION_BY_WORD: dict[str, BragSection] = {
    **{word: section for section, words in SECTION_WORDS.items() for word in words},
    **{str(section): section for section in BragSection},
}


@dataclass(frozen=True)
class WinLogged:
    """A new win, with its brag-document section."""

    entry: Entry
    section: BragSection
    # The #tag that chose the section; None when it was given or no tag named one.
    tag: str | None = None
    links: EntryLinks = field(default_factory=EntryLinks)


@dataclass(frozen=True)
class OutcomeSaved:
    """What came of a win, filled in."""

    entry: Entry


@dataclass(frozen=True)
class EntryShared:
    """An entry made shareable or private."""

    entry: Entry


@dataclass(frozen=True)
class WinList:
    """The most recent wins, newest first."""

    wins: list[Entry]


@dataclass(frozen=True)
class JournalList:
    """The most recent journal entries, newest first."""

    entries: list[Entry]


@dataclass(frozen=True)
class PromptAsked:
    """A reflection prompt now waiting for its answer, with its theme's title."""

    prompt: Prompt
    theme: str


@dataclass(frozen=True)
class JournalSaved:
    """A journal entry, and the prompt it answers if there was one."""

    entry: Entry
    prompt: Prompt | None
    links: EntryLinks = field(default_factory=EntryLinks)


def section_for(tags: list[str], given: str | None) -> BragSection:
    """The brag-document section: given explicitly, else the first #tag that names one,
    else projects."""
    if given:
        section = SECTION_BY_WORD.get(given.lower())
        if section is None:
            raise UserError(
                f"“{shorten(given, 20)}” is not a section. Use one of: {', '.join(SECTIONS)}.",
                "/win Gave a talk on SLOs at the DevOps meetup section:community",
                "section",
            )
        return section
    tag = section_tag(tags)
    return BragSection.PROJECT if tag is None else SECTION_BY_WORD[tag]


def section_tag(tags: list[str]) -> str | None:
    """The first #tag that names a section."""
    return next((tag for tag in tags if tag in SECTION_BY_WORD), None)


@handles(LogWin)
def log_win(ctx: Context, command: LogWin) -> WinLogged:
    """Save a win on the member's local day, linked and sectioned as asked."""
    text = require_text(command.text, "win", "win", WIN_EXAMPLE, "text")
    refuse_command_text(WIN_SUBCOMMANDS, "win", text, ctx.today)
    entry = _new_entry(ctx, EntryKind.WIN, text, command.share)
    section = section_for(entry.tag_list, command.section)
    entry.section = section
    ctx.session.add(entry)
    link_win(ctx, entry, command.goal, command.milestone, command.client)
    _follow_up_outcome(ctx, entry)
    tag = None if command.section else section_tag(entry.tag_list)
    return WinLogged(entry, section, tag, entry_links(ctx, entry))


def _follow_up_outcome(ctx: Context, entry: Entry) -> None:
    """Weeks later, one DM asks what came of the win; the answer becomes its outcome."""
    days = ctx.options.outcome_followup_days
    if days:
        follow_up_outcome(ctx, entry, ctx.now + timedelta(days=days))


def follow_up_outcome(ctx: Context, entry: Entry, due_at: datetime) -> None:
    """The DM at `due_at` that asks what came of the win."""
    ctx.session.flush()
    ctx.session.add(
        Reminder(
            member_id=ctx.member.id,
            kind=OUTCOME_REMINDER,
            text="",
            due_at=due_at,
            status=ReminderStatus.PENDING,
            entry_id=entry.id,
            created_at=ctx.now,
        )
    )


def _new_entry(ctx: Context, kind: EntryKind, text: str, shared: bool = False) -> Entry:
    tags = require_tags(text, "win" if kind == EntryKind.WIN else "journal entry", "text")
    return Entry(
        member_id=ctx.member.id,
        number=ctx.next_number("entry_seq"),
        kind=kind,
        text=text,
        local_date=ctx.today,
        created_at=ctx.now,
        tags=tags,
        shared=shared,
        space_id=ctx.space_id or None,
    )


def journal_note(ctx: Context, text: str) -> Entry:
    """Save a private journal entry the coach wrote down for the member, on their day."""
    entry = _new_entry(ctx, EntryKind.JOURNAL, text)
    ctx.session.add(entry)
    ctx.session.flush()
    return entry


def _goal_number(goal: int | str) -> int:
    if isinstance(goal, int):
        return goal
    return parse_number(goal, "goal", WIN_EXAMPLE, "goal")


def link_win(
    ctx: Context,
    entry: Entry,
    goal: int | str | None,
    milestone: MilestoneRef | None,
    client: str | None,
) -> None:
    """Link a win to the milestone (and its goal), goal or client given; others stay."""
    if milestone is not None:
        _link_milestone(ctx, entry, milestone)
    elif goal is not None:
        entry.goal, entry.milestone = find_goal(ctx, _goal_number(goal), WIN_EXAMPLE), None
    if client is not None:
        before, entry.client = entry.client, note_client(ctx, client).slug
        if before != entry.client:
            refresh_clients(ctx)  # the new client is won; one named by nothing else goes


def _link_milestone(ctx: Context, entry: Entry, ref: MilestoneRef) -> None:
    try:
        goal = find_goal(ctx, ref.goal, MILESTONE_EXAMPLE)
    except UserError as error:
        raise UserError(error.message, error.example, "milestone") from None
    milestone = next((m for m in goal.milestones if m.number == ref.number), None)
    if milestone is None:
        raise UserError(f"That goal has no milestone {ref.number}.", MILESTONE_EXAMPLE, "milestone")
    entry.goal, entry.milestone = goal, milestone


def find_entry(ctx: Context, number: int, example: str, kind: EntryKind = EntryKind.WIN) -> Entry:
    """The member's entry with this number; anyone else's is simply not found, and the
    member is pointed to the list of `kind`."""
    entry = ctx.session.scalar(
        select(Entry).where(Entry.member_id == ctx.member.id, Entry.number == number)
    )
    if entry is None:
        raise UserError(f"You have no entry #{number}. {LIST_HINTS[kind]}", example, "number")
    return entry


@handles(RecordOutcome)
def record_outcome(ctx: Context, command: RecordOutcome) -> OutcomeSaved:
    """Fill in what came of a win, often months later."""
    example = f"/win outcome {command.number} Saved the team 40 hours a month"
    entry = find_entry(ctx, command.number, example)
    entry.outcome = require_text(command.text, "outcome", "outcome", example, "text")
    entry.outcome_at = ctx.now
    return OutcomeSaved(entry)


@handles(ShareEntry)
def share_entry(ctx: Context, command: ShareEntry) -> EntryShared:
    """Mark an entry shareable with team digests, or private again."""
    verb = "share" if command.shared else "unshare"
    entry = find_entry(ctx, command.number, f"/win {verb} 1")
    if entry.kind != EntryKind.WIN and command.shared:
        raise UserError(
            f"#{entry.number} is a journal entry, and those stay private: team digests show "
            "only wins. /win list shows the wins you can share.",
            f"/win {verb} 1",
            "number",
        )
    share(ctx, entry, command.shared)
    return EntryShared(entry)


def share(ctx: Context, entry: Entry, shared: bool) -> None:
    """Mark an entry shareable with team digests (in this guild from now on), or private."""
    entry.shared = shared
    entry.space_id = ctx.space_id or entry.space_id


@handles(ListWins)
def list_wins(ctx: Context, _command: ListWins) -> WinList:
    """The ten most recent wins."""
    return WinList(_recent(ctx, EntryKind.WIN))


@handles(ListJournal)
def list_journal(ctx: Context, _command: ListJournal) -> JournalList:
    """The ten most recent journal entries."""
    return JournalList(_recent(ctx, EntryKind.JOURNAL))


def _recent(ctx: Context, kind: EntryKind) -> list[Entry]:
    return list(
        ctx.session.scalars(
            select(Entry)
            .where(Entry.member_id == ctx.member.id, Entry.kind == kind)
            .order_by(Entry.number.desc())
            .limit(RECENT_WINS)
        )
    )


@handles(AskPrompt)
def ask_prompt(ctx: Context, _command: AskPrompt) -> PromptAsked:
    """Pick the next prompt in rotation, remember it, and ask it."""
    prompt = assign_prompt(ctx)
    return PromptAsked(prompt, ctx.prompts.theme_titles.get(prompt.theme, prompt.theme))


def assign_prompt(
    ctx: Context, reuse_pending: bool = False, recent: list[tuple[str, str]] | None = None
) -> Prompt:
    """Choose the member's next prompt, log it, and wait for the answer; `recent` is the
    member's last prompts (theme, key), newest first, when already read for a batch."""
    pending = pending_prompt(ctx) if reuse_pending else None
    if pending is not None:
        return pending
    prompt = next_prompt(ctx) if recent is None else ctx.prompts.pick_next(recent)
    ctx.session.add(
        PromptLog(
            member_id=ctx.member.id, prompt_key=prompt.key, theme=prompt.theme, asked_at=ctx.now
        )
    )
    ctx.member.awaiting_prompt_key = prompt.key
    ctx.member.awaiting_since = ctx.now
    return prompt


def next_prompt(ctx: Context) -> Prompt:
    """The next prompt for this member, rotating themes without recent repeats."""
    rows = ctx.session.execute(
        select(PromptLog.theme, PromptLog.prompt_key)
        .where(PromptLog.member_id == ctx.member.id)
        .order_by(PromptLog.asked_at.desc(), PromptLog.id.desc())
        .limit(len(ctx.prompts.prompts))
    ).all()
    return ctx.prompts.pick_next([(theme, key) for theme, key in rows])


def pending_outcome(ctx: Context) -> int | None:
    """The win whose outcome the member was asked about, if the question is fresh."""
    key = ctx.member.awaiting_prompt_key or ""
    since = ctx.member.awaiting_since
    if not key.startswith(OUTCOME_KEY) or since is None or ctx.now - since > ANSWER_WINDOW:
        return None
    number = key[len(OUTCOME_KEY) :]
    return int(number) if number.isdecimal() and len(number) < 10 else None


def pending_prompt(ctx: Context) -> Prompt | None:
    """The prompt the member was asked and has not answered, if still fresh."""
    member = ctx.member
    if member.awaiting_prompt_key is None or member.awaiting_since is None:
        return None
    if ctx.now - member.awaiting_since > ANSWER_WINDOW:
        return None
    return ctx.prompts.get(member.awaiting_prompt_key)


@handles(WriteJournal)
def write_journal(ctx: Context, command: WriteJournal) -> JournalSaved:
    """Store text as the answer to the pending prompt, or as a free journal entry."""
    refuse_command_text(JOURNAL_SUBCOMMANDS, "journal", command.text, ctx.today)
    return save_journal(ctx, command.text)


def save_journal(ctx: Context, answer: str) -> JournalSaved:
    """A journal entry, answering the pending prompt if there is one."""
    text = require_text(answer, "journal", "journal entry", JOURNAL_EXAMPLE, "text")
    prompt = pending_prompt(ctx)
    entry = _new_entry(ctx, EntryKind.JOURNAL, text)
    entry.prompt_key = prompt.key if prompt else None
    ctx.session.add(entry)
    ctx.member.awaiting_prompt_key = None
    ctx.member.awaiting_since = None
    return JournalSaved(entry, prompt, entry_links(ctx, entry))
