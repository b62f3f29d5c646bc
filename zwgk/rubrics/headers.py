"""Column headers → roles: which column holds the levels, the points, the scoring text…

Counties head the same column a dozen ways (分值/赋分/标准分, 评分标准/扣分标准/评分细则,
责任单位/责任组(科室、单位)/责任部门…). A header is matched after removing spaces and any
bracketed note, first exactly, then by the words it ends or starts with; the person corrects
the rest on the mapping page, so nothing here has to be perfect, only predictable.
"""
from __future__ import annotations

import re

from .tables import Table

# Role id → the label shown on the mapping page, in display order.
ROLES: dict[str, str] = {
    "seq": "序号",
    "level": "指标层级（一级、二级、三级指标，考核项目）",
    "points": "分值（赋分）",
    "text": "评分标准（扣分标准）",
    "bonus_text": "加分标准",
    "grade": "评分档次（优、良、中、差）",
    "requirement": "考核要求（主要任务、考核内容）",
    "content": "涉及内容",
    "applies_to": "考核对象",
    "method": "考核方式",
    "responsible": "责任单位（责任组）",
    "deadline": "完成时限",
    "notes": "备注",
}

_EXACT: dict[str, str] = {
    **dict.fromkeys(["序号", "编号", "序", "项目编号", "指标编号", "No", "NO", "no"], "seq"),
    **dict.fromkeys(["一级指标", "二级指标", "三级指标", "四级指标", "考核项目", "考核指标", "指标", "指标名称",
                     "考核类别", "类别", "项目", "考核事项", "公开任务", "公开内容", "工作任务类别", "评价指标"], "level"),
    **dict.fromkeys(["分值", "赋分", "分数", "标准分", "满分", "权重", "分值分", "基本分", "指标分值", "计分"], "points"),
    **dict.fromkeys(["评分标准", "扣分标准", "评分细则", "评分办法", "评分方法", "计分方法", "计分办法", "考核标准",
                     "考评标准", "评分依据", "评分规则", "考核评分标准", "扣分细则"], "text"),
    **dict.fromkeys(["加分标准", "加分项", "加分细则", "加分", "加分项目"], "bonus_text"),
    **dict.fromkeys(["优", "良", "中", "差", "优秀", "良好", "一般", "较差", "合格", "不合格", "较好", "好", "基本合格"], "grade"),
    **dict.fromkeys(["考核要求", "主要任务", "具体要求", "工作任务", "考核内容", "工作要求", "任务内容", "工作内容",
                     "指标内容", "评价内容", "工作措施", "重点任务"], "requirement"),
    **dict.fromkeys(["涉及内容", "公开要求"], "content"),
    **dict.fromkeys(["考核对象", "适用对象", "被考核单位", "考核范围"], "applies_to"),
    **dict.fromkeys(["考核方式", "考核方法", "核查方式", "评价方式", "考评方式", "检查方式", "核查方法"], "method"),
    **dict.fromkeys(["责任单位", "责任组", "责任部门", "牵头单位", "责任科室", "责任处室", "牵头部门", "责任主体",
                     "内容保障单位", "承办单位"], "responsible"),
    **dict.fromkeys(["完成时限", "完成时间", "时间节点", "时限", "完成期限", "时间要求"], "deadline"),
    **dict.fromkeys(["备注", "说明"], "notes"),
    # Columns the units and assessors fill in during the assessment: never part of the scheme.
    **dict.fromkeys(["自评分", "得分", "考核得分", "自评得分", "评分", "实得分", "自评情况", "扣分原因", "扣分情况",
                     "佐证材料", "自评说明", "考核组评分"], None),
}
# Endings that decide a role when the whole header is not known (县级考核方式, 政务公开考核分值…).
_ENDINGS: list[tuple[str, str | None]] = [
    ("自评分", None), ("得分", None), ("加分标准", "bonus_text"), ("扣分标准", "text"), ("评分标准", "text"),
    ("标准", "text"), ("细则", "text"), ("考核方式", "method"), ("方式", "method"), ("分值", "points"), ("赋分", "points"),
    ("指标", "level"), ("单位", "responsible"), ("部门", "responsible"), ("时限", "deadline"), ("要求", "requirement"),
    ("任务", "requirement"), ("内容", "requirement"), ("对象", "applies_to"),
]
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
_SPACE = re.compile(r"\s+")
_UNKNOWN = "?"


def clean(header: str) -> str:
    """责任组(科室、单位) → 责任组; “分 值” → 分值."""
    return _SPACE.sub("", _BRACKETS.sub("", header or ""))


def role_of(header: str) -> str | None:
    """The role a header names; None for an empty header or a column filled in during assessment."""
    role = _match(header)
    return None if role == _UNKNOWN else role


def _match(header: str) -> str | None:
    key = clean(header)
    if not key:
        return _UNKNOWN
    if key in _EXACT:
        return _EXACT[key]
    for ending, role in _ENDINGS:
        if key.endswith(ending) and len(key) <= len(ending) + 6:
            return role
    return _UNKNOWN


def known(header: str) -> bool:
    return _match(header) != _UNKNOWN


_CORE = {"level", "points", "text", "requirement", "seq"}


def find_header(table: Table, limit: int = 12) -> tuple[int, int] | None:
    """(first, last) index of the header rows among the first `limit` rows, or None.

    A header row names at least two known columns, one of them a level, the points, the scoring
    text, the requirement or the 序号, and no cell of it is long prose. A second header row right
    below (一级指标/二级指标/三级指标 under a merged 考核指标) joins it.
    """
    for r in range(min(limit, len(table.rows))):
        if _is_header(table.rows[r]):
            last = r
            if r + 1 < len(table.rows) and _is_subheader(table, r):
                last = r + 1
            return r, last
    return None


def _is_header(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    if any(len(clean(c)) > 16 for c in filled):
        return False
    roles = [_match(c) for c in filled]
    named = [r for r in roles if r != _UNKNOWN]
    return len(named) >= 2 and any(r in _CORE for r in named) and len(named) * 2 >= len(filled)


def _is_subheader(table: Table, r: int) -> bool:
    """Every filled cell of the row below is itself a known header (一级指标 under 考核指标)."""
    filled = [c for c in table.rows[r + 1] if c]
    return bool(filled) and all(len(clean(c)) <= 16 and known(c) for c in filled)


def _anchor(table: Table, r: int, c: int) -> tuple[int, int]:
    for (ar, ac), (rows, cols) in table.spans.items():
        if ar <= r < ar + rows and ac <= c < ac + cols:
            return ar, ac
    return r, c


def header_texts(table: Table, first: int, last: int) -> list[str]:
    """One text per column from the header rows: the lowest row's text, else the merged cell above."""
    width = max(len(table.rows[i]) for i in range(first, last + 1))
    texts = []
    for c in range(width):
        text = ""
        for r in range(last, first - 1, -1):
            text = table.cell(*_anchor(table, r, c))
            if text:
                break
        texts.append(text)
    return texts


def same_header(cells: list[str], headers: list[str]) -> bool:
    """A header repeated on a new page (cells may be missing or added at the end)."""
    a = [clean(c) for c in cells if c]
    b = [clean(h) for h in headers if h]
    return bool(a) and a == b[: len(a)] and len(a) >= min(len(b), 2)
