"""Outbox changes a front end asks for outside the tick: telling a digest's admin that the
digest could not be posted, and cancelling what was queued for a workspace that removed
the app."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.messages import Reply, reply_to_dict
from core.storage.models import Delivery, DeliveryStatus, Digest, Member

log = logging.getLogger(__name__)

NOTICE = "notice"


def cancel_workspace(session: Session, platform: str, workspace_id: str, reason: str) -> int:
    """Mark every delivery still waiting for the workspace (DMs to its members, its
    digests) skipped with `reason`; return how many."""
    members = select(Member.id).where(
        Member.platform == platform, Member.workspace_id == workspace_id
    )
    digests = select(Digest.id).where(
        Digest.platform == platform, Digest.workspace_id == workspace_id
    )
    theirs = or_(
        Delivery.member_id.in_(members),
        and_(
            Delivery.member_id.is_(None), Delivery.kind == "digest", Delivery.source_id.in_(digests)
        ),
    )
    result = session.execute(
        update(Delivery)
        .where(Delivery.platform == platform, Delivery.status == DeliveryStatus.PENDING, theirs)
        .values(status=DeliveryStatus.SKIPPED, reason=reason[:300])
        .execution_options(synchronize_session=False)
    )
    count = int(getattr(result, "rowcount", 0) or 0)
    log.warning("%s workspace %s: %d queued deliveries skipped", platform, workspace_id, count)
    return count


def notify_digest_admins(
    session: Session,
    platform: str,
    workspace_id: str,
    channel_id: str,
    notice: Callable[[str], Reply],
    now: datetime,
) -> int:
    """Queue `notice(channel name)` as a DM to the admin who set up each digest of the
    channel: once per digest until it has posted again. Return how many were queued."""
    digests = session.scalars(
        select(Digest).where(
            Digest.platform == platform,
            Digest.workspace_id == workspace_id,
            Digest.channel_id == channel_id,
        )
    )
    return sum(_notify(session, digest, notice(digest.channel_name), now) for digest in digests)


def _notify(session: Session, digest: Digest, reply: Reply, now: datetime) -> bool:
    admin = session.scalar(
        select(Member).where(
            Member.platform == digest.platform,
            Member.workspace_id == digest.workspace_id,
            Member.user_id == digest.created_by,
        )
    )
    if admin is None:
        return False
    # The key names the last digest that did post: a later failure is news again.
    last_posted = session.scalar(
        select(func.max(Delivery.id)).where(
            Delivery.kind == "digest",
            Delivery.source_id == digest.id,
            Delivery.status == DeliveryStatus.SENT,
        )
    )
    key = f"{NOTICE}:digest:{digest.id}:{last_posted or 0}"
    if session.scalar(select(Delivery.id).where(Delivery.key == key)) is not None:
        return False
    payload = {
        "workspace_id": admin.workspace_id,
        "user_id": admin.user_id,
        "reply": reply_to_dict(reply),
    }
    return queue_dm(
        session, key, NOTICE, admin, digest.id, now, json.dumps(payload, ensure_ascii=False)
    )


def queue_dm(
    session: Session,
    key: str,
    kind: str,
    member: Member,
    source_id: int,
    now: datetime,
    payload: str | None = None,
) -> bool:
    """Queue one DM to the member under a unique key; False when that key was queued
    before (by this or another worker). Without a payload it is composed when sent."""
    row = Delivery(
        key=key,
        platform=member.platform,
        member_id=member.id,
        kind=kind,
        source_id=source_id,
        occurrence_at=now,
        created_at=now,
        next_attempt_at=now,
        status=DeliveryStatus.PENDING,
        attempts=0,
        payload=payload,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # queued before, or by another worker just now
        return False
    return True
