"""Login throttling: a failure counter per username and client address.

Counting per pair, not per username alone, keeps one guesser from locking a
colleague out from every other office computer.
"""

import hashlib

from django.core.cache import cache

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _key(username: str, address: str) -> str:
    digest = hashlib.sha256(f"{username.casefold()}\0{address}".encode()).hexdigest()
    return f"login-failures:{digest}"


def is_locked(username: str, address: str) -> bool:
    return cache.get(_key(username, address), 0) >= MAX_FAILURES


def record_failure(username: str, address: str) -> None:
    key = _key(username, address)
    # The window starts at the first failure and is not extended by later ones.
    cache.add(key, 0, WINDOW_SECONDS)
    cache.incr(key)


def reset(username: str, address: str) -> None:
    cache.delete(_key(username, address))
