"""/digest set|off|show|preview: team channel digests (configuring them needs admin rights)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.context import Context
from core.digest import DigestPost, compose, gather, period_title
from core.errors import UserError
from core.messages import Items, Reply, Text
from core.models import Delivery, Digest
from core.parsing import pick_subcommand, shorten
from core.scheduling.rules import Rule, next_occurrence, previous_occurrence
from core.services.checkins import local_time_text, parse_rule
from core.services.pictures import team_chart
from core.timezones import canonical_timezone, zone

SET_EXAMPLE = "/digest set #team weekly fri 16:00 Europe/Berlin"
ADMIN_ONLY = (
    "Only workspace admins can set up channel digests (Slack: workspace admins or owners; "
    "Discord: Manage Server). /digest preview shows what one would say about you."
)
# Slack sends <#C123|name> (or <#C123> on newer clients), Discord <#123>, people type #name.
_CHANNEL = re.compile(r"^<#(?P<id>[A-Za-z0-9]+)(?:\|(?P<name>[^>]*))?>$|^#(?P<plain>[\w.-]{1,80})$")


def handle_digest(ctx: Context, args: str) -> Reply:
    """Dispatch /digest subcommands."""
    handler, rest = pick_subcommand(DIGEST_SUBCOMMANDS, args, "digest", SET_EXAMPLE, "show")
    return handler(ctx, rest)


def parse_channel(word: str) -> tuple[str, str]:
    """(channel id, display name) from a channel reference."""
    match = _CHANNEL.match(word.strip())
    if match is None:
        raise UserError(
            f"“{shorten(word, 30) or 'nothing'}” is not a channel. Name it with #.", SET_EXAMPLE
        )
    if match["plain"]:
        return match["plain"], match["plain"]
    return match["id"], match["name"] or match["id"]


def set_digest(ctx: Context, args: str) -> Reply:
    """``/digest set #channel weekly fri 16:00 Europe/Berlin`` (daily, every 2 weeks, monthly)."""
    _require_admin(ctx)
    parts = args.split(maxsplit=1)  # not split_first: channel ids are case-sensitive
    channel_word, rest = (parts[0], parts[1]) if len(parts) == 2 else (args.strip(), "")
    channel_id, channel_name = parse_channel(channel_word)
    words = rest.split()
    tz = ctx.member.tz
    if words and ("/" in words[-1] or words[-1].upper() == "UTC") and not words[-1][0].isdigit():
        tz = canonical_timezone(words.pop())
    rule = _digest_rule(" ".join(words), ctx)
    digest = _find(ctx.session, ctx, channel_id) or Digest(
        platform=ctx.member.platform,
        workspace_id=ctx.space,
        channel_id=channel_id,
        created_at=ctx.now,
    )
    digest.channel_name, digest.rule, digest.anchor = channel_name[:100], rule.encode(), rule.anchor
    digest.tz, digest.enabled, digest.created_by = tz, True, ctx.member.user_id
    digest.next_fire_at = next_occurrence(rule, zone(tz), ctx.now)
    ctx.session.add(digest)
    return Reply(
        [
            Text(f"📣 Digest for #{digest.channel_name}: {rule.describe()} ({tz})."),
            Text(
                f"Next one: {_when(digest)}. Only what members share appears; nobody is mentioned."
            ),
        ]
    )


def _digest_rule(text: str, ctx: Context) -> Rule:
    words = text.lower().split()
    if not words:
        raise UserError(
            "Say how often: daily, weekly, every 2 weeks or monthly, and when.", SET_EXAMPLE
        )
    if words[0] == "monthly":
        base = parse_rule(" ".join(words[1:]), ctx.today)
        return Rule(base.days, base.at, monthly=True)
    if words[0] == "daily":
        words = ["daily", *words[1:]]
    return parse_rule(" ".join(words), ctx.today)


def _when(digest: Digest) -> str:
    if digest.next_fire_at is None:
        return "not scheduled"
    local = digest.next_fire_at.astimezone(zone(digest.tz))
    return f"{local.strftime('%a %d %b %Y %H:%M')} ({digest.tz})"


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


def turn_off(ctx: Context, args: str) -> Reply:
    """``/digest off #channel`` (the channel can be left out when there is only one)."""
    _require_admin(ctx)
    digests = [d for d in _workspace_digests(ctx) if d.enabled]
    if args.strip():
        channel_id, _ = parse_channel(args.split()[0])
        digests = [d for d in digests if d.channel_id == channel_id]
    if len(digests) != 1:
        raise UserError("Name the channel whose digest should stop.", "/digest off #team")
    digests[0].enabled, digests[0].next_fire_at = False, None
    return Reply([Text(f"Digest for #{digests[0].channel_name} is off.")])


def show(ctx: Context, _args: str) -> Reply:
    """The workspace's digests and when each comes next."""
    lines = tuple(
        f"#{d.channel_name}: {Rule.decode(d.rule, d.anchor).describe()} ({d.tz}), next {_when(d)}"
        if d.enabled
        else f"#{d.channel_name}: off"
        for d in _workspace_digests(ctx)
    )
    return Reply([Items("Team digests", lines, f"none yet. An admin can start one: {SET_EXAMPLE}")])


def preview(ctx: Context, _args: str) -> Reply:
    """Exactly what the next digest will say about the member who asks."""
    digests = [d for d in _workspace_digests(ctx) if d.enabled]
    start = ctx.now - timedelta(days=7)
    title = "Your part in the next digest"
    if digests:
        start = period_start(digests[0], ctx.now) or start
        title = f"Your part in the next digest for #{digests[0].channel_name}"
    activity = gather(ctx.session, ctx.member.platform, ctx.space, start, ctx.now, ctx.member.id)
    if not activity.people:
        return Reply(
            [
                Text(
                    "You are not in the next digest: you have shared nothing since "
                    f"{local_time_text(ctx, start)}. That is fine; nobody is listed for quiet."
                ),
                Text("Share a win: /win Shipped the billing revamp --share, or /win share 3."),
            ]
        )
    post = compose(activity, title)
    reply = Reply([*post.summary.blocks[:1], *post.summary.blocks[3:]])
    for detail in post.details:
        reply.blocks.extend(detail.blocks)
    return reply


def period_start(digest: Digest, end: datetime) -> datetime | None:
    """The start of the period that ends at `end`: the previous firing of the rule."""
    return previous_occurrence(Rule.decode(digest.rule, digest.anchor), zone(digest.tz), end)


def digest_post(session: Session, delivery: Delivery) -> tuple[Digest, DigestPost] | None:
    """The post for a queued digest occurrence, or None if the digest was switched off."""
    digest = session.get(Digest, delivery.source_id)
    if digest is None or not digest.enabled:
        return None
    end = delivery.occurrence_at
    start = period_start(digest, end) or end - timedelta(days=7)
    activity = gather(session, digest.platform, digest.workspace_id, start, end)
    chart = team_chart(activity, end) if activity.people else None
    return digest, compose(activity, period_title(digest, start, end), chart)


DIGEST_SUBCOMMANDS: dict[str, Callable[[Context, str], Reply]] = {
    "set": set_digest,
    "off": turn_off,
    "show": show,
    "preview": preview,
}
