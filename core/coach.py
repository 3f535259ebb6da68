"""The application service: one call per member message, one transaction per call."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import grammar
from core.bus import execute
from core.cleaning import Changes, clean_fields, clean_text
from core.commands import Command
from core.context import Context, MemberRef, Options
from core.errors import UserError
from core.messages import Reply, Text
from core.parsing import LIMITS, split_first
from core.present import present
from core.prompts import PromptLibrary
from core.scheduling import notices
from core.scheduling.planner import add_default_schedules, replan_member
from core.storage.db import SessionFactory
from core.storage.models import Goal, GoalStatus, InboundEvent, Member, Membership, Schedule
from core.time.clock import Clock
from core.time.zones import is_valid_timezone

log = logging.getLogger(__name__)

ASK_TIMEZONE = (
    "🌍 One question: which time zone are you in? Check-ins and reminders follow it. "
    "Set it once with /coach tz (it autocompletes), e.g. /coach tz Europe/Berlin."
)
APOLOGY = (
    "Sorry, something went wrong on my side and nothing was saved. Please try again in a moment."
)


@dataclass(frozen=True)
class Outcome:
    """What became of a command: the reply, the handler's result when it succeeded, or
    the UserError (which may name a field, for forms) when it did not."""

    reply: Reply
    result: object | None = None
    error: UserError | None = None


class Coach:
    """Turns member text into replies; platform-neutral."""

    def __init__(
        self,
        sessions: SessionFactory,
        clock: Clock,
        prompts: PromptLibrary,
        options: Options,
        default_tz: str = "UTC",
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._prompts = prompts
        self._default_tz = default_tz
        self._options = options

    def handle(
        self, who: MemberRef, text: str, tz_hint: str | None = None, admin: bool = False
    ) -> Reply:
        """Run one line a member typed (a /command or a plain message) and return the
        reply; never raises. `admin` is the platform's word that the member administers
        the workspace or guild."""
        return self.respond(who, text, tz_hint, admin).reply

    def respond(
        self, who: MemberRef, text: str, tz_hint: str | None = None, admin: bool = False
    ) -> Outcome:
        """Like `handle`, with the handler's result too (a front end acts on some)."""
        changes = Changes()
        text = clean_text(text, changes)
        if len(text) > LIMITS["command"]:
            error = UserError(
                f"That message is {len(text):,} characters; the limit is {LIMITS['command']:,}.",
                "/win Shipped the new billing page #frontend",
            )
            return _noted(Outcome(error_reply(error, text), None, error), changes)
        outcome = self._run(
            who, tz_hint, admin, lambda today: grammar.parse(text, today), _label(text)
        )
        if outcome.error is not None:
            outcome = Outcome(error_reply(outcome.error, text), None, outcome.error)
        return _noted(outcome, changes)

    def command(
        self,
        who: MemberRef,
        name: str,
        args: str,
        tz_hint: str | None = None,
        admin: bool = False,
    ) -> Outcome:
        """Run a slash command by name with the text the member gave it."""
        changes = Changes()
        name, args = clean_text(name, changes), clean_text(args, changes)
        typed = f"/{name.strip().lstrip('/')} {args.strip()}".strip()
        outcome = self._run(
            who,
            tz_hint,
            admin,
            lambda today: grammar.parse_command(name, args, today),
            _label(typed),
        )
        if outcome.error is not None:
            outcome = Outcome(error_reply(outcome.error, typed), None, outcome.error)
        return _noted(outcome, changes)

    def run(
        self, who: MemberRef, command: Command, tz_hint: str | None = None, admin: bool = False
    ) -> Outcome:
        """Run a command a front end built from form fields or options; never raises."""
        changes = Changes()
        command = clean_fields(command, changes)
        outcome = self._run(who, tz_hint, admin, lambda _today: command, type(command).__name__)
        if outcome.error is not None:
            reply = error_reply(outcome.error, typed_text(command))
            outcome = Outcome(reply, None, outcome.error)
        return _noted(outcome, changes)

    def _run(
        self,
        who: MemberRef,
        tz_hint: str | None,
        admin: bool,
        build: Callable[[date], Command],
        label: str,
    ) -> Outcome:
        """One transaction: find the member, build the command in their day, handle it and
        present the result. A UserError rolls back and comes back in the outcome."""
        try:
            with self._sessions.begin() as session:
                member, created = self._member(session, who, tz_hint)
                ctx = Context(
                    session,
                    member,
                    self._clock.now(),
                    self._prompts,
                    self._options,
                    admin,
                    who.space_id,
                )
                if who.space_id and who.space_id != member.workspace_id:
                    _note_membership(session, member, who.space_id, ctx.now)
                result = execute(ctx, build(ctx.today))
                reply = present(result, ctx.viewer)
                asked = not self._options.traits(who.platform).knows_timezone
                if created and asked and not member.tz_set_by_member:
                    reply.add(Text(ASK_TIMEZONE))
                return Outcome(reply, result)
        except UserError as error:
            return Outcome(Reply([]), None, error)
        except Exception as error:
            # Never the exception's text: SQL parameters and PostgreSQL's DETAIL lines
            # carry what the member wrote. The error's type and where it happened suffice.
            log.error(
                "command failed: %s; platform=%s workspace=%s user=%s command=%s\n%s",
                failure_kind(error),
                who.platform,
                who.workspace_id,
                who.user_id,
                label,
                failure_site(error),
            )
            return Outcome(Reply([]), None, UserError(APOLOGY))

    def goal_choices(self, who: MemberRef) -> list[tuple[int, str]]:
        """The member's active goals as (number, title), for pickers in forms."""
        with self._sessions() as session:
            member = _find_member(session, who)
            if member is None:
                return []
            rows = session.execute(
                select(Goal.number, Goal.title)
                .where(Goal.member_id == member.id, Goal.status == GoalStatus.ACTIVE)
                .order_by(Goal.number)
            ).all()
            return [(number, title) for number, title in rows]

    def pending_prompt(self, who: MemberRef) -> str | None:
        """The reflection question the member was asked and has not answered yet."""
        with self._sessions() as session:
            member = _find_member(session, who)
            if member is None:
                return None
            # Imported here: the journal's services (and the goals' and clients' they use)
            # are otherwise loaded by the first journal command, not by every start.
            from core.services.journal import pending_prompt

            ctx = Context(session, member, self._clock.now(), self._prompts, self._options)
            prompt = pending_prompt(ctx)
            return prompt.text if prompt else None

    def first_delivery(self, platform: str, event_id: str) -> bool:
        """Record an inbound event id; False if it was handled before (a platform retry)."""
        try:
            with self._sessions.begin() as session:
                session.add(
                    InboundEvent(
                        platform=platform, event_id=event_id[:100], received_at=self._clock.now()
                    )
                )
        except IntegrityError:
            return False
        return True

    def workspace_removed(self, platform: str, workspace_id: str, reason: str) -> int:
        """The app left a workspace: skip everything still queued for it (with `reason`)."""
        with self._sessions.begin() as session:
            return notices.cancel_workspace(session, platform, workspace_id, reason)

    def digest_unreachable(
        self, platform: str, workspace_id: str, channel_id: str, notice: Callable[[str], Reply]
    ) -> int:
        """A digest could not be posted in the channel: tell each such digest's admin
        with `notice(channel name)`, once until it posts again."""
        with self._sessions.begin() as session:
            now = self._clock.now()
            return notices.notify_digest_admins(
                session, platform, workspace_id, channel_id, notice, now
            )

    def _member(self, session: Session, who: MemberRef, tz_hint: str | None) -> tuple[Member, bool]:
        """Find the member or create them (then True), taking the platform's time zone
        if the member has not set one."""
        member = _find_member(session, who)
        if member is None:
            return self._create_member(session, who, tz_hint), True
        if member.invited_only:  # invited as a partner; now using coachbot themselves
            member.invited_only = False
            planned = select(Schedule.id).where(Schedule.member_id == member.id).limit(1)
            if session.scalar(planned) is None:
                add_default_schedules(session, member, self._clock.now(), self._checkins_on(who))
        if _should_follow_platform_tz(member, tz_hint):
            old_tz, member.tz = member.tz, str(tz_hint)
            replan_member(session, member, self._clock.now(), old_tz)
        name = clean_text(who.display_name)[:100]
        if name and member.display_name != name:
            member.display_name = name
        return member, False

    def _checkins_on(self, who: MemberRef) -> bool:
        """Whether a new member's check-ins start on (not where the platform forbids DMs
        nobody asked for)."""
        return self._options.checkins_on_by_default and (
            not self._options.traits(who.platform).checkins_opt_in
        )

    def _create_member(self, session: Session, who: MemberRef, tz_hint: str | None) -> Member:
        tz = tz_hint if tz_hint and is_valid_timezone(tz_hint) else self._default_tz
        member = Member(
            platform=who.platform,
            workspace_id=who.workspace_id,
            user_id=who.user_id,
            display_name=clean_text(who.display_name)[:100],
            tz=tz,
            tz_set_by_member=False,
            goal_seq=0,
            entry_seq=0,
            created_at=self._clock.now(),
        )
        try:
            with session.begin_nested():
                session.add(member)
                session.flush()
                add_default_schedules(session, member, self._clock.now(), self._checkins_on(who))
        except IntegrityError:
            # Another request created this member at the same moment; use theirs.
            found = _find_member(session, who)
            if found is None:
                raise
            return found
        return member


def _note_membership(session: Session, member: Member, space_id: str, now: datetime) -> None:
    """Remember that the member is active in this guild (for its digests)."""
    found = session.scalar(
        select(Membership).where(Membership.member_id == member.id, Membership.space_id == space_id)
    )
    if found is None:
        with session.begin_nested():
            session.add(Membership(member_id=member.id, space_id=space_id[:64], seen_at=now))
    else:
        found.seen_at = now


def _should_follow_platform_tz(member: Member, tz_hint: str | None) -> bool:
    """Follow the platform's zone until the member sets one themselves."""
    if not tz_hint or member.tz_set_by_member or member.tz == tz_hint:
        return False
    return is_valid_timezone(tz_hint)


def _find_member(session: Session, who: MemberRef) -> Member | None:
    return session.scalar(
        select(Member).where(
            Member.platform == who.platform,
            Member.workspace_id == who.workspace_id,
            Member.user_id == who.user_id,
        )
    )


def error_reply(error: UserError, text: str) -> Reply:
    """A short message, a working example, and the member's own words back, always."""
    reply = Reply([Text(f"⚠️ {error.message}")])
    if error.example:
        reply.add(Text(f"Example: {error.example}"))
    if text.strip():
        reply.add(Text(f"Your text, so nothing is lost: {text.strip()}"))
    return reply


def typed_text(command: object) -> str:
    """The member's own words in a command built from a form, to give back on an error."""
    words = [
        value.strip()
        for item in fields(command)  # type: ignore[arg-type]
        if isinstance(value := getattr(command, item.name), str) and value.strip()
    ]
    return "\n".join(words)


def failure_kind(error: BaseException) -> str:
    """An exception and its causes by type (and SQLSTATE), never by message."""
    kinds: list[str] = []
    seen: BaseException | None = error
    while seen is not None and len(kinds) < 5:
        kind = f"{type(seen).__module__}.{type(seen).__qualname__}"
        sqlstate = getattr(seen, "sqlstate", None)
        kinds.append(f"{kind} (SQLSTATE {sqlstate})" if isinstance(sqlstate, str) else kind)
        seen = seen.__cause__ or seen.__context__
    return " from ".join(kinds)


def failure_site(error: BaseException) -> str:
    """Where an exception was raised: its traceback's frames, without its message."""
    return "".join(traceback.format_list(traceback.extract_tb(error.__traceback__)))


def _label(text: str) -> str:
    """The command word for the log, if it is one; never other words of the member's."""
    word = split_first(text)[0] if text.startswith("/") else ""
    if not word:
        return "(message)"
    return word if word.lstrip("/") in grammar.VERBS else "(unknown command)"


def _noted(outcome: Outcome, changes: Changes) -> Outcome:
    """The outcome, its reply with a word on what cleaning the member's text changed."""
    note = changes.note()
    if note:
        outcome.reply.add(Text(f"Note: {note}"))
    return outcome
