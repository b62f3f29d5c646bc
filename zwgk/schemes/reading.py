"""A scheme's text read back: its file data and the engine's scheme, built once per version.

Two things have scheme text: a stored `Scheme` (`source_yaml`, the current version) and a
campaign (`scheme_yaml`, the copy it was created with, so reloading or editing the scheme never
changes a running or finished campaign). Every function here takes either. A campaign's engine
scheme also carries the campaign's own choice of 折算 (`normalise`).

Readings are cached in memory by the text's digest (least recently used first out), so a
reloaded scheme file is picked up without a restart, and a scheme and the campaigns on its
version share one reading (a campaign that chose the other 折算 adds one engine scheme to it).
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

from zwgk.schemefiles.loader import build_scheme, parse_yaml
from zwgk.scoring.model import Scheme as EngineScheme

_SIZE = 64  # versions kept: every built-in scheme and the campaigns of several years
_lock = threading.Lock()


@dataclass
class _Reading:
    data: dict
    scheme: EngineScheme
    items: dict[str, dict]
    other_normalise: EngineScheme | None = None  # with the 折算 its file does not choose

    def engine(self, normalise: bool | None) -> EngineScheme:
        if normalise is None or normalise == self.scheme.rules.normalise:
            return self.scheme
        if self.other_normalise is None:
            self.other_normalise = replace(self.scheme, rules=replace(self.scheme.rules, normalise=normalise))
        return self.other_normalise


_cache: OrderedDict[str, _Reading] = OrderedDict()


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


def _read(holder) -> tuple[_Reading, bool | None]:
    """The reading of the holder's text, and the 折算 it chose (None: the file's own)."""
    version, text, normalise = _source(holder)
    with _lock:
        found = _cache.get(version)
        if found is not None:
            _cache.move_to_end(version)
            return found, normalise
    label = _label(holder)
    data = parse_yaml(text, label)
    found = _Reading(data, build_scheme(data, label), {str(i["id"]): i for i in data.get("items") or ()})
    with _lock:
        _cache[version] = found
        while len(_cache) > _SIZE:
            _cache.popitem(last=False)
    return found, normalise


def scheme_data(holder) -> dict:
    """The scheme file as read (items with applies_to, method, responsible, deadline…)."""
    return _read(holder)[0].data


def engine_scheme(holder) -> EngineScheme:
    """The engine's scheme; a campaign's carries the campaign's choice of 折算."""
    reading, normalise = _read(holder)
    return reading.engine(normalise)


def item_data(holder, item_id: str) -> dict:
    return _read(holder)[0].items.get(str(item_id), {})
