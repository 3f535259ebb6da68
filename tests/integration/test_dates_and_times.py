"""Dates and times through the shared grammar, read in the member's zone and date order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core.scheduling.worker import Worker
from core.storage.db import SessionFactory
from core.storage.models import Goal, Reminder
from core.time.clock import ManualClock
from tests.conftest import Conversation, run_worker
from tests.fakes import FakeMessenger


def _deadline(sessions: SessionFactory, number: int) -> str | None:
    with sessions() as session:
        goal = session.scalars(select(Goal).where(Goal.number == number)).one()
        return goal.deadline.isoformat() if goal.deadline else None


@pytest.mark.parametrize(
    ("line", "title", "deadline"),
    [
        ("Land 3 new clients this year", "Land 3 new clients", "2026-12-31"),
        ("Ship the portfolio by end of this year", "Ship the portfolio", "2026-12-31"),
        ("Land 3 new clients in 2027", "Land 3 new clients", "2027-12-31"),
        ("Speak at a meetup by 2027", "Speak at a meetup", "2027-12-31"),
        ("Get the staff promotion next quarter", "Get the staff promotion", "2027-01-01"),
        ("Write the design doc by 15/12", "Write the design doc", "2026-12-15"),
        ("Write the book by 15/12/2027", "Write the book", "2027-12-15"),
        ("Write the book by 12/15/2027", "Write the book", "2027-12-15"),
    ],
)
def test_goal_deadlines(
    alice: Conversation, sessions: SessionFactory, line: str, title: str, deadline: str
) -> None:
    text = alice.text(f"/goal add {line}")
    assert f"Goal: {title}\n" in text and f"Deadline: {deadline}" in text
    assert "could not read" not in text
    assert _deadline(sessions, 1) == deadline


def test_an_unread_all_number_date_is_said_and_kept(alice: Conversation) -> None:
    text = alice.text("/goal add Write the book by 31/02/2027")
    assert "I could not read “31/02/2027” as a date" in text
    assert "Goal: Write the book by 31/02/2027" in text


@pytest.mark.parametrize(
    ("line", "local", "what"),
    [
        ("17:00 tomorrow call Dana", "Tue 24 Nov 2026 17:00", "call Dana"),
        ("noon tomorrow lunch with Sam", "Tue 24 Nov 2026 12:00", "lunch with Sam"),
        ("at 3pm tomorrow standup notes", "Tue 24 Nov 2026 15:00", "standup notes"),
        ("9am friday review goals", "Fri 27 Nov 2026 09:00", "review goals"),
        ("tomorrow morning stretch", "Tue 24 Nov 2026 09:00", "stretch"),
        ("on friday at 3pm demo prep", "Fri 27 Nov 2026 15:00", "demo prep"),
        ("me on friday to email Dana", "Fri 27 Nov 2026 09:00", "email Dana"),
    ],
)
def test_reminder_phrases_in_the_members_zone(
    alice: Conversation, sessions: SessionFactory, line: str, local: str, what: str
) -> None:
    alice.say("/tz America/New_York")  # 04:30 on Monday there
    text = alice.text(f"/remind {line}")
    assert f"Reminder #1 set for {local} (America/New_York): {what}" in text
    with sessions() as session:
        reminder = session.scalars(select(Reminder)).one()
    assert reminder.text == what
    wall = datetime.strptime(local, "%a %d %b %Y %H:%M")
    assert reminder.due_at.astimezone(UTC).hour == (wall.hour + 5) % 24  # EST is UTC-5


def test_an_unread_reminder_time_is_said_and_kept(alice: Conversation) -> None:
    text = alice.text("/remind blorsday 9am call Dana")
    assert "I could not read “blorsday 9am” as a date or time" in text
    assert "Your text, so nothing is lost: /remind blorsday 9am call Dana" in text


def test_month_first_dates_once_set_with_tz(alice: Conversation, sessions: SessionFactory) -> None:
    text = alice.text("/tz Europe/Berlin order mdy")
    assert "Time zone set to Europe/Berlin" in text and "month first" in text
    assert "month first" in alice.text("/tz")
    assert "Deadline: 2027-05-06" in alice.text("/goal add Ship the demo by 05/06/2027")
    assert "Deadline: 2027-12-15" in alice.text("/goal add Ship the book by 15/12/2027")
    assert "day first" in alice.text("/tz order dmy")
    assert "Deadline: 2027-06-05" in alice.text("/goal add Ship v2 by 05/06/2027")
    assert "Europe/Berlin" in alice.text("/tz")


def test_month_first_everywhere_a_date_is_typed(alice: Conversation) -> None:
    alice.say("/tz order mdy")
    alice.say("/goal add Ship the demo")
    assert "Deadline: 2027-05-06" in alice.text("/goal edit 1 by 05/06/2027")
    assert "by 2027-05-06" in alice.text("/skill add Kubernetes need by 05/06/2027")
    assert "(Thu 06 May 2027)" in alice.text("/commit Draft the talk by 05/06/2027")
    assert "2027-05-06 to 2027-05-07" in alice.text("/vacation 05/06/2027 to 05/07/2027")
    assert "Thu 06 May 2027 09:00" in alice.text("/remind 05/06/2027 renew the domain")


def test_a_bad_date_order_is_explained(alice: Conversation) -> None:
    text = alice.text("/tz Europe/Berlin order ymd")
    assert "“ymd” is not a date order" in text and "/tz Europe/Berlin order dmy" in text
    assert "Your text, so nothing is lost" in text


def test_vacation_commitments_and_skills_read_these_dates(alice: Conversation) -> None:
    assert "2026-12-15 to 2026-12-20" in alice.text("/vacation 15/12 to 20/12")
    assert "(Sun 29 Nov 2026)" in alice.text("/commit Draft the talk this week")
    assert "Kubernetes: need, by 2026-12-31" in alice.text("/skill add Kubernetes need this year")


@pytest.mark.parametrize(
    ("line", "wording", "first"),
    [
        ("every friday at 4pm", "Fri at 16:00", "Fri 27 Nov 2026 16:00"),
        ("every weekday 9:00", "weekdays at 09:00", "Tue 24 Nov 2026 09:00"),
        ("every other monday 10:00", "every 2 weeks on Mon at 10:00", "Mon 07 Dec 2026 10:00"),
        (
            "first friday of the month 16:00",
            "monthly, first Fri of the month at 16:00",
            "Fri 04 Dec 2026 16:00",
        ),
    ],
)
def test_checkin_recurrences_in_the_members_zone(
    alice: Conversation, line: str, wording: str, first: str
) -> None:
    alice.say("/tz Europe/Berlin")  # 10:30 on Monday there
    text = alice.text(f"/checkin set {line}")
    assert wording in text and f"{first} (Europe/Berlin)" in text
    assert f"{first} (Europe/Berlin)" in alice.text("/checkin")


def test_every_other_monday_fires_on_alternate_weeks_at_local_time(
    alice: Conversation, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    alice.say("/tz Europe/Berlin")
    alice.say("/checkin set every other monday 10:00")
    fired = []
    for _ in range(5 * 7 * 24):
        clock.advance(timedelta(hours=1))
        if run_worker(worker)[1]:
            fired.append(clock.now().astimezone(ZoneInfo("Europe/Berlin")).strftime("%a %d %b %H"))
    checkins = [day for day in fired if day.startswith("Mon")]
    assert checkins == ["Mon 07 Dec 10", "Mon 21 Dec 10"]


def test_a_checkin_phrase_that_is_not_understood_is_said_and_kept(alice: Conversation) -> None:
    text = alice.text("/checkin set every fryday at 4pm")
    assert "“fryday” is not a day of the week" in text
    assert "Your text, so nothing is lost: /checkin set every fryday at 4pm" in text


@pytest.mark.parametrize(
    ("line", "unread"),
    [
        ("tomorrow at 25:00 call Dana", "at 25:00"),
        ("friday 13pm call Dana", "13pm"),
        ("tomorrow 9:75 call Dana", "9:75"),
    ],
)
def test_a_time_after_the_day_that_is_not_understood_is_said_and_kept(
    alice: Conversation, line: str, unread: str
) -> None:
    text = alice.text(f"/remind {line}")
    assert f"I could not read “{unread}” as a time" in text
    assert f"Your text, so nothing is lost: /remind {line}" in text


def test_words_after_the_day_stay_text(alice: Conversation) -> None:
    assert ": 3 people to call" in alice.text("/remind friday 3 people to call")
    assert ": at the office print CV" in alice.text("/remind friday at the office print CV")
