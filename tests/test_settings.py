"""Settings come from the environment; a bad one stops start-up with one line naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from berichten.settings import (
    DEFAULT_DATABASE_URL,
    OFFICIAL_API_BASE_URL,
    SettingsError,
    load_settings,
)


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in (
        "DATABASE_URL",
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_API_BASE_URL",
        "SCHOOLPOORT_TIMEZONE",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.telegram_api_base_url == OFFICIAL_API_BASE_URL
    assert settings.timezone == "Europe/Amsterdam"
    assert settings.local_mode


def test_token_is_secret_and_leaves_local_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:very-secret")
    settings = load_settings()
    assert not settings.local_mode
    assert "very-secret" not in repr(settings) and "very-secret" not in str(settings)


def test_dotenv_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCHOOLPOORT_TIMEZONE", raising=False)
    (tmp_path / ".env").write_text("SCHOOLPOORT_TIMEZONE=Europe/Brussels\n")
    assert load_settings().timezone == "Europe/Brussels"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", "mysql://nope"),
        ("SCHOOLPOORT_TIMEZONE", "Mars/Olympus"),
        ("TELEGRAM_API_BASE_URL", "ftp://example"),
        ("SCHOOLPOORT_INVITE_DAYS", "0"),
        ("SCHOOLPOORT_LOG_LEVEL", "LOUD"),
    ],
)
def test_bad_setting_names_itself(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(f"Setting {name} is invalid:")
    assert "\n" not in message
