"""The career journal: /win, /journal and plain replies to a reflection prompt."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from core.context import Context
from core.errors import UserError
from core.messages import Actions, Button, Header, Items, Reply, Text
from core.models import Entry, Milestone, PromptLog, Reminder
from core.parsing import (
    hashtags,
    parse_number,
    require_text,
    shorten,
    split_first,
    take_flag,
    take_token,
)
from core.prompts import Prompt
from core.services.goals import find_goal
from core.services.network import recount_client_goals

WIN_EXAMPLE = "/win Cut CI time from 20 to 8 minutes for the payments team #devops goal:2"
JOURNAL_EXAMPLE = "/journal I mentored Sam through his first on-call week"
ANSWER_WINDOW = timedelta(hours=48)
OUTCOME_KEY = "outcome:"

SECTIONS = {
    "project": "Projects",
    "collaboration": "Collaboration & mentorship",
    "design": "Design & documentation",
    "community": "Company & community building",
    "learning": "What I learned",
    "outside": "Outside of work",
}
SECTION_ALIASES = {
    "projects": "project",
    "collab": "collaboration",
    "mentorship": "collaboration",
    "mentoring": "collaboration",
    "docs": "design",
    "documentation": "design",
    "learn": "learning",
    "outside-work": "outside",
}
TAG_SECTIONS = {
    "collaboration": ("mentoring", "mentor", "mentorship", "pairing", "teamwork", "review", "help"),
    "design": ("design", "docs", "documentation", "architecture", "rfc", "adr", "writing"),
    "community": (
        "community",
        "talk",
        "meetup",
        "conference",
        "oss",
        "opensource",
        "hiring",
        "blog",
    ),
    "learning": ("learning", "learned", "cert", "certification", "course", "book", "training"),
    "outside": ("outside", "personal", "volunteer", "hobby", "side-project"),
}


def section_for(tags: list[str], given: str | None) -> str:
    """The brag-document section: given explicitly, else inferred from tags, else project."""
    if given:
        key = SECTION_ALIASES.get(given.lower(), given.lower())
        if key not in SECTIONS:
            raise UserError(
                f"“{shorten(given, 20)}” is not a section. Use one of: {', '.join(SECTIONS)}.",
                "/win Gave a talk on SLOs at the DevOps meetup section:community",
            )
        return key
    for tag in tags:
        for section, words in TAG_SECTIONS.items():
            if tag in words or tag in SECTIONS:
                return section
    return "project"


def handle_win(ctx: Context, args: str) -> Reply:
    """Log a win, or ``outcome|share|unshare|list`` an existing one."""
    sub, rest = split_first(args)
    if sub in WIN_SUBCOMMANDS and (sub == "list" or rest[:1].lstrip("#").isdigit()):
        return WIN_SUBCOMMANDS[sub](ctx, rest)
    return log_win(ctx, args)


def log_win(ctx: Context, args: str) -> Reply:
    """Save a win on the member's local day, linked and sectioned as written."""
    text, shared = take_flag(args, "--share")
    text, goal_ref = take_token(text, "goal")
    text, milestone_ref = take_token(text, "milestone")
    text, section = take_token(text, "section")
    text, client = take_token(text, "client")
    text = require_text(text, "win", "win", WIN_EXAMPLE)
    entry = _new_entry(ctx, "win", text, shared)
    entry.section = section_for(entry.tag_list, section)
    entry.client = client[:100] if client else None
    _link(ctx, entry, goal_ref, milestone_ref)
    ctx.session.add(entry)
    _follow_up_outcome(ctx, entry)
    if entry.client:
        recount_client_goals(ctx)
    goal_note = f" · goal #{entry.goal.number}" if entry.goal else ""
    where = "shared with team digests" if shared else "private"
    return Reply(
        [
            Text(f"🏆 Win #{entry.number} logged for {entry.local_date.isoformat()}{goal_note}."),
            Text(f"Section: {SECTIONS[entry.section]} · {where}."),
            Text(
                f"When you know the result, add it: /win outcome {entry.number} <what came of it>"
            ),
        ]
    )


def _follow_up_outcome(ctx: Context, entry: Entry) -> None:
    """Weeks later, one DM asks what came of the win; the answer becomes its outcome."""
    days = ctx.options.outcome_followup_days
    if not days:
        return
    ctx.session.flush()
    ctx.session.add(
        Reminder(
            member_id=ctx.member.id,
            kind="outcome",
            text="",
            due_at=ctx.now + timedelta(days=days),
            status="pending",
            entry_id=entry.id,
            created_at=ctx.now,
        )
    )


def _new_entry(ctx: Context, kind: str, text: str, shared: bool = False) -> Entry:
    return Entry(
        member_id=ctx.member.id,
        number=ctx.next_number("entry_seq"),
        kind=kind,
        text=text,
        local_date=ctx.today,
        created_at=ctx.now,
        tags=" ".join(hashtags(text)),
        shared=shared,
    )


def _link(ctx: Context, entry: Entry, goal_ref: str | None, milestone_ref: str | None) -> None:
    if milestone_ref is not None:
        goal_word, _, number = milestone_ref.partition(".")
        example = "/win Passed the practice exam milestone:2.1"
        goal = find_goal(ctx, parse_number(goal_word, "goal", example), example)
        milestone = _milestone(goal.milestones, number)
        entry.goal, entry.milestone = goal, milestone
    elif goal_ref is not None:
        entry.goal = find_goal(ctx, parse_number(goal_ref, "goal", WIN_EXAMPLE), WIN_EXAMPLE)


def _milestone(milestones: list[Milestone], word: str) -> Milestone:
    example = "/win Passed the practice exam milestone:2.1"
    number = parse_number(word, "milestone", example)
    found = next((m for m in milestones if m.number == number), None)
    if found is None:
        raise UserError(f"That goal has no milestone {number}.", example)
    return found


def find_entry(ctx: Context, word: str, example: str) -> Entry:
    """The member's entry with this number; anyone else's is simply not found."""
    number = parse_number(word, "win", example)
    entry = ctx.session.scalar(
        select(Entry).where(Entry.member_id == ctx.member.id, Entry.number == number)
    )
    if entry is None:
        raise UserError(f"You have no entry #{number}. /win list shows your recent wins.", example)
    return entry


def add_outcome(ctx: Context, args: str) -> Reply:
    """Fill in what came of a win, often months later."""
    word, text = split_first(args)
    example = f"/win outcome {word or 1} Saved the team 40 hours a month"
    entry = find_entry(ctx, word, example)
    entry.outcome = require_text(text, "outcome", "outcome", example)
    entry.outcome_at = ctx.now
    return Reply([Text(f"Outcome saved on #{entry.number}: {shorten(entry.text, 60)}")])


def set_entry_shared(ctx: Context, args: str, shared: bool) -> Reply:
    """Mark an entry shareable with team digests, or private again."""
    verb = "share" if shared else "unshare"
    entry = find_entry(ctx, split_first(args)[0], f"/win {verb} 1")
    entry.shared = shared
    state = "shared: team digests may show it" if shared else "private again"
    return Reply([Text(f"Entry #{entry.number} is {state}.")])


def list_wins(ctx: Context, _args: str) -> Reply:
    """The ten most recent wins."""
    wins = ctx.session.scalars(
        select(Entry)
        .where(Entry.member_id == ctx.member.id, Entry.kind == "win")
        .order_by(Entry.number.desc())
        .limit(10)
    ).all()
    lines = tuple(
        f"#{w.number} {w.local_date.isoformat()} {shorten(w.text, 70)}"
        + (" · shared" if w.shared else "")
        for w in wins
    )
    return Reply([Items("Recent wins", lines, f"none yet. {WIN_EXAMPLE}")])


WIN_SUBCOMMANDS: dict[str, Callable[[Context, str], Reply]] = {
    "outcome": add_outcome,
    "share": lambda ctx, args: set_entry_shared(ctx, args, True),
    "unshare": lambda ctx, args: set_entry_shared(ctx, args, False),
    "list": list_wins,
}


def handle_journal(ctx: Context, args: str) -> Reply:
    """``/journal`` asks a prompt; ``/journal <text>`` answers it; ``skip`` asks another."""
    text = args.strip()
    if not text or text.lower() in ("skip", "next", "another"):
        return ask_prompt(ctx)
    return save_answer(ctx, text)


def ask_prompt(ctx: Context) -> Reply:
    """Pick the next prompt in rotation, remember it, and ask it."""
    prompt = assign_prompt(ctx)
    theme = ctx.prompts.theme_titles.get(prompt.theme, prompt.theme)
    return Reply(
        [
            Header(f"📝 {theme}"),
            Text(prompt.text),
            Text("Reply with your answer (or /journal <answer>)."),
            Actions((Button("Another question", "/journal skip"),)),
        ]
    )


def assign_prompt(ctx: Context, reuse_pending: bool = False) -> Prompt:
    """Choose the member's next prompt, log it, and wait for the answer."""
    pending = pending_prompt(ctx) if reuse_pending else None
    if pending is not None:
        return pending
    prompt = next_prompt(ctx)
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
    return int(number) if number.isdigit() else None


def pending_prompt(ctx: Context) -> Prompt | None:
    """The prompt the member was asked and has not answered, if still fresh."""
    member = ctx.member
    if member.awaiting_prompt_key is None or member.awaiting_since is None:
        return None
    if ctx.now - member.awaiting_since > ANSWER_WINDOW:
        return None
    return ctx.prompts.get(member.awaiting_prompt_key)


def save_answer(ctx: Context, text: str) -> Reply:
    """Store text as the answer to the pending prompt, or as a free journal entry."""
    text = require_text(text, "journal", "journal entry", JOURNAL_EXAMPLE)
    prompt = pending_prompt(ctx)
    entry = _new_entry(ctx, "journal", text)
    entry.prompt_key = prompt.key if prompt else None
    ctx.session.add(entry)
    ctx.member.awaiting_prompt_key = None
    ctx.member.awaiting_since = None
    about = f" (answer to: {shorten(prompt.text, 60)})" if prompt else ""
    return Reply([Text(f"📓 Saved to your journal as #{entry.number}{about}. Private to you.")])


def handle_plain_message(ctx: Context, text: str) -> Reply:
    """A message without a command: the answer to a pending prompt or outcome question,
    or a nudge."""
    awaited = pending_outcome(ctx)
    if awaited is not None:
        ctx.member.awaiting_prompt_key = ctx.member.awaiting_since = None
        return add_outcome(ctx, f"{awaited} {text}")
    if pending_prompt(ctx) is not None:
        return save_answer(ctx, text)
    raise UserError(
        "I only keep plain messages as answers to a question I asked. "
        "To log a win use /win, to write in your journal use /journal. /help lists everything.",
        f"/win {shorten(text, 80)}" if text.strip() else WIN_EXAMPLE,
    )
