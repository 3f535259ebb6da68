"""Streaks on local days: runs of kept days that paused days (vacations) neither break
nor grow. The journal streak and habit streaks both count this way."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from core.context import Context
from core.storage.models import Pause


def paused_days(ctx: Context, since: date, until: date) -> frozenset[date]:
    """Every local day in [since, until] covered by one of the member's pauses."""
    pauses = ctx.session.scalars(
        select(Pause).where(
            Pause.member_id == ctx.member.id, Pause.end_date >= since, Pause.start_date <= until
        )
    ).all()
    found: set[date] = set()
    for pause in pauses:
        day = max(pause.start_date, since)
        while day <= min(pause.end_date, until):
            found.add(day)
            day += timedelta(days=1)
    return frozenset(found)


def count_streak(
    days_newest_first: list[date],
    today: date,
    paused: frozenset[date] = frozenset(),
    missed: frozenset[date] = frozenset(),
) -> int:
    """Length of the run of kept days ending today, or yesterday while today is open (neither
    kept nor missed); paused days neither break nor grow it, even when something was kept."""
    if not days_newest_first:
        return 0
    logged = set(days_newest_first)
    oldest = days_newest_first[-1]
    day = today if today in logged or today in missed else today - timedelta(days=1)
    streak = 0
    while day >= oldest:
        if day in logged and day not in paused:
            streak += 1
        elif day not in paused:
            break
        day -= timedelta(days=1)
    return streak
