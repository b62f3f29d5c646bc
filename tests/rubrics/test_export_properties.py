"""Any scheme exported to a table reads back to the same items, points and texts — checked on
generated schemes (hypothesis), with the hidden data sheet removed, so that the table alone must
carry them: trees one to three levels deep, points on items or on a group shared by its items."""
from io import BytesIO

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwgk.rubrics import export_xlsx, read_rubric, read_tables
from zwgk.rubrics.export import DATA_SHEET

NAMES = ["组织领导", "主动公开", "政策解读", "依申请公开", "平台建设", "监督保障", "重点领域", "基层公开", "网站", "新媒体",
         "政务公报", "年度报告", "公开指南", "专区建设", "会议制度", "培训考核"]
TEXTS = ["未按要求公开的，扣1分", "发现一件，扣0.5分，扣分上限为2分", "每少1次扣0.2分", "未建立台账的，扣2分；台账不规范的，扣1分",
         "按时报送得1分", "不得少于90%，每降低两个百分点，扣0.5分，扣分上限为2分"]
POINTS = ["1", "2", "3", "0.5", "5", "1.5"]


@st.composite
def schemes(draw) -> dict:
    depth = draw(st.integers(1, 3))
    names = iter(draw(st.permutations(NAMES)))
    groups, items = [], []

    def branch(path: list[str], level: int) -> None:
        if level == depth:
            count = draw(st.integers(1, 3))
            own = [draw(st.sampled_from(POINTS)) for _ in range(count)]
            pool = draw(st.none() | st.integers(1, depth))  # the depth of the group whose points the items share
            if pool is not None:
                group = next(g for g in groups if g["path"] == path[:pool])
                if group.get("points") is None:
                    group["points"] = str(2 * count + 3)
                    own = [p if draw(st.booleans()) and p == "1" else None for p in own]  # a few keep their own (寻乌 28)
            for points in own:
                items.append({"id": str(len(items) + 1), "path": list(path), "points": points,
                              "text": draw(st.sampled_from(TEXTS))})
            return
        for _ in range(draw(st.integers(1, 2))):
            child = path + [next(names)]
            groups.append({"path": child})
            branch(child, level + 1)

    for _ in range(draw(st.integers(1, 2))):
        top = [next(names)]
        groups.append({"path": top})
        branch(top, 1)
    return {"format": "zwgk-scheme/1", "id": "generated", "title": "生成的考核细则", "kind": "assessment",
            "levels": ["一级指标", "二级指标", "三级指标"][:depth], "total_points": None, "groups": groups, "items": items}


def table_only(data: bytes) -> bytes:
    book = openpyxl.load_workbook(BytesIO(data))
    del book[DATA_SHEET]
    out = BytesIO()
    book.save(out)
    return out.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schemes())
def test_exported_table_reads_back(scheme):
    back = read_rubric(read_tables("细则.xlsx", table_only(export_xlsx(scheme)))).scheme
    assert [(i["id"], i["path"], i["points"], i["text"]) for i in back["items"]] == \
        [(i["id"], i["path"], i["points"], i["text"]) for i in scheme["items"]]
    pointed = {tuple(g["path"]): g["points"] for g in scheme["groups"] if g.get("points")}
    assert {tuple(g["path"]): g["points"] for g in back["groups"] if g.get("points")} == pointed
