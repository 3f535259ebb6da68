"""Account results as replies: time zone, sharing, forget-me."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from core.messages import Actions, Block, Button, ButtonStyle, Fields, Header, Reply, Text
from core.present import Viewer, presents
from core.services.account import (
    ForgetAsked,
    MemberForgotten,
    SharedItems,
    TimezoneSet,
    TimezoneShown,
)
from core.time.numeric import DateOrder


@presents(TimezoneShown)
def timezone_shown(result: TimezoneShown, viewer: Viewer) -> Reply:
    """The zone and the time there now."""
    local = viewer.local_now.strftime("%H:%M on %A")
    return Reply(
        [
            Text(f"Your time zone is {result.zone} (it is {local} there)."),
            Text(f"{_order_text(result.order)} /tz order mdy or /tz order dmy changes it."),
        ]
    )


@presents(TimezoneSet)
def timezone_set(result: TimezoneSet, viewer: Viewer) -> Reply:
    """The new zone and the date and time there now."""
    local = viewer.local_now.strftime("%H:%M on %A %d %B")
    blocks: list[Block] = [Text(f"Time zone set to {result.zone}. It is {local} there.")]
    if result.order is not None:
        blocks.append(Text(_order_text(result.order)))
    return Reply(blocks)


def _order_text(order: DateOrder) -> str:
    """How all-number dates are read, with an example."""
    if order is DateOrder.MDY:
        return "Dates like 05/06 are read month first (May 6)."
    return "Dates like 05/06 are read day first (5 June)."


@presents(SharedItems)
def shared_items(result: SharedItems, _viewer: Viewer) -> Reply:
    """What is shared, the privacy promise, and how to change it."""
    return Reply(
        [
            Header("What you share"),
            Text(
                "Everything is private unless you mark it shareable. Only shared goals and "
                "entries can appear in a team digest; nobody is listed for staying quiet."
            ),
            Fields(
                (
                    ("Shared goals", _numbers(result.goals)),
                    ("Shared entries", _numbers(result.entries)),
                )
            ),
            Text(
                "Change it: /goal share 2, /goal unshare 2, /win share 14, /win unshare 14, "
                "or log a win with --share."
            ),
        ]
    )


def _numbers(numbers: Sequence[int]) -> str:
    return ", ".join(f"#{n}" for n in numbers) if numbers else "none"


@presents(ForgetAsked)
def forget_asked(result: ForgetAsked, _viewer: Viewer) -> Reply:
    """What deleting means, and the button to confirm."""
    minutes = result.window // timedelta(minutes=1)
    return Reply(
        [
            Header("Delete all your coachbot data?"),
            Text(
                "This removes your goals, milestones, journal, wins and settings for good. "
                f"Consider /export json first. To go ahead within {minutes} minutes, confirm:"
            ),
            Actions((Button("Delete everything", "/forget-me confirm", ButtonStyle.DANGER),)),
            Text("/forget-me confirm"),
        ]
    )


@presents(MemberForgotten)
def member_forgotten(_result: MemberForgotten, _viewer: Viewer) -> Reply:
    """The deletion is done."""
    return Reply([Text("Done. Everything coachbot kept about you is deleted.")])
