"""Strict readers for settings from the environment.

A typo in a deployment variable should stop start-up with a clear message,
not silently fall back to a default.
"""

import os
import secrets
from pathlib import Path

TRUE = {"true", "1", "yes", "on"}
FALSE = {"false", "0", "no", "off"}


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValueError(f"环境变量 {name}={os.environ[name]!r} 无效：应为 true 或 false")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"环境变量 {name}={value!r} 无效：应为整数") from None


def envlist(name: str, default: list[str]) -> list[str]:
    """Comma-separated list; empty entries are dropped."""
    value = os.environ.get(name)
    if value is None:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


def persistent_secret(path: Path) -> str:
    """Read the secret at `path`, creating it once so restarts keep sessions.

    The file is written aside and linked into place, so two processes starting
    together agree on one secret and never read a half-written file.
    """
    if not path.exists():
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(50))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()
