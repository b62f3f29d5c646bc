"""The built-in scheme guxian-2021 (古县2021年度政务公开工作考核细则) as transcribed from its seed.

Plain YAML checks only: no project imports, so the file stands on its own.
"""
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

SCHEME_FILE = Path(__file__).resolve().parents[2] / "zwgk" / "schemefiles" / "builtin" / "guxian-2021.yaml"

ITEM_COUNT = 35
POINTS_SUM = Decimal("72")  # the 赋分 column as printed; the document's total is still 100


@pytest.fixture(scope="module")
def scheme():
    with SCHEME_FILE.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def items(scheme):
    return {item["id"]: item for item in scheme["items"]}


def test_top_level(scheme):
    assert scheme["format"] == "zwgk-scheme/1"
    assert scheme["id"] == "guxian-2021"
    assert scheme["kind"] == "assessment"
    assert scheme["title"] == "古县2021年度政务公开工作考核细则、评分标准、任务分工表"
    assert scheme["issuer"] == "古县人民政府办公室"
    assert scheme["document"] == "古政办发〔2021〕61号"
    assert scheme["issued"] == dt.date(2021, 8, 15)
    assert scheme["year"] == 2021
    assert scheme["source"] == "000_d10e51924d070222.txt"
    assert scheme["levels"] == ["一级指标", "二级指标", "三级指标"]
    assert scheme["total_points"] == "100"
    assert scheme["rules"] == {
        "floor_at_zero": False,
        "evidence_rule": False,
        "normalise": False,
        "step_rounding": "down",
        "total_cap": "100",
    }
    assert scheme["grades"] == []
    assert scheme["ranking_groups"] == ["乡镇", "县直单位"]
    assert str(POINTS_SUM) in scheme["reading"]


def test_item_count_and_ids_in_order(scheme):
    ids = [item["id"] for item in scheme["items"]]
    assert len(ids) == ITEM_COUNT
    assert ids == [str(n) for n in range(1, ITEM_COUNT + 1)]


def test_points_are_decimal_strings_and_sum(scheme):
    for item in scheme["items"]:
        assert isinstance(item["points"], str), item["id"]
        Decimal(item["points"])
    assert sum(Decimal(item["points"]) for item in scheme["items"]) == POINTS_SUM


def test_every_path_prefix_is_a_group(scheme):
    groups = [tuple(g["path"]) for g in scheme["groups"]]
    assert len(groups) == len(set(groups))
    assert all("points" not in g or g["points"] is None for g in scheme["groups"])
    expected = set()
    for item in scheme["items"]:
        path = tuple(item["path"])
        assert 2 <= len(path) <= 3, item["id"]
        # 一级 and 一级/二级; a two-level path (no 三级 name) ends on its 二级 group
        for k in range(1, min(len(path), 2) + 1):
            assert path[:k] in groups, (item["id"], path[:k])
            expected.add(path[:k])
    assert set(groups) == expected



def test_formula_row(scheme):
    (row,) = [i for i in scheme["items"] if "瞒报率" in i["text"]]
    assert row["points"] == "5"
    assert "(1-瞒报率)×5" in row["text"]
    assert row["path"] == ["主动公开", "法定主动公开内容", "“双公示”数据报送完整性情况"]
    assert row["lead"] == ["县发改局"] and row["support"] == ["各相关单位"]


def test_rank_row(scheme):
    (row,) = [i for i in scheme["items"] if "第一名得10分" in i["text"]]
    assert row["points"] == "10"
    assert row["deadline"] == {"text": "长期坚持", "ongoing": True}
    assert row["responsible"] == "县政府电子政务中心"
    assert row["method"] == "根据全省每季度检查通报情况综合判断"


def test_shifted_rows_read_into_their_fields(items):
    assert items["11"]["path"] == ["依申请公开", "函询回复", "对上级部门函询的回复情况"]
    assert items["11"]["points"] == "1"
    assert items["11"]["method"] == "根据日常工作情况进行扣分"
    for n in ("29", "30", "31", "32"):
        assert items[n]["deadline"] == {"text": "2021年12月底前", "dates": [dt.date(2021, 12, 31)]}, n
    assert items["29"]["responsible"] == "1.县政府电子政务中心 2.各乡镇人民政府、县直各单位"
    assert items["29"]["method"] is None
    assert items["30"]["responsible"] == "县行政审批服务管理局"
    assert items["30"]["method"] == "实地检查"
    assert items["33"]["path"][-1] == "网站与新媒体报送系统数据维护情况"
    assert items["33"]["points"] == "2"
    for n in ("11", "29", "30", "31", "32", "33", "35"):
        assert items[n]["reading"], n


def test_deadlines(items):
    assert items["1"]["deadline"] == {"text": "2021年8月底", "dates": [dt.date(2021, 8, 31)]}
    assert items["4"]["deadline"] == {
        "text": "1.2021年7月底前 2.2021年8月底前",
        "dates": [dt.date(2021, 7, 31), dt.date(2021, 8, 31)],
    }
    assert items["25"]["deadline"] == {"text": "2021年11月底前", "dates": [dt.date(2021, 11, 30)]}
    assert items["14"]["deadline"] == {"text": "长期坚持", "ongoing": True}


def test_bonus_in_the_same_cell_is_not_split(items):
    for n in ("17", "18"):
        assert items[n]["bonus_text"] is None
        assert "前50名，每一件加0.5分，加分上限为5分" in items[n]["text"]
        assert items[n]["read_as"] is None


def test_credit_repair_row_read_as(scheme):
    (row,) = [i for i in scheme["items"] if i["path"][-1] == "信用修复核查情况"]
    assert row["points"] == "2"
    assert "核查错误率超过30%的，直接扣2分" in row["text"]
    assert row["read_as"].startswith("规范性得分=(1-错误率)×2")
    assert "两项扣分上限为4分" in row["read_as"]


def test_bonus_only_rows(items):
    assert items["5"]["points"] == "0"
    assert items["20"]["points"] == "0"
    assert "上限" not in items["20"]["text"]


def test_bonus_cases(scheme):
    bonus = scheme["bonus"]
    assert bonus["cap"] is None
    assert [c["id"] for c in bonus["cases"]] == ["B1", "B2", "B3", "B4", "B5"]
    texts = {c["id"]: c["text"] for c in bonus["cases"]}
    assert texts["B1"] == "因成绩突出受到上级部门表彰的先进或优秀单位（可累计）每项加5分"
    assert texts["B5"] == "政务公开领导小组在考核中酌情考虑的其他情形，加分的酌情而定。"
    assert all("100分" not in t for t in texts.values())


def test_major_cases(scheme):
    cases = scheme["major"]["cases"]
    assert [c["id"] for c in cases] == [f"M{n}" for n in range(1, 8)]
    for case in cases:
        assert case["amount_text"] == "考核中有下列情形的，每发现一起，在总得分的基础上扣10分"
        assert case["read_as"] == case["text"].rstrip("。") + "，每发现一起扣10分"
    assert cases[0]["text"] == "因依申请公开被提起行政复议或行政诉讼，被判败诉的"
