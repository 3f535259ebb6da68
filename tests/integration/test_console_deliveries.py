"""What the worker delivers to the console keeps its files: they are saved in the export
folder and their paths printed, as replies' files are."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console

from adapters.console.files import ExportFolder
from adapters.console.messenger import ConsoleMessenger
from core.coach import Coach
from core.context import MemberRef
from core.prompts import PromptLibrary
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.ratelimit import Pace
from core.scheduling.sender import Sender
from core.scheduling.worker import Worker
from core.storage.db import SessionFactory
from core.time.clock import ManualClock
from tests.conftest import Conversation, run_worker
from tests.fakes import OPTIONS, FakeTime


@pytest.fixture
def screen() -> io.StringIO:
    """What the console messenger prints."""
    return io.StringIO()


@pytest.fixture
def console_worker(
    sessions: SessionFactory,
    clock: ManualClock,
    prompts: PromptLibrary,
    screen: io.StringIO,
    tmp_path: Path,
) -> Worker:
    """A real worker delivering through the real console messenger."""
    console = Console(file=screen, width=100, highlight=False)
    messenger = ConsoleMessenger(console, clock, exports=ExportFolder(tmp_path / "exports"))
    fake_time = FakeTime(lambda seconds: clock.advance(timedelta(seconds=seconds)))
    pace = {"console": Pace(channel=0, workspace=0, platform=0)}
    sender = Sender(
        sessions,
        clock,
        prompts,
        {"console": messenger},
        "w",
        pace=pace,
        realtime=fake_time,
        options=OPTIONS,
    )
    return Worker(sessions, clock, Dispatcher(sessions, clock), sender)


def test_yearly_review_saves_its_brag_draft(
    alice: Conversation,
    console_worker: Worker,
    clock: ManualClock,
    screen: io.StringIO,
    tmp_path: Path,
) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/win Shipped the billing revamp #launch")
    clock.set(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))
    run_worker(console_worker)
    draft = tmp_path / "exports" / "alice" / "brag-2026-draft.md"
    assert "Yearly review" in screen.getvalue()
    assert f"Saved brag-2026-draft.md to {draft}" in screen.getvalue().replace("\n", "")
    assert "Shipped the billing revamp" in draft.read_text()


def test_digest_saves_its_chart(
    coach: Coach,
    console_worker: Worker,
    clock: ManualClock,
    screen: io.StringIO,
    tmp_path: Path,
) -> None:
    admin = Conversation(coach, MemberRef("console", "local", "alice", "Alice"), admin=True)
    admin.say("/digest set #team weekly fri 16:00 UTC")
    admin.say("/win Shipped the billing revamp #launch --share")
    clock.set(datetime(2026, 11, 27, 16, 0, tzinfo=UTC))
    run_worker(console_worker)
    (chart,) = (tmp_path / "exports" / "channel-team").iterdir()
    assert chart.suffix == ".png" and chart.read_bytes().startswith(b"\x89PNG")
    assert f"to {chart}" in screen.getvalue().replace("\n", "")
