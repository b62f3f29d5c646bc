"""Checks on the hand-transcribed built-in schemes xunwu-2022 and jiangxian-2021.

Plain YAML checks only (no project imports), so they run before the loader exists.
"""
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

BUILTIN = Path(__file__).resolve().parents[2] / "zwgk" / "schemefiles" / "builtin"

# The 具体要求 rows of 绛县 附件1 (任务分解表), counted across its five pages.
JIANGXIAN_ROWS = 34


def load(name):
    with open(BUILTIN / f"{name}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def xunwu():
    return load("xunwu-2022")


@pytest.fixture(scope="module")
def jiangxian():
    return load("jiangxian-2021")


def items_by_id(scheme):
    return {it["id"]: it for it in scheme["items"]}


def all_points(scheme):
    yield scheme.get("total_points")
    yield (scheme.get("rules") or {}).get("total_cap")
    for g in scheme["groups"]:
        yield g.get("points")
    for it in scheme["items"]:
        yield it.get("points")


# ---------------------------------------------------------------- both files

@pytest.mark.parametrize("name", ["xunwu-2022", "jiangxian-2021"])
def test_header(name):
    s = load(name)
    assert s["format"] == "zwgk-scheme/1"
    assert s["id"] == name


@pytest.mark.parametrize("name", ["xunwu-2022", "jiangxian-2021"])
def test_points_are_quoted_decimals(name):
    for p in all_points(load(name)):
        assert p is None or isinstance(p, str), p
        if p is not None:
            Decimal(p)


@pytest.mark.parametrize("name", ["xunwu-2022", "jiangxian-2021"])
def test_every_path_prefix_is_a_group(name):
    s = load(name)
    groups = [tuple(g["path"]) for g in s["groups"]]
    assert len(groups) == len(set(groups)), "duplicate group"
    for it in s["items"]:
        path = it["path"]
        for n in range(1, len(path) + 1):
            assert tuple(path[:n]) in groups, (it["id"], path[:n])


@pytest.mark.parametrize("name", ["xunwu-2022", "jiangxian-2021"])
def test_every_group_has_items(name):
    s = load(name)
    for g in s["groups"]:
        p = g["path"]
        assert any(it["path"][: len(p)] == p for it in s["items"]), p


# ---------------------------------------------------------------- xunwu-2022

def test_xunwu_items_in_order(xunwu):
    assert [it["id"] for it in xunwu["items"]] == [str(n) for n in range(1, 41)]
    for it in xunwu["items"]:
        assert it["text"].startswith(it["id"] + "."), it["id"]


def test_xunwu_top_level(xunwu):
    assert xunwu["kind"] == "assessment"
    assert xunwu["total_points"] == "100"
    assert xunwu["year"] == 2022
    assert xunwu["issuer"] == "寻乌县"
    assert xunwu["levels"] == ["一级指标", "二级指标"]
    assert xunwu["rules"] == {"floor_at_zero": True, "evidence_rule": True, "normalise": False,
                              "step_rounding": "down", "total_cap": "100"}
    assert xunwu["grades"] == []
    assert xunwu["ranking_groups"] == ["乡镇", "县直单位"]
    assert len(xunwu["notes"]) == 3
    assert all(it["evidence_required"] is True for it in xunwu["items"])


def test_xunwu_group_points_sum_to_total(xunwu):
    total = sum(Decimal(g["points"]) for g in xunwu["groups"] if g.get("points") is not None)
    assert total == Decimal(xunwu["total_points"]) == Decimal("100")
    # points sit on every 二级指标 and on 特色工作, which has none
    for g in xunwu["groups"]:
        has_children = any(h["path"][: len(g["path"])] == g["path"] and h is not g
                           for h in xunwu["groups"])
        assert (g.get("points") is not None) == (not has_children), g["path"]


def test_xunwu_group_points_cover_item_points(xunwu):
    for g in xunwu["groups"]:
        if g.get("points") is None:
            continue
        members = [it for it in xunwu["items"] if it["path"][: len(g["path"])] == g["path"]]
        assert members, g["path"]
        own = sum(Decimal(it["points"]) for it in members if it["points"] is not None)
        assert own <= Decimal(g["points"]), g["path"]
        if all(it["points"] is not None for it in members):
            assert own == Decimal(g["points"]), g["path"]


def test_xunwu_item_points_match_text(xunwu):
    for it in xunwu["items"]:
        written = it["text"].rstrip().endswith("分）")
        assert (it["points"] is not None) == written, it["id"]
        if written:
            assert it["text"].endswith("（%s分）" % it["points"]), it["id"]


def test_xunwu_specific_values(xunwu):
    it = items_by_id(xunwu)
    assert it["1"]["points"] == "3"
    assert it["36"]["points"] == "4"
    assert it["36"]["read_as"] is None
    assert it["29"]["points"] is None
    assert [i for i in it if it[i]["points"] is None] == ["26", "27", "29", "30", "31", "40"]
    assert "70％" in it["12"]["text"]
    assert it["38"]["path"] == ["特色工作"]
    assert it["40"]["path"] == ["特色工作"]
    assert it["40"]["points"] is None  # on 特色工作's 8 points, what items 38 and 39 leave
    assert "每次" not in it["40"]["read_as"] and "最高不超过" not in it["40"]["read_as"] and it["40"]["reading"]
    assert it["40"]["clauses"][0]["highest"] is True and it["40"]["clauses"][0]["cap"] is None
    assert it["26"]["read_as"] == "被省政府办公厅通报1次扣3分，被市政府办公室通报1次扣2分，被县政府办公室通报1次扣1分"
    assert it["26"]["reading"]
    assert it["30"]["read_as"] == "政务新媒体须发布5次以上政策文件解读信息，每少一次扣0.1分"
    assert it["30"]["reading"]
    for i in ("2", "3", "8", "12"):
        assert it[i]["read_as"] is None
    assert it["1"]["applies_to"] == "决策目录所涉单位"
    assert it["5"]["assessor"] == "县发改委、县自然资源局"
    assert it["7"]["assessor"] == "县财政局"
    assert it["20"]["assessor"] is None
    assert it["29"]["method"] == "政务新媒体线上核查"
    assert all(x["unit_types"] == ["乡镇", "县直单位"] for x in xunwu["items"])
    assert all(x["method"] for x in xunwu["items"])


# ---------------------------------------------------------------- jiangxian-2021

def test_jiangxian_top_level(jiangxian):
    assert jiangxian["kind"] == "task-plan"
    assert jiangxian["total_points"] is None
    assert jiangxian["issuer"] == "绛县人民政府办公室"
    assert jiangxian["document"] == "绛政办发〔2021〕29号"
    assert str(jiangxian["issued"]) == "2021-09-07"
    assert jiangxian["year"] == 2021
    assert jiangxian["levels"] == ["公开任务", "公开内容"]
    assert jiangxian["grades"] == [] and jiangxian["ranking_groups"] == []
    assert jiangxian["contact_form"]["fields"] == ["单位名称", "姓名", "职务", "联系电话", "主管领导", "报送日期"]


def test_jiangxian_deliverables(jiangxian):
    d = jiangxian["deliverables"]
    assert [x["id"] for x in d] == ["D1", "D2", "D3"]
    assert [str(x["due"]) for x in d] == ["2021-09-10", "2021-09-17", "2021-09-30"]
    assert all(x["text"] and x["due_text"] in x["text"] for x in d)


def test_jiangxian_items(jiangxian):
    items = jiangxian["items"]
    assert len(items) == JIANGXIAN_ROWS
    assert [it["id"] for it in items] == [str(n) for n in range(1, JIANGXIAN_ROWS + 1)]
    for it in items:
        assert it["requirement"], it["id"]
        assert it["responsible"], it["id"]
        assert it["points"] is None and it["text"] is None
        assert it["content"] == it["path"][1]
        assert it["lead"] or it["unit_types"], it["id"]
        if it["support"]:
            assert it["lead"] and "牵头" in it["responsible"]


def test_jiangxian_groups_numbered(jiangxian):
    top = [g for g in jiangxian["groups"] if len(g["path"]) == 1]
    assert [g["note"] for g in top] == ["序号 %d" % n for n in range(1, 7)]


def test_jiangxian_specific_values(jiangxian):
    it = items_by_id(jiangxian)
    # the two rows whose 公开内容 cells are swapped on page 1–2 of 附件1
    assert "26个试点领域" in it["9"]["requirement"]
    assert it["9"]["path"][1] == "拓展基层政务公开标准化规范化领域" and it["9"]["reading"]
    assert "函复类公文" in it["10"]["requirement"]
    assert it["10"]["path"][1] == "进一步规范拟发公文公开属性认定" and it["10"]["reading"]
    assert it["15"]["lead"] == ["县政府办公室", "县行政审批服务管理局"]
    assert it["15"]["support"] == ["各乡镇人民政府", "绛县经济开发区", "县直各有关单位"]
    assert it["5"]["unit_types"] == ["县直单位"]
    assert it["1"]["unit_types"] == ["乡镇", "开发区", "县直单位"]
    assert it["3"]["unit_types"] == [] and it["3"]["lead"] == ["县行政审批服务管理局", "县财政局", "县发改局"]
    assert it["24"]["deadline"]["text"] == "2022年初"
    assert [str(d) for d in it["24"]["deadline"]["dates"]] == ["2022-03-31"]
    assert [str(d) for d in it["31"]["deadline"]["dates"]] == ["2021-12-31"]
    dated = [i for i in it if it[i]["deadline"] is not None]
    assert dated == ["24", "31"]
