"""How items are ordered and named on every page: by their number (第2项 before 第10项), and by
their deepest level and the start of their text, so two items under one 二级指标 can be told apart."""
from __future__ import annotations

import re

from zwgk.schemes.reading import scheme_data

_NUMBERING = re.compile(r"^\s*(?:[（(]?\d+[)）.、．]|[一二三四五六七八九十]+、)\s*")


def item_order(item_id: str) -> tuple:
    """Numbers in numeric order, then ids with letters (B1, M2…) in their own numeric order."""
    digits = re.fullmatch(r"([A-Za-z]*)(\d+)", item_id or "")
    if digits:
        return (1 if digits.group(1) else 0, digits.group(1), int(digits.group(2)), "")
    return (2, "", 0, item_id or "")


def item_title(item: dict, length: int = 36) -> str:
    """'重大行政决策公开：制定完善重大行政决策事项目录，列明决策事项…'."""
    path = item.get("path") or []
    name = path[-1] if path else ""
    text = item.get("content") or item.get("requirement") or item.get("text") or ""
    text = _NUMBERING.sub("", " ".join(str(text).split()))
    if len(text) > length:
        text = text[:length] + "…"
    if name and text and not text.startswith(name):
        return f"{name}：{text}"
    return text or name


def item_label(item: dict) -> str:
    """第N项 and its title."""
    return f"第{item.get('id')}项 {item_title(item)}".strip()


def item_titles(holder) -> dict[str, str]:
    """Every item's title by its id, for a campaign (or a scheme)."""
    return {str(i["id"]): item_title(i) for i in scheme_data(holder).get("items") or ()}
