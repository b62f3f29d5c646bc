"""The machine's reading of a rubric, for a person to check: the scheme, its clauses, the warnings.

`read_rubric` builds a scheme (the scheme-file format of docs/scheme-format.md) from tables;
`reread` does the clause reading and the checks again after the person's edits. Every scoring
text goes through the engine's parser; what it cannot read is a warning, never dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from zwgk.schemefiles.loader import stored_rule
from zwgk.schemefiles.store import stored_clauses
from zwgk.scoring.clauses import Rule, fmt_exact
from zwgk.scoring.parser import parse_rule

from .assemble import Assembly, Caution, assemble, item_ids
from .checks import check, points_under
from .export import DATA_SHEET, embedded_scheme
from .layout import Layout, layouts_of
from .normalise import deadline, lead_support, unit_types
from .tables import NoRubricColumns, RubricFileError, Table

_YEAR = re.compile(r"(20\d{2})\s*年")
_FLOOR = re.compile(r"扣完即止|扣完为止")
_EVIDENCE = re.compile(r"佐证材料.{0,6}不予认定")
_TOTAL_CAP = re.compile(r"总分超过(\d+(?:\.\d+)?)分的?，?以\1分计")


@dataclass
class Draft:
    layouts: list[Layout]
    scheme: dict
    warnings: list[Caution]
    readings: dict[str, Rule] = field(default_factory=dict)


def read_rubric(tables: list[Table], roles: list[list[str | None]] | None = None, *, filename: str = "",
                scheme_id: str | None = None, title: str | None = None) -> Draft:
    """Tables → a draft scheme. `roles` are the person's corrections of the column mapping; the
    id and title, unless given, come from the table's title line, else the file's name."""
    tables, embedded = _split_embedded(tables)
    layouts = layouts_of(tables, roles)
    used = [layout for layout in layouts if layout.rubric]
    if not used:
        raise NoRubricColumns("没有认出考核细则的列：没有一个表格的表头里有“评分标准”“分值”“考核要求”等列。"
                              "请在“识别表头”中指出各列的用途（至少一列评分标准或考核要求），"
                              "或在表格第一行写明各列名称后重新导入。", layouts)
    built = assemble(used)
    if not built.entries:
        raise RubricFileError("表格里没有找到考核指标：表头下面没有写评分标准或考核要求的行。请检查表格内容后再导入。")
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    scheme = _scheme(built, scheme_id or scheme_id_for(filename), title or _title(used) or stem or "导入的考核方案")
    if embedded is not None:
        scheme = _merge(scheme, embedded, built.cautions)
    draft = reread(scheme)
    notes = [Caution(None, "not_rubric", f"{layout.source}的表格没有评分标准、分值或考核要求列，不是考核细则，未导入；"
                                         "如果它是，请在“识别表头”中指出各列的用途") for layout in layouts if not layout.rubric]
    draft.layouts = layouts
    draft.warnings = notes + built.cautions + draft.warnings
    return draft


def table_layouts(tables: list[Table], roles: list[list[str | None]] | None = None) -> list[Layout]:
    """The file's tables as the mapping page shows them, without reading any item."""
    return layouts_of(_split_embedded(tables)[0], roles)


def _split_embedded(tables: list[Table]) -> tuple[list[Table], dict | None]:
    """The tables to read, and the scheme an exported workbook keeps in its data sheet, if any."""
    if tables and tables[-1].source == f"工作表“{DATA_SHEET}”":
        embedded = embedded_scheme(tables[-1].rows)
        if embedded is not None:
            return tables[:-1], embedded
    return tables, None


def scheme_id_for(filename: str) -> str:
    """A scheme id from a file name where it is latin (“xunwu-2022.xlsx”), else “imported”."""
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower())[:60].strip("-")
    return slug or "imported"


def reread(scheme: dict) -> Draft:
    """Read every item's and case's clauses again and check the whole scheme.

    Stored clauses that differ from the text's reading are kept where the item has a `reading`
    (a person's correction, as in the built-in files); everything else is read afresh.
    """
    _fit_groups(scheme)
    readings: dict[str, Rule] = {}
    for item in scheme.get("items", []):
        readings[item["id"]] = _read(item, _decimal(item.get("points")), scheme.get("kind") == "task-plan")
    for section in ("bonus", "major"):
        for case in (scheme.get(section) or {}).get("cases", []):
            readings[case["id"]] = _read(case, None, False)
    return Draft([], scheme, check(scheme, readings), readings)


_COMPARED = ("points", "text", "bonus_text", "requirement")


def _merge(table: dict, embedded: dict, cautions: list[Caution]) -> dict:
    """An exported workbook read back: the exported scheme, except where the table now says otherwise."""
    before = {i["id"]: i for i in embedded.get("items", [])}
    items, changed = [], []
    for item in table["items"]:
        old = before.get(item["id"])
        if old is not None and _squeezed(old["path"]) == _squeezed(item["path"]) \
                and all((old.get(k) or None) == (item.get(k) or None) for k in _COMPARED):
            items.append(old)
        else:
            items.append(item)
            changed.append(item["id"])
    merged = {**embedded, "items": items, "total_points": table["total_points"]}
    if _shape(table["groups"]) != _shape(embedded.get("groups", [])):
        merged["groups"] = table["groups"]  # else the exported ones, with their notes (reread fits them to the items)
    for section in ("bonus", "major"):
        texts = [c["text"] for c in (table.get(section) or {}).get("cases", [])]
        if texts != [c["text"] for c in (embedded.get(section) or {}).get("cases", [])]:
            merged[section] = table.get(section)
            if merged[section] is None:
                merged.pop(section)
    if changed:
        cautions.append(Caution(None, "edited", f"评分表中第{'、'.join(changed)}项与导出时不同，已按评分表重新识别；其余各项沿用导出时的条款与说明"))
    return merged


def _squeezed(path: list[str]) -> list[str]:
    return ["".join(p.split()) for p in path]


def _shape(groups: list[dict]) -> list:
    """The groups that carry points: what a table must agree on for the exported groups to stand."""
    return [(_squeezed(g["path"]), g["points"]) for g in groups if g.get("points") is not None]


def _fit_groups(scheme: dict) -> None:
    """Groups after a person moved items: every prefix of an item's path is a group (added where
    missing); a group with neither points nor items under it any more goes."""
    paths = [tuple(i["path"]) for i in scheme.get("items", [])]
    used = {p[:d] for p in paths for d in range(1, len(p) + 1)}
    groups = [g for g in scheme.get("groups", []) if g.get("points") is not None or tuple(g["path"]) in used]
    known = {tuple(g["path"]) for g in groups}
    for path in paths:
        for depth in range(1, len(path)):
            if path[:depth] not in known:
                known.add(path[:depth])
                groups.append({"path": list(path[:depth])})
    scheme["groups"] = groups


def _read(raw: dict, points: Decimal | None, task_plan: bool) -> Rule:
    text = raw.get("read_as") or raw.get("text")
    rule = parse_rule(text, raw.get("bonus_text"), points) if not task_plan else Rule()
    if raw.get("clauses") is not None and raw.get("reading"):
        kept = stored_rule(raw, str(raw["id"]))
        if kept.clauses != rule.clauses:
            return kept
    raw.pop("clauses", None)
    raw.pop("caps", None)
    if rule.clauses and not rule.problems:
        raw.update(stored_clauses(rule))
    return rule


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _text(value) -> str | None:
    return value if value else None


def _scheme(built: Assembly, scheme_id: str, title: str) -> dict:
    entries = built.entries
    ids = item_ids(entries)
    built.cautions.extend(Caution(ident, code, f"第{ident}项：{message}") for e, ident in zip(entries, ids) for code, message in e.notes)
    assessment = any(e.fields["text"] or e.points is not None or e.grades or e.fields["bonus_text"] for e in entries)
    year = _YEAR.search(title)
    year = int(year.group(1)) if year else None
    items = [_item(e, ident, built, year) for e, ident in zip(entries, ids)]
    notes = built.notes
    everything = "\n".join(notes + [c["text"] for cases in built.cases.values() for c in cases])
    cap = _TOTAL_CAP.search(everything)
    total = built.stated_total
    if total is None and cap:
        total = Decimal(cap.group(1))  # 古县: “加分后总分超过100分的，以100分计” is the only total written
    if total is None and assessment:
        total, _ = points_under((), built.groups, items)
    scheme: dict = {
        "format": "zwgk-scheme/1", "id": scheme_id, "title": title, "issuer": None,
        "year": year, "document": None, "issued": None, "source": None,
        "kind": "assessment" if assessment else "task-plan",
        "levels": built.levels,
        "total_points": fmt_exact(total) if total is not None and assessment else None,
        "rules": {"floor_at_zero": bool(_FLOOR.search(everything)), "evidence_rule": bool(_EVIDENCE.search(everything)),
                  "normalise": False, "step_rounding": "down", "total_cap": cap.group(1) if cap else None},
        "grades": [], "ranking_groups": [], "notes": notes or None, "reading": None,
        "groups": [{"path": list(path), **({"points": fmt_exact(p)} if p is not None else {})} for path, p in built.groups.items()],
        "items": items,
    }
    if built.cases["bonus"]:
        scheme["bonus"] = {"cap": None, "cases": [_case(c) for c in built.cases["bonus"]]}
    if built.cases["major"]:
        scheme["major"] = {"cases": [_case(c) for c in built.cases["major"]]}
    return scheme


def _item(e, ident: str, built: Assembly, year: int | None) -> dict:
    f = e.fields
    read_as, reading = None, None
    if e.grades:
        read_as, reading = _grade_reading(f["text"], e.grades)
    path = list(e.groups) + ([e.name] if e.name else [])
    lead, support = lead_support(f["responsible"])
    if not path:
        path = [f"第{ident}项"]
        built.groups.setdefault(tuple(path), None)
    return {
        "id": ident, "path": path,
        "points": fmt_exact(e.points) if e.points is not None else None,
        "text": _text(f["text"]) or (None if not e.grades else "、".join(f"{label}：{value}" for label, value in e.grades)),
        "bonus_text": _text(f["bonus_text"]), "read_as": read_as, "reading": reading,
        "requirement": _text(f["requirement"]), "content": _text(f["content"]),
        "applies_to": _text(f["applies_to"]), "unit_types": unit_types(f["applies_to"] or f["responsible"]), "method": _text(f["method"]), "assessor": None,
        "responsible": _text(f["responsible"]), "lead": lead, "support": support,
        "deadline": deadline(f["deadline"], year),
        "evidence_required": False, "key": e.key, "notes": _text(f["notes"]),
    }


def _grade_reading(text: str, grades: list[tuple[str, str]]) -> tuple[str, str]:
    """优/良/中/差 columns → “评为优、良、中、差的分别得10、8、6、3分”, which the parser reads as grades."""
    labels = "、".join(label for label, _ in grades)
    amounts = "、".join(re.sub(r"\s*分$", "", value) for _, value in grades)
    sentence = f"评为{labels}的分别得{amounts}分"
    read_as = f"{text.rstrip('。；; ')}。{sentence}" if text else sentence
    return read_as, f"评分档次取自表中“{'”“'.join(label for label, _ in grades)}”列"


def _case(raw: dict) -> dict:
    case = {"id": raw["id"], "text": raw["text"], "amount_text": raw.get("amount_text"), "read_as": None, "reading": None}
    own = parse_rule(raw["text"])
    if raw.get("read_as") and not own.clauses:
        case["read_as"] = raw["read_as"]
        case["reading"] = f"各情形共用表中的规则“{raw['amount_text']}”"
    return case


def _title(layouts: list[Layout]) -> str | None:
    """The table's title: the nearest short line above it that names a 表/细则/方案, not a sentence."""
    for text in reversed(layouts[0].caption):
        text = re.sub(r"\s*[（(]\s*总分.*$", "", text).strip()
        if len(text) <= 60 and re.search(r"表|细则|方案|标准", text) and not re.search(r"[。；]$|^附件", text):
            return text
    return None
