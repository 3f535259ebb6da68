"""Settings: every default in config/defaults.toml, the environment over it, typos warned."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pytest

from bot.bootstrap import build_app
from bot.settings import Settings, defaults_file, load_settings, unknown_variables


def test_every_setting_has_its_default_in_the_defaults_file_and_only_there() -> None:
    defaults = tomllib.loads(defaults_file().read_text(encoding="utf-8"))
    secrets = {name for name in Settings.model_fields if "token" in name or "secret" in name}
    platform = {"slack_client_id", "slack_api_url"}
    for name, field in Settings.model_fields.items():
        if name in secrets | platform:
            continue
        assert name in defaults, f"{name} has no default in config/defaults.toml"
        assert field.is_required(), f"{name} is defaulted in Python too"


def test_outcome_followup_days_from_the_environment_reaches_the_core(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COACHBOT_OUTCOME_FOLLOWUP_DAYS", "0")
    monkeypatch.setenv("COACHBOT_DUE_REMINDER_DAYS", "[7, 1]")
    monkeypatch.setenv("COACHBOT_DATA_DIR", str(tmp_path))
    app = build_app(load_settings(env_file=None))
    assert app.options.outcome_followup_days == 0
    assert app.options.due_reminder_days == (7, 1)
    assert app.options.traits("discord").checkins_opt_in
    app.engine.dispose()


def test_the_partner_note_time_is_a_rule_the_tick_can_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COACHBOT_DATA_DIR", str(tmp_path))
    assert load_settings(env_file=None).options().partner_note == "mon@09:00"
    monkeypatch.setenv("COACHBOT_PARTNER_NOTE", "fri@16:30")
    assert load_settings(env_file=None).options().partner_note == "fri@16:30"
    monkeypatch.setenv("COACHBOT_PARTNER_NOTE", "monday 9am")
    with pytest.raises(ValueError, match="partner_note should look like mon@09:00"):
        load_settings(env_file=None)


def test_an_unknown_coachbot_variable_is_warned_about_at_start_up(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("COACHBOT_OUTCOME_FOLLOWUP_DAY", "0")  # a typo
    monkeypatch.setenv("COACHBOT_DATA_DIR", str(tmp_path))
    with caplog.at_level(logging.WARNING):
        app = build_app(load_settings(env_file=None))
    app.engine.dispose()
    assert "COACHBOT_OUTCOME_FOLLOWUP_DAY is not a coachbot setting" in caplog.text
    assert unknown_variables({"COACHBOT_TICK_SECONDS": "5", "COACHBOT_TIKC": "1"}, None) == [
        "COACHBOT_TIKC"
    ]


def test_a_typo_in_the_env_file_is_found_too(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("COACHBOT_GRACE_MINUTS=5\nCOACHBOT_GRACE_MINUTES=60\nOTHER=1\n")
    assert unknown_variables({}, env) == ["COACHBOT_GRACE_MINUTS"]
