"""SQLAlchemy models: members, goals, milestones, journal entries and prompt history."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Dialect,
    Double,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from core.parsing import LIMITS, TAGS_COLUMN

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class GoalStatus(StrEnum):
    """Where a goal stands."""

    ACTIVE = "active"
    DONE = "done"
    DROPPED = "dropped"


class Horizon(StrEnum):
    """How far off a goal is: short (up to a year), mid (up to five), long."""

    SHORT = "short"
    MID = "mid"
    LONG = "long"


class EntryKind(StrEnum):
    """A journal entry is a win or an answer to a reflection prompt."""

    WIN = "win"
    JOURNAL = "journal"


class SkillStatus(StrEnum):
    """Whether the member has a skill, is learning it, or needs it."""

    HAVE = "have"
    LEARNING = "learning"
    NEED = "need"


class ReminderStatus(StrEnum):
    """A reminder waits, has fired into the outbox, or was cancelled."""

    PENDING = "pending"
    FIRED = "fired"
    CANCELLED = "cancelled"


class CommitmentStatus(StrEnum):
    """A commitment is open until the member says how it went, or drops it."""

    OPEN = "open"
    DONE = "done"
    PARTLY = "partly"
    MISSED = "missed"
    DROPPED = "dropped"


class PartnerStatus(StrEnum):
    """One side of a partnership: this member invited the other (waiting for an answer),
    was invited by them (may accept or decline), or the two are partners."""

    INVITED = "invited"
    ASKED = "asked"
    ACTIVE = "active"


class DeliveryStatus(StrEnum):
    """Every state an outbox row can be in."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
    MISSED = "missed"


GOAL_STATUSES = tuple(GoalStatus)
HORIZONS = tuple(Horizon)
ENTRY_KINDS = tuple(EntryKind)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC on every backend and hands back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    @property
    def python_type(self) -> type[datetime]:
        return datetime

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migrations name constraints stably."""

    metadata = MetaData(naming_convention=NAMING)


class Member(Base):
    """A person on one platform and workspace; all their data hangs off this row."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("platform", "workspace_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    workspace_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(100), default="")
    tz: Mapped[str] = mapped_column(String(64), default="UTC")
    tz_set_by_member: Mapped[bool] = mapped_column(Boolean, default=False)
    # A core.time.numeric.DateOrder: how the member writes all-number dates (05/06).
    date_order: Mapped[str] = mapped_column(String(3), default="dmy", server_default="dmy")
    goal_seq: Mapped[int] = mapped_column(Integer, default=0)
    entry_seq: Mapped[int] = mapped_column(Integer, default=0)
    reminder_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    skill_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    contact_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    commitment_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    pause_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    target_role: Mapped[str | None] = mapped_column(String(200))
    awaiting_prompt_key: Mapped[str | None] = mapped_column(String(80))
    awaiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When a check-in asked what the member will commit to; a plain reply after the
    # journal answer becomes that commitment.
    commitment_asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    forget_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What accountability partners see besides commitments: "wins", "goals" (space-separated).
    partner_shares: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # Whether a commitment answered "missed" tells the member's partners (once each).
    partner_notify_missed: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    # Invited as a partner by mention, not yet a user of coachbot: nothing is scheduled
    # for them until they first use it (then they get a new member's check-ins).
    invited_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    # The DM channel the platform opened for the member (Slack's conversations.open,
    # Discord's create_dm), reused for every DM until the platform says it is gone.
    dm_channel_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Goal(Base):
    """A SMART goal on a horizon, numbered per member."""

    __tablename__ = "goals"
    __table_args__ = (
        UniqueConstraint("member_id", "number"),
        Index("ix_goals_member_status", "member_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    horizon: Mapped[str] = mapped_column(String(10), default="short")
    # Chosen by the member: a new deadline no longer sets the horizon, the SMART check
    # says when the two disagree instead.
    horizon_by_hand: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    deadline: Mapped[date | None] = mapped_column(Date)
    # The first day of a goal set for a calendar year ("in 2027"); None: the day it was set.
    starts_on: Mapped[date | None] = mapped_column(Date)
    measure: Mapped[str | None] = mapped_column(String(200))
    measure_target: Mapped[float | None] = mapped_column(Float)
    measure_current: Mapped[float | None] = mapped_column(Float)
    why: Mapped[str | None] = mapped_column(Text)
    resources: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=GoalStatus.ACTIVE)
    progress_manual: Mapped[int | None] = mapped_column(Integer)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    tags: Mapped[str] = mapped_column(String(500), default="", server_default="")
    client: Mapped[str | None] = mapped_column(String(100))
    # The guild it was added or shared in when that is not the member's workspace (a
    # Discord member is one identity across guilds); None: the member's own workspace.
    space_id: Mapped[str | None] = mapped_column(String(64))

    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="goal",
        order_by="Milestone.number",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class Milestone(Base):
    """A dated step towards a goal, numbered per goal."""

    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("goal_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    due: Mapped[date | None] = mapped_column(Date, index=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    goal: Mapped[Goal] = relationship(back_populates="milestones")


class Entry(Base):
    """A journal entry: a win or an answer to a reflection prompt, dated on the local day."""

    __tablename__ = "entries"
    __table_args__ = (
        UniqueConstraint("member_id", "number"),
        Index("ix_entries_member_kind_day", "member_id", "kind", "local_date"),
        Index("ix_entries_member_day", "member_id", "local_date"),
        # Partial: only entries marked with a guild, so the planner knows how few there
        # are on a workspace's digest (SQLite's statistics would count the NULLs too).
        # Migration 0008 makes it partial on PostgreSQL as well; saying so here would
        # import the PostgreSQL dialect into every SQLite process (40 ms of each start).
        Index(
            "ix_entries_space_day",
            "space_id",
            "local_date",
            sqlite_where=text("space_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    local_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    tags: Mapped[str] = mapped_column(String(TAGS_COLUMN), default="")
    section: Mapped[str | None] = mapped_column(String(20))
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="SET NULL"))
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestones.id", ondelete="SET NULL")
    )
    outcome: Mapped[str | None] = mapped_column(Text)
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    prompt_key: Mapped[str | None] = mapped_column(String(80))
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    client: Mapped[str | None] = mapped_column(String(100), index=True)
    # The guild it was written or shared in, as for goals: a digest shows only what was
    # shared in its own guild or workspace. None: the member's own workspace.
    space_id: Mapped[str | None] = mapped_column(String(64))

    goal: Mapped[Goal | None] = relationship()
    milestone: Mapped[Milestone | None] = relationship()

    @property
    def tag_list(self) -> list[str]:
        """Tags without the leading '#'."""
        return self.tags.split() if self.tags else []


class PromptLog(Base):
    """Which reflection prompt was asked when; drives rotation without repeats."""

    __tablename__ = "prompt_log"
    __table_args__ = (Index("ix_prompt_log_member_asked", "member_id", "asked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    prompt_key: Mapped[str] = mapped_column(String(80))
    theme: Mapped[str] = mapped_column(String(40))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime)


DELIVERY_STATES = ("pending", "sending", "sent", "failed", "skipped", "missed")


class Schedule(Base):
    """A member's recurring message (weekly check-in, quarterly review) on their wall clock."""

    __tablename__ = "schedules"
    __table_args__ = (UniqueConstraint("member_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    rule: Mapped[str] = mapped_column(String(40))
    anchor: Mapped[date | None] = mapped_column(Date)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    next_fire_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship()


class Reminder(Base):
    """A one-off message at an instant: the member's own, a due date's, or a snoozed check-in."""

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("member_id", "number"),
        Index("ix_reminders_status_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    number: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(String(500))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default=ReminderStatus.PENDING)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"))
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestones.id", ondelete="CASCADE")
    )
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE")
    )
    # Set as an offset from now ("in 2 hours", a snooze): a zone change leaves it where it
    # is; one set on the wall clock ("tomorrow 9am") keeps its time on the new clock.
    at_moment: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship()


class DeletedEntry(Base):
    """The member's last deleted win and last deleted journal entry, as JSON by kind, for
    one ``/win undo`` and one ``/journal undo``."""

    __tablename__ = "deleted_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True, unique=True
    )
    payload: Mapped[str] = mapped_column(Text)
    deleted_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Pause(Base):
    """Local days (inclusive) on which nothing is sent: a vacation or a pause, numbered
    per member (a number stays when another vacation is added)."""

    __tablename__ = "pauses"
    __table_args__ = (UniqueConstraint("member_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Delivery(Base):
    """The outbox: one row per occurrence, unique by key, drained by the senders."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_status_next", "status", "next_attempt_at"),
        Index("ix_outbox_platform_status_next", "platform", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    platform: Mapped[str] = mapped_column(String(20), server_default="console")
    # The member a DM goes to; empty for channel posts (team digests).
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    source_id: Mapped[int] = mapped_column(Integer)
    occurrence_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    # Real (system) time, never the simulated clock: leases and backoff are real seconds.
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(String(300))
    payload: Mapped[str | None] = mapped_column(Text)
    # A multi-part post's progress: parts already sent, and the first part's platform id
    # (Slack ts, Discord message id) that later parts thread under.
    parts_sent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    thread_ref: Mapped[str | None] = mapped_column(String(64))

    member: Mapped[Member | None] = relationship()


class InboundEvent(Base):
    """Platform event ids already handled, so a retried delivery changes nothing twice."""

    __tablename__ = "inbound_events"
    __table_args__ = (UniqueConstraint("platform", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    event_id: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class Digest(Base):
    """A team channel's progress digest: where, how often, on whose wall clock."""

    __tablename__ = "digests"
    __table_args__ = (UniqueConstraint("platform", "workspace_id", "channel_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    workspace_id: Mapped[str] = mapped_column(String(64))
    channel_id: Mapped[str] = mapped_column(String(LIMITS["channel"]))
    channel_name: Mapped[str] = mapped_column(String(100), default="")
    rule: Mapped[str] = mapped_column(String(40))
    anchor: Mapped[date | None] = mapped_column(Date)
    tz: Mapped[str] = mapped_column(String(64), default="UTC")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    next_fire_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    last_period_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Membership(Base):
    """A member seen in a shared space other than their workspace (a Discord guild), so
    that space's digest can include what they share."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("member_id", "space_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    space_id: Mapped[str] = mapped_column(String(64), index=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


SKILL_STATUSES = ("have", "learning", "need")
SKILL_KINDS = ("skill", "certification", "course")


class Skill(Base):
    """A skill, certification or course the member has, is learning, or needs."""

    __tablename__ = "skills"
    __table_args__ = (
        UniqueConstraint("member_id", "number", name="uq_skills_member_number"),
        UniqueConstraint("member_id", "slug", name="uq_skills_member_slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    slug: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), default=SkillStatus.NEED)
    kind: Mapped[str] = mapped_column(String(15), default="skill")
    provider: Mapped[str | None] = mapped_column(String(100))
    due: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Client(Base):
    """A freelancer's client: one company however it is written (``client:acme`` on a win,
    "Acme Corp" as a ``--client`` contact), found by its slug."""

    __tablename__ = "clients"
    __table_args__ = (UniqueConstraint("member_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    # When the work was won: the first win for them that is not a proposal or a pitch, or
    # the day they were added as a --client contact. None: only proposals so far.
    landed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Contact(Base):
    """Someone in the member's network, and when they last talked."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("member_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    where_met: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    important: Mapped[bool] = mapped_column(Boolean, default=False)
    nudge_days: Mapped[int | None] = mapped_column(Integer)
    is_client: Mapped[bool] = mapped_column(Boolean, default=False)
    last_touched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    touches: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Commitment(Base):
    """What a member said they will do by a local day, and how it went."""

    __tablename__ = "commitments"
    __table_args__ = (
        UniqueConstraint("member_id", "number"),
        Index("ix_commitments_member_status_due", "member_id", "status", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(LIMITS["commitment"]))
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=CommitmentStatus.OPEN)
    moves: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="SET NULL"))
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestones.id", ondelete="SET NULL")
    )
    skill_id: Mapped[int | None] = mapped_column(ForeignKey("skills.id", ondelete="SET NULL"))
    # The member's local day when they said how it went (done, partly, missed).
    answered_on: Mapped[date | None] = mapped_column(Date)
    # A habit's weekdays (0 is Monday), e.g. "0,1,2,3,4"; None for a one-off commitment.
    # A habit stays open until dropped; each of its days is kept or missed (HabitDay).
    repeat_days: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    goal: Mapped[Goal | None] = relationship()
    milestone: Mapped[Milestone | None] = relationship()
    skill: Mapped[Skill | None] = relationship()


class HabitDay(Base):
    """One local day of a habit (a repeating commitment): kept or missed."""

    __tablename__ = "habit_days"
    __table_args__ = (UniqueConstraint("commitment_id", "local_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    kept: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Partner(Base):
    """The member's side of an accountability partnership with another member of the same
    platform, known by their user id (not a key: each side owns, exports and forgets only
    its own row). Both sides' rows change together."""

    __tablename__ = "partners"
    __table_args__ = (UniqueConstraint("member_id", "partner_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    partner_user_id: Mapped[str] = mapped_column(String(64))
    # The workspace or guild the two share, where the invitation was made.
    space_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10))
    # Until when an invitation may be accepted; None once the two are partners.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SendPace(Base):
    """The next free slot at one send ceiling, shared by every worker of an install: a
    workspace's (or guild's), or with workspace '' the whole platform's. Real time, as
    seconds since the Unix epoch (UTC), so every worker's arithmetic is one statement."""

    __tablename__ = "send_pace"

    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), primary_key=True)
    next_free_at: Mapped[float] = mapped_column(Double)
