"""Settings: defaults from config/defaults.toml, overridden by .env and the environment."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


def defaults_file() -> Path:
    """The packaged defaults file."""
    return Path(str(resources.files("config").joinpath("defaults.toml")))


class Settings(BaseSettings):
    """Everything coachbot can be configured with."""

    model_config = SettingsConfigDict(
        env_prefix="COACHBOT_", env_file=".env", extra="ignore", populate_by_name=True
    )

    data_dir: Path = Path("~/.local/share/coachbot")
    database_url: str = Field(
        default="", validation_alias=AliasChoices("DATABASE_URL", "COACHBOT_DATABASE_URL")
    )
    default_timezone: str = ""
    log_level: str = "WARNING"
    tick_seconds: float = 15.0
    tick_batch: int = 500
    send_batch: int = 50
    grace_minutes: int = 120
    due_reminder_days: tuple[int, ...] = (3, 0)
    send_per_second: dict[str, float] = {"console": 0.0, "slack": 1.0, "discord": 5.0}

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

    @property
    def data_path(self) -> Path:
        """The data directory with '~' expanded."""
        return self.data_dir.expanduser()

    def resolved_database_url(self) -> str:
        """DATABASE_URL, or SQLite in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_path / 'coachbot.db'}"
