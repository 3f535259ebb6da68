"""What every command handler gets: the session, the member and the moment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.orm import Session

from core.models import Member
from core.prompts import PromptLibrary
from core.timezones import zone


@dataclass(frozen=True)
class MemberRef:
    """Who is speaking: a platform, a workspace or guild, and a user id there."""

    platform: str
    workspace_id: str
    user_id: str
    display_name: str = ""
    # Where the message was written when that is not the workspace itself (a Discord
    # guild, since Discord members are one identity across guilds); "" otherwise.
    space_id: str = ""


@dataclass(frozen=True)
class Options:
    """Per-installation choices the core follows."""

    due_reminder_days: tuple[int, ...] = (3, 0)
    # Days after a win that one DM asks what came of it (0: never).
    outcome_followup_days: int = 45
    checkins_on_by_default: bool = True
    # Platforms where members start check-ins themselves (no unsolicited DMs).
    opt_in_platforms: frozenset[str] = frozenset({"discord"})
    # Platforms that do not tell us a member's time zone: new members are asked once.
    ask_timezone_platforms: frozenset[str] = frozenset({"discord"})


@dataclass
class Context:
    """A command's view of the world, valid for one transaction."""

    session: Session
    member: Member
    now: datetime
    prompts: PromptLibrary
    options: Options = field(default_factory=Options)
    # Whether the platform says this member administers the workspace or guild.
    is_admin: bool = False
    space_id: str = ""

    @property
    def space(self) -> str:
        """The workspace or guild a team feature (digests) applies to."""
        return self.space_id or self.member.workspace_id

    @property
    def tz(self) -> ZoneInfo:
        """The member's time zone."""
        return zone(self.member.tz)

    @property
    def local_now(self) -> datetime:
        """The current time on the member's wall clock."""
        return self.now.astimezone(self.tz)

    @property
    def today(self) -> date:
        """The member's local date."""
        return self.local_now.date()

    def next_number(self, counter: str) -> int:
        """Allocate the member's next goal or entry number atomically."""
        column = getattr(Member, counter)
        stmt = (
            update(Member)
            .where(Member.id == self.member.id)
            .values({column: column + 1})
            .returning(column)
        )
        number: int = self.session.execute(stmt).scalar_one()
        return number
