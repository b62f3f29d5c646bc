"""`zwgk evaluate` (shared/spec/cli.md §A whole scheme)."""
from decimal import Decimal

import pytest

from zwgk.schemefiles import load_scheme
from zwgk.scoring.clauses import Kind, Sign

ASSESSMENTS = ["xunwu-2022", "guxian-2021", "jincheng-xzsp-2021", "huarong-2021"]

# The full marks of a 乡镇 without facts, as the files give them: every item that applies to a 乡镇
# (its unit_types) keeps its points except those that only earn (寻乌 40: 报道3分、表扬2分… on
# 特色工作's remaining 5 points, earns nothing until facts say so). 古县's printed 赋分 rows add
# up to 72, not to its stated 100, and 38 of those points are for 县直单位 only; 华容's 县直单位专区 (5) is
# not for a 乡镇.
FULL_MARKS = {"xunwu-2022": "95", "guxian-2021": "34", "jincheng-xzsp-2021": "85", "huarong-2021": "95"}


def earns_only(item) -> bool:
    return bool(item.rule.clauses) and all(
        c.kind == Kind.BONUS or (c.kind == Kind.AWARD and c.per) or (c.kind == Kind.TIERED and c.sign == Sign.AWARD)
        for c in item.rule.clauses)


def expected_full_marks(scheme_id: str, unit_type: str = "乡镇") -> Decimal:
    scheme = load_scheme(scheme_id).scheme
    applies = [i for i in scheme.items if not i.unit_types or unit_type in i.unit_types]
    total = sum((i.points for i in applies if i.points is not None and not earns_only(i)), Decimal(0))
    pools = {scheme.pool_of(i) for i in applies if i.points is None} - {None}
    for pool in pools:  # a group's points shared by its items without points of their own
        members = [i for i in scheme.items if scheme.pool_of(i) == pool]
        if len(members) == 1 and earns_only(members[0]):
            continue  # the group's remaining points are the one item's to earn
        own = sum((i.points for i in scheme.items if i.points is not None and i.path[:len(pool.path)] == pool.path), Decimal(0))
        total += pool.points - own
    return total


@pytest.mark.parametrize("scheme_id", ASSESSMENTS)
def test_no_facts_full_marks(zwgk_json, facts, scheme_id):
    path = facts("units:\n  - name: 某某乡\n    group: 乡镇\n")
    out = zwgk_json("evaluate", "--scheme", scheme_id, "--facts", path)
    assert out["scheme"] == scheme_id
    [unit] = out["units"]
    assert unit["total"] == FULL_MARKS[scheme_id] == str(expected_full_marks(scheme_id))
    assert unit["rank"] == 1 and unit["name"] == "某某乡" and unit["group"] == "乡镇"


def test_cli_md_example(zwgk_json, facts):
    path = facts(
        "units:\n"
        "  - name: 某某乡\n"
        "    group: 乡镇\n"
        "    items:\n"
        "      \"29\": {\"1\": {count: 7}}\n"
        "      \"30\": {\"1\": {count: 2}}\n"
        "      \"31\": {\"1\": {count: {省: 1}}}\n"
        "      \"12\": {vars: {非纯文字解读占比: 0.65}}\n"
        "      \"5\":  {not_applicable: true}\n"
        "  - name: 另一乡\n"
        "    group: 乡镇\n"
    )
    out = zwgk_json("evaluate", "--scheme", "xunwu-2022", "--facts", path)
    first, second = out["units"]
    media = next(g for g in first["groups"] if g["path"] == ["线上线下专区建设", "政务新媒体"])
    assert media["points"] == "5" and media["score"] == "2.1"  # scoring.md §4: 5 − 0.7 − 0.2 − 2
    assert first["items"]["29"]["score"] == "-0.7" and first["items"]["29"]["explanation"]
    assert first["items"]["5"]["score"] is None
    assert (first["rank"], second["rank"]) == (2, 1)


def test_text_table(zwgk, facts):
    path = facts("units:\n  - name: 甲乡\n    group: 乡镇\n  - name: 乙局\n    group: 县直单位\n")
    code, out, _ = zwgk("evaluate", "--scheme", "huarong-2021", "--facts", path)
    assert code == 0
    assert out.splitlines()[1].split() == ["单位", "分组", "总分", "等次", "名次", "备注"]
    assert "甲乡" in out and "乙局" in out
    rows = {line.split()[0]: line.split()[2] for line in out.splitlines()[3:]}
    assert rows == {"甲乡": "95", "乙局": "85"}  # each without the other's 专区 item (unit_types)


@pytest.mark.parametrize("text, words", [
    ("units:\n  - name: 甲乡\n    group: 乡镇\n    items:\n      \"99\": {\"1\": {count: 1}}\n", ["units[0]", "甲乡", "99"]),
    ("units:\n  - name: 甲乡\n    group: 乡镇\n    items: {\"1\": [\n", ["第", "行", "YAML"]),
    ("units:\n  - name: 甲乡\n    group: 乡镇\n    items:\n      \"29\": {\"3\": {count: 1}}\n", ["指标29", "条款 3 不存在"]),
])
def test_bad_facts_file(zwgk, facts, text, words):
    path = facts(text)
    code, out, err = zwgk("evaluate", "--scheme", "xunwu-2022", "--facts", path)
    assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert str(path) in err
    for word in words:
        assert word in err


def test_missing_facts_file_and_unknown_scheme(zwgk, tmp_path):
    code, _, err = zwgk("evaluate", "--scheme", "xunwu-2022", "--facts", tmp_path / "none.yaml")
    assert code == 2 and "文件不存在" in err
    code, _, err = zwgk("evaluate", "--scheme", "nowhere", "--facts", tmp_path / "none.yaml")
    assert code == 2 and "nowhere" in err and err.count("\n") == 1
