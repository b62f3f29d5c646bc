"""Each ledger as a spreadsheet: its columns in order (header, other accepted headers, type, whether
required, an example) and its natural key. Headers, types, lengths, choices and the key come from
the model, so a verbose name is written once; the template, import, export, forms and pages all
read these specs.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from django.db import models

from zwgk.audit.services import shown
from zwgk.ledgers.models import (Circular, ContentItem, Document, GazetteIssue, Interpretation, MediaAccount,
                                 MediaPost, Meeting, Message, Opinion, Publication, Submission)

LIST_SEPARATORS = re.compile(r"[、,，;；\n]+")
SHOWN_SEPARATOR = "、"


class Kind(StrEnum):
    TEXT = "text"
    DATE = "date"
    BOOL = "bool"
    INT = "int"
    CHOICE = "choice"
    URL = "url"
    LIST = "list"


def split_list(text: str) -> list[str]:
    """Items written in one cell or input: separated by 、 , ， ; ； or new lines, each once."""
    items = (item.strip() for item in LIST_SEPARATORS.split(text or ""))
    return list(dict.fromkeys(item for item in items if item))


@dataclass(frozen=True)
class Column:
    """One spreadsheet column. A relation column names the related row by one of its fields
    (`attr`): 单位 by name, 解读的政策文件 by 文号, a post's 账号 by platform and name."""

    field: models.Field
    attr: str
    header: str
    aliases: tuple[str, ...]
    kind: Kind
    required: bool
    example: object

    @property
    def key(self) -> str:
        return f"{self.field.name}.{self.attr}" if self.attr else self.field.name

    @property
    def is_unit(self) -> bool:
        return self.field.name == "unit"

    @property
    def max_length(self) -> int | None:
        target = self.field.related_model._meta.get_field(self.attr) if self.attr else self.field
        return getattr(target, "max_length", None)

    @cached_property
    def labels(self) -> dict[str, str]:
        """Each stored choice and the label people read."""
        return dict(self.field.choices or [])

    @cached_property
    def accepted(self) -> dict[str, str]:
        """What a cell may hold for each choice, the stored value or its label, and the value."""
        return {text: value for value, label in self.labels.items() for text in (value, label)}

    @property
    def empty(self):
        """The value of an empty cell in a column that may be left empty."""
        if self.field.many_to_many:
            return frozenset()
        return self.field.get_default()


def _kind(field: models.Field) -> Kind:
    if field.many_to_many or isinstance(field, models.JSONField):
        return Kind.LIST
    if field.choices:
        return Kind.CHOICE
    for cls, kind in ((models.URLField, Kind.URL), (models.DateField, Kind.DATE),
                      (models.BooleanField, Kind.BOOL), (models.IntegerField, Kind.INT)):
        if isinstance(field, cls):
            return kind
    return Kind.TEXT


def col(name: str, example, *aliases: str, header: str = "") -> tuple:
    """A column as a spec lists it: `field` or `field.attr`, an example value, other headers."""
    return name, example, aliases, header


def _column(model, name: str, example, aliases, header) -> Column:
    field_name, _, attr = name.partition(".")
    field = model._meta.get_field(field_name)
    if field.is_relation and not attr:
        raise ValueError(f"{model.__name__}.{field_name}: a relation column names the field it is read by")
    required = not field.blank and not field.has_default() and not field.many_to_many
    return Column(field, attr, header or str(field.verbose_name), aliases, _kind(field), required, example)


@dataclass(frozen=True)
class LedgerSpec:
    slug: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    date_field: str | None
    listed: tuple[str, ...]
    related: tuple[tuple[str, str, str], ...]

    @property
    def title(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def unit_column(self) -> Column:
        return self.columns[0]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def key_columns(self) -> list[Column]:
        return [c for c in self.columns if c.field.name in self.key]

    @property
    def search_fields(self) -> list[str]:
        return [c.field.name for c in self.columns if c.kind in (Kind.TEXT, Kind.URL) and not c.attr]

    def queryset(self):
        """Rows with what their cells read, fetched in bulk."""
        qs = self.model.objects.select_related(*{c.field.name for c in self.columns if c.field.many_to_one})
        m2m = [c.field.name for c in self.columns if c.field.many_to_many]
        return qs.prefetch_related(*m2m) if m2m else qs

    def cell(self, obj, column: Column):
        """What a spreadsheet cell holds for this row: names for relations, labels for choices,
        是/否 for yes-no, lists joined with 、."""
        name = column.field.name
        if column.field.many_to_many:
            return SHOWN_SEPARATOR.join(sorted(getattr(o, column.attr) for o in getattr(obj, name).all()))
        value = getattr(obj, name)
        if column.attr:
            return getattr(value, column.attr)
        if column.kind is Kind.BOOL:
            return "是" if value else "否"
        if column.kind is Kind.CHOICE:
            return column.labels.get(value, value)
        if column.kind is Kind.LIST:
            return SHOWN_SEPARATOR.join(value)
        return value

    def label(self, obj) -> str:
        """The row as people name it: its natural key without the unit."""
        return " ".join(shown(self.cell(obj, c)) for c in self.key_columns if not c.is_unit)


def ledger(slug, model, columns, *, date=None, listed=(), related=(), unit_header="") -> LedgerSpec:
    unit_aliases = ("单位", "单位名称", "责任单位") if unit_header else ("单位名称", "责任单位")
    built = (_column(model, "unit.name", "东山镇", unit_aliases, unit_header),
             *(_column(model, *c) for c in columns))
    headers = [h for c in built for h in (c.header, *c.aliases)]
    if len(set(headers)) != len(headers):
        raise ValueError(f"{slug}: a header or alias names two columns")
    key = next(c.fields for c in model._meta.constraints if c.name.endswith("_natural_key"))
    return LedgerSpec(slug, model, built, tuple(key), date, tuple(listed), tuple(related))


D = dt.date
SPECS = [
    ledger("documents", Document, date="issued_on", listed=("number", "title", "issued_on", "attribute"),
           related=(("政策解读", "interpretations", "interpretations"),), columns=[
               col("number", "东政发〔2024〕1号", "发文字号", "文件编号"),
               col("title", "东山镇关于做好2024年春耕备耕工作的通知", "文件标题", "公文标题"),
               col("issuer", "东山镇人民政府", "发文单位"),
               col("issued_on", D(2024, 3, 1), "发文日期", "印发日期"),
               col("is_policy", "是", "是否政策性文件"),
               col("attribute", "主动公开", "公开方式"),
               col("reason", "", "不予公开理由", "不公开原因"),
               col("basis", "", "不公开依据"),
               col("lead_unit", "", "牵头单位"),
               col("reviewed_on", D(2024, 12, 20), "年度复核日期"),
               col("review_result", "维持主动公开", "复核意见"),
               col("changed_on", "", "变更日期"),
               col("changed_to", ""),
               col("no_interpretation_reason", "", "不解读理由"),
           ]),
    ledger("publications", Publication, date="published_on", listed=("title", "channel", "published_on"), columns=[
        col("title", "东山镇2024年春耕备耕工作安排", "信息标题", "信息名称"),
        col("item", "通知公告", "事项"),
        col("channel", "政府信息公开专栏", "公开栏目", "公开渠道", "栏目"),
        col("formed_on", D(2024, 3, 1), "形成日期", "生成日期", "变更日期"),
        col("published_on", D(2024, 3, 5), "发布日期", "公开时间"),
        col("url", "https://www.example.gov.cn/zwgk/2024/0305.html", "链接", "公开网址"),
    ]),
    ledger("interpretations", Interpretation, date="published_on", listed=("title", "form", "published_on"),
           related=(("解读的政策文件", "documents", "documents"),), columns=[
               col("title", "图解：东山镇2024年春耕备耕工作通知", "解读标题"),
               col("documents.number", "东政发〔2024〕1号", "政策文件文号", "解读文件文号", "文号"),
               col("form", "图解", "形式"),
               col("channels", "政府网站、微信公众号", "渠道"),
               col("published_on", D(2024, 3, 6), "解读日期"),
               col("linked", "是", "相互关联"),
               col("url", "https://www.example.gov.cn/zcjd/2024/0306.html", "链接"),
           ]),
    ledger("media-accounts", MediaAccount, listed=("platform", "name", "service_account"), columns=[
        col("platform", "微信公众号", "平台类型"),
        col("name", "东山发布", "账号", "名称"),
        col("service_account", "否", "服务号"),
    ]),
    ledger("media-posts", MediaPost, date="posted_on",
           listed=("account.platform", "account.name", "posted_on", "title"), columns=[
               col("account.platform", "微信公众号", "平台类型", header="平台"),
               col("account.name", "东山发布", "账号", header="账号名称"),
               col("posted_on", D(2024, 3, 6), "日期"),
               col("title", "东山镇启动春耕备耕工作", "发布标题"),
               col("is_interpretation", "否", "是否政策解读"),
           ]),
    ledger("messages", Message, date="received_on", listed=("channel", "reference", "subject", "received_on"),
           columns=[
               col("channel", "12345热线", "留言渠道"),
               col("reference", "DS2024030001", "留言编号"),
               col("subject", "咨询春耕补贴申领时间", "留言主题"),
               col("received_on", D(2024, 3, 4), "留言日期"),
               col("replied_on", D(2024, 3, 6), "回复日期"),
           ]),
    ledger("gazette", GazetteIssue, date="printed_on", listed=("issue", "printed_on", "online_on"), columns=[
        col("issue", "2024年第1期", "期次"),
        col("printed_on", D(2024, 1, 31), "出版日期"),
        col("online_on", D(2024, 2, 2), "上网日期"),
    ]),
    ledger("circulars", Circular, date="issued_on", listed=("kind", "level", "number", "issued_on"), columns=[
        col("kind", "表彰"),
        col("level", "市政府办公室", "层级"),
        col("number", "市政办字〔2024〕5号", "通报文号"),
        col("issued_on", D(2024, 2, 20), "通报日期"),
        col("subject", "2023年度政务公开工作先进单位", "内容"),
        col("about_media", "否"),
    ]),
    ledger("meetings", Meeting, date="held_on", listed=("kind", "held_on", "topic", "attendees"), columns=[
        col("kind", "培训"),
        col("held_on", D(2024, 4, 10), "会议日期", "培训日期"),
        col("topic", "2024年政务公开业务培训", "会议主题", "培训主题"),
        col("attendees", 45, "人数"),
        col("has_minutes", "是", "会议纪要"),
    ]),
    ledger("opinions", Opinion, date="found_on", listed=("found_on", "subject", "responded_on"), columns=[
        col("found_on", D(2024, 5, 8), "日期"),
        col("subject", "网传东山镇集市取消", "舆情"),
        col("responded_on", D(2024, 5, 8)),
        col("response", "政府网站发布情况说明", "回应情况"),
        col("large", "否"),
    ]),
    ledger("submissions", Submission, date="due_on", listed=("subject", "due_on", "submitted_on"), columns=[
        col("subject", "2024年第一季度民生实事进展", "事项"),
        col("due_on", D(2024, 4, 5), "报送时限"),
        col("submitted_on", D(2024, 4, 3), "实际报送日期"),
    ]),
    ledger("content-items", ContentItem, listed=("category", "content", "frequency"), unit_header="内容保障单位",
           columns=[
               col("category", "机构职能", "分类"),
               col("content", "机构设置及领导分工", "内容"),
               col("frequency", "及时", "更新时限"),
           ]),
]
BY_SLUG = {spec.slug: spec for spec in SPECS}
