"""Recurrence phrases into rules, and those rules computed as RFC 5545 recurrences."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from core.errors import UserError
from core.scheduling.rules import Rule, next_occurrence, previous_occurrence, recurrence
from core.services.recurrence_text import parse_rule

TODAY = date(2026, 11, 23)  # a Monday
BERLIN = ZoneInfo("Europe/Berlin")
MON, FRI = 0, 4


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("every friday at 4pm", Rule(frozenset({FRI}), time(16))),
        ("every weekday 9:00", Rule(frozenset(range(5)), time(9))),
        ("every other monday 10:00", Rule(frozenset({MON}), time(10), 2, TODAY)),
        ("every other week on monday at 10:00", Rule(frozenset({MON}), time(10), 2, TODAY)),
        ("first friday of the month 16:00", Rule(frozenset({FRI}), time(16), monthly=True)),
        (
            "the first monday of each quarter at 10am",
            Rule(frozenset({MON}), time(10), quarterly=True),
        ),
        ("every day at 8am", Rule(frozenset(range(7)), time(8))),
        ("each mon,thu 17:30", Rule(frozenset({MON, 3}), time(17, 30))),
        ("every 3 weeks on fri 16:00", Rule(frozenset({FRI}), time(16), 3, TODAY)),
        ("weekdays 09:00", Rule(frozenset(range(5)), time(9))),
        ("fri 16:00 weekly", Rule(frozenset({FRI}), time(16))),
        ("fridays at 16:00", Rule(frozenset({FRI}), time(16))),  # as people say it
        ("every mondays,thursdays 9:00", Rule(frozenset({MON, 3}), time(9))),
    ],
)
def test_reads_recurrence_phrases(text: str, rule: Rule) -> None:
    assert parse_rule(text, TODAY) == rule


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("every friday at teatime", "I could not read “teatime” as a time"),
        ("first blursday of the month 16:00", "“blursday” is not a day of the week"),
        ("every 13 weeks mon 10:00", "every 1 to 12 weeks"),
        ("every friday", "Tell me the days and the time"),
    ],
)
def test_explains_what_it_could_not_read(text: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        parse_rule(text, TODAY)


def _walls(rule: Rule, start: date, until: date) -> list[str]:
    return [wall.strftime("%a %Y-%m-%d %H:%M") for wall in recurrence(rule, start, until) or ()]


def test_every_other_monday_is_an_rfc_5545_weekly_rule_from_the_anchor_week() -> None:
    rule = parse_rule("every other monday 10:00", TODAY)
    recurring = recurrence(rule, date(2026, 11, 24), date(2026, 12, 31))
    assert recurring is not None
    text = str(recurring)
    assert "RRULE:FREQ=WEEKLY;INTERVAL=2;" in text and "BYDAY=MO;BYHOUR=10;BYMINUTE=0" in text
    assert "DTSTART:20261123T000000" in text  # the anchor's week, so Dec 7 and 21, not 14
    assert _walls(rule, date(2026, 11, 30), date(2026, 12, 31))[1:] == [
        "Mon 2026-12-07 10:00",
        "Mon 2026-12-21 10:00",
    ]


def test_first_friday_of_the_month_is_a_monthly_rule() -> None:
    rule = parse_rule("first friday of the month 16:00", TODAY)
    assert _walls(rule, TODAY, date(2027, 3, 31)) == [
        "Fri 2026-12-04 16:00",
        "Fri 2027-01-01 16:00",
        "Fri 2027-02-05 16:00",
        "Fri 2027-03-05 16:00",
    ]


def test_a_monthly_rule_across_spring_forward_keeps_the_local_wall_time() -> None:
    rule = parse_rule("first sunday of the month 02:30", TODAY)
    after = datetime(2027, 3, 1, tzinfo=UTC)
    # March's first Sunday is on winter time (UTC+1), April's on summer time (UTC+2).
    assert next_occurrence(rule, BERLIN, after) == datetime(2027, 3, 7, 1, 30, tzinfo=UTC)
    april = next_occurrence(rule, BERLIN, datetime(2027, 3, 8, tzinfo=UTC))
    assert april == datetime(2027, 4, 4, 0, 30, tzinfo=UTC)


def test_a_weekly_rule_in_the_spring_gap_fires_at_the_first_valid_minute() -> None:
    rule = parse_rule("every sunday 02:30", TODAY)
    fire = next_occurrence(rule, BERLIN, datetime(2027, 3, 27, tzinfo=UTC))
    assert fire == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)  # 03:00 summer time


def test_previous_occurrence_of_a_quarterly_rule_looks_back_far_enough() -> None:
    rule = parse_rule("first monday of the quarter 10:00", TODAY)
    assert previous_occurrence(rule, BERLIN, datetime(2026, 11, 23, tzinfo=UTC)) == datetime(
        2026, 10, 5, 8, 0, tzinfo=UTC
    )


def test_stored_rules_in_the_old_text_form_still_decode_and_fire() -> None:
    rule = Rule.decode("mon@10:00/2", date(2026, 11, 23))
    assert rule == parse_rule("every other monday 10:00", TODAY)
    after = datetime(2026, 11, 23, 12, tzinfo=UTC)
    assert next_occurrence(rule, BERLIN, after) == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    assert Rule.decode("fri@16:00/m") == parse_rule("first friday of the month 16:00", TODAY)
