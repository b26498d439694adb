"""Typed readers of the environment that fail loudly on a bad value."""

import os
import re
import secrets
from pathlib import Path


class ConfigurationError(RuntimeError):
    pass


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ConfigurationError(f"{name} must be set (环境变量 {name} 未设置)")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name}={value!r} is not a boolean (use true/false)")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name}={value!r} is not an integer") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


def env_rate(name: str, default: str) -> str:
    """A rate limit "N/s", "N/m", "N/h" or "N/d" (N requests per second, minute, hour, day);
    "off" or "0" turns the limit off and gives ""."""
    value = (os.environ.get(name) or default).strip()
    if value.lower() in {"off", "0"}:
        return ""
    if not re.fullmatch(r"\d+/[smhd]", value):
        raise ConfigurationError(
            f"{name}={value!r} is not a rate such as 30/m (N per s, m, h or d)"
        )
    return value


def secret_key(*, production: bool, key_file: Path) -> str:
    """SECRET_KEY from the environment; outside production a generated key kept in a local file."""
    value = os.environ.get("SECRET_KEY")
    if value:
        return value
    if production:
        raise ConfigurationError("SECRET_KEY must be set when DWGK_ENV=production")
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key
