"""zwgk.schemefiles.loader: scheme files → the engine's Scheme."""
from decimal import Decimal

import pytest

from zwgk.schemefiles import SchemeFileError, builtin_ids, builtin_path, load_scheme, read_yaml
from zwgk.schemefiles.loader import scored_text
from zwgk.scoring.clauses import Kind
from zwgk.scoring.parser import parse_rule

BUILTIN = ["guxian-2021", "huarong-2021", "jiangxian-2021", "jincheng-xzsp-2021", "xunwu-2022"]

MINIMAL = """\
format: zwgk-scheme/1
id: demo-2021
title: 演示方案
kind: assessment
total_points: "4"
groups:
  - path: [甲]
items:
  - id: "1"
    path: [甲]
    points: {points}
    text: 发现一件，扣0.5分，扣分上限为2分
  - id: "2"
    path: [甲]
    points: "2"
    text: 每拓展一个领域，加0.5分，每拓展一个层级，加1分，加分上限为5分
"""


def test_builtin_ids():
    assert builtin_ids() == BUILTIN
    assert builtin_path("xunwu-2022").name == "xunwu-2022.yaml"


@pytest.mark.parametrize("scheme_id", BUILTIN)
def test_stored_clauses_are_what_the_text_parses_to(scheme_id):
    """The built-in files store the parser's reading; it must not drift from the text."""
    loaded = load_scheme(scheme_id)
    data = loaded.data
    sections = [(raw, item.points, item.rule) for raw, item in zip(data["items"], loaded.scheme.items)]
    for section, cases in (("bonus", loaded.scheme.bonus_cases), ("major", loaded.scheme.major_cases)):
        sections += [(raw, None, case.rule) for raw, case in zip((data.get(section) or {}).get("cases") or (), cases)]
    for raw, points, rule in sections:
        parsed = parse_rule(scored_text(raw), raw.get("bonus_text"), points)
        if raw.get("text") and not parsed.problems and parsed.clauses:
            assert "clauses" in raw, raw["id"]
        assert [c.to_dict() for c in rule.clauses] == [c.to_dict() for c in parsed.clauses], raw["id"]
        assert [c.to_dict() for c in rule.caps] == [c.to_dict() for c in parsed.caps], raw["id"]


def test_xunwu_scheme():
    scheme = load_scheme("xunwu-2022").scheme
    assert scheme.total_points == Decimal("100") and scheme.rules.floor_at_zero and scheme.rules.evidence_rule
    assert scheme.ranking_groups == ("乡镇", "县直单位")
    item = scheme.item("29")
    assert item.points is None and scheme.pool_of(item).points == Decimal("5")
    assert item.rule.clauses[0].kind == Kind.FREQUENCY and item.rule.clauses[0].amount == Decimal("0.1")


def test_cases_are_loaded():
    scheme = load_scheme("huarong-2021").scheme
    assert [c.id for c in scheme.bonus_cases] == ["B1", "B2", "B3"]
    assert scheme.major_cases[0].rule.clauses[0].scope == "scheme"


def test_a_file_path_without_clauses_is_parsed(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(MINIMAL.format(points='"2"'), encoding="utf-8")
    loaded = load_scheme(str(path))
    assert loaded.path == path and loaded.data["id"] == "demo-2021"
    first, second = loaded.scheme.items
    assert first.points == Decimal("2") and first.rule.clauses[0].cap == Decimal("2")
    assert [c.kind for c in second.rule.clauses] == [Kind.BONUS, Kind.BONUS]
    assert second.rule.caps[0].clauses == (1, 2) and second.rule.caps[0].amount == Decimal("5")


def test_unknown_scheme_lists_the_builtin_ids():
    with pytest.raises(SchemeFileError) as e:
        load_scheme("nowhere-2021")
    assert "nowhere-2021" in e.value.message and "xunwu-2022" in e.value.message


def test_float_points_are_refused(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(MINIMAL.format(points="2.5"), encoding="utf-8")
    with pytest.raises(SchemeFileError) as e:
        load_scheme(str(path))
    assert '"2.5"' in e.value.message and "items[0] (id 1).points" in e.value.where


def test_duplicate_keys_are_refused(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(MINIMAL.format(points='"2"\n    points: "3"'), encoding="utf-8")
    with pytest.raises(SchemeFileError) as e:
        load_scheme(str(path))
    assert "points 重复" in e.value.message and "第12行" in e.value.where


def test_stored_clauses_are_checked(tmp_path):
    path = tmp_path / "demo.yaml"
    text = MINIMAL.format(points='"2"') + "    clauses:\n      - {n: 2, kind: bonus, amount: \"1\"}\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemeFileError) as e:
        load_scheme(str(path))
    assert "条款编号" in e.value.message and "items[1] (id 2).clauses" in e.value.where


def test_facts_yaml_reads_decimals(tmp_path):
    path = tmp_path / "facts.yaml"
    path.write_text("vars: {率: 0.65, 大: 1_000.5}\n", encoding="utf-8")
    assert read_yaml(path, decimals=True) == {"vars": {"率": Decimal("0.65"), "大": Decimal("1000.5")}}
    assert isinstance(read_yaml(path, decimals=True)["vars"]["率"], Decimal)
