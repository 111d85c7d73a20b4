"""Service configuration read from the environment and `.env` with pydantic-settings."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./schoolpoort.db"
OFFICIAL_API_BASE_URL = "https://api.telegram.org/bot"
TRANSLATION_PROVIDERS = ("none", "google", "deepl", "microsoft", "libre", "mymemory")
LOG_FORMATS = ("text", "json")
DEFAULT_LETTER_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


class SettingsError(RuntimeError):
    """A setting is missing or invalid; the message names it in one line."""


class Settings(BaseSettings):
    """All settings of a Schoolpoort instance; secrets come only from the environment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(default=DEFAULT_DATABASE_URL, alias="DATABASE_URL")
    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(default=OFFICIAL_API_BASE_URL, alias="TELEGRAM_API_BASE_URL")
    telegram_file_base_url: str | None = Field(default=None, alias="TELEGRAM_FILE_BASE_URL")
    timezone: str = Field(default="Europe/Amsterdam", alias="SCHOOLPOORT_TIMEZONE")
    bot_username: str | None = Field(default=None, alias="SCHOOLPOORT_BOT_USERNAME")
    invite_code_days: int = Field(default=60, alias="SCHOOLPOORT_INVITE_DAYS", ge=1, le=400)
    local_api_port: int = Field(default=8081, alias="SCHOOLPOORT_LOCAL_API_PORT", ge=0, le=65535)
    log_level: str = Field(default="INFO", alias="SCHOOLPOORT_LOG_LEVEL")
    log_format: str = Field(default="text", alias="SCHOOLPOORT_LOG_FORMAT")
    health_host: str = Field(default="0.0.0.0", alias="SCHOOLPOORT_HEALTH_HOST")
    health_port: int = Field(default=8080, alias="SCHOOLPOORT_HEALTH_PORT", ge=0, le=65535)
    send_rate: float = Field(default=29.0, alias="SCHOOLPOORT_SEND_RATE", gt=0, le=1000)
    delivery_lease: float = Field(default=30.0, alias="SCHOOLPOORT_DELIVERY_LEASE", gt=0, le=3600)
    webhook_secret: SecretStr | None = Field(default=None, alias="SCHOOLPOORT_WEBHOOK_SECRET")
    holidays_file: str = Field(default="config/vakanties.toml", alias="SCHOOLPOORT_HOLIDAYS")
    feedback_delay_minutes: int = Field(
        default=60, alias="SCHOOLPOORT_FEEDBACK_DELAY", ge=0, le=7 * 24 * 60
    )
    translation_provider: str = Field(default="none", alias="TRANSLATION_PROVIDER")
    translation_api_key: SecretStr | None = Field(default=None, alias="TRANSLATION_API_KEY")
    translation_url: str | None = Field(default=None, alias="TRANSLATION_URL")
    translation_timeout: float = Field(default=10.0, alias="TRANSLATION_TIMEOUT", gt=0, le=120)
    letter_font: str = Field(default=DEFAULT_LETTER_FONT, alias="SCHOOLPOORT_LETTER_FONT")

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///FILE or postgresql+asyncpg://USER@HOST/DB")
        return value

    @field_validator("telegram_api_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @field_validator("translation_provider")
    @classmethod
    def _known_provider(cls, value: str) -> str:
        lower = value.strip().lower()
        if lower not in TRANSLATION_PROVIDERS:
            raise ValueError(f"use one of {', '.join(TRANSLATION_PROVIDERS)}")
        return lower

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("use DEBUG, INFO, WARNING or ERROR")
        return upper

    @field_validator("log_format")
    @classmethod
    def _known_log_format(cls, value: str) -> str:
        lower = value.strip().lower()
        if lower not in LOG_FORMATS:
            raise ValueError(f"use {' or '.join(LOG_FORMATS)}")
        return lower

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        """The school's time zone as a tzinfo."""
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def local_mode(self) -> bool:
        """True when no token is set: the service runs its own local Bot API server."""
        return self.telegram_bot_token is None or not self.telegram_bot_token.get_secret_value()


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning a validation error into one line that names the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        loc = first.get("loc") or ("?",)
        name = str(loc[0])
        field = Settings.model_fields.get(name)
        env_name = field.alias if field is not None and field.alias else name
        raise SettingsError(f"Setting {env_name} is invalid: {first.get('msg')}") from None


@lru_cache(maxsize=1)
def cached_settings() -> Settings:
    """The settings of this process, read once."""
    return load_settings()
