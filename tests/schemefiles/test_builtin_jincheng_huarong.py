"""Transcription checks for the built-in schemes jincheng-xzsp-2021 and huarong-2021.

Plain yaml.safe_load only: these tests check the files against the source documents
(/work/shared/seeds/002_…, 003_…), not the loader.
"""
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

BUILTIN = Path(__file__).resolve().parents[2] / "zwgk" / "schemefiles" / "builtin"


def load(name):
    with open(BUILTIN / f"{name}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def jc():
    return load("jincheng-xzsp-2021")


@pytest.fixture(scope="module")
def hr():
    return load("huarong-2021")


def by_name(doc, name):
    found = [it for it in doc["items"] if it["path"] and it["path"][-1] == name]
    assert len(found) == 1, name
    return found[0]



# ---- both files ----------------------------------------------------------

@pytest.mark.parametrize("name", ["jincheng-xzsp-2021", "huarong-2021"])
def test_common_shape(name):
    doc = load(name)
    assert doc["format"] == "zwgk-scheme/1"
    assert doc["id"] == name
    assert doc["kind"] == "assessment"
    assert doc["year"] == 2021
    assert isinstance(doc["issued"], datetime.date)
    assert doc["grades"] == []
    # ids "1".."N" in reading order
    assert [it["id"] for it in doc["items"]] == [str(i) for i in range(1, len(doc["items"]) + 1)]
    # every path prefix is a group; groups are unique
    gpaths = [tuple(g["path"]) for g in doc["groups"]]
    assert len(gpaths) == len(set(gpaths))
    for it in doc["items"]:
        p = it["path"]
        for k in range(1, len(p)):
            assert tuple(p[:k]) in gpaths, (it["id"], p[:k])
    # points are quoted decimal strings
    for it in doc["items"]:
        assert isinstance(it["points"], str), it["id"]
        Decimal(it["points"])
    for g in doc["groups"]:
        if g.get("points") is not None:
            assert isinstance(g["points"], str)
    assert isinstance(doc["reading"], str) and doc["reading"].strip()


# ---- jincheng-xzsp-2021 -----------------------------------------------------

def test_jincheng_header(jc):
    assert jc["issuer"] == "晋城市行政审批服务管理局"
    assert jc["document"] == "晋市审管发〔2021〕35号"
    assert jc["issued"] == datetime.date(2021, 8, 9)
    assert jc["levels"] == ["一级指标", "二级指标", "三级指标"]
    assert jc["rules"] == {"floor_at_zero": False, "evidence_rule": False, "normalise": False,
                           "step_rounding": "down", "total_cap": None}
    assert jc["ranking_groups"] == []
    assert jc["notes"] == ["* 为省政府考核市政府的重要指标。"]


def test_jincheng_counts_and_total(jc):
    assert len(jc["items"]) == 40
    total = sum(Decimal(it["points"]) for it in jc["items"])
    assert total == Decimal("85")
    assert jc["total_points"] == "85"
    assert "85" in jc["reading"]


def test_jincheng_top_groups(jc):
    tops = [g["path"][0] for g in jc["groups"] if len(g["path"]) == 1]
    assert tops == ["组织领导与工作保障", "政务公开标准化规范化", "主动公开", "依申请公开",
                    "解读咨询回应", "政务公开平台建设管理与基础工作库数据维护"]


def test_jincheng_every_item(jc):
    for it in jc["items"]:
        assert it["unit_types"] == []
        assert it["deadline"] == {"text": "各项工作于2021年12月10日之前完成",
                                  "dates": [datetime.date(2021, 12, 10)]}
        assert "*" not in "".join(it["path"]), it["id"]
        if it["read_as"] is not None:
            assert it["reading"], it["id"]


def test_jincheng_key_rows(jc):
    keys = [it["id"] for it in jc["items"] if it["key"]]
    assert keys == ["6", "7", "8", "9", "11", "12", "13", "14", "15", "16", "21", "29", "32"]
    assert jc["items"][5]["text"].startswith("* 依据法定主动公开内容，特别 是")
    assert not by_name(jc, "民生实事推进情况")["key"]          # 7*24 is a multiplication sign


def test_jincheng_specific_rows(jc):
    it = by_name(jc, "多样化解读占比情况")
    assert it["points"] == "2" and "每降低两个百分点" in it["text"]
    assert it["path"] == ["解读咨询回应", "解读责任比例", "多样化解读占比情况"]

    it = by_name(jc, "对县级标准执行情况进行监督检查")
    assert it["points"] == "3" and it["path"][0] == "政务公开标准化规范化"
    assert it["notes"] is None and it["content"].startswith("1. 制定公共资源交易领域")

    it = by_name(jc, "拓展试点领域情况")
    assert it["points"] == "0" and it["text"] is None
    assert it["bonus_text"] == "在全市范围每一个领域拓展，加1分，加分上限为3分。"
    assert "领城" in it["reading"]

    it = by_name(jc, "规划(计划)专栏建设情况")
    assert it["points"] == "3" and "；" in it["read_as"]

    it = by_name(jc, "与市场主体利益密切相关事项专栏建设")
    assert it["text"].endswith("每缺1项, 扣2分")
    assert "法治政府建设" in it["content"] and "法治政府建设" not in it["text"]
    assert it["responsible"] == "法规科 综合组 综合组 政务中心"

    it = by_name(jc, "目录、清单类事项主动公开情况")
    assert it["points"] == "2" and "扣分上限为5分" in it["text"]

    it = by_name(jc, "“双公示”数据报送合规性情况")
    assert it["points"] == "5" and "合規" in it["text"]

    it = by_name(jc, "“双公示”数据报送及时性情况")
    assert it["read_as"] == "得分=(1-迟报率)×5（迟报率=迟报数据量/报送数据总量）"

    it = by_name(jc, "“双公示”数据报送完整性情况")
    assert "合账" in it["text"] and "合账" not in it["read_as"] and "台账数据量" in it["read_as"]

    it = by_name(jc, "非主动公开的政府台账情况")
    assert it["points"] == "1"

    it = by_name(jc, "对依申请的规范答复情况")
    assert it["bonus_text"] == "形成典型示范经验，被评为“十大最具代表性的依申请公开案例”的加3分"
    assert by_name(jc, "对市政府的函询回复情况")["text"].startswith("无特殊情况和理由")

    it = by_name(jc, "增加“便民”内容情况")
    assert it["points"] == "0" and it["read_as"] and it["reading"]

    assert by_name(jc, "谁定政策、谁做情况")["points"] == "3"
    assert by_name(jc, "提升政务服务精准度情况")["points"] == "2"
    assert by_name(jc, "制度建设")["points"] == "1"
    it = by_name(jc, "互动回应渠道情况")
    assert it["points"] == "2" and it["bonus_text"].startswith("积极探索尝试")
    it = jc["items"][32]
    assert it["path"] == ["解读咨询回应", "互动回应"] and it["points"] == "2"
    assert it["text"] == "政务新媒体未建立在线服务和有效回应渠道的，各扣1分"
    assert "加2分" in it["bonus_text"]

    a, b = jc["items"][38], jc["items"][39]
    assert a["path"] == b["path"] == ["政务公开平台建设管理与基础工作库数据维护", "通报整改情况"]
    assert a["points"] == "0" and "扣分上限为10分" in a["text"]
    assert b["points"] == "2" and b["text"].startswith("全国政府网站信息报送系统") and "扣分上限为4分" in b["text"]


def test_jincheng_bonus_and_major(jc):
    assert jc["bonus"]["cap"] is None
    cases = jc["bonus"]["cases"]
    assert [c["id"] for c in cases] == ["B1", "B2", "B3", "B4", "B5"]
    assert "每项加3分" in cases[0]["text"] and "酌情" in cases[4]["text"]
    m = jc["major"]["cases"]
    assert [c["id"] for c in m] == [f"M{i}" for i in range(1, 8)]
    for c in m:
        assert c["amount_text"] == "考核中有下列情形的，每发现一起，在总得分的基础上扣10分"
        assert c["read_as"] == c["text"] + "，每发现一起扣10分"
    assert m[0]["text"] == "因依申请公开被提起行政复议或行政诉讼，被判败诉的"


# ---- huarong-2021 ------------------------------------------------------------

GROUPS_HR = [("组织领导和工作机构建设", "5"), ("制度建设和执行情况", "5"), ("主动公开政府信息工作情况", "35"),
             ("依申请公开", "10"), ("网上问政办理情况", "5"), ("政务公开载体建设情况", "30"),
             ("政府信息公开指南、年度报告", "10")]


def test_huarong_header(hr):
    assert hr["issuer"] == "华容县政务公开领导小组办公室"
    assert hr["document"] == "华公开办发〔2021〕3号"
    assert hr["issued"] == datetime.date(2021, 6, 4)
    assert hr["total_points"] == "100"
    assert hr["levels"] == ["考核项目", "考核要求"]
    assert hr["rules"] == {"floor_at_zero": False, "evidence_rule": False, "normalise": False,
                           "step_rounding": "down", "total_cap": None}  # the document writes no total cap
    assert hr["ranking_groups"] == ["乡镇", "县直单位"]


def test_huarong_groups_and_points(hr):
    assert [(g["path"][0], g["points"]) for g in hr["groups"]] == GROUPS_HR
    assert sum(Decimal(g["points"]) for g in hr["groups"]) == Decimal("100")
    for g in hr["groups"]:
        s = sum(Decimal(it["points"]) for it in hr["items"] if it["path"] == g["path"])
        assert s == Decimal(g["points"]), g["path"]
    assert len(hr["items"]) == 17
    for it in hr["items"]:
        assert len(it["path"]) == 1
        assert it["requirement"].endswith(f"({it['points']}分)"), it["id"]


def test_huarong_unit_types(hr):
    ut = {it["id"]: it["unit_types"] for it in hr["items"]}
    assert hr["items"][12]["requirement"].startswith("县直单位政务公开专区运行良好")
    assert hr["items"][13]["requirement"].startswith("乡镇及所辖村场(社区)")
    assert ut.pop("13") == ["县直单位"]
    assert ut.pop("14") == ["乡镇"]
    assert all(v == [] for v in ut.values())


def test_huarong_bonus_and_major(hr):
    b = hr["bonus"]["cases"]
    assert [c["id"] for c in b] == ["B1", "B2", "B3"]
    assert b[0]["text"].startswith("围绕重点工作和社会热点") and b[0]["text"].endswith("每完成一次加5分,加分不超过10分。")
    assert b[1]["text"].endswith("每项加3分。加分不超过10分。")
    assert b[2]["text"] == "收到依申请公开并及时妥善答复,保障群众便捷获取信息。每件加2分。"
    m = hr["major"]["cases"]
    assert [c["id"] for c in m] == ["M1", "M2", "M3"]
    assert m[0]["text"].endswith("政府公开工作得分为零。") and "泄密" in m[0]["text"]
    assert "分别扣10、5、3、2分" in m[1]["text"] and m[1]["text"].endswith("扣分不超过20分。")
    assert m[2]["text"].endswith("每发生一次扣10分,扣分不超过20分。")


def test_huarong_disclosure_list(hr):
    dl = hr["disclosure_list"]
    assert len(dl) == 25
    for row in dl:
        assert row["frequency"] in {"及时", "两周", "月", "季", "年度"}
        assert row["frequency_text"] == row["frequency"] + "更新"
        assert row["units"] and all(u in row["units_text"] for u in row["units"])
        assert row["level1"]
    edu = [r for r in dl if r["level2"] == "民生领域/教育"]
    assert len(edu) == 1 and edu[0]["frequency"] == "两周" and edu[0]["level1"] == "重点领域"
    assert sum(r["level2"].startswith("民生领域/") for r in dl) == 5
    assert [r["level1"] for r in dl[:10]] == ["决策信息 权责清单"] * 5 + ["优化营商环境 政策措施"] * 5
    zd = [r for r in dl if r["level2"] == "征地"]
    assert len(zd) == 1 and zd[0]["level1"] == "重点领域"
    assert dl[-1]["units"] == ["卫健", "相关单位"] and dl[-1]["units_text"] == "卫健牵头、相关单位"
    assert [r["frequency"] for r in dl].count("年度") == 1
