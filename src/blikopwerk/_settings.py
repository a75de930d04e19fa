"""Settings from the environment (``BLIKOPWERK_*``) via pydantic-settings."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    """Which backends to use; every field can be set as ``BLIKOPWERK_<FIELD>``.

    Example:
        >>> Settings(storage_url="memory://").storage_url
        'memory://'
    """

    model_config = SettingsConfigDict(env_prefix="BLIKOPWERK_", extra="ignore")

    storage_url: str = "sqlite:///blikopwerk.sqlite3"
    geocoder: str = "offline"
    notifier: str = "eml"
    outbox_folder: Path = Path("outbox")
