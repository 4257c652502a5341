"""Typed readers for configuration held in environment variables.

Unset means the embedded default: every reader takes the default that makes the
application run on a laptop with nothing but Python installed.
"""

import os
from datetime import date

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


class ConfigurationError(ValueError):
    pass


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}") from error


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_date(name: str, default: str) -> date:
    raw = os.environ.get(name) or default
    try:
        return date.fromisoformat(raw.strip())
    except ValueError as error:
        raise ConfigurationError(f"{name} must be a date like 2001-04-01, not {raw!r}") from error
