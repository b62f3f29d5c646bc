"""The data the export builders print: plain frozen dataclasses, filled by the web app.

Kept free of Django and of any file format so the builders can be tested (and reused by the
command line) without a database. Every number is a `Decimal`.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class SheetRow:
    """One scored item of a unit's score sheet."""

    item_id: str
    levels: tuple[str, ...]  # the item's path: 一级指标, 二级指标, (三级指标)
    points: Decimal | None  # 分值; None when the points sit on the group (see GroupPoints)
    criteria: str  # 评分标准: the item's text, plus its bonus text
    applies_to: str  # 考核对象
    method: str  # 考核方式
    self_score: Decimal | None  # 自评分
    score: Decimal | None  # 得分; None = not reviewed or not applicable
    not_applicable: bool = False
    lost: tuple[str, ...] = ()  # 扣分原因: the reason for each point lost, one line each
    requirement: str = ""  # 考核要求
    checked: bool = True  # False: no person has checked it yet, the score is provisional


@dataclass(frozen=True)
class GroupPoints:
    """Points pooled on a group (分组分值), shared by its items that have no points of their own."""

    path: tuple[str, ...]
    points: Decimal | None
    score: Decimal | None = None


@dataclass(frozen=True)
class CaseLine:
    """A 综合加分 (B1…) or 重大扣分 (M1…) case; `score` is positive for both."""

    case_id: str
    text: str
    score: Decimal


@dataclass(frozen=True)
class UnitSheet:
    """A unit's whole score sheet for one campaign."""

    title: str  # e.g. 寻乌县2022年度政务公开工作考核评分表
    unit: str
    group: str  # ranking group, e.g. 乡镇 / 县直单位
    levels: tuple[str, ...]  # the scheme's level names, e.g. ("一级指标", "二级指标")
    rows: tuple[SheetRow, ...]
    groups: tuple[GroupPoints, ...] = ()
    bonus: tuple[CaseLine, ...] = ()
    major: tuple[CaseLine, ...] = ()
    total: Decimal | None = None
    self_total: Decimal | None = None
    grade: str = ""
    rank: int | None = None
    provisional: bool = False  # not final yet (公示期/评审中): printed in the header
    max_points: Decimal | None = None  # the unit's full marks (its applicable points, or the total after 折算)
    unchecked: int = 0  # items no person has checked
    rules: tuple[str, ...] = ()  # how the results were computed (未核查的计分, 折算, 等次)
    steps: tuple[str, ...] = ()  # how the total was made: pools, 折算, cases, caps
    unchecked_counting: str = "暂定"  # how the unchecked items count: 暂定, 计0分, 按默认计分

    @property
    def has_requirement(self) -> bool:
        """Whether to print the 考核要求 column: some item has one."""
        return any(row.requirement for row in self.rows)


@dataclass(frozen=True)
class RankRow:
    """One line of the ranking table."""

    rank: int | None
    unit: str
    group: str
    total: Decimal | None
    grade: str
    self_total: Decimal | None
    max_points: Decimal | None = None
    unchecked: int = 0


@dataclass(frozen=True)
class NoticeGroup:
    """A ranking group's results: (等次, unit names in rank order) pairs, best grade first."""

    group: str
    grades: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class AnnexRow:
    """One unit in the 通报's 附件 (the score and rank table)."""

    rank: int | None
    unit: str
    total: Decimal | None  # 得分, the shown figure
    max_points: Decimal | None  # 满分
    grade: str
    unchecked: int = 0  # items no person has checked; printed as "N项未核查" under 备注


@dataclass(frozen=True)
class AnnexGroup:
    """A ranking group's table in the 附件, its units in rank order."""

    group: str
    rows: tuple[AnnexRow, ...]


@dataclass(frozen=True)
class Notice:
    """The 通报 of a campaign's results."""

    issuer: str  # 发文机关, e.g. 寻乌县人民政府办公室; the mark prints it followed by 文件
    number: str  # 发文字号, e.g. 寻府办字〔2023〕5号 (may be empty)
    title: str
    addressee: str  # 主送; the trailing colon is added when printed
    opening: str
    groups: tuple[NoticeGroup, ...]
    problems: tuple[str, ...]  # 存在问题 paragraphs
    requirements: tuple[str, ...]  # 整改要求 paragraphs
    signer: str  # 落款
    date: datetime.date  # 成文日期
    rules: tuple[str, ...] = ()  # how the results were computed, printed under 考核结果
    annex: tuple[AnnexGroup, ...] = ()  # 附件: the score and rank table by ranking group
    annex_title: str = ""  # e.g. 2026年度政务公开工作考核得分及排名
    copy_to: str = ""  # 抄送机关, e.g. 县委办公室，县人大常委会办公室。
    printed_by: str = ""  # 印发机关
    printed_on: datetime.date | None = None  # 印发日期


@dataclass(frozen=True)
class EvidenceFile:
    """One piece of evidence: a file on disk (`path`) or a link (`url`)."""

    item_id: str
    item_title: str
    name: str
    url: str = ""
    path: str | None = None
    uploaded_at: datetime.datetime | None = None  # local time; a timezone, if any, is dropped
    uploaded_by: str = ""
    stage: str = "自评"
