"""Lined-up rows → the scheme's groups, items, cases and totals, as the documents mean them.

The rules are those a person applies reading the seeds: an empty 一级/二级 cell continues the
group above (a merged cell), a 分值 written once for several rows is the group's (寻乌: the
items then carry “（3分）” in their text), a “(5分)” after a 考核项目 is that group's points,
a row with only a text right after a page break continues the previous row, 合计/总分 rows
state the total, 综合加分项/重大扣分项 rows are the scheme-level cases. Whatever is decided for
a person to check is reported as a `Caution`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from zwgk.scoring.clauses import fmt_exact

from .headers import clean
from .layout import DASHES, Layout, Row, points_value
from .sections import cases_of, joined, section_of, with_shared_rule


@dataclass(frozen=True)
class Caution:
    """Something a person should look at: `item` is the item's (or case's) id, or None."""

    item: str | None
    code: str
    message: str


_FIELDS = ("text", "bonus_text", "requirement", "content", "applies_to", "method", "responsible", "deadline", "notes")
_SCORED = ("text", "bonus_text", "requirement")
_TOTALS = {"合计", "总计", "总分", "满分", "分值合计"}
# The label and the figure in one cell, merged across the row: 合计：100分, 总分（100分）, 合计100.
_TOTAL_CELL = re.compile(r"(?:合计|总计|总分|满分|分值合计)[：:]?[（(]?(\d+(?:\.\d+)?)分?[）)]?")
_NOTE = re.compile(r"^(?:附注|注|说明|备注)\s*[：:]")
_DECLARED = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]\s*[。.]?\s*$")
_STATED_TOTAL = re.compile(r"总分\s*(?:为|：|:)?\s*(\d+(?:\.\d+)?)\s*分")
_LEADING_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.、．](?!\d)")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff“”（）()、])\s+(?=[\u4e00-\u9fff“”（）()、])")
_OPEN_END = re.compile(r"[。；;！!）)”]\s*$")


@dataclass
class _Entry:
    row: Row
    groups: tuple[str, ...]
    name: str | None
    fields: dict[str, str]
    seq: str
    cell: str  # the 分值 cell as written
    span: int
    key: bool
    grades: list[tuple[str, str]] = field(default_factory=list)
    points: Decimal | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)  # (code, message): cautions about this item

    def note(self, code: str, message: str) -> None:
        """A caution about this item's row; it is given the item's id once ids are known."""
        self.notes.append((code, f"{self.row.where}{message}"))


@dataclass
class Assembly:
    groups: dict[tuple[str, ...], Decimal | None] = field(default_factory=dict)  # in document order
    entries: list[_Entry] = field(default_factory=list)
    cases: dict[str, list[dict]] = field(default_factory=lambda: {"bonus": [], "major": []})
    notes: list[str] = field(default_factory=list)
    stated_total: Decimal | None = None
    levels: list[str] = field(default_factory=list)
    cautions: list[Caution] = field(default_factory=list)
    shared: set[tuple[str, ...]] = field(default_factory=set)  # groups whose 分值 was written once for their rows


def assemble(layouts: list[Layout]) -> Assembly:
    out = Assembly()
    for layout in layouts:
        for text in layout.caption:
            m = _STATED_TOTAL.search(text)
            if m and out.stated_total is None:
                out.stated_total = Decimal(m.group(1))
        _read_layout(layout, out)
    _remainders(out)
    return out


def pool_of(groups: dict[tuple[str, ...], Decimal | None], path: tuple[str, ...]) -> tuple[str, ...] | None:
    """The nearest group at or above `path` that has points: the pool its items share."""
    return next((path[:d] for d in range(len(path), 0, -1) if groups.get(path[:d]) is not None), None)


def _remainders(out: Assembly) -> None:
    """A 分值 written once for a group's rows, whose items all have their own “（N分）” but one:
    that one has what is left (寻乌 特色工作 8分: 第39项 3分, 第40项 written without points → 5分).
    With two or more without points, they share what is left as the group's pool, as the scoring
    rules say; so does one whose group's points are written after its name (“特色工作（8分）”)."""
    members: dict[tuple[str, ...], list[_Entry]] = {}
    for e in out.entries:
        pool = pool_of(out.groups, e.groups + ((e.name,) if e.name else ()))
        if pool is not None:
            members.setdefault(pool, []).append(e)
    for pool, entries in members.items():
        if pool not in out.shared:
            continue
        missing = [e for e in entries if e.points is None]
        left = out.groups[pool] - sum(e.points for e in entries if e.points is not None)
        if len(missing) == 1 and len(entries) > 1 and left > 0:
            missing[0].points = left
            missing[0].note("remainder", f"没有写分值，按所属分组“{'／'.join(pool)}”{fmt_exact(out.groups[pool])}分中余下的"
                                         f"{fmt_exact(left)}分记，请核对")


def name_of(cell: str) -> tuple[str, Decimal | None, bool]:
    """A level cell → (name, points written after it as “(5分)”, marked * as a key indicator)."""
    text = cell.strip()
    key = text[:1] in ("*", "＊")
    text = text.lstrip("*＊ ").strip()
    m = _DECLARED.search(text)
    points = Decimal(m.group(1)) if m else None
    if m:
        text = text[: m.start()]
    text = _CJK_GAP.sub("", text)
    return re.sub(r"\s+", " ", text).strip(), points, key


def declared(text: str | None) -> Decimal | None:
    m = _DECLARED.search(text or "")
    return Decimal(m.group(1)) if m else None


def _read_layout(layout: Layout, out: Assembly) -> None:
    levels = layout.columns("level")
    points_cols = layout.columns("points")
    if not out.levels:
        out.levels = [clean(layout.headers[c]) for c in levels]
    rows = layout.rows
    name_level = _has_name_level(layout, rows, levels)
    groups: tuple[str, ...] = ()
    section: str | None = None
    shared: str | None = None
    notes_started = False
    first = len(out.entries)
    for row in rows:
        cells = row.cells
        get = _getter(layout, cells)
        level_cells = [cells[c] if c < len(cells) else "" for c in levels]
        filled = [c for c in cells if c]
        lead = next((c for c in (level_cells + filled) if c), "")
        kind = section_of(lead)
        if kind or (section and not any(level_cells)):
            if kind:
                section, shared = kind, None
            parts = [cells[c] for c, role in enumerate(layout.roles)
                     if role in ("level", "points", "text", "bonus_text", "requirement") and c < len(cells) and cells[c]
                     and section_of(cells[c]) is None]
            shared = _add_cases(out, section, parts, shared, row)
            continue
        section = None
        written_total = _total_cell(lead)
        if clean(lead) in _TOTALS or written_total is not None:
            value = next((points_value(c) for c in filled[1:] if points_value(c) is not None), written_total)
            out.stated_total = value if value is not None else out.stated_total
            notes_started = True
            continue
        if notes_started or (len(filled) == 1 and _NOTE.match(filled[0])):
            notes_started = True
            out.notes.extend(filled)
            continue
        fields = {f: get(f) for f in _FIELDS}
        grades = [(clean(layout.headers[c]), cells[c]) for c in layout.columns("grade") if c < len(cells) and cells[c]]
        seq = get("seq")
        cell = cells[points_cols[0]] if points_cols and points_cols[0] < len(cells) else ""
        span = row.spans.get(points_cols[0], 1) if points_cols else 1
        group_cells = level_cells[:-1] if name_level else level_cells
        names = [name_of(c) for c in group_cells]
        own = name_of(level_cells[-1]) if name_level and level_cells and level_cells[-1] else None
        own = own if own and own[0] else None  # “（5分）” alone names nothing
        scored = any(fields[f] for f in _SCORED) or grades or (own and cell)
        heading = None if any(fields[f] for f in _SCORED) or grades else _heading(seq, level_cells, filled)
        if heading:
            # 一、组织领导（10分）: a section numbered 一、二… above its items is a group, not an item.
            groups = tuple(n[0] for n in heading)
            for depth in range(1, len(groups) + 1):
                out.groups.setdefault(groups[:depth], None)
            value = points_value(cell) if seq else None
            value = value if value is not None else heading[-1][1]
            if value is not None:
                _set_group_points(out, groups, value, row)
            continue
        if not scored and not seq:
            if any(level_cells):
                groups = _resolve(groups, names, out)
                path = groups + ((own[0],) if own else ())
                value = points_value(cell)
                if own:
                    out.groups.setdefault(path, None)
                if value is not None:
                    _set_group_points(out, path, value, row)
            elif filled:
                out.cautions.append(Caution(None, "row_skipped", f"{row.where}没有评分标准或考核要求，未作为考核指标导入：{'｜'.join(filled)[:60]}"))
            continue
        if row.after_break and not seq and not any(level_cells) and not cell and len(out.entries) > first \
                and not _OPEN_END.search(_last_text(out.entries[-1])):
            previous = out.entries[-1]
            for f, value in fields.items():
                if value:
                    previous.fields[f] = previous.fields[f] + value if previous.fields[f] else value
            previous.note("continued", f"的评分标准在下一页{row.where}接着写，已并为一项")
            continue
        groups = _resolve(groups, names, out)
        if own and own[1] is not None:
            _set_group_points(out, groups + (own[0],), own[1], row)
        key = (own[2] if own else False) or _starred(fields)
        entry = _Entry(row, groups, own[0] if own else None, fields, seq, cell, span, key, grades)
        out.entries.append(entry)
        if row.shift:
            way = "左" if row.shift > 0 else "右"  # shift > 0: cell c now holds what was in c + shift
            entry.note("shifted", f"的单元格与表头错位，已将该行向{way}移动{abs(row.shift)}格，使分值落在分值列，请核对指标层级和各列内容")
    _points(out, out.entries[first:])


def _total_cell(cell: str) -> Decimal | None:
    m = _TOTAL_CELL.fullmatch("".join(cell.split()))
    return Decimal(m.group(1)) if m else None


def _heading(seq: str, level_cells: list[str], filled: list[str]) -> list[tuple[str, Decimal | None, bool]] | None:
    """The names of a section heading row, or None: a row numbered 一、二… in the 序号 column with
    the section's name in the level cells, or a lone cell “一、组织领导（10分）” across the table."""
    if seq and _CHINESE_NUMBER.fullmatch("".join(seq.split())):
        names = [name_of(c) for c in level_cells if c]
        return [n for n in names if n[0]] or None
    if len(filled) == 1:
        m = _CHINESE_NUMBER.match(filled[0].strip())
        if m and m.group(0)[-1:] in "、．." and len(filled[0]) <= 40:
            name = name_of(filled[0].strip()[m.end():])
            return [name] if name[0] else None
    return None


_CHINESE_NUMBER = re.compile(r"[（(]?[一二三四五六七八九十]{1,3}[）)]?[、．.]?")


def _has_name_level(layout: Layout, rows: list[Row], levels: list[int]) -> bool:
    """Whether the deepest level column names each item (三级指标) rather than a group."""
    if not levels:
        return False
    deepest = levels[-1]
    scored_cols = layout.columns("text") + layout.columns("requirement")
    scored = [r for r in _item_rows(rows, levels) if any(c < len(r.cells) and r.cells[c] for c in scored_cols)]
    if not scored:
        return False
    if any(r.spans.get(deepest, 1) > 1 for r in scored):
        return False  # a cell merged down over several scored rows names their group, not each item
    named = sum(1 for r in scored if deepest < len(r.cells) and r.cells[deepest])
    return named * 10 >= len(scored) * 8  # 古县 35 of 35, 晋城 39 of 40; 寻乌 16 of 40, 绛县 19 of 34: groups


def _item_rows(rows: list[Row], levels: list[int]):
    """The rows that may be items: not the 综合加分项/重大扣分项 rows (and the case rows under them)
    nor a 合计 row, whose empty level cells say nothing about how items are named."""
    section = False
    for row in rows:
        level_cells = [row.cells[c] for c in levels if c < len(row.cells)]
        lead = next((c for c in level_cells + row.cells if c), "")
        section = section_of(lead) is not None or (section and not any(level_cells))
        if not section and clean(lead) not in _TOTALS and _total_cell(lead) is None:
            yield row


def _getter(layout: Layout, cells: list[str]):
    def get(role: str) -> str:
        return "\n".join(cells[c] for c in layout.columns(role) if c < len(cells) and cells[c] and clean(cells[c]) not in DASHES)
    return get


def _resolve(groups: tuple[str, ...], names: list[tuple[str, Decimal | None, bool]], out: Assembly) -> tuple[str, ...]:
    """An empty level cell continues the group above; the first filled one starts a new branch."""
    first = next((i for i, n in enumerate(names) if n[0]), None)
    if first is None:
        return groups
    path = list(groups[:first]) + [n[0] for n in names[first:] if n[0]]
    written = [n[1] for n in names[first:] if n[0]]
    for depth in range(1, len(path) + 1):
        prefix = tuple(path[:depth])
        out.groups.setdefault(prefix, None)
        at = depth - 1 - first
        if 0 <= at < len(written) and written[at] is not None and out.groups[prefix] is None:
            out.groups[prefix] = written[at]
    return tuple(path)


def _set_group_points(out: Assembly, path: tuple[str, ...], value: Decimal, row: Row) -> None:
    if not path:  # points on a row that names no group (“（5分）” alone in a level cell)
        out.cautions.append(Caution(None, "group_points", f"{row.where}写了{fmt_exact(value)}分，但没有指标名称，这个分值未使用，请核对"))
        return
    for depth in range(1, len(path) + 1):
        out.groups.setdefault(path[:depth], None)
    if out.groups[path] is not None and out.groups[path] != value:
        out.cautions.append(Caution(None, "group_points", f"{row.where}：“{'／'.join(path)}”的分值写了{fmt_exact(out.groups[path])}分和{fmt_exact(value)}分，取后者"))
    out.groups[path] = value


def _points(out: Assembly, entries: list[_Entry]) -> None:
    """Each entry's points; a 分值 written once for a run of rows of one group is the group's.

    Once a layout writes its 分值 that way, the column holds group points throughout (寻乌: a
    one-item group's 分值 is the group's too, and the item's own points are its “（4分）”).
    """
    runs = _runs(entries)
    group_column = any(_pool(run, 0) > 1 and pool_of(out.groups, run[0].groups) is None for run in runs)
    for run in runs:
        start = 0
        while start < len(run):
            head = run[start]
            # Under a group that already has points, empty 分值 cells are its items sharing them.
            covered = _pool(run, start) if pool_of(out.groups, head.groups) is None else 1
            if group_column and start == 0 and head.name is None and head.groups and points_value(head.cell) is not None:
                covered = 1 + sum(1 for _ in _empty_after(run))  # the group's, even for a one-row group
            elif covered == 1:
                head.points = _row_points(head, out)
                start += 1
                continue
            _set_group_points(out, head.groups, points_value(head.cell), head.row)
            out.shared.add(head.groups)
            for e in run[start:start + covered]:
                e.points = _declared_points(e)
            start += covered


def _runs(entries: list[_Entry]) -> list[list[_Entry]]:
    """Consecutive entries of the same group."""
    runs: list[list[_Entry]] = []
    for e in entries:
        if runs and runs[-1][0].groups == e.groups:
            runs[-1].append(e)
        else:
            runs.append([e])
    return runs


def _empty_after(run: list[_Entry]):
    for e in run[1:]:
        if e.cell:
            return
        yield e


def _pool(run: list[_Entry], start: int) -> int:
    """How many rows a 分值 at `start` covers: its merged span, or, when rows do not name their
    items (no 三级指标), the empty cells after it if it is the run's first row and every later
    row of the group is empty."""
    head = run[start]
    if not head.groups or points_value(head.cell) is None:
        return 1
    if head.span > 1:
        return min(head.span, len(run) - start)
    if head.name is None and start == 0 and len(run) > 1 and all(not e.cell for e in run[1:]):
        return len(run)
    return 1


def _declared_points(e: _Entry) -> Decimal | None:
    return declared(e.fields["text"]) if declared(e.fields["text"]) is not None else declared(e.fields["requirement"])


def _row_points(e: _Entry, out: Assembly) -> Decimal | None:
    value = points_value(e.cell)
    if value is None and clean(e.cell) in DASHES:
        return Decimal(0)
    written = _declared_points(e)
    if value is not None and written is not None and written != value:
        e.note("declared_points", f"：分值列为{fmt_exact(value)}分，文字中写的是（{fmt_exact(written)}分），取分值列")
    if value is None and e.cell:
        e.note("points_unread", f"：分值“{e.cell}”不是数字，请填写分值")
    if value is None and written is None and e.grades:
        # 优/良/中/差 columns with no 分值 written: the best grade's points are the item's full marks.
        amounts = [a for a in (points_value(amount) for _, amount in e.grades) if a is not None]
        return max(amounts, default=None)
    return value if value is not None else written


def _last_text(e: _Entry) -> str:
    return e.fields["text"] or e.fields["requirement"] or ""


def _starred(fields: dict[str, str]) -> bool:
    return fields["text"][:1] in ("*", "＊")


def _add_cases(out: Assembly, section: str, parts: list[str], shared: str | None, row: Row) -> str | None:
    """Add a section row's cases; return the shared rule, which holds for the rows below too."""
    written_shared, texts = cases_of(parts) if len(parts) != 2 or any(_ENUM_START.match(p) for p in parts) else (None, [joined(parts)])
    shared = written_shared or shared
    prefix = "B" if section == "bonus" else "M"
    for text in texts:
        out.cases[section].append({"id": f"{prefix}{len(out.cases[section]) + 1}", "text": text,
                                   "amount_text": shared, "read_as": with_shared_rule(text, shared)})
    if not texts:
        out.cautions.append(Caution(None, "empty_case", f"{row.where}：{('综合加分项' if section == 'bonus' else '重大扣分项')}没有内容"))
    return shared


_ENUM_START = re.compile(r"^\s*(?:\d{1,2}[.、．](?!\d)|[（(][一二三四五六七八九十]{1,3}[）)]|<)")


def item_ids(entries: list[_Entry]) -> list[str]:
    """The 序号 column where every item has a distinct one, else the number the texts start with
    (寻乌 “1.制定……”), else the row's position 1, 2, 3…."""
    seqs = [e.seq.strip().rstrip(".、．") for e in entries]
    if all(seqs) and len(set(seqs)) == len(seqs):
        return seqs
    numbers = [_LEADING_NUMBER.match(e.fields["text"] or "") for e in entries]
    if all(numbers) and len({m.group(1) for m in numbers}) == len(numbers):
        return [m.group(1) for m in numbers]
    return [str(i) for i in range(1, len(entries) + 1)]
