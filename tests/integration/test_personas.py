"""A month for three members, played through the shared grammar with a moved clock: what a
freelancer, an engineer aiming for staff and an IT manager would check at review time."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from core.coach import Coach
from core.context import MemberRef
from core.ports import Address
from core.scheduling.worker import Worker
from core.time.clock import ManualClock
from tests.conftest import START, Conversation, run_worker
from tests.fakes import FakeMessenger
from tests.integration.test_brag_document import brag, section

MIA = Address("console", "local", "mia")
# Day of the month (0 is Monday 2026-11-23, 09:30 UTC) -> what the member types that day.
Month = Mapping[int, Sequence[str]]

FREELANCER: Month = {
    0: (
        "/goal add Land 3 new clients this year measure: 3 new clients",
        "/contact add Acme Corp at: Web Summit notes: CTO wants a new landing page --client",
        "/win Sent the proposal for the Globex redesign client:globex #proposal",
    ),
    2: ("/win Delivered the Acme landing page client:acme #launch",),
    3: ("/win outcome 2 Sign-ups up 12% in the first week",),
    7: ("/win Signed Initech for a three-month retainer client:initech",),
    10: ("/remind 2026-12-07 17:00 send the Acme invoice", "/vacation 2026-12-24 to 2026-12-31"),
    20: ("/win Wrote a case study of the Acme project #writing client:acme",),
}

ENGINEER: Month = {
    0: (
        "/target Staff engineer",
        "/skill add System design",
        "/skill add Mentoring",
        "/skill add Public speaking",
        "/goal add Get promoted to staff engineer by 2027-12-31",
        "/goal milestone 1 add Publish the caching design doc by 2026-12-15",
        "/goal milestone 1 add Give a talk at the platform guild by 2027-03-31",
    ),
    3: ("/win Published the caching design doc #design #system-design milestone:1.1",),
    4: ("/goal milestone 1 done 1",),
    9: ("/win Mentored two new hires through their first on-call week #mentoring",),
    16: (
        "/win Gave a talk on cache invalidation at the platform guild #talk #public-speaking",
        "/win outcome 1 Three teams asked for the design doc",
        "/remind 2026-12-14 10:00 ask Priya for promotion feedback",
    ),
}

MANAGER: Month = {
    0: (
        "/digest set #team weekly fri 16:00 Europe/London",
        "/goal add Grow the platform team by 2027-06-30 measure: 4 hires --share",
        "/goal milestone 1 add Open the SRE role by 2026-12-01",
        "/goal milestone 1 done 1",
        "/remind 2026-11-27 16:00 prepare the 1:1 notes",
    ),
    1: ("/win Hired a senior SRE #hiring goal:1 --share", "/goal progress 1 1"),
    3: ("/win Hired a platform engineer #hiring goal:1 --share", "/goal progress 1 2"),
    8: ("/win Ran the first team retro after the reorg #team --share",),
    15: ("/vacation 2026-12-21 to 2027-01-01", "/vacation 2027-02-15"),
}


def member(coach: Coach, user: str, name: str, tz: str, admin: bool = False) -> Conversation:
    """A console member in their own zone."""
    return Conversation(coach, MemberRef("console", "local", user, name), tz_hint=tz, admin=admin)


def play(
    who: Conversation, clock: ManualClock, month: Month, hour: int = 0, days: range = range(31)
) -> None:
    """Each day's lines on that day (of those in ``days``), every reply a success."""
    for day in sorted(set(month) & set(days)):
        clock.set(START + timedelta(days=day, hours=hour))
        for line in month[day]:
            reply = who.text(line)
            assert "⚠️" not in reply, (line, reply)


def sentences(md: str) -> list[str]:
    """The document's bullet lines that say something (not the quiet tag lines)."""
    return [line for line in md.splitlines() if line.startswith("- ")]


def percent(text: str, title: str) -> str:
    """The percentage shown right after a goal's title."""
    match = re.search(re.escape(title) + r"\D*?(\d+)%", text)
    assert match is not None, (title, text)
    return match.group(1)


def test_a_freelancers_month(
    coach: Coach, clock: ManualClock, worker: Worker, messenger: FakeMessenger
) -> None:
    fran = member(coach, "fran", "Fran Okafor", "Europe/Berlin")
    play(fran, clock, FREELANCER, days=range(11))
    assert "Mon 07 Dec 2026 17:00 (Europe/Berlin): send the Acme invoice" in fran.text(
        "/remind list"
    )
    inbox = messenger.sent[Address("console", "local", "fran")]
    clock.set(datetime(2026, 12, 7, 15, 59, tzinfo=UTC))  # 16:59 in Berlin
    run_worker(worker)
    assert not any("send the Acme invoice" in r.plain_text() for r in inbox)
    clock.set(datetime(2026, 12, 7, 16, 0, tzinfo=UTC))  # 17:00 in Berlin
    run_worker(worker)
    assert "send the Acme invoice" in inbox[-1].plain_text()
    play(fran, clock, FREELANCER, days=range(11, 31))
    clients = fran.text("/clients")
    assert clients.count("Acme Corp") == 1 and "Acme Corp (2 wins)" in clients
    assert "initech (1 win)" in clients and "globex (1 win)" in clients
    progress = fran.text("/progress")
    # Acme and Initech are won; the Globex proposal is not a client won.
    assert "Land 3 new clients" in progress and "2 of 3" in progress
    assert percent(progress, "Land 3 new clients") == "67"
    assert "#1 2026-12-24 to 2026-12-31" in fran.text("/vacation")
    md = brag(fran)
    assert md.startswith("# Brag document 2026: Fran Okafor\n")
    assert percent(section(md, "Goals for 2026"), "Land 3 new clients") == "67"
    work = section(md, "Client work")
    assert work.count("**Acme Corp (2 wins)**") == 1 and "Delivered the Acme landing page" in work
    assert "Sign-ups up 12% in the first week" in work
    to_fill = section(md, "To fill in")
    assert "Signed Initech" in to_fill and "Delivered the Acme landing page" not in to_fill
    assert not [line for line in sentences(md) if re.search(r"#\w", line)]


def test_an_engineers_month_towards_staff(coach: Coach, clock: ManualClock) -> None:
    eli = member(coach, "eli", "Eli Novak", "America/New_York")
    play(eli, clock, ENGINEER, hour=14)
    gap = eli.text("/gap")
    assert "Gap to Staff engineer" in gap
    for skill in ("System design", "Mentoring", "Public speaking"):
        assert f"{skill}: 1 entry" in gap, skill
    progress = eli.text("/progress")
    assert percent(progress, "Get promoted to staff engineer") == "50"
    reminders = eli.text("/remind list")
    assert "Mon 14 Dec 2026 10:00 (America/New_York): ask Priya for promotion feedback" in reminders
    md = brag(eli)
    assert md.startswith("# Brag document 2026: Eli Novak\n")
    assert "Published the caching design doc" in section(md, "Design & documentation")
    assert "Mentored two new hires" in section(md, "Collaboration & mentorship")
    assert "Gave a talk on cache invalidation" in section(md, "Company & community building")
    assert "Three teams asked for the design doc" in section(md, "Design & documentation")
    assert any("“Three teams asked for the design doc”" in r.plain_text() for r in eli.replies)
    assert "Publish the caching design doc (milestone of Get promoted" in section(
        md, "Achievements"
    )
    goals = section(md, "Goals for 2027")
    assert percent(goals, "Get promoted to staff engineer") == "50"
    assert "## Goals for 2026" not in md
    skills = section(md, "Skills and certifications")
    assert all(s in skills for s in ("System design", "Mentoring", "Public speaking"))
    assert "Mentored two new hires" in section(md, "To fill in")
    assert not [line for line in sentences(md) if re.search(r"#\w", line)]


def test_an_it_managers_month(
    coach: Coach, clock: ManualClock, worker: Worker, messenger: FakeMessenger
) -> None:
    mia = member(coach, "mia", "Mia Laine", "Europe/London", admin=True)
    play(mia, clock, MANAGER, days=range(4))
    assert "Fri 27 Nov 2026 16:00 (Europe/London): prepare the 1:1 notes" in mia.text(
        "/remind list"
    )
    progress = mia.text("/progress")
    # A goal with a measure follows it: 2 of 4 hires, not its one done milestone.
    assert "2 of 4" in progress and percent(progress, "Grow the platform team") == "50"
    clock.set(START.replace(day=27, hour=16, minute=0))  # Friday 16:00 in London
    run_worker(worker)
    ((summary, details),) = messenger.posts[("local", "team")]
    digest = "\n".join([summary.plain_text(), *(d.plain_text() for d in details)])
    assert "Hired a senior SRE" in digest and "Mia Laine" in digest
    assert percent(digest, "Grow the platform team") == "50"
    dms = [r.plain_text() for r in messenger.sent[MIA]]
    assert any("prepare the 1:1 notes" in dm for dm in dms)
    checkin = next(dm for dm in dms if "Check-in time" in dm)
    assert percent(checkin, "Grow the platform team") == "50"
    play(mia, clock, MANAGER, days=range(4, 31))
    md = brag(mia)
    assert md.startswith("# Brag document 2026: Mia Laine\n")
    assert percent(section(md, "Goals for 2027"), "Grow the platform team") == "50"
    assert "Open the SRE role (milestone of Grow the platform team)" in section(md, "Achievements")
    community = section(md, "Company & community building")
    assert "Hired a senior SRE" in community and "Hired a platform engineer" in community
    assert "Ran the first team retro" in section(md, "Collaboration & mentorship")
    assert "Hired a senior SRE" in section(md, "To fill in")
    assert not [line for line in sentences(md) if re.search(r"#\w", line)]
    vacations = mia.text("/vacation")
    assert "#1 2026-12-21 to 2027-01-01" in vacations
    assert "#2 2027-02-15 (one day)" in vacations
    clock.set(datetime(2026, 12, 18, 16, 0, tzinfo=UTC))  # the last Friday before it
    run_worker(worker)
    assert "Check-in time" in messenger.sent[MIA][-1].plain_text()
    sent = len(messenger.sent[MIA])
    clock.set(datetime(2026, 12, 25, 16, 0, tzinfo=UTC))  # Friday's check-in, on vacation
    run_worker(worker)
    assert len(messenger.sent[MIA]) == sent
    clock.set(datetime(2027, 1, 8, 16, 0, tzinfo=UTC))  # the first Friday back
    run_worker(worker)
    (back,) = (r.plain_text() for r in messenger.sent[MIA][sent:])
    assert "Check-in time" in back and percent(back, "Grow the platform team") == "50"
