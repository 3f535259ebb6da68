"""Check-ins, reminders and vacations end to end: commands, the tick, the outbox, the fake."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from core.commands.checkins import AddVacation, SetCheckins, TurnCheckins
from core.commands.reminders import AddReminder
from core.messages import Actions, Header, Reply
from core.ports import Address
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.worker import Worker
from core.services.checkins import CheckinsSet, CheckinsSwitched
from core.storage.db import SessionFactory
from core.storage.models import Delivery, Entry, Reminder
from core.time.clock import ManualClock
from tests.conftest import Conversation, run_worker
from tests.fakes import FakeMessenger

ALICE = Address("console", "local", "alice")


def _deliveries(sessions: SessionFactory) -> list[Delivery]:
    with sessions() as session:
        return list(session.scalars(select(Delivery).order_by(Delivery.occurrence_at)))


def _buttons(reply: Reply) -> list[str]:
    return [
        b.command for block in reply.blocks if isinstance(block, Actions) for b in block.buttons
    ]


def test_default_weekly_checkin_arrives_friday_afternoon_and_answer_is_journaled(
    alice: Conversation,
    worker: Worker,
    messenger: FakeMessenger,
    clock: ManualClock,
    sessions: SessionFactory,
) -> None:
    text = alice.text("/checkin")
    assert "Fri 27 Nov 2026 16:00 (UTC)" in text
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    clock.set(datetime(2026, 11, 27, 15, 59, tzinfo=UTC))
    run_worker(worker)
    assert messenger.total() == 0
    clock.set(datetime(2026, 11, 27, 16, 0, 5, tzinfo=UTC))
    report, sent = run_worker(worker)
    assert (report.queued, sent) == (1, 1)
    (checkin,) = messenger.sent[ALICE]
    assert isinstance(checkin.blocks[0], Header)
    assert "#1 Pass the CKA exam" in checkin.plain_text()
    assert _buttons(checkin)[:4] == [
        "/checkin answer",
        "/checkin snooze 1h",
        "/checkin snooze tomorrow",
        "/checkin skip",
    ]
    assert "Saved to your journal" in alice.text("Passed two mock exams this week")
    with sessions() as session:
        entry = session.scalars(select(Entry)).one()
    assert entry.prompt_key is not None and entry.kind == "journal"
    assert "Fri 04 Dec 2026 16:00" in alice.text("/checkin")


def test_checkin_rules_in_local_time(
    alice: Conversation, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    alice.say("/tz Europe/Berlin")
    text = alice.text("/checkin set weekdays 09:00")
    assert "weekdays at 09:00" in text and "Tue 24 Nov 2026 09:00 (Europe/Berlin)" in text
    fired = []
    for _ in range(7 * 24):
        clock.advance(timedelta(hours=1))
        if run_worker(worker)[1]:
            fired.append(clock.now().astimezone().astimezone(UTC))
    local_days = [f.astimezone(alice_zone()).strftime("%a %H") for f in fired]
    assert local_days == ["Tue 09", "Wed 09", "Thu 09", "Fri 09", "Mon 09"]


def alice_zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Berlin")


def test_every_two_weeks_and_bad_rules(alice: Conversation) -> None:
    text = alice.text("/checkin set every 2 weeks mon 10:00")
    assert "every 2 weeks on Mon at 10:00" in text
    assert "Mon 07 Dec 2026 10:00" in text or "Mon 23 Nov 2026 10:00" in text
    assert "not a day of the week" in alice.text("/checkin set funday 10:00")
    assert "as a time" in alice.text("/checkin set mon 25:00")
    assert "Example: /checkin set" in alice.text("/checkin set")
    assert "off" in alice.text("/checkin off")
    assert "off (was every 2 weeks" in alice.text("/checkin")


def test_tick_is_idempotent_across_restarts(
    alice: Conversation,
    worker: Worker,
    messenger: FakeMessenger,
    clock: ManualClock,
    sessions: SessionFactory,
) -> None:
    alice.say("/checkin set daily 10:00")
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    run_worker(worker)
    run_worker(worker)
    Dispatcher(sessions, clock).tick()  # a "restarted" worker at the same moment
    run_worker(worker)
    assert messenger.total() == 1
    assert [d.status for d in _deliveries(sessions)] == ["sent"]


def test_vacation_sends_nothing_and_streak_holds(
    alice: Conversation,
    worker: Worker,
    messenger: FakeMessenger,
    clock: ManualClock,
    sessions: SessionFactory,
) -> None:
    alice.say("/checkin set daily 18:00")
    alice.say("/journal day one")  # Mon 23
    clock.advance(timedelta(days=1))
    alice.say("/journal day two")  # Tue 24
    text = alice.text("/vacation 2026-11-25 to 2026-11-27")
    assert "2026-11-25 to 2026-11-27" in text
    for _ in range(4 * 24 + 9):  # through Saturday 28, 18:30
        clock.advance(timedelta(hours=1))
        run_worker(worker)
    sent_days = [d.occurrence_at.date() for d in _deliveries(sessions) if d.status == "sent"]
    skipped = [d.occurrence_at.date() for d in _deliveries(sessions) if d.status == "skipped"]
    assert sent_days == [date(2026, 11, 24), date(2026, 11, 28)]
    assert skipped == [date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)]
    alice.say("/journal back again")  # Sat 28
    assert "Journal streak: 3 days" in alice.text("/progress")
    assert "2026-11-25 to 2026-11-27" not in alice.text("/vacation")


def test_pause_until_and_resume(alice: Conversation, clock: ManualClock) -> None:
    assert "2026-11-23 to 2026-12-28" in alice.text("/checkin pause until 2026-12-28")
    assert "Paused" in alice.text("/checkin")
    assert "Welcome back" in alice.text("/checkin resume")
    assert "Paused" not in alice.text("/checkin")
    assert "is in the past" in alice.text("/vacation 2026-01-01 to 2026-01-05")
    assert "comes before" in alice.text("/vacation 2026-12-28 to 2026-12-20")


def test_reminders_echo_local_time_fire_once_and_can_be_cancelled(
    alice: Conversation,
    worker: Worker,
    messenger: FakeMessenger,
    clock: ManualClock,
) -> None:
    alice.say("/tz America/New_York")  # 04:30 Monday there
    text = alice.text("/remind tomorrow 9am update my CV")
    assert "Reminder #1 set for Tue 24 Nov 2026 09:00 (America/New_York): update my CV" in text
    assert "#2" in alice.text("/remind in 2 weeks ask Dana for feedback")
    assert "Mon 07 Dec 2026 09:00" in alice.text("/remind list")
    assert "Cancelled reminder #2" in alice.text("/remind cancel 2")
    assert "no pending reminder #2" in alice.text("/remind cancel 2")
    assert "already passed" in alice.text("/remind 2020-01-01 09:00 too late")
    assert "could not find when" in alice.text("/remind update my CV")
    clock.set(datetime(2026, 11, 24, 13, 59, tzinfo=UTC))
    run_worker(worker)
    assert messenger.total() == 0
    clock.set(datetime(2026, 11, 24, 14, 0, tzinfo=UTC))
    run_worker(worker)
    run_worker(worker)
    (reminder,) = messenger.sent[ALICE]
    assert reminder.plain_text().startswith("⏰ Reminder: update my CV")
    clock.advance(timedelta(days=20))
    run_worker(worker)
    assert messenger.total() == 1


def test_own_reminder_during_vacation_waits_until_return(
    alice: Conversation, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    alice.say("/remind 2026-11-26 10:00 call the accountant")
    alice.say("/vacation 2026-11-25 to 2026-11-27")
    clock.set(datetime(2026, 11, 26, 10, 0, tzinfo=UTC))
    run_worker(worker)
    assert messenger.total() == 0
    clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=UTC))
    run_worker(worker)
    assert "call the accountant" in messenger.sent[ALICE][0].plain_text()


def test_milestone_reminders_three_days_before_and_on_the_day(
    alice: Conversation,
    worker: Worker,
    messenger: FakeMessenger,
    clock: ManualClock,
    sessions: SessionFactory,
) -> None:
    alice.say("/checkin off")
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/goal milestone 1 add Finish the course by 2026-12-10")
    alice.say("/goal milestone 1 add Book the exam by 2026-12-12")
    alice.say("/goal milestone 1 done 2")
    for day in range(1, 20):
        clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=UTC) + timedelta(days=day))
        run_worker(worker)
    texts = [r.plain_text().splitlines()[0] for r in messenger.sent[ALICE]]
    assert texts == [
        "📅 Milestone 1.1 “Finish the course” is due in 3 days (2026-12-10).",
        "📅 Milestone 1.1 “Finish the course” is due today (2026-12-10).",
    ]


def test_catch_up_after_downtime_delivers_at_most_one_and_nothing_stale(
    coach: object,
    worker: Worker,
    messenger: FakeMessenger,
    clock: ManualClock,
    sessions: SessionFactory,
) -> None:
    from core.coach import Coach
    from core.context import MemberRef

    assert isinstance(coach, Coach)
    clock.set(datetime(2026, 11, 23, 7, 0, tzinfo=UTC))
    for hour in range(8, 13):  # check-ins at 08:00 ... 12:00 UTC, one member each
        who = MemberRef("console", "local", f"m{hour}")
        coach.handle(who, f"/checkin set daily {hour:02d}:00")
    run_worker(worker)
    clock.set(datetime(2026, 11, 23, 12, 30, tzinfo=UTC))  # down for 5.5 hours
    run_worker(worker)
    by_member = {a.user_id: len(r) for a, r in messenger.sent.items()}
    assert by_member == {"m11": 1, "m12": 1}
    statuses = {d.status for d in _deliveries(sessions)}
    assert statuses == {"sent", "missed"}
    missed = [d for d in _deliveries(sessions) if d.status == "missed"]
    assert len(missed) == 3 and all(d.reason for d in missed)


def test_long_downtime_gives_one_catch_up_per_member(
    alice: Conversation,
    worker: Worker,
    messenger: FakeMessenger,
    clock: ManualClock,
    sessions: SessionFactory,
) -> None:
    alice.say("/checkin set daily 09:00")
    clock.set(datetime(2026, 11, 26, 10, 0, tzinfo=UTC))  # three days later
    run_worker(worker)
    assert messenger.total() == 1
    assert [d.status for d in _deliveries(sessions)] == ["missed", "missed", "sent"]


def test_snooze_resends_the_same_prompt_and_skip_clears_it(
    alice: Conversation, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    alice.say("/checkin set daily 10:00")
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    run_worker(worker)
    first = messenger.sent[ALICE][0].blocks[1]
    assert "Snoozed" in alice.text("/checkin snooze 1h")
    clock.advance(timedelta(minutes=61))
    run_worker(worker)
    assert messenger.sent[ALICE][1].blocks[1] == first
    assert "Skipped" in alice.text("/checkin skip")
    assert "I only keep plain messages" in alice.text("never mind")


def test_quarterly_review_walks_through_goals(
    alice: Conversation, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    alice.say("/checkin off")
    alice.say("/checkin on")
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    assert "Mon 04 Jan 2027 10:00" in alice.text("/checkin")
    clock.set(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))
    run_worker(worker)
    review = next(r for r in messenger.sent[ALICE] if "Yearly review" in r.plain_text())
    assert {"/goal keep 1", "/goal done 1", "/goal drop 1"} <= set(_buttons(review))
    # January's review is the yearly one: last year's brag document to finish.
    (draft,) = review.attachments
    assert draft.filename == "brag-2026-draft.md"
    assert "Kept goal #1" in alice.text("/goal keep 1")


def test_zone_change_moves_the_next_checkin(alice: Conversation) -> None:
    alice.say("/checkin set daily 09:00")
    assert "Tue 24 Nov 2026 09:00 (UTC)" in alice.text("/checkin")
    alice.say("/tz Asia/Kathmandu")  # 15:15 there already
    assert "Tue 24 Nov 2026 09:00 (Asia/Kathmandu)" in alice.text("/checkin")


def test_remind_again_snoozes_a_delivered_reminder(
    alice: Conversation, worker: Worker, messenger: FakeMessenger, clock: ManualClock
) -> None:
    alice.say("/remind in 30 minutes stretch")
    clock.advance(timedelta(minutes=31))
    run_worker(worker)
    (first,) = messenger.sent[ALICE]
    assert _buttons(first) == ["/remind again 1"]
    assert "Reminder #2 set for Mon 23 Nov 2026 11:01" in alice.text("/remind again 1")
    assert "no reminder #9" in alice.text("/remind again 9")
    clock.advance(timedelta(minutes=61))
    run_worker(worker)
    assert [r.plain_text().splitlines()[0] for r in messenger.sent[ALICE]] == [
        "⏰ Reminder: stretch",
        "⏰ Reminder: stretch",
    ]


def test_typed_vacation_errors_name_start_and_end(alice: Conversation) -> None:
    run = alice.coach.run
    unread = run(alice.who, AddVacation(start="someday", end=date(2026, 12, 28)))
    assert unread.error is not None and unread.error.field == "start"
    backwards = run(alice.who, AddVacation(start=date(2026, 12, 28), end=date(2026, 12, 20)))
    assert backwards.error is not None and backwards.error.field == "end"
    saved = run(alice.who, AddVacation(start=date(2026, 12, 20), end="2026-12-28"))
    assert "Paused from 2026-12-20 to 2026-12-28" in saved.reply.plain_text()


def test_setting_checkins_says_whether_they_started(alice: Conversation) -> None:
    run = alice.coach.run
    alice.say("/checkin off")
    first = run(alice.who, SetCheckins("weekdays 09:00")).result
    again = run(alice.who, SetCheckins("daily 10:00")).result
    assert isinstance(first, CheckinsSet) and first.started
    assert isinstance(again, CheckinsSet) and not again.started
    alice.say("/checkin off")
    on = run(alice.who, TurnCheckins(on=True)).result
    assert isinstance(on, CheckinsSwitched) and on.started
    bad = run(alice.who, SetCheckins("funday 10:00"))
    assert bad.error is not None and bad.error.field == "rule"


def test_typed_reminder_at_a_picked_or_written_time(alice: Conversation) -> None:
    run = alice.coach.run
    picked = run(alice.who, AddReminder("send the invoice", at=datetime(2026, 12, 1, 17, 0)))
    assert "Tue 01 Dec 2026 17:00 (UTC): send the invoice" in picked.reply.plain_text()
    written = run(alice.who, AddReminder("call Dana", at="next Friday at 16:00"))
    assert "Fri 27 Nov 2026 16:00 (UTC): call Dana" in written.reply.plain_text()
    unread = run(alice.who, AddReminder("call Dana", at="friday 3 people"))
    assert unread.error is not None and unread.error.field == "at"
    passed = run(alice.who, AddReminder("too late", at=datetime(2020, 1, 1, 9, 0, tzinfo=UTC)))
    assert passed.error is not None and passed.error.field == "at"


def test_zone_change_keeps_reminders_on_the_members_clock(
    alice: Conversation, sessions: SessionFactory
) -> None:
    """Reminders are set on the member's wall clock ("tomorrow 9am", a commitment's due
    morning): after /tz they keep that time on the clock of the new zone. A snoozed
    check-in is "in an hour", not a time of day: it keeps its moment."""
    alice.say("/remind tomorrow 9am standup")
    alice.say("/remind me in 2 hours call Dana")  # a moment: 11:30 UTC whatever the zone
    alice.say("/commit Send the invoice by friday")  # its reminder: Friday 09:00
    alice.say("/tz America/Los_Angeles")  # 01:30 on Monday there
    assert "#1 Tue 24 Nov 2026 09:00 (America/Los_Angeles): standup" in alice.text("/remind list")
    with sessions() as session:
        due = {
            r.text or r.kind: r.due_at.astimezone(UTC) for r in session.scalars(select(Reminder))
        }
    assert due["standup"] == datetime(2026, 11, 24, 17, 0, tzinfo=UTC)  # PST is UTC-8
    assert due["call Dana"] == datetime(2026, 11, 23, 11, 30, tzinfo=UTC)
    assert due["commitment"] == datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
