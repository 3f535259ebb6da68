"""Clients as one entity: a slug that `client:acme` and "Acme Corp" both lead to, when the
work was won, the client-acquisition goals that count them, and the work per client."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from core.bus import handles
from core.commands.network import ClientPeriod, ShowClients
from core.context import Context
from core.errors import UserError
from core.scheduling.rules import wall_to_utc
from core.storage.models import Client, Contact, Entry, Goal, GoalStatus

CLIENT_EXAMPLE = "/win Shipped the checkout revamp client:acme"
# Words that end a company's name without naming it: "Acme Corp" is the client acme.
LEGAL_SUFFIXES = {"inc", "corp", "corporation", "ltd", "llc", "gmbh", "co", "plc", "limited"}
# A win about a proposal or a pitch names a prospect, not a client won.
PROSPECT_WORDS = {"proposal", "proposals", "pitch", "pitched", "bid"}


def client_slug(name: str) -> str:
    """``Acme Corp`` -> ``acme``, ``Globex Labs`` -> ``globex-labs``: lower-case words joined
    by hyphens, without a trailing legal suffix."""
    words = re.findall(r"\w+", name.lower())
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return "-".join(words)[:100]


def is_prospect(text: str, tags: list[str]) -> bool:
    """Whether a win is about a proposal or pitch rather than work won."""
    words = set(re.findall(r"\w+", text.lower())) | set(tags)
    return bool(words & PROSPECT_WORDS)


def note_client(ctx: Context, name: str) -> Client:
    """The member's client with this name's slug, created if new."""
    slug = client_slug(name)
    if not slug:
        raise UserError("Name the client with letters or digits.", CLIENT_EXAMPLE, "client")
    client = ctx.session.scalar(
        select(Client).where(Client.member_id == ctx.member.id, Client.slug == slug)
    )
    if client is None:
        client = Client(member_id=ctx.member.id, slug=slug, name=name.strip()[:100])
        client.created_at = ctx.now
        ctx.session.add(client)
        ctx.session.flush()
    return client


def refresh_clients(ctx: Context) -> None:
    """Bring each client in step with what names it (wins, --client contacts): when it was
    won, its name, or gone when nothing names it any more; then recount the goals."""
    ctx.session.flush()
    member = ctx.member.id
    wins = ctx.session.execute(
        select(Entry.client, Entry.text, Entry.tags, Entry.created_at).where(
            Entry.member_id == member, Entry.client.is_not(None)
        )
    ).all()
    contacts = ctx.session.scalars(
        select(Contact).where(Contact.member_id == member, Contact.is_client.is_(True))
    ).all()
    for client in ctx.session.scalars(select(Client).where(Client.member_id == member)):
        named = [c for c in contacts if client_slug(c.name) == client.slug]
        mentions = [w for w in wins if w.client == client.slug]
        if not named and not mentions:
            ctx.session.delete(client)
            continue
        won = [c.created_at for c in named]
        won += [w.created_at for w in mentions if not is_prospect(w.text, w.tags.split())]
        client.landed_at = min(won, default=None)
        if named:
            client.name = named[0].name  # a contact's name reads better than a tag
    recount_client_goals(ctx)


def client_names(ctx: Context) -> dict[str, str]:
    """Each of the member's client slugs with the client's name."""
    rows = ctx.session.execute(
        select(Client.slug, Client.name).where(Client.member_id == ctx.member.id)
    )
    return {slug: name for slug, name in rows}


def is_client_goal(goal: Goal) -> bool:
    """A goal counted in clients (``measure: 3 new clients``)."""
    return bool(goal.measure_target and goal.measure and "client" in goal.measure.lower())


def goal_period(ctx: Context, goal: Goal) -> tuple[datetime, datetime | None]:
    """From when to when a goal counts new clients, in the member's zone: from the first
    day of its year ("in 2027") or the moment it was set, to the end of its deadline's day."""
    start = goal.created_at if goal.starts_on is None else _midnight(ctx, goal.starts_on)
    end = None if goal.deadline is None else _midnight(ctx, goal.deadline + timedelta(days=1))
    return start, end


def _midnight(ctx: Context, day: date) -> datetime:
    return wall_to_utc(day, time(0), ctx.tz)


def recount_client_goals(ctx: Context) -> None:
    """Client-acquisition goals count the clients won inside their period by themselves."""
    goals = ctx.session.scalars(
        select(Goal).where(
            Goal.member_id == ctx.member.id,
            Goal.status == GoalStatus.ACTIVE,
            Goal.measure_target.is_not(None),
        )
    ).all()
    client_goals = [g for g in goals if is_client_goal(g)]
    if not client_goals:
        return
    ctx.session.flush()
    landed = ctx.session.scalars(
        select(Client.landed_at).where(
            Client.member_id == ctx.member.id, Client.landed_at.is_not(None)
        )
    ).all()
    for goal in client_goals:
        start, end = goal_period(ctx, goal)
        won = [at for at in landed if at is not None and at >= start and (end is None or at < end)]
        goal.measure_current = float(len(won))


def quarter_start(day: date) -> date:
    """The first day of the day's quarter."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@dataclass(frozen=True)
class ClientWork:
    """Wins per client in a period, each client once by name, in name order, wins by
    date."""

    period: ClientPeriod
    clients: list[tuple[str, list[Entry]]]


def period_start(period: ClientPeriod, today: date) -> date:
    """The first day a client summary for `period` covers."""
    if period == ClientPeriod.QUARTER:
        return quarter_start(today)
    if period == ClientPeriod.ALL:
        return date(1970, 1, 1)
    return date(today.year, 1, 1)


@handles(ShowClients)
def show_clients(ctx: Context, command: ShowClients) -> ClientWork:
    """Wins per client this year, this quarter or ever, for invoices and testimonials."""
    wins = ctx.session.scalars(
        select(Entry)
        .where(
            Entry.member_id == ctx.member.id,
            Entry.client.is_not(None),
            Entry.local_date >= period_start(command.period, ctx.today),
        )
        .order_by(Entry.local_date)
    ).all()
    names = client_names(ctx)
    grouped: dict[str, list[Entry]] = defaultdict(list)
    for win in wins:
        grouped[names.get(win.client or "", win.client or "")].append(win)
    return ClientWork(
        ClientPeriod(command.period), sorted(grouped.items(), key=lambda item: item[0].lower())
    )
