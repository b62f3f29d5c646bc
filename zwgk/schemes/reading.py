"""A scheme's text read back: its file data and the engine's scheme, built once per version.

Two things have scheme text: a stored `Scheme` (`source_yaml`, the current version) and a
campaign (`scheme_yaml`, the copy it was created with, so reloading or editing the scheme never
changes a running or finished campaign). Every function here takes either. A campaign's engine
scheme also carries the campaign's own choice of 折算 (`normalise`).

Readings are cached in memory by the text's digest (least recently used first out), so a
reloaded scheme file is picked up without a restart and campaigns on one version share one.
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import replace

from zwgk.schemefiles.loader import build_scheme, parse_yaml
from zwgk.scoring.model import Scheme as EngineScheme

_SIZE = 64  # versions kept: every built-in scheme and the campaigns of several years
_cache: OrderedDict[tuple[str, bool | None], tuple[dict, EngineScheme, dict[str, dict]]] = OrderedDict()
_lock = threading.Lock()


def digest(text: str) -> str:
    """The version of a scheme text: its SHA-256, in hex."""
    return hashlib.sha256(text.encode()).hexdigest()


def _source(holder) -> tuple[str, str, bool | None]:
    """(version, YAML text, 折算 chosen by a campaign or None for the scheme's own); a campaign
    keeps its version's digest beside its copy."""
    text = getattr(holder, "scheme_yaml", None)
    if text is not None:  # a campaign
        return holder.scheme_digest or digest(text), text, holder.normalise
    return digest(holder.source_yaml), holder.source_yaml, None


def _label(holder) -> str:
    """The scheme's id, for messages about its text."""
    return holder.scheme.scheme_id if hasattr(holder, "scheme_yaml") else holder.scheme_id


def _read(holder) -> tuple[dict, EngineScheme, dict[str, dict]]:
    version, text, normalise = _source(holder)
    key = (version, normalise)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    label = _label(holder)
    data = parse_yaml(text, label)
    scheme = build_scheme(data, label)
    if normalise is not None and normalise != scheme.rules.normalise:
        scheme = replace(scheme, rules=replace(scheme.rules, normalise=normalise))
    found = (data, scheme, {str(i["id"]): i for i in data.get("items") or ()})
    with _lock:
        _cache[key] = found
        while len(_cache) > _SIZE:
            _cache.popitem(last=False)
    return found


def scheme_data(holder) -> dict:
    """The scheme file as read (items with applies_to, method, responsible, deadline…)."""
    return _read(holder)[0]


def engine_scheme(holder) -> EngineScheme:
    return _read(holder)[1]


def item_data(holder, item_id: str) -> dict:
    return _read(holder)[2].get(str(item_id), {})
