"""Sample score sheets shaped like the 寻乌县2022年度政务公开工作考核评分表 seed."""
from decimal import Decimal as D

import pytest

from zwgk.reports.sheets import CaseLine, GroupPoints, SheetRow, UnitSheet

OPENNESS = "“五公开”推进情况"
ZONES = "线上线下专区建设"
MEDIA = "政务新媒体"


def row(item_id, levels, points, score, self_score=None, **kwargs):
    return SheetRow(
        item_id=item_id,
        levels=levels,
        points=None if points is None else D(points),
        criteria=f"第{item_id}项评分标准",
        applies_to="各乡（镇）、各单位",
        method="网上核查",
        self_score=None if self_score is None else D(self_score),
        score=None if score is None else D(score),
        **kwargs,
    )


@pytest.fixture
def xunwu_sheet():
    """Rows 4–13 of the worksheet: two 一级 blocks, a pooled 政务新媒体 group, a 不适用 item,
    an item without a 二级指标, one 综合加分 and one 重大扣分 case."""
    return UnitSheet(
        title="寻乌县2022年度政务公开工作考核评分表",
        unit="澄江镇",
        group="乡镇",
        levels=("一级指标", "二级指标"),
        rows=(
            row("1", (OPENNESS, "重大行政决策公开"), "3", "3", "3"),
            row("2", (OPENNESS, "重大行政决策公开"), "3", "2", "3",
                lost=("未邀请社会公众代表列席政府会议，扣1分",)),
            row("5", (OPENNESS, "规划信息公开"), "2", "0.25", "2",
                lost=("未公开专项规划，扣1分", "未发布历史规划说明，扣0.75分")),
            row("29", (ZONES, MEDIA), None, None),
            row("30", (ZONES, MEDIA), None, None),
            row("31", (ZONES, MEDIA), None, None),
            row("32", (ZONES, "政务公开专区"), "5", None, not_applicable=True),
            row("38", ("特色工作",), "1", "0.5", "1"),
        ),
        groups=(GroupPoints((ZONES, MEDIA), D("5"), D("4.7")),),
        bonus=(CaseLine("B1", "被市领导批示表扬", D("1")),),
        major=(CaseLine("M1", "政务新媒体被省政府办公厅通报", D("1.5")),),
        total=D("88.45"),
        self_total=D("95"),
        grade="良好",
        rank=3,
        provisional=True,
    )
