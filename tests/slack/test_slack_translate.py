"""Slack payloads to typed commands: pure functions, tested with recorded payloads."""

from __future__ import annotations

from datetime import date

from adapters.slack.translate import (
    FORMS,
    SlackForm,
    command_name,
    dm_text,
    form_for,
    goal_command,
    win_command,
)
from core.commands.checkins import AddVacation
from core.commands.goals import AddGoal
from core.commands.journal import LogWin, WriteJournal
from tests.slack.payloads import load


def _values(name: str) -> dict[str, object]:
    values: dict[str, object] = load(name)["view"]["state"]["values"]
    return values


def test_the_goal_form_becomes_add_goal() -> None:
    assert goal_command(_values("view_submission_goal")) == AddGoal(
        "Become a certified AWS Solutions Architect",
        deadline=date(2029, 6, 30),
        measure="Pass the SAA-C03 exam with a score of 800+",
        why="Our team is moving to AWS and I want to lead the migration.",
        horizon="mid",
        share=True,
    )


def test_the_win_form_becomes_log_win() -> None:
    assert win_command(_values("view_submission_win")) == LogWin(
        "Cut the CI pipeline from 25 to 9 minutes for the payments team by caching Docker layers",
        goal=1,
        section="project",
        share=False,
    )


def test_answer_and_vacation_forms() -> None:
    answer = {"answer": {"answer": {"type": "plain_text_input", "value": "Paired with Ana"}}}
    assert FORMS[SlackForm.ANSWER].command(answer) == WriteJournal("Paired with Ana")
    picked = {
        "start": {"start": {"type": "datepicker", "selected_date": "2026-12-20"}},
        "end": {"end": {"type": "datepicker", "selected_date": None}},
    }
    assert FORMS[SlackForm.VACATION].command(picked) == AddVacation(date(2026, 12, 20), "")
    assert FORMS[SlackForm.ANSWER].blocks == {"text": "answer_more"}


def test_slash_commands_and_dms() -> None:
    command = load("slash_command_win")
    assert command_name(command["command"]) == "win"
    assert form_for("/goal", "  ") == SlackForm.GOAL and form_for("/goal", "list") is None
    assert dm_text(load("event_message_im")["event"])
    assert dm_text({"type": "message", "channel_type": "im", "bot_id": "B1", "text": "x"}) is None
