"""Settings: defaults from config/defaults.toml, overridden by .env and the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from dotenv import dotenv_values
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from core.context import Options, PlatformTraits
from core.scheduling.ratelimit import Pace
from core.scheduling.rules import Rule

ENV_PREFIX = "COACHBOT_"


def defaults_file() -> Path:
    """The packaged defaults file."""
    return Path(str(resources.files("config").joinpath("defaults.toml")))


class Settings(BaseSettings):
    """Everything coachbot can be configured with. Every default is in
    config/defaults.toml, and only there."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", extra="ignore", populate_by_name=True
    )

    data_dir: Path
    database_url: str = Field(
        validation_alias=AliasChoices("DATABASE_URL", "COACHBOT_DATABASE_URL")
    )
    default_timezone: str
    log_level: str
    tick_seconds: float
    tick_batch: int
    send_batch: int
    grace_minutes: int
    due_reminder_days: tuple[int, ...]
    outcome_followup_days: int
    checkins_on_by_default: bool
    partner_note: str
    send_pace: dict[str, Pace]

    # Slack (secrets only from the environment or .env; never logged).
    slack_bot_token: SecretStr | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias="SLACK_SIGNING_SECRET"
    )
    slack_client_id: str | None = Field(default=None, validation_alias="SLACK_CLIENT_ID")
    slack_client_secret: SecretStr | None = Field(
        default=None, validation_alias="SLACK_CLIENT_SECRET"
    )
    discord_token: SecretStr | None = Field(default=None, validation_alias="DISCORD_TOKEN")
    slack_api_url: str = Field(default="https://slack.com/api/", validation_alias="SLACK_API_URL")

    @field_validator("partner_note")
    @classmethod
    def _a_rule_the_tick_reads(cls, value: str) -> str:
        """Refused at start-up, not switched off at the first partner's note."""
        try:
            Rule.decode(value)
        except ValueError:
            raise ValueError("partner_note should look like mon@09:00 or mon,thu@17:30") from None
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Environment and .env win over the packaged defaults."""
        defaults = TomlConfigSettingsSource(settings_cls, toml_file=defaults_file())
        return (init_settings, env_settings, dotenv_settings, defaults)

    def options(self, platforms: Mapping[str, PlatformTraits] | None = None) -> Options:
        """The choices the core follows, with the traits of the platforms in use."""
        return Options(
            due_reminder_days=tuple(self.due_reminder_days),
            outcome_followup_days=self.outcome_followup_days,
            checkins_on_by_default=self.checkins_on_by_default,
            partner_note=self.partner_note,
            platforms=dict(platforms or {}),
        )

    @property
    def data_path(self) -> Path:
        """The data directory with '~' expanded."""
        return self.data_dir.expanduser()

    def resolved_database_url(self) -> str:
        """DATABASE_URL, or SQLite in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_path / 'coachbot.db'}"


def unknown_variables(
    environ: Mapping[str, str] | None = None, env_file: str | Path | None = ".env"
) -> list[str]:
    """``COACHBOT_*`` variables, in the environment or the .env file, that name no setting
    (a typo would otherwise be silently ignored)."""
    names = set(os.environ if environ is None else environ)
    if env_file is not None and Path(env_file).is_file():
        names |= {k for k in dotenv_values(env_file) if k}
    known = {f"{ENV_PREFIX}{name}".upper() for name in Settings.model_fields}
    return sorted(k for k in names if k.upper().startswith(ENV_PREFIX) and k.upper() not in known)


def load_settings(env_file: str | None = ".env") -> Settings:
    """The settings: defaults file, then .env (unless None), then the environment."""
    # Every field is filled from config/defaults.toml, which mypy cannot see.
    return Settings(_env_file=env_file)  # type: ignore[call-arg]
