"""The one command grammar every text front end shares: text in, neutral reply out."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from core.context import Context
from core.errors import UserError
from core.messages import Header, Items, Reply, Text
from core.parsing import split_first
from core.services import (
    account,
    career,
    checkins,
    digests,
    export,
    goals,
    journal,
    network,
    pictures,
    progress,
    reminders,
)

Handler = Callable[[Context, str], Reply]


@dataclass(frozen=True)
class Command:
    """A top-level command: its handler, a one-line summary and working examples."""

    name: str
    handler: Handler
    summary: str
    examples: tuple[str, ...]


def _help(ctx: Context, args: str) -> Reply:
    return help_reply(args)


def _progress(ctx: Context, args: str) -> Reply:
    if split_first(args)[0] == "chart":
        return pictures.progress_chart(ctx)
    return progress.show_progress(ctx, args)


def _coach(ctx: Context, args: str) -> Reply:
    """``/coach <command> ...``: one umbrella for platforms with few slash commands."""
    word, rest = split_first(args)
    if not word or word == "coach":
        return help_reply("")
    return run_command(ctx, word, rest)


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command(
            "goal",
            goals.handle_goal,
            "SMART goals with milestones: add, list, show, edit, done, drop, progress, share.",
            (
                goals.ADD_EXAMPLE,
                "/goal add Land 3 new clients within 6 months measure: 3 clients",
                "/goal list",
                "/goal show 1",
                "/goal edit 1 by end of June why: move into cloud architecture",
                "/goal progress 1 40%",
                "/goal milestone 1 add Pass the practice exam by 2027-01-31",
                "/goal milestone 1 done 1",
                "/goal done 1",
                "/goal share 1",
                "/goal keep 1",
            ),
        ),
        Command(
            "win",
            journal.handle_win,
            "Log a win (#tags, goal:N, milestone:N.M, section:X, --share); add its outcome later.",
            (
                journal.WIN_EXAMPLE,
                "/win Gave a talk on SLOs at the DevOps meetup #talk --share",
                "/win outcome 3 Two teams adopted the new pipeline",
                "/win list",
                "/win share 3",
            ),
        ),
        Command(
            "journal",
            journal.handle_journal,
            "Answer a reflection prompt; your next plain message is the answer.",
            ("/journal", journal.JOURNAL_EXAMPLE, "/journal skip"),
        ),
        Command(
            "progress",
            _progress,
            "Goals with progress bars, milestones due soon, wins, your streak; or a chart.",
            ("/progress", "/progress chart"),
        ),
        Command(
            "checkin",
            checkins.handle_checkin,
            "When your check-in DMs arrive (your local time), pause, snooze or skip them.",
            (
                "/checkin",
                "/checkin set weekdays 09:00",
                "/checkin set mon,thu 17:30",
                "/checkin set fri 16:00 weekly",
                "/checkin set every 2 weeks mon 10:00",
                "/checkin pause until 2026-12-28",
                "/checkin resume",
                "/checkin off",
            ),
        ),
        Command(
            "vacation",
            checkins.handle_vacation,
            "Nothing is sent while you are away; streaks hold still.",
            (checkins.VACATION_EXAMPLE, "/vacation", "/vacation cancel"),
        ),
        Command(
            "remind",
            reminders.handle_remind,
            "One-off reminders, shown back in your local time.",
            (
                reminders.EXAMPLE,
                "/remind in 2 weeks ask Dana for feedback",
                "/remind 2026-12-01 17:00 send the invoice",
                "/remind list",
                "/remind cancel 1",
                "/remind again 1",
            ),
        ),
        Command(
            "target",
            career.handle_target,
            "The role you are aiming at: dream job, next level or freelance niche.",
            ("/target Staff engineer in a platform team", "/target"),
        ),
        Command(
            "skill",
            career.handle_skill,
            "Skills, certifications and courses you have, are learning or need.",
            (
                career.SKILL_EXAMPLE,
                "/skill add AWS Solutions Architect certification learning provider: AWS",
                "/skill add Mentoring have",
                "/skill list",
                "/skill update 2 have",
            ),
        ),
        Command(
            "gap",
            career.handle_gap,
            "What your target needs that you lack, what is in progress, and the evidence.",
            ("/gap",),
        ),
        Command(
            "contact",
            network.handle_contact,
            "Your network: who you met, and a nudge before a connection goes cold.",
            (
                network.CONTACT_EXAMPLE,
                "/contact add Sam Lee at: DevOps meetup nudge: 60 days",
                "/contact add Acme Corp --client",
                "/contact list",
                "/contact touch Dana",
            ),
        ),
        Command(
            "clients",
            network.handle_clients,
            "Freelance work per client (tag wins with client:acme), for invoices and testimonials.",
            ("/clients", "/clients quarter", "/clients all"),
        ),
        Command(
            "digest",
            digests.handle_digest,
            "Team channel digests of what members share (admins set them up).",
            (
                "/digest preview",
                "/digest show",
                digests.SET_EXAMPLE,
                "/digest set #team daily 09:00",
                "/digest set #team every 2 weeks mon 10:00",
                "/digest set #team monthly fri 16:00",
                "/digest off #team",
            ),
        ),
        Command(
            "share",
            account.handle_share,
            "See what is shared with team digests (everything is private by default).",
            ("/share", "/goal share 2", "/win unshare 14"),
        ),
        Command(
            "export",
            export.handle_export,
            "Your brag document as Markdown, or all your data as JSON.",
            ("/export brag", "/export brag 2026", "/export json"),
        ),
        Command(
            "tz",
            account.handle_tz,
            "Show or set your time zone (IANA name).",
            ("/tz Europe/Berlin", "/tz America/New_York", "/tz"),
        ),
        Command(
            "forget-me",
            account.handle_forget_me,
            "Delete all your data, after a confirmation.",
            ("/forget-me", "/forget-me confirm"),
        ),
        Command("help", _help, "Every command with an example.", ("/help", "/help goal")),
        Command(
            "coach",
            _coach,
            "Any command under one name, e.g. for Slack.",
            ("/coach tz Asia/Kolkata",),
        ),
    )
}


def dispatch(ctx: Context, text: str) -> Reply:
    """Run one line of member input: a /command, or a plain message."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return journal.handle_plain_message(ctx, stripped)
    word, rest = split_first(stripped[1:])
    return run_command(ctx, word, rest)


def run_command(ctx: Context, word: str, args: str) -> Reply:
    """Run a named command or explain that it does not exist."""
    command = COMMANDS.get(word.lstrip("/"))
    if command is None:
        raise UserError(_unknown(word), "/help")
    return command.handler(ctx, args)


def _unknown(word: str) -> str:
    shown = word[:30] or "(nothing)"
    close = difflib.get_close_matches(word, list(COMMANDS), n=1)
    hint = f" Did you mean /{close[0]}?" if close else ""
    return f"I don't know the command /{shown}.{hint} /help lists them all."


def help_reply(args: str) -> Reply:
    """All commands with one example each, or one command with all its examples."""
    word = split_first(args)[0].lstrip("/")
    if word:
        command = COMMANDS.get(word)
        if command is None:
            raise UserError(_unknown(word), "/help goal")
        return Reply(
            [Header(f"/{command.name}"), Text(command.summary), Items("Examples", command.examples)]
        )
    lines = tuple(f"/{c.name}: {c.summary}  e.g. {c.examples[0]}" for c in COMMANDS.values())
    return Reply(
        [
            Header("coachbot commands"),
            Items("Commands", lines),
            Text(
                "Dates can be 2027-03-31, end of June, in 6 months or next Friday. "
                "/help <command> shows more examples."
            ),
        ]
    )
