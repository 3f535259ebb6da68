"""Digest results as replies: set-up, the list, and a member's preview."""

from __future__ import annotations

from core.grammar.digests import SET_EXAMPLE
from core.messages import Header, Items, Reply, Text
from core.present import Viewer, presents
from core.scheduling.rules import Rule
from core.services.checkins import local_time_text
from core.services.digest_content import digest_parts
from core.services.digests import DigestList, DigestPreview, DigestSet, DigestStopped
from core.storage.models import Digest
from core.time.zones import zone


@presents(DigestSet)
def digest_set(result: DigestSet, _viewer: Viewer) -> Reply:
    """The channel, the rule and the next post."""
    digest = result.digest
    return Reply(
        [
            Text(f"📣 Digest for #{digest.channel_name}: {result.rule.describe()} ({digest.tz})."),
            Text(
                f"Next one: {next_post(digest)}. "
                "Only what members share appears; nobody is mentioned."
            ),
        ]
    )


@presents(DigestStopped)
def digest_stopped(result: DigestStopped, _viewer: Viewer) -> Reply:
    """Which digest is off."""
    return Reply([Text(f"Digest for #{result.digest.channel_name} is off.")])


@presents(DigestList)
def digest_list(result: DigestList, _viewer: Viewer) -> Reply:
    """Each digest with its rule and next post, or that it is off."""
    lines = tuple(
        f"#{d.channel_name}: {Rule.decode(d.rule, d.anchor).describe()} ({d.tz}), "
        f"next {next_post(d)}"
        if d.enabled
        else f"#{d.channel_name}: off"
        for d in result.digests
    )
    return Reply([Items("Team digests", lines, f"none yet. An admin can start one: {SET_EXAMPLE}")])


def next_post(digest: Digest) -> str:
    """When the digest posts next, in the digest's own zone."""
    if digest.next_fire_at is None:
        return "not scheduled"
    local = digest.next_fire_at.astimezone(zone(digest.tz))
    return f"{local.strftime('%a %d %b %Y %H:%M')} ({digest.tz})"


@presents(DigestPreview)
def digest_preview(result: DigestPreview, viewer: Viewer) -> Reply:
    """The member's own part of the next digest, or a calm word that there is none."""
    if not result.activity.people:
        return Reply(
            [
                Text(
                    "You are not in the next digest: you have shared nothing since "
                    f"{local_time_text(viewer, result.start)}. That is fine; nobody is listed "
                    "for quiet."
                ),
                Text("Share a win: /win Shipped the billing revamp --share, or /win share 3."),
            ]
        )
    title = "Your part in the next digest"
    if result.channel_name is not None:
        title = f"{title} for #{result.channel_name}"
    parts = digest_parts(result.activity, title)
    return Reply([Header(parts.title), *parts.details])
