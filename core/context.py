"""What every command handler gets: the session, the member and the moment."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.orm import Session

from core.present import Viewer
from core.prompts import PromptLibrary
from core.storage.models import Member
from core.time.numeric import DateOrder
from core.time.zones import zone


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
class PlatformTraits:
    """What a platform does that the core must allow for; each adapter declares its own."""

    # Members start check-ins themselves: no unsolicited DMs to new members.
    checkins_opt_in: bool = False
    # The platform tells us a member's time zone; if not, new members are asked once.
    knows_timezone: bool = True
    # Where a long channel post's details go, as its readers would say it.
    details_where: str = "below"
    # Blocks per message of a long post's details, when the core must split them; None
    # when the adapter splits each detail into as many messages as its limits take.
    detail_blocks: int | None = None
    # Members are one identity across servers (Discord): a team feature needs the server
    # the command was given in, which a DM does not have.
    spaces_are_servers: bool = False
    # How a command the member can type or tap names another member (`{}`: the user id).
    mention_format: str = "<@{}>"
    # A mention in a member's text (<@U123|dana>) was written by the platform, so it names a
    # real user of the workspace (Slack's should_escape); Discord passes typed text as is.
    text_mentions_are_real: bool = False
    # Scrubs what the platform's own tables keep about a member (session, workspace id,
    # user id), run by forget-me in its transaction; None when they keep nothing.
    forget_user: Callable[[Session, str, str], None] | None = None


@dataclass(frozen=True)
class Options:
    """Per-installation choices the core follows. The values come from the settings
    (config/defaults.toml, overridden by the environment); nothing is defaulted here."""

    due_reminder_days: tuple[int, ...]
    # Days after a win that one DM asks what came of it (0: never).
    outcome_followup_days: int
    checkins_on_by_default: bool
    # When the weekly partner note arrives on the reader's wall clock, as a stored rule.
    partner_note: str
    # The traits of each platform in use, from its adapter.
    platforms: Mapping[str, PlatformTraits] = field(default_factory=dict)

    def traits(self, platform: str) -> PlatformTraits:
        """A platform's traits; one no adapter declared behaves like the console."""
        return self.platforms.get(platform) or PlatformTraits()


@dataclass
class Context:
    """A command's view of the world, valid for one transaction."""

    session: Session
    member: Member
    now: datetime
    prompts: PromptLibrary
    options: Options
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
    def viewer(self) -> Viewer:
        """The member as the reader of a reply: their moment and zone."""
        traits = self.options.traits(self.member.platform)
        return Viewer(self.now, self.tz, traits.mention_format)

    @property
    def local_now(self) -> datetime:
        """The current time on the member's wall clock."""
        return self.viewer.local_now

    @property
    def today(self) -> date:
        """The member's local date."""
        return self.viewer.today

    @property
    def date_order(self) -> DateOrder:
        """How the member writes all-number dates (day or month first)."""
        return DateOrder(self.member.date_order or DateOrder.DMY)

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
