"""Settings from the environment (``BLIKOPWERK_*``) via pydantic-settings.

This module imports pydantic-settings, so the package root loads it only when
:class:`Settings` is first used (``import blikopwerk`` stays light).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from blikopwerk._errors import InvalidSettingError
from blikopwerk._redact import redact_url
from blikopwerk._urls import BACKEND_NAME, check_storage_url, printable_problem

__all__ = ["ENV_PREFIX", "Settings"]

#: The prefix of the environment variables :class:`Settings` reads.
ENV_PREFIX = "BLIKOPWERK_"

class Settings(BaseSettings):
    """Which backends to use; every field can be set as ``BLIKOPWERK_<FIELD>``.

    Values are checked when the settings are read: an empty value, one with a control
    character or spaces around it, a storage URL without a scheme, or a backend name that
    is not a plain name raises :class:`~blikopwerk.InvalidSettingError` naming the
    environment variable (or the keyword argument) and the value, never a pydantic error.
    The storage URL's password is masked in ``repr``, ``str`` and every message.

    Example:
        >>> Settings(storage_url="memory://").storage_url
        'memory://'
        >>> Settings(storage_url="postgresql://app:s3cr3t@db/werk")
        Settings(storage_url='postgresql://app:***@db/werk', geocoder='offline', notifier='eml', outbox_folder=...Path('outbox'))
        >>> Settings(notifier="")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidSettingError: notifier: is empty (got '')
    """

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    storage_url: str = "sqlite:///blikopwerk.sqlite3"
    geocoder: str = "offline"
    notifier: str = "eml"
    outbox_folder: Path = Path("outbox")

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            field = str(error["loc"][0]) if error["loc"] else "settings"
            name = field if field in values else f"{ENV_PREFIX}{field.upper()}"
            raw = error.get("input")
            shown = redact_url(raw) if isinstance(raw, str) else raw
            reason = str(error["msg"]).removeprefix("Value error, ")
            raise InvalidSettingError(name, shown, reason) from None

    @field_validator("storage_url", mode="before")
    @classmethod
    def _storage_url(cls, value: object) -> object:
        problem = check_storage_url(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("geocoder", "notifier", mode="before")
    @classmethod
    def _backend_name(cls, value: object) -> object:
        if not isinstance(value, str):
            raise ValueError(f"expected a backend name, not {type(value).__name__}")
        problem = printable_problem(value)
        if problem:
            raise ValueError(problem)
        if not BACKEND_NAME.fullmatch(value):
            raise ValueError("expected a backend name (letters, digits, '_', '-', '.', '+')")
        return value

    @field_validator("outbox_folder", mode="before")
    @classmethod
    def _folder(cls, value: object) -> object:
        if isinstance(value, str):
            problem = printable_problem(value)
            if problem:
                raise ValueError(problem)
        elif not isinstance(value, Path):
            raise ValueError(f"expected a folder path, not {type(value).__name__}")
        return value

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, value in super().__repr_args__():
            yield name, redact_url(value) if name == "storage_url" and isinstance(value, str) else value
