"""The text grammar every front end shares: one line in, one typed command out.

Slash commands, console lines and button values all come through here; Slack form fields
and Discord options build the same commands directly."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from core.commands import Command
from core.commands.checkins import VACATION_EXAMPLE
from core.commands.commitments import COMMIT_EXAMPLE, DEFAULT_DUE_DAYS
from core.commands.help import HelpTopic, ShowHelp
from core.commands.importing import IMPORT_EXAMPLE
from core.commands.journal import JOURNAL_EXAMPLE, WIN_EXAMPLE, PlainMessage
from core.commands.reminders import REMIND_EXAMPLE
from core.errors import UserError
from core.grammar.account import parse_forget_me, parse_share, parse_tz
from core.grammar.career import SKILL_EXAMPLE, parse_gap, parse_skill, parse_target
from core.grammar.checkins import parse_checkin, parse_vacation
from core.grammar.commitments import parse_commit
from core.grammar.digests import SET_EXAMPLE as DIGEST_EXAMPLE
from core.grammar.digests import parse_digest
from core.grammar.export import parse_export
from core.grammar.goals import ADD_EXAMPLE as GOAL_EXAMPLE
from core.grammar.goals import parse_goal
from core.grammar.importing import parse_import
from core.grammar.journal import parse_journal, parse_win
from core.grammar.network import CONTACT_EXAMPLE, parse_clients, parse_contact
from core.grammar.partners import parse_partner
from core.grammar.progress import parse_progress
from core.grammar.reminders import parse_remind
from core.parsing import split_first

Parser = Callable[[str, date], Command]


@dataclass(frozen=True)
class Verb:
    """A top-level command word: its parser, a one-line summary and working examples."""

    name: str
    parse: Parser
    summary: str
    examples: tuple[str, ...]


def _help(args: str, _today: date) -> ShowHelp:
    word = split_first(args)[0].lstrip("/")
    if not word:
        return ShowHelp(tuple(_topic(v) for v in VERBS.values()), single=False)
    verb = VERBS.get(word)
    if verb is None:
        raise UserError(_unknown(word), "/help goal")
    return ShowHelp((_topic(verb),), single=True)


def _topic(verb: Verb) -> HelpTopic:
    return HelpTopic(verb.name, verb.summary, verb.examples)


def _coach(args: str, today: date) -> Command:
    """``/coach <command> ...``: one umbrella for platforms with few slash commands."""
    word, rest = split_first(args)
    if not word or word == "coach":
        return _help("", today)
    return parse_command(word, rest, today)


VERBS: dict[str, Verb] = {
    v.name: v
    for v in (
        Verb(
            "goal",
            parse_goal,
            "SMART goals with milestones: add, list, show, edit, done, drop, progress, share.",
            (
                GOAL_EXAMPLE,
                "/goal add Land 3 new clients within 6 months measure: 3 clients",
                "/goal list",
                "/goal show 1",
                "/goal edit 1 by end of June why: move into cloud architecture",
                "/goal edit 1 horizon: long",
                "/goal progress 1 40%",
                "/goal milestone 1 add Pass the practice exam by 2027-01-31",
                "/goal milestone 1 done 1",
                "/goal milestone done 1.2",
                "/goal done 1",
                "/goal share 1",
                "/goal keep 1",
            ),
        ),
        Verb(
            "win",
            parse_win,
            "Log a win (#tags, goal:N, milestone:N.M, section:X, --share); edit, delete, undo.",
            (
                WIN_EXAMPLE,
                "/win Gave a talk on SLOs at the DevOps meetup #talk --share",
                "/win Passed the CKA exam #cert",
                "/win outcome 3 Two teams adopted the new pipeline",
                "/win list",
                "/win share 3",
                "/win edit 3 Cut CI time from 20 to 6 minutes #devops",
                "/win edit 3 section:learning",
                "/win edit 3 client:acme goal:1",
                '/win Signed the support contract client:"Foo Inc"',
                "/win delete 3",
                "/win undo",
            ),
        ),
        Verb(
            "journal",
            parse_journal,
            "Answer a reflection prompt; your next plain message is the answer.",
            (
                "/journal",
                JOURNAL_EXAMPLE,
                "/journal skip",
                "/journal list",
                "/journal edit 4 I mentored Sam and Ana through on-call",
                "/journal delete 4",
                "/journal undo",
            ),
        ),
        Verb(
            "commit",
            parse_commit,
            "Commit to something by a day (goal:N, milestone:N.M, skill:name); say how it "
            "went (--win also saves a kept one as a win for your brag document). Without a "
            f"day it is due at your next check-in, or in {DEFAULT_DUE_DAYS} days if "
            "check-ins are off.",
            (
                COMMIT_EXAMPLE,
                "/commit Ask Dana for feedback on the design doc",
                "/commit Call Dana on friday #sales",
                "/commit Study 30 minutes every weekday",
                "/commit list",
                "/commit done 1",
                "/commit done 1 --win",
                "/commit partly 1",
                "/commit missed 1 the on-call week took my evenings",
                "/commit move 1 to next monday",
                "/commit edit 1 Finish chapter 4 by sunday",
                "/commit drop 1",
            ),
        ),
        Verb(
            "partner",
            parse_partner,
            "Accountability partners in your workspace: invite, accept, see each other's "
            "commitments, a weekly note with cheer and nudge; wins and goals only if shared.",
            (
                "/partner invite @dana",
                "/partner accept @ana",
                "/partner decline @ana",
                "/partner list",
                "/partner show @ana",
                "/partner cheer @ana",
                "/partner nudge @ana",
                "/partner share wins on",
                "/partner share goals off",
                "/partner notify-missed on",
                "/partner end @dana",
            ),
        ),
        Verb(
            "progress",
            parse_progress,
            "Goals with progress bars, milestones due soon, wins, your streak; or a chart.",
            ("/progress", "/progress chart"),
        ),
        Verb(
            "checkin",
            parse_checkin,
            "When your check-in DMs arrive (your local time), pause, snooze or skip them.",
            (
                "/checkin",
                "/checkin set weekdays 09:00",
                "/checkin set every friday at 4pm",
                "/checkin set mon,thu 17:30",
                "/checkin set every other monday 10:00",
                "/checkin set first friday of the month 16:00",
                "/checkin set every 2 weeks mon 10:00",
                "/checkin pause until 2026-12-28",
                "/checkin resume",
                "/checkin off",
            ),
        ),
        Verb(
            "vacation",
            parse_vacation,
            "Nothing is sent while you are away; streaks hold still.",
            (
                VACATION_EXAMPLE,
                "/vacation next week",
                "/vacation 2026-12-24",
                "/vacation until Jan 5",
                "/vacation",
                "/vacation cancel",
                "/vacation cancel 2",
            ),
        ),
        Verb(
            "remind",
            parse_remind,
            "One-off reminders, shown back in your local time.",
            (
                REMIND_EXAMPLE,
                "/remind in 2 weeks ask Dana for feedback",
                "/remind 2026-12-01 17:00 send the invoice",
                "/remind 17:00 tomorrow call Dana",
                "/remind me on friday to email Dana",
                "/remind tomorrow morning stretch",
                "/remind list",
                "/remind edit 1 friday 3pm send the invoice",
                "/remind cancel 1",
                "/remind again 1",
            ),
        ),
        Verb(
            "target",
            parse_target,
            "The role you are aiming at: dream job, next level or freelance niche.",
            ("/target Staff engineer in a platform team", "/target"),
        ),
        Verb(
            "skill",
            parse_skill,
            "Skills, certifications and courses you have, are learning or need.",
            (
                SKILL_EXAMPLE,
                "/skill add AWS Solutions Architect certification learning provider: AWS",
                "/skill add Mentoring have",
                "/skill list",
                "/skill update 2 have",
                "/skill remove 2",
            ),
        ),
        Verb(
            "gap",
            parse_gap,
            "What your target needs that you lack, what is in progress, and the evidence.",
            ("/gap",),
        ),
        Verb(
            "contact",
            parse_contact,
            "Your network: who you met, and a nudge before a connection goes cold.",
            (
                CONTACT_EXAMPLE,
                "/contact add Sam Lee at: DevOps meetup nudge: 60 days",
                "/contact add Acme Corp --client",
                "/contact list",
                "/contact touch Dana",
                "/contact edit 2 notes: now CTO at Acme nudge: 30 days",
                "/contact remove 2",
            ),
        ),
        Verb(
            "clients",
            parse_clients,
            "Freelance work per client (tag wins with client:acme), for invoices and testimonials.",
            ("/clients", "/clients quarter", "/clients all"),
        ),
        Verb(
            "digest",
            parse_digest,
            "Team channel digests of what members share (admins set them up).",
            (
                "/digest preview",
                "/digest show",
                DIGEST_EXAMPLE,
                "/digest set #team daily 09:00",
                "/digest set #team every 2 weeks mon 10:00",
                "/digest set #team monthly fri 16:00",
                "/digest off #team",
            ),
        ),
        Verb(
            "share",
            parse_share,
            "See what is shared with team digests (everything is private by default).",
            ("/share", "/goal share 2", "/win unshare 14"),
        ),
        Verb(
            "export",
            parse_export,
            "Your brag document as Markdown or a printable HTML page (--shared-only leaves "
            "out what you have not shared), or all your data as JSON.",
            (
                "/export brag",
                "/export brag html 2026",
                "/export brag --shared-only",
                "/export json",
            ),
        ),
        Verb(
            "import",
            parse_import,
            "Load your own /export json file back into your account (console: a local file).",
            (IMPORT_EXAMPLE,),
        ),
        Verb(
            "tz",
            parse_tz,
            "Show or set your time zone (IANA name), and whether 05/06 is day or month "
            "first (order dmy or mdy).",
            ("/tz Europe/Berlin", "/tz America/New_York order mdy", "/tz order dmy", "/tz"),
        ),
        Verb(
            "forget-me",
            parse_forget_me,
            "Delete all your data, after a confirmation.",
            ("/forget-me", "/forget-me confirm"),
        ),
        Verb("help", _help, "Every command with an example.", ("/help", "/help goal")),
        Verb(
            "coach",
            _coach,
            "Any command under one name, e.g. for Slack.",
            ("/coach tz Asia/Kolkata",),
        ),
    )
}


def parse(text: str, today: date) -> Command:
    """One line of member input: a /command, or a plain message."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return PlainMessage(stripped, _command_word(stripped, today))
    word, rest = split_first(stripped[1:])
    return parse_command(word, rest, today)


def _command_word(text: str, today: date) -> str | None:
    """The command a plain message names when it reads as one without its slash
    (``goal add X``), so the nudge can suggest ``/goal add X``."""
    word, rest = split_first(text)
    if word.lower() not in VERBS:
        return None
    try:
        parse_command(word, rest, today)
    except UserError:
        return None
    return word.lower()


def parse_command(word: str, args: str, today: date) -> Command:
    """A named command with its arguments, or a UserError that it does not exist."""
    verb = VERBS.get(word.strip().lstrip("/").lower())
    if verb is None:
        raise UserError(_unknown(word), "/help")
    return verb.parse(args, today)


def _unknown(word: str) -> str:
    if not word:
        return "Type a command after the /, such as /help or /win. /help lists them all."
    shown = word[:30]
    close = difflib.get_close_matches(word, list(VERBS), n=1)
    hint = f" Did you mean /{close[0]}?" if close else ""
    return f"I don't know the command /{shown}.{hint} /help lists them all."
