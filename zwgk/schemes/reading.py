"""A stored scheme read back: its file data and the engine's scheme, built once per version.

Both are cached in memory keyed by the scheme's id and a digest of its text, so a reloaded scheme
file (load_builtin_schemes) is picked up without a restart.
"""
from __future__ import annotations

import hashlib
import threading

from zwgk.schemefiles.loader import build_scheme, parse_yaml
from zwgk.scoring.model import Scheme as EngineScheme

_cache: dict[tuple[str, str], tuple[dict, EngineScheme, dict[str, dict]]] = {}
_lock = threading.Lock()


def _read(scheme) -> tuple[dict, EngineScheme, dict[str, dict]]:
    key = (scheme.scheme_id, hashlib.sha256(scheme.source_yaml.encode()).hexdigest())
    found = _cache.get(key)
    if found is None:
        data = parse_yaml(scheme.source_yaml, scheme.scheme_id)
        found = (data, build_scheme(data, scheme.scheme_id), {str(i["id"]): i for i in data.get("items") or ()})
        with _lock:
            for old in [k for k in _cache if k[0] == scheme.scheme_id]:
                del _cache[old]
            _cache[key] = found
    return found


def scheme_data(scheme) -> dict:
    """The scheme file as read (items with applies_to, method, responsible, deadline…)."""
    return _read(scheme)[0]


def engine_scheme(scheme) -> EngineScheme:
    return _read(scheme)[1]


def item_data(scheme, item_id: str) -> dict:
    return _read(scheme)[2].get(str(item_id), {})
