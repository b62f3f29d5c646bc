"""Issue 11 through the command line and the built-in schemes: unit types in `zwgk evaluate`,
shared caps in `zwgk scheme show`, 此大项不得分 in `zwgk rule eval`, 寻乌 40, 不予认定, 华容's cap."""
from decimal import Decimal

import pytest

from zwgk.schemefiles import load_scheme
from zwgk.scoring.totals import evaluate_units, facts_document

UNIT_KEYS = {"name", "group", "total", "base_total", "bonus_total", "major_total", "grade", "rank", "needs_judgement",
             "items", "groups", "bonus", "major", "explanation"}


# ---- A1 -----------------------------------------------------------------------------------------
def test_rule_eval_zero_group_scores_the_item_zero(zwgk_json):
    out = zwgk_json("rule", "eval", "--points", "4", "--text", "每缺一项扣1分；出现泄密的，此大项不得分",
                    "--facts", '{"1": {"count": 1}, "2": {"count": 1}}')
    assert out["score"] == "0"
    assert "本项属于该大项，得0分" in out["explanation"][-1]["message"]


# ---- A2 -----------------------------------------------------------------------------------------
def test_evaluate_honours_unit_types(zwgk_json, facts):
    path = facts("units:\n"
                 "  - {name: 甲乡, group: 乡镇, type: 乡镇}\n"
                 "  - {name: 乙局, group: 县直单位, type: 县直单位}\n"
                 "  - {name: 丙乡, group: 乡镇}\n")
    out = zwgk_json("evaluate", "--scheme", "huarong-2021", "--facts", path)
    town, county, by_group = out["units"]
    assert (town["total"], county["total"], by_group["total"]) == ("95", "85", "95")
    assert town["items"]["13"]["score"] is None and town["items"]["13"]["not_applicable"]
    assert county["items"]["14"]["score"] is None and county["items"]["13"]["score"] == "5"
    assert all(set(u) == UNIT_KEYS for u in out["units"])  # cli.md's shape, unchanged


def test_evaluate_unknown_unit_type_is_one_line(zwgk, facts):
    path = facts("units:\n  - {name: 甲乡, group: 乡镇, type: 县直}\n")
    code, out, err = zwgk("evaluate", "--scheme", "huarong-2021", "--facts", path)
    assert code == 2 and out == "" and err.count("\n") == 1 and "县直单位" in err and "甲乡" in err


def test_full_marks_by_unit_type():
    scheme = load_scheme("huarong-2021").scheme
    doc = {"units": [{"name": "甲乡", "group": "乡镇"}, {"name": "乙局", "group": "县直单位"}]}
    assert [r.max_points for r in evaluate_units(scheme, facts_document(doc, scheme))] == [Decimal(95), Decimal(85)]


# ---- A3 -----------------------------------------------------------------------------------------
def test_scheme_show_json_lists_shared_caps(zwgk_json):
    out = zwgk_json("scheme", "show", "guxian-2021")
    caps = {item["id"]: item["caps"] for item in out["items"] if item["caps"]}
    assert caps["4"] == [{"clauses": [1, 2], "amount": "2", "sign": "deduct", "text": "扣分上限为2分"}]
    assert all(isinstance(item["caps"], list) for item in out["items"])


def test_scheme_show_text_lists_shared_caps(zwgk):
    code, out, _ = zwgk("scheme", "show", "jincheng-xzsp-2021")
    assert code == 0 and "合并上限" in out and "条款1、2合计扣分上限2分" in out
    code, out, _ = zwgk("scheme", "show", "huarong-2021")
    assert "B2" in out.split("合并上限")[-1] and "条款1、2合计加分上限10分" in out


# ---- B1 -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("counts, item, group", [
    ("", "0", "3"), ("{市: 2}", "1", "4"), ("{省: 1, 市: 2}", "2", "5"), ("{人民日报: 1, 省: 3}", "3", "6"),
])
def test_xunwu_40_by_level_once_on_the_remaining_points(zwgk_json, facts, counts, item, group):
    given = f"    items:\n      \"40\": {{\"1\": {{count: {counts}}}}}\n" if counts else ""
    out = zwgk_json("evaluate", "--scheme", "xunwu-2022", "--facts", facts(f"units:\n  - name: 甲乡\n    group: 乡镇\n{given}"))
    [unit] = out["units"]
    assert unit["items"]["40"]["score"] == item
    assert next(g for g in unit["groups"] if g["path"] == ["特色工作"]) == {"path": ["特色工作"], "points": "8", "score": group}
    assert unit["total"] == str(95 + int(item))


def test_xunwu_40_as_the_file_writes_it():
    loaded = load_scheme("xunwu-2022")
    item = loaded.scheme.item("40")
    assert item.points is None and loaded.scheme.pool_of(item).points == Decimal(8)
    [clause] = item.rule.clauses
    assert clause.highest and clause.cap is None and clause.sign.value == "award"
    raw = next(i for i in loaded.data["items"] if i["id"] == "40")
    assert "每次" not in raw["read_as"] and "按最高级别计一次" in raw["read_as"] and "特色工作" in raw["reading"]


# ---- B2 -----------------------------------------------------------------------------------------
def test_xunwu_missing_evidence_on_a_notice_item_deducts_only(zwgk_json, facts):
    path = facts("units:\n"
                 "  - name: 甲乡\n    group: 乡镇\n    items:\n"
                 "      \"29\": {\"1\": {count: 7}, evidence: false}\n"
                 "      \"31\": {\"1\": {count: {省: 1}}, evidence: false}\n"
                 "      \"40\": {\"1\": {count: {省: 1}}, evidence: false}\n")
    [unit] = zwgk_json("evaluate", "--scheme", "xunwu-2022", "--facts", path)["units"]
    media = next(g for g in unit["groups"] if g["path"] == ["线上线下专区建设", "政务新媒体"])
    assert media["score"] == "2.3"  # 5 − 0.7 − 2: the deductions, not 0
    assert unit["items"]["40"]["score"] == "0"  # an award is withheld
    assert unit["total"] == str(Decimal(95) - Decimal("2.7"))


# ---- B3 -----------------------------------------------------------------------------------------
def test_huarong_has_no_total_cap(zwgk_json, facts):
    assert load_scheme("huarong-2021").scheme.rules.total_cap is None
    path = facts("units:\n"
                 "  - {name: 甲乡, group: 乡镇, bonus: {B1: 2, B3: 2}}\n"
                 "  - {name: 乙局, group: 县直单位, bonus: {B3: 2}, major: {M1: 1}}\n")
    town, county = zwgk_json("evaluate", "--scheme", "huarong-2021", "--facts", path)["units"]
    assert town["total"] == "109"  # 95 + 10 + 4, not capped at 100
    assert county["total"] == "0"
