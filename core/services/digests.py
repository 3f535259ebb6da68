"""Digest handlers: team channel digests (setting them up needs admin rights), and the
post the scheduler sends for each period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.bus import handles
from core.commands.digests import DigestOff, PreviewDigest, SetDigest, ShowDigests
from core.context import Context, PlatformTraits
from core.errors import UserError
from core.grammar.digests import OFF_EXAMPLE, SET_EXAMPLE, check_channel
from core.scheduling.rules import Rule, next_occurrence, previous_occurrence
from core.services.charts import team_chart
from core.services.digest_content import DigestPost, compose, period_title
from core.services.recurrence_text import parse_rule
from core.services.team_activity import TeamActivity, gather
from core.storage.models import Delivery, Digest
from core.time.zones import canonical_timezone, zone

ADMIN_ONLY = (
    "Only workspace admins can set up channel digests (Slack: workspace admins or owners; "
    "Discord: Manage Server). /digest preview shows what one would say about you."
)
PREVIEW_DAYS = 7  # the period a preview covers when no digest is running
THROUGH_NOW = timedelta(microseconds=1)  # the finest step stored: [start, now + it) holds now


@dataclass(frozen=True)
class DigestSet:
    """A channel's digest, created or changed, and its rule."""

    digest: Digest
    rule: Rule


@dataclass(frozen=True)
class DigestStopped:
    """A channel's digest switched off."""

    digest: Digest


@dataclass(frozen=True)
class DigestList:
    """The workspace's digests, running or off, oldest first."""

    digests: list[Digest]


@dataclass(frozen=True)
class DigestPreview:
    """What the member shared since ``start``: their part of the next digest (for the
    channel ``channel_name``, or None when no digest is running)."""

    channel_name: str | None
    start: datetime
    activity: TeamActivity


@handles(SetDigest)
def set_digest(ctx: Context, command: SetDigest) -> DigestSet:
    """Post a digest to a channel on a rule: daily, weekly, every 2 weeks or monthly."""
    _require_admin(ctx)
    if not command.channel_id.strip():
        raise UserError("Name the channel for the digest.", SET_EXAMPLE, "channel_id")
    check_channel(command.channel_id)
    tz = _zone(command.zone) if command.zone else ctx.member.tz
    rule = _digest_rule(command.rule, ctx)
    digest = _find(ctx.session, ctx, command.channel_id) or Digest(
        platform=ctx.member.platform,
        workspace_id=ctx.space,
        channel_id=command.channel_id,
        created_at=ctx.now,
    )
    digest.channel_name = (command.channel_name or command.channel_id)[:100]
    digest.rule, digest.anchor = rule.encode(), rule.anchor
    digest.tz, digest.enabled, digest.created_by = tz, True, ctx.member.user_id
    digest.next_fire_at = next_occurrence(rule, zone(tz), ctx.now)
    ctx.session.add(digest)
    return DigestSet(digest, rule)


def _zone(name: str) -> str:
    try:
        return canonical_timezone(name)
    except UserError as error:
        raise UserError(error.message, error.example, "zone") from None


def _digest_rule(text: str, ctx: Context) -> Rule:
    words = text.lower().split()
    if not words:
        raise UserError(
            "Say how often: daily, weekly, every 2 weeks or monthly, and when.",
            SET_EXAMPLE,
            "rule",
        )
    if words[0] == "monthly":
        base = parse_rule(" ".join(words[1:]), ctx.today)
        return Rule(base.days, base.at, monthly=True)
    return parse_rule(" ".join(words), ctx.today)


def _require_admin(ctx: Context) -> None:
    if not ctx.is_admin:
        raise UserError(ADMIN_ONLY, "/digest preview")


def _find(session: Session, ctx: Context, channel_id: str) -> Digest | None:
    return session.scalar(
        select(Digest).where(
            Digest.platform == ctx.member.platform,
            Digest.workspace_id == ctx.space,
            Digest.channel_id == channel_id,
        )
    )


def _workspace_digests(ctx: Context) -> list[Digest]:
    return list(
        ctx.session.scalars(
            select(Digest)
            .where(
                Digest.platform == ctx.member.platform,
                Digest.workspace_id == ctx.space,
            )
            .order_by(Digest.id)
        )
    )


@handles(DigestOff)
def turn_off(ctx: Context, command: DigestOff) -> DigestStopped:
    """Stop a channel's digest (the channel can be left out when only one is running)."""
    _require_admin(ctx)
    digests = [d for d in _workspace_digests(ctx) if d.enabled]
    if command.channel_id is not None:
        digests = [d for d in digests if d.channel_id == command.channel_id]
    if len(digests) != 1:
        raise UserError("Name the channel whose digest should stop.", OFF_EXAMPLE, "channel_id")
    digests[0].enabled, digests[0].next_fire_at = False, None
    return DigestStopped(digests[0])


@handles(ShowDigests)
def show(ctx: Context, _command: ShowDigests) -> DigestList:
    """The workspace's digests."""
    return DigestList(_workspace_digests(ctx))


@handles(PreviewDigest)
def preview(ctx: Context, _command: PreviewDigest) -> DigestPreview:
    """What the member shared in the period the next digest covers."""
    digests = [d for d in _workspace_digests(ctx) if d.enabled]
    start = ctx.now - timedelta(days=PREVIEW_DAYS)
    channel = None
    if digests:
        start = period_start(digests[0], ctx.now) or start
        channel = digests[0].channel_name
    # A period is [start, end); a preview holds everything shared up to now, now included
    # (a win logged this very instant, as with a clock that stands still between commands).
    end = ctx.now + THROUGH_NOW
    activity = gather(ctx.session, ctx.member.platform, ctx.space, start, end, ctx.member.id)
    return DigestPreview(channel, start, activity)


def period_start(digest: Digest, end: datetime) -> datetime | None:
    """The start of the period that ends at `end`: the previous firing of the rule."""
    return previous_occurrence(Rule.decode(digest.rule, digest.anchor), zone(digest.tz), end)


def digest_post(
    session: Session, delivery: Delivery, traits: PlatformTraits
) -> tuple[Digest, DigestPost] | None:
    """The post for a queued digest occurrence, or None if the digest was switched off;
    the platform's `traits` say where and in what pieces a long post's details go."""
    digest = session.get(Digest, delivery.source_id)
    if digest is None or not digest.enabled:
        return None
    end = delivery.occurrence_at
    start = period_start(digest, end) or end - timedelta(days=7)
    activity = gather(session, digest.platform, digest.workspace_id, start, end)
    chart = team_chart(activity, end) if activity.people else None
    return digest, compose(activity, period_title(digest, start, end), traits, chart)
