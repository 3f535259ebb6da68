"""Recurrence rules on a member's wall clock: encoding, wording, and DST-safe UTC instants.

The contract (DESIGN.md, "Scheduling"): a wall time that does not exist (spring forward)
fires at the first valid minute after it; an ambiguous one (fall back) fires once, at its
first occurrence (fold=0); a rule never fires twice on the fall-back day.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.scheduling.rules import Rule, next_occurrence, occurrences_between, wall_to_utc

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
BERLIN = ZoneInfo("Europe/Berlin")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
KATHMANDU = ZoneInfo("Asia/Kathmandu")

EVERY_DAY = frozenset(range(7))
WEEKDAYS = frozenset(range(5))
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

ANCHOR = date(2026, 11, 23)  # a Monday


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def daily(hour: int, minute: int = 0) -> Rule:
    return Rule(EVERY_DAY, time(hour, minute))


def offset_at(tz: ZoneInfo, day: date, at: time, fold: int = 0) -> timedelta:
    offset = datetime.combine(day, at, tzinfo=tz).replace(fold=fold).utcoffset()
    assert offset is not None
    return offset


def assert_transition(tz: ZoneInfo, day: date, before: timedelta, after: timedelta) -> None:
    """Check with zoneinfo itself that `day` is the day the zone's offset changes."""
    eve = day - timedelta(days=1)
    assert offset_at(tz, eve, time(0)) == offset_at(tz, eve, time(23)) == before
    assert offset_at(tz, day, time(0)) == before
    assert offset_at(tz, day, time(23)) == after


def firings(rule: Rule, tz: ZoneInfo, after: datetime, count: int) -> list[datetime]:
    """The next `count` firings strictly after `after`, by iterating next_occurrence."""
    found: list[datetime] = []
    for _ in range(count):
        fire = next_occurrence(rule, tz, after)
        assert fire is not None
        found.append(fire)
        after = fire
    return found


def local(fire: datetime, tz: ZoneInfo) -> datetime:
    return fire.astimezone(tz)


H = timedelta(hours=1)

# (zone, transition day, offset before, offset after), checked against zoneinfo below.
TRANSITIONS = [
    pytest.param(NEW_YORK, date(2027, 3, 14), -5 * H, -4 * H, id="new_york-spring"),
    pytest.param(NEW_YORK, date(2026, 11, 1), -4 * H, -5 * H, id="new_york-fall"),
    pytest.param(LONDON, date(2027, 3, 28), 0 * H, 1 * H, id="london-spring"),
    pytest.param(LONDON, date(2026, 10, 25), 1 * H, 0 * H, id="london-fall"),
    pytest.param(BERLIN, date(2027, 3, 28), 1 * H, 2 * H, id="berlin-spring"),
    pytest.param(LOS_ANGELES, date(2027, 3, 14), -8 * H, -7 * H, id="los_angeles-spring"),
    pytest.param(LORD_HOWE, date(2026, 10, 4), 10.5 * H, 11 * H, id="lord_howe-spring"),
    pytest.param(LORD_HOWE, date(2027, 4, 4), 11 * H, 10.5 * H, id="lord_howe-fall"),
]


@pytest.mark.parametrize(("tz", "day", "before", "after"), TRANSITIONS)
def test_transition_dates_used_here_are_real(
    tz: ZoneInfo, day: date, before: timedelta, after: timedelta
) -> None:
    assert_transition(tz, day, before, after)


def test_kathmandu_has_a_fixed_offset() -> None:
    for day in (date(2026, 1, 15), date(2026, 4, 1), date(2026, 7, 15), date(2026, 10, 25)):
        assert offset_at(KATHMANDU, day, time(12)) == timedelta(hours=5, minutes=45)


# --- Rule: encode / decode / describe -------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (Rule(EVERY_DAY, time(9)), "mon,tue,wed,thu,fri,sat,sun@09:00"),
        (Rule(WEEKDAYS, time(9)), "mon,tue,wed,thu,fri@09:00"),
        (Rule(frozenset({THU, MON}), time(17, 30)), "mon,thu@17:30"),
        (Rule(frozenset({MON}), time(10), every_weeks=2, anchor=ANCHOR), "mon@10:00/2"),
        (Rule(frozenset({MON}), time(10), quarterly=True), "mon@10:00/q"),
        (Rule(frozenset({SUN}), time(0, 5)), "sun@00:05"),
        (Rule(frozenset({FRI}), time(23, 59), every_weeks=3, anchor=ANCHOR), "fri@23:59/3"),
    ],
)
def test_encode_and_decode_round_trip(rule: Rule, text: str) -> None:
    assert rule.encode() == text
    assert Rule.decode(text, anchor=rule.anchor) == rule


def test_encode_lists_days_in_week_order() -> None:
    rule = Rule(frozenset({SUN, WED, MON}), time(7, 5))
    assert rule.encode() == "mon,wed,sun@07:05"


def test_decode_keeps_the_anchor_for_fortnightly_rules() -> None:
    rule = Rule.decode("mon@10:00/2", anchor=ANCHOR)
    assert rule.every_weeks == 2
    assert rule.anchor == ANCHOR
    assert not rule.quarterly


def test_decode_quarterly() -> None:
    rule = Rule.decode("mon@10:00/q")
    assert rule.quarterly
    assert rule.days == frozenset({MON})
    assert rule.at == time(10)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "daily",
        "every day at 9",
        "mon",
        "mon@",
        "@09:00",
        "mon@9:00",
        "mon@0900",
        "mon@09:00:00",
        "mon@09:00/",
        "mon@09:00/x",
        "mon@09:00/q/2",
        "mon@09:00/-2",
        "MON@09:00",
        "Mon@09:00",
        " mon@09:00",
        "mon@09:00 ",
        "mon @09:00",
        "funday@09:00",
        "monday@09:00",
        "mon,,thu@09:00",
        "mon,@09:00",
        "mon@24:00",
        "mon@25:00",
        "mon@09:60",
    ],
)
def test_decode_rejects_garbage(text: str) -> None:
    with pytest.raises(ValueError):
        Rule.decode(text)


@pytest.mark.parametrize(
    ("rule", "wording"),
    [
        (Rule(EVERY_DAY, time(9)), "every day at 09:00"),
        (Rule(WEEKDAYS, time(9)), "weekdays at 09:00"),
        (Rule(frozenset({MON, THU}), time(17, 30)), "Mon, Thu at 17:30"),
        (Rule(frozenset({SAT, SUN}), time(8)), "Sat, Sun at 08:00"),
        (Rule(frozenset({WED}), time(7, 5)), "Wed at 07:05"),
        (
            Rule(frozenset({MON}), time(10), every_weeks=2, anchor=ANCHOR),
            "every 2 weeks on Mon at 10:00",
        ),
        (
            Rule(WEEKDAYS, time(9), every_weeks=3, anchor=ANCHOR),
            "every 3 weeks on weekdays at 09:00",
        ),
        (
            Rule(frozenset({MON}), time(10), quarterly=True),
            "quarterly, first Mon of Jan/Apr/Jul/Oct at 10:00",
        ),
    ],
)
def test_describe(rule: Rule, wording: str) -> None:
    assert rule.describe() == wording


# --- wall_to_utc -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "day", "at", "expected"),
    [
        # ordinary times, no transition nearby
        pytest.param(NEW_YORK, date(2026, 7, 1), time(9), utc(2026, 7, 1, 13), id="ny-summer"),
        pytest.param(NEW_YORK, date(2026, 12, 1), time(9), utc(2026, 12, 1, 14), id="ny-winter"),
        pytest.param(LONDON, date(2026, 1, 10), time(9), utc(2026, 1, 10, 9), id="london-gmt"),
        pytest.param(LONDON, date(2026, 6, 10), time(9), utc(2026, 6, 10, 8), id="london-bst"),
        pytest.param(BERLIN, date(2026, 6, 10), time(0, 30), utc(2026, 6, 9, 22, 30), id="berlin"),
        # New York spring forward: 02:00 -> 03:00, so 02:30 does not exist
        pytest.param(
            NEW_YORK, date(2027, 3, 14), time(2, 30), utc(2027, 3, 14, 7), id="ny-gap-0230"
        ),
        pytest.param(NEW_YORK, date(2027, 3, 14), time(2), utc(2027, 3, 14, 7), id="ny-gap-0200"),
        pytest.param(
            NEW_YORK, date(2027, 3, 14), time(2, 59), utc(2027, 3, 14, 7), id="ny-gap-0259"
        ),
        pytest.param(NEW_YORK, date(2027, 3, 14), time(3), utc(2027, 3, 14, 7), id="ny-gap-end"),
        pytest.param(
            NEW_YORK, date(2027, 3, 14), time(1, 59), utc(2027, 3, 14, 6, 59), id="ny-before-gap"
        ),
        # New York fall back: 01:00-01:59 happens twice; the first (EDT) wins
        pytest.param(
            NEW_YORK, date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30), id="ny-fold-0130"
        ),
        pytest.param(NEW_YORK, date(2026, 11, 1), time(1), utc(2026, 11, 1, 5), id="ny-fold-0100"),
        pytest.param(NEW_YORK, date(2026, 11, 1), time(2), utc(2026, 11, 1, 7), id="ny-after-fold"),
        # London
        pytest.param(
            LONDON, date(2027, 3, 28), time(1, 30), utc(2027, 3, 28, 1), id="london-gap-0130"
        ),
        pytest.param(
            LONDON, date(2026, 10, 25), time(1, 30), utc(2026, 10, 25, 0, 30), id="london-fold"
        ),
        # Lord Howe: a 30-minute shift, 02:00 -> 02:30 in October, 02:00 -> 01:30 in April
        pytest.param(
            LORD_HOWE, date(2026, 10, 4), time(2, 10), utc(2026, 10, 3, 15, 30), id="lh-gap-0210"
        ),
        pytest.param(
            LORD_HOWE, date(2026, 10, 4), time(2), utc(2026, 10, 3, 15, 30), id="lh-gap-0200"
        ),
        pytest.param(
            LORD_HOWE, date(2026, 10, 4), time(1, 59), utc(2026, 10, 3, 15, 29), id="lh-before-gap"
        ),
        pytest.param(
            LORD_HOWE, date(2027, 4, 4), time(1, 45), utc(2027, 4, 3, 14, 45), id="lh-fold-0145"
        ),
        pytest.param(
            LORD_HOWE, date(2027, 4, 4), time(1, 30), utc(2027, 4, 3, 14, 30), id="lh-fold-0130"
        ),
        pytest.param(
            LORD_HOWE, date(2027, 4, 4), time(2), utc(2027, 4, 3, 15, 30), id="lh-after-fold"
        ),
        # Kathmandu: +05:45 all year
        pytest.param(
            KATHMANDU, date(2026, 6, 1), time(9), utc(2026, 6, 1, 3, 15), id="kathmandu-0900"
        ),
        pytest.param(
            KATHMANDU, date(2026, 12, 1), time(0, 30), utc(2026, 11, 30, 18, 45), id="ktm-0030"
        ),
        pytest.param(
            KATHMANDU, date(2027, 3, 14), time(2, 30), utc(2027, 3, 13, 20, 45), id="ktm-0230"
        ),
    ],
)
def test_wall_to_utc(tz: ZoneInfo, day: date, at: time, expected: datetime) -> None:
    result = wall_to_utc(day, at, tz)
    assert result == expected
    assert result.tzinfo is UTC


@pytest.mark.parametrize(
    ("tz", "day", "at", "wall"),
    [
        (NEW_YORK, date(2027, 3, 14), time(2, 30), time(3)),
        (LONDON, date(2027, 3, 28), time(1, 30), time(2)),
        (LORD_HOWE, date(2026, 10, 4), time(2, 10), time(2, 30)),
    ],
)
def test_nonexistent_wall_time_moves_to_first_valid_minute(
    tz: ZoneInfo, day: date, at: time, wall: time
) -> None:
    naive = datetime.combine(day, at)
    # zoneinfo agrees the requested time is in the gap: it does not survive a round trip
    assert naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive
    fire = local(wall_to_utc(day, at, tz), tz)
    assert (fire.date(), fire.time()) == (day, wall)
    # and the minute before the result is still in the gap (so it is the *first* valid one)
    earlier = datetime.combine(day, wall) - timedelta(minutes=1)
    assert earlier.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None) != earlier


@pytest.mark.parametrize(
    ("tz", "day", "at"),
    [
        (NEW_YORK, date(2026, 11, 1), time(1, 30)),
        (LONDON, date(2026, 10, 25), time(1, 30)),
        (LORD_HOWE, date(2027, 4, 4), time(1, 45)),
    ],
)
def test_ambiguous_wall_time_is_its_first_occurrence(tz: ZoneInfo, day: date, at: time) -> None:
    first = datetime.combine(day, at, tzinfo=tz).replace(fold=0)
    second = first.replace(fold=1)
    # zoneinfo agrees the time is ambiguous: two distinct instants
    assert first.astimezone(UTC) < second.astimezone(UTC)
    assert wall_to_utc(day, at, tz) == first.astimezone(UTC)


# --- next_occurrence -------------------------------------------------------------------

# (zone, transition day, UTC offset change across it)
DAILY_ACROSS_DST = [
    pytest.param(NEW_YORK, date(2027, 3, 14), H, id="new_york-spring"),
    pytest.param(NEW_YORK, date(2026, 11, 1), -H, id="new_york-fall"),
    pytest.param(LONDON, date(2027, 3, 28), H, id="london-spring"),
    pytest.param(LONDON, date(2026, 10, 25), -H, id="london-fall"),
    pytest.param(BERLIN, date(2027, 3, 28), H, id="berlin-spring"),
    pytest.param(LOS_ANGELES, date(2027, 3, 14), H, id="los_angeles-spring"),
    pytest.param(LORD_HOWE, date(2026, 10, 4), H / 2, id="lord_howe-spring"),
    pytest.param(LORD_HOWE, date(2027, 4, 4), -H / 2, id="lord_howe-fall"),
    pytest.param(KATHMANDU, date(2027, 3, 14), 0 * H, id="kathmandu-none"),
]


@pytest.mark.parametrize(("tz", "change_day", "delta"), DAILY_ACROSS_DST)
def test_daily_rule_fires_once_per_local_day_at_the_same_wall_time(
    tz: ZoneInfo, change_day: date, delta: timedelta
) -> None:
    first_day = change_day - timedelta(days=5)
    start = datetime.combine(first_day, time(0), tzinfo=tz)
    fires = firings(daily(9), tz, start, 10)

    local_fires = [local(fire, tz) for fire in fires]
    assert [f.date() for f in local_fires] == [first_day + timedelta(days=n) for n in range(10)]
    assert all(f.time() == time(9) for f in local_fires)
    first_offset, last_offset = local_fires[0].utcoffset(), local_fires[-1].utcoffset()
    assert first_offset is not None
    assert last_offset is not None
    assert last_offset - first_offset == delta
    # consecutive firings are a day apart, except across the change
    gaps = [b - a for a, b in itertools.pairwise(fires)]
    assert gaps.count(timedelta(days=1)) == (9 if delta == timedelta(0) else 8)


def test_daily_0230_in_new_york_fires_at_0300_on_spring_forward_day() -> None:
    start = datetime(2027, 3, 12, 12, tzinfo=NEW_YORK)
    fires = firings(daily(2, 30), NEW_YORK, start, 4)
    assert fires == [
        utc(2027, 3, 13, 7, 30),  # 02:30 EST
        utc(2027, 3, 14, 7),  # 03:00 EDT: 02:30 does not exist today
        utc(2027, 3, 15, 6, 30),  # 02:30 EDT
        utc(2027, 3, 16, 6, 30),
    ]
    walls = [local(fire, NEW_YORK).time() for fire in fires]
    assert walls == [time(2, 30), time(3), time(2, 30), time(2, 30)]


@pytest.mark.parametrize(
    ("tz", "fall_day", "at", "expected"),
    [
        pytest.param(
            NEW_YORK, date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30), id="new_york"
        ),
        pytest.param(
            LONDON, date(2026, 10, 25), time(1, 30), utc(2026, 10, 25, 0, 30), id="london"
        ),
        pytest.param(
            LORD_HOWE, date(2027, 4, 4), time(1, 45), utc(2027, 4, 3, 14, 45), id="lord_howe"
        ),
    ],
)
def test_daily_rule_at_ambiguous_time_fires_exactly_once_on_fall_back_day(
    tz: ZoneInfo, fall_day: date, at: time, expected: datetime
) -> None:
    start = datetime.combine(fall_day - timedelta(days=1), time(0), tzinfo=tz)
    fires = firings(Rule(EVERY_DAY, at), tz, start, 4)
    on_fall_day = [fire for fire in fires if local(fire, tz).date() == fall_day]
    assert on_fall_day == [expected]
    assert [local(fire, tz).date() for fire in fires] == [
        fall_day + timedelta(days=n) for n in range(-1, 3)
    ]


@pytest.mark.parametrize(
    ("tz", "fall_day", "at"),
    [
        (NEW_YORK, date(2026, 11, 1), time(1, 30)),
        (LONDON, date(2026, 10, 25), time(1, 30)),
        (LORD_HOWE, date(2027, 4, 4), time(1, 45)),
    ],
)
def test_no_second_firing_during_the_repeated_hour(tz: ZoneInfo, fall_day: date, at: time) -> None:
    """Asked between the two occurrences of the wall time, the answer is tomorrow."""
    first = datetime.combine(fall_day, at, tzinfo=tz).replace(fold=0).astimezone(UTC)
    second = datetime.combine(fall_day, at, tzinfo=tz).replace(fold=1).astimezone(UTC)
    tomorrow = wall_to_utc(fall_day + timedelta(days=1), at, tz)
    rule = Rule(EVERY_DAY, at)
    assert next_occurrence(rule, tz, first) == tomorrow
    assert next_occurrence(rule, tz, first + timedelta(minutes=1)) == tomorrow
    assert next_occurrence(rule, tz, second - timedelta(minutes=1)) == tomorrow
    assert next_occurrence(rule, tz, second) == tomorrow


def test_after_equal_to_a_firing_gives_the_next_one() -> None:
    rule = daily(9)
    fire = wall_to_utc(date(2026, 11, 23), time(9), BERLIN)
    assert next_occurrence(rule, BERLIN, fire) == wall_to_utc(date(2026, 11, 24), time(9), BERLIN)
    just_before = fire - timedelta(microseconds=1)
    assert next_occurrence(rule, BERLIN, just_before) == fire


def test_after_may_be_in_any_zone() -> None:
    rule = daily(9)
    fire = wall_to_utc(date(2026, 11, 23), time(9), NEW_YORK)
    after_in_tokyo = (fire - timedelta(minutes=1)).astimezone(ZoneInfo("Asia/Tokyo"))
    assert next_occurrence(rule, NEW_YORK, after_in_tokyo) == fire


def test_later_the_same_day_rolls_to_tomorrow_and_earlier_stays_today() -> None:
    rule = daily(9)
    assert next_occurrence(rule, BERLIN, datetime(2026, 11, 23, 8, 59, tzinfo=BERLIN)) == utc(
        2026, 11, 23, 8
    )
    assert next_occurrence(rule, BERLIN, datetime(2026, 11, 23, 9, 1, tzinfo=BERLIN)) == utc(
        2026, 11, 24, 8
    )


def test_weekdays_rule_skips_the_weekend() -> None:
    rule = Rule(WEEKDAYS, time(9))
    start = datetime(2026, 11, 26, 12, tzinfo=LONDON)  # Thursday, after 09:00
    days = [local(fire, LONDON).date() for fire in firings(rule, LONDON, start, 6)]
    assert days == [
        date(2026, 11, 27),  # Fri
        date(2026, 11, 30),  # Mon
        date(2026, 12, 1),
        date(2026, 12, 2),
        date(2026, 12, 3),
        date(2026, 12, 4),  # Fri
    ]
    assert all(day.weekday() < 5 for day in days)


def test_mon_thu_rule() -> None:
    rule = Rule(frozenset({MON, THU}), time(17, 30))
    start = datetime(2026, 11, 23, 18, tzinfo=BERLIN)  # Monday, after 17:30
    fires = firings(rule, BERLIN, start, 5)
    assert [local(fire, BERLIN).date() for fire in fires] == [
        date(2026, 11, 26),
        date(2026, 11, 30),
        date(2026, 12, 3),
        date(2026, 12, 7),
        date(2026, 12, 10),
    ]
    assert all(local(fire, BERLIN).time() == time(17, 30) for fire in fires)


def test_every_two_weeks_fires_on_alternate_weeks_only() -> None:
    rule = Rule(frozenset({MON}), time(10), every_weeks=2, anchor=ANCHOR)
    start = datetime.combine(ANCHOR, time(0), tzinfo=BERLIN)
    end = start + timedelta(weeks=6)
    fires = occurrences_between(rule, BERLIN, start, end)
    assert [local(fire, BERLIN).date() for fire in fires] == [
        date(2026, 11, 23),
        date(2026, 12, 7),
        date(2026, 12, 21),
    ]
    assert firings(rule, BERLIN, start, 3) == fires


@pytest.mark.parametrize(
    ("anchor", "fires_on"),
    [
        pytest.param(ANCHOR, True, id="anchor-week"),
        pytest.param(ANCHOR + timedelta(days=2), True, id="midweek-anchor"),
        pytest.param(ANCHOR + timedelta(weeks=1), False, id="odd-week"),
        pytest.param(ANCHOR + timedelta(weeks=4), True, id="anchor-in-future"),
        pytest.param(ANCHOR + timedelta(weeks=5, days=3), False, id="odd-future-midweek"),
    ],
)
def test_every_two_weeks_counts_weeks_from_the_anchor_monday(anchor: date, fires_on: bool) -> None:
    rule = Rule(frozenset({MON}), time(10), every_weeks=2, anchor=anchor)
    assert rule.matches(ANCHOR) is fires_on
    assert rule.matches(ANCHOR + timedelta(weeks=1)) is not fires_on
    assert not rule.matches(ANCHOR + timedelta(days=1))  # a Tuesday


def test_quarterly_fires_on_first_monday_of_each_quarter() -> None:
    rule = Rule(frozenset({MON}), time(10), quarterly=True)
    start = datetime(2026, 11, 23, tzinfo=NEW_YORK)
    fires = firings(rule, NEW_YORK, start, 5)
    locals_ = [local(fire, NEW_YORK) for fire in fires]
    assert [f.date() for f in locals_] == [
        date(2027, 1, 4),
        date(2027, 4, 5),
        date(2027, 7, 5),
        date(2027, 10, 4),
        date(2028, 1, 3),
    ]
    assert all(f.time() == time(10) for f in locals_)


@pytest.mark.parametrize(
    ("day", "fires"),
    [
        (date(2029, 1, 1), True),  # a quarter starting on Monday
        (date(2029, 1, 8), False),  # second Monday
        (date(2029, 2, 5), False),  # first Monday, not a quarter month
        (date(2029, 4, 2), True),
        (date(2029, 4, 3), False),  # Tuesday
        (date(2029, 10, 1), True),
    ],
)
def test_quarterly_matches(day: date, fires: bool) -> None:
    assert Rule(frozenset({MON}), time(10), quarterly=True).matches(day) is fires


def test_member_who_changes_zone_keeps_the_local_wall_time() -> None:
    rule = Rule(WEEKDAYS, time(8))
    after = utc(2026, 11, 23, 0)
    in_berlin = next_occurrence(rule, BERLIN, after)
    in_la = next_occurrence(rule, LOS_ANGELES, after)
    assert in_berlin is not None
    assert in_la is not None
    assert in_berlin != in_la
    assert in_berlin == utc(2026, 11, 23, 7)
    assert in_la == utc(2026, 11, 23, 16)
    assert local(in_berlin, BERLIN).time() == local(in_la, LOS_ANGELES).time() == time(8)

    # After moving, the following firing is 08:00 on the new wall clock.
    moved = next_occurrence(rule, LOS_ANGELES, in_berlin)
    assert moved == in_la
    back = next_occurrence(rule, BERLIN, in_la)
    assert back is not None
    assert local(back, BERLIN) == datetime(2026, 11, 24, 8, tzinfo=BERLIN)


def test_rule_that_can_never_fire_returns_none() -> None:
    rule = Rule(frozenset(), time(9))
    assert next_occurrence(rule, BERLIN, utc(2026, 11, 23)) is None
    assert occurrences_between(rule, BERLIN, utc(2026, 11, 23), utc(2026, 12, 23)) == []


# --- occurrences_between ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        pytest.param(utc(2026, 11, 23, 6), utc(2026, 11, 23, 11), 1, id="5h-containing-0900"),
        pytest.param(utc(2026, 11, 23, 10), utc(2026, 11, 23, 15), 0, id="5h-after-0900"),
        pytest.param(utc(2026, 11, 23, 9), utc(2026, 11, 23, 14), 1, id="5h-starts-on-firing"),
        pytest.param(utc(2026, 11, 23, 4), utc(2026, 11, 23, 9), 1, id="5h-ends-on-firing"),
        pytest.param(utc(2026, 11, 23, 0), utc(2026, 11, 26, 0), 3, id="3-days"),
        pytest.param(utc(2026, 11, 23, 9), utc(2026, 11, 26, 9), 4, id="3-days-both-ends"),
        pytest.param(utc(2026, 11, 23, 10), utc(2026, 11, 26, 8), 2, id="3-days-minus"),
        pytest.param(utc(2026, 11, 23, 12), utc(2026, 11, 23, 11), 0, id="empty"),
    ],
)
def test_occurrences_between_counts_daily_firings(
    start: datetime, end: datetime, count: int
) -> None:
    london_winter = LONDON  # GMT in late November, so 09:00 local is 09:00 UTC
    fires = occurrences_between(daily(9), london_winter, start, end)
    assert len(fires) == count
    assert all(start <= fire <= end for fire in fires)
    assert fires == sorted(fires)


def test_occurrences_between_across_fall_back_has_one_firing_per_day() -> None:
    start = datetime(2026, 10, 31, 0, tzinfo=NEW_YORK)
    fires = occurrences_between(daily(1, 30), NEW_YORK, start, start + timedelta(days=3))
    assert [local(fire, NEW_YORK).date() for fire in fires] == [
        date(2026, 10, 31),
        date(2026, 11, 1),
        date(2026, 11, 2),
    ]


def test_occurrences_between_limit_keeps_the_newest() -> None:
    start = utc(2026, 11, 23, 0)
    end = utc(2026, 12, 3, 0)
    every = occurrences_between(daily(9), LONDON, start, end)
    assert len(every) == 10
    newest = occurrences_between(daily(9), LONDON, start, end, limit=3)
    assert newest == every[-3:]
    assert newest == [utc(2026, 11, 30, 9), utc(2026, 12, 1, 9), utc(2026, 12, 2, 9)]
    assert occurrences_between(daily(9), LONDON, start, end, limit=100) == every
