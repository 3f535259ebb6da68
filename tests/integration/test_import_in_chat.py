"""``/import``: a member's own /export json back into their account, from the console's
disk; refused, with nothing changed, for another account's file, a used account or a bad
file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from adapters.console.importing import import_command
from core.coach import Coach
from core.commands.importing import ImportExport
from core.context import MemberRef
from core.errors import UserError
from tests.conftest import Conversation

ALICE = MemberRef("console", "local", "alice", "Alice")
TODAY = date(2026, 11, 23)


def _export(alice: Conversation, tmp_path: Path) -> Path:
    """Alice's goals and wins, exported to a file, then her account forgotten."""
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/goal milestone 1 add Book the exam by 2027-01-15")
    alice.say("/win Shipped the billing revamp #launch goal:1")
    alice.say("/checkin set weekdays 09:00")
    return _save_and_forget(alice, tmp_path)


def _save_and_forget(alice: Conversation, tmp_path: Path) -> Path:
    """Alice's /export json in a file, then her account forgotten."""
    (file,) = alice.say("/export json").attachments
    path = tmp_path / file.filename
    path.write_bytes(file.data)
    alice.say("/forget-me")
    alice.say("/forget-me confirm")
    return path


def _import(coach: Coach, who: MemberRef, path: Path) -> str:
    command = import_command(f"/import {path}", TODAY)
    assert isinstance(command, ImportExport)
    return coach.run(who, command).reply.plain_text()


def test_an_export_comes_back_into_the_same_account(
    coach: Coach, alice: Conversation, tmp_path: Path
) -> None:
    path = _export(alice, tmp_path)
    assert "No goals yet." in alice.text("/goal list")  # a new account, with its defaults
    assert "Imported your export" in _import(coach, ALICE, path)
    assert "Pass the CKA exam" in alice.text("/goal show 1")
    assert "Book the exam" in alice.text("/goal show 1")
    assert "Shipped the billing revamp" in alice.text("/win list")
    assert "Check-in: weekdays at 09:00" in alice.text("/checkin")  # not the new default
    again = json.loads(alice.say("/export json").attachments[0].data)
    before = json.loads(path.read_bytes())
    for table in ("goals", "milestones", "entries", "schedules"):
        assert len(again["tables"][table]) == len(before["tables"][table]), table


def test_the_summary_counts_in_words(coach: Coach, alice: Conversation, tmp_path: Path) -> None:
    summary = _import(coach, ALICE, _export(alice, tmp_path)).splitlines()[1]
    assert summary.startswith("1 goal, 2 schedules (check-ins, plan review), 1 milestone, ")
    # Alice set no reminder herself: the 7 are the due-day notices coachbot planned.
    assert summary.endswith(
        "1 win or journal entry, 7 reminders (yours and the ones coachbot planned: due days, "
        "nudges)."
    )


def test_another_accounts_file_is_refused(
    coach: Coach, alice: Conversation, bob: Conversation, tmp_path: Path
) -> None:
    path = _export(alice, tmp_path)
    reply = _import(coach, bob.who, path)
    assert "another account" in reply and "Nothing was imported" in reply
    assert "No goals yet." in bob.text("/goal list")


def test_an_account_with_data_is_refused(coach: Coach, alice: Conversation, tmp_path: Path) -> None:
    path = _export(alice, tmp_path)
    alice.say("/win Started again #launch")
    reply = _import(coach, ALICE, path)
    assert "already has data" in reply and "/forget-me" in reply
    assert "No goals yet." in alice.text("/goal list")
    assert "Started again" in alice.text("/win list")


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"{not json", "not JSON"),
        (b'{"hello": 1}', "not a coachbot /export json file"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
    ids=["not-json", "not-an-export", "not-utf-8"],
)
def test_a_bad_file_gets_a_friendly_message(
    coach: Coach, alice: Conversation, tmp_path: Path, content: bytes, said: str
) -> None:
    alice.say("/goal list")
    outcome = coach.run(ALICE, ImportExport("bad.json", content))
    assert outcome.error is not None and said in outcome.error.message
    assert "Example: /import" in outcome.reply.plain_text()
    assert "Traceback" not in outcome.reply.plain_text()


def test_a_missing_file_is_named_back(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"cannot read .*nope\.json"):
        import_command(f"/import {tmp_path / 'nope.json'}", TODAY)


def test_other_lines_are_not_imports() -> None:
    assert import_command("/win Imported the old data #migration", TODAY) is None
    assert import_command("/import", TODAY) is None  # the core asks for the path


def test_where_no_file_can_be_read_import_says_what_works(alice: Conversation) -> None:
    assert "Name the /export json file" in alice.text("/import")
    reply = alice.text("/import ~/coachbot-alice.json")  # as Slack or Discord would send it
    assert "only read a file on the machine the console runs on" in reply


def test_undo_after_an_import_links_the_same_goal(
    coach: Coach, alice: Conversation, bob: Conversation, tmp_path: Path
) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/goal add Speak at a meetup by 2027-03-31")
    alice.say("/goal milestone 2 add Submit the talk by 2027-01-15")
    alice.say("/win Submitted the SLO talk milestone:2.1")
    alice.say("/win delete 1")
    path = _save_and_forget(alice, tmp_path)
    bob.say("/goal add Learn Go by 2027-06-30")  # takes an id Alice's goals had
    _import(coach, ALICE, path)
    assert "Win #1 is back" in alice.text("/win undo")
    reply = alice.text("/win edit 1 Submitted the SLO talk")
    assert "milestone 2.1 Submit the talk" in reply and "Learn Go" not in reply


def test_a_partnership_the_other_side_ended_is_not_brought_back(
    coach: Coach, alice: Conversation, bob: Conversation, tmp_path: Path
) -> None:
    bob.say("/commit Bob's own commitment by friday")
    alice.say("/partner invite --user bob")
    bob.say("/partner accept --user alice")
    path = _save_and_forget(alice, tmp_path)  # Bob's side went with Alice's account
    summary = _import(coach, ALICE, path)
    assert "partner" not in summary.splitlines()[1]
    assert "1 partnership was not brought back" in summary and "/partner invite" in summary
    assert "Bob's own commitment" not in alice.text("/partner show --user bob")
    assert "Bob" not in alice.text("/partner list")
    assert "Invitation sent to Bob" in alice.text("/partner invite --user bob")
