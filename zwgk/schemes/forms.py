"""Forms of the scheme import, with messages that say what is wrong and what to do."""
from __future__ import annotations

import re

from django import forms

from zwgk.schemefiles.loader import SCHEME_KINDS, builtin_ids
from zwgk.schemes.models import Scheme

MAX_UPLOAD_MB = 10
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
SUFFIXES = (".xlsx", ".docx", ".txt")
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
POINTS_RE = re.compile(r"^[0-9]+(\.[0-9]+)?$")


class UploadForm(forms.Form):
    file = forms.FileField(
        label="考核细则文件（.xlsx、.docx 或 .txt）",
        widget=forms.FileInput(attrs={"accept": ",".join(SUFFIXES)}),
        help_text=f"Excel 表格、Word 文档中的表格，或从文件中复制出的文本（每行一条，各列用制表符分隔）；不超过{MAX_UPLOAD_MB}MB。",
        error_messages={"required": "请选择要导入的考核细则文件（.xlsx、.docx 或 .txt）。",
                        "empty": "文件是空的，请选择印发的考核细则、评分表文件。"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if name.endswith((".xls", ".et")):
            raise forms.ValidationError("这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中“另存为”.xlsx 格式后再上传。")
        if name.endswith((".doc", ".wps")):
            raise forms.ValidationError("这是旧版 Word（.doc）文件，请在 Word 或 WPS 中“另存为”.docx 格式后再上传。")
        if not name.endswith(SUFFIXES):
            raise forms.ValidationError("只能导入 Excel（.xlsx）、Word（.docx）或文本（.txt）文件。PDF 或图片请先转换："
                                        "用 WPS 或 Word 打开后把表格另存为 .docx，或复制表格文字存为 .txt。")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"文件有 {upload.size / 1024 / 1024:.1f}MB，超过 {MAX_UPLOAD_MB}MB 的上限。"
                                        "请删去文件中的图片和与考核细则无关的工作表或页面后再上传。")
        return upload


def _points(value: str, message: str) -> str | None:
    value = value.strip().removesuffix("分").strip()
    if not value:
        return None
    if not POINTS_RE.match(value):
        raise forms.ValidationError(message)
    return value


class SchemeFieldsForm(forms.Form):
    """The scheme's own fields. Checked in full (`final`) only when saving: 重新识别 accepts
    them unfinished, but not malformed."""

    scheme_id = forms.CharField(label="编号", max_length=100, required=False,
                                help_text="小写字母、数字和“-”，如 xunwu-2024（县名拼音-年度）；保存后不能修改。")
    title = forms.CharField(label="名称", max_length=300, required=False,
                            error_messages={"max_length": "名称最多300个字。"})
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100,
                              help_text="考核的年度，如 2024。",
                              error_messages={"invalid": "年度应为四位数字，如 2024。",
                                              "min_value": "年度应在2000至2100之间，如 2024。",
                                              "max_value": "年度应在2000至2100之间，如 2024。"})
    total_points = forms.CharField(label="总分", max_length=12, required=False,
                                   help_text="满分，如 100；任务分解表没有总分，留空。")
    kind = forms.ChoiceField(label="类型", choices=list(SCHEME_KINDS.items()),
                             error_messages={"required": "请选择方案类型。", "invalid_choice": "请从列表中选择方案类型。"})

    def __init__(self, *args, final: bool = False, scheme: dict | None = None, **kwargs):
        if scheme is not None and not args and "data" not in kwargs:
            kwargs["initial"] = {"scheme_id": scheme.get("id") or "", "title": scheme.get("title") or "",
                                 "year": scheme.get("year"), "total_points": scheme.get("total_points") or "",
                                 "kind": scheme.get("kind") or "assessment"}
        super().__init__(*args, **kwargs)
        self.final = final

    def clean_scheme_id(self):
        value = self.cleaned_data["scheme_id"].strip()
        if not value:
            if self.final:
                raise forms.ValidationError("请填写方案编号：小写字母、数字和“-”，如 xunwu-2024。")
            return ""
        if not ID_RE.match(value):
            raise forms.ValidationError(f"编号“{value}”不符合格式：只能用小写字母、数字和“-”，不能以“-”开头或结尾，"
                                        "也不能有空格和汉字。请改为如 xunwu-2024 的编号。")
        if not self.final:
            return value
        taken = Scheme.objects.filter(scheme_id=value).first()
        if taken is not None:
            raise forms.ValidationError(f"已有编号为“{value}”的考核方案（{taken.title}），编号不能重复。"
                                        "请换一个编号，例如加上年度或“-2”。")
        if value in builtin_ids():
            raise forms.ValidationError(f"“{value}”是内置考核方案的编号，请换一个编号。")
        return value

    def clean_title(self):
        value = self.cleaned_data["title"].strip()
        if not value and self.final:
            raise forms.ValidationError("请填写方案名称，如“某某县2024年度政务公开工作考核评分表”。")
        return value

    def clean_total_points(self):
        value = _points(self.cleaned_data["total_points"], "总分应为数字，如 100（不写“分”字）；任务分解表没有总分时留空。")
        if value is not None and ("." in value and len(value.split(".")[1]) > 2 or len(value.split(".")[0]) > 6):
            raise forms.ValidationError("总分最多保留两位小数、不超过六位整数，如 100 或 99.5。")
        return value

    def scheme_fields(self) -> dict:
        """The cleaned values under the scheme file's keys; an empty id or title is left as it was."""
        data = self.cleaned_data
        fields = {"year": data["year"], "kind": data["kind"], "total_points": data["total_points"]}
        if data["scheme_id"]:
            fields["id"] = data["scheme_id"]
        if data["title"]:
            fields["title"] = data["title"]
        return fields


READ_AS_HELP = ("原文有错漏、机器读不懂时，在这里写出应当怎样理解，例如“每发现1次扣0.5分，扣分上限为2分”；"
                "机器按这段文字识别，原文照旧保存。留空则按原文识别。")
READING_HELP = "说明为什么这样理解（原文哪里有误、依据什么），供日后核对。"


class CaseForm(forms.Form):
    """A case of the scheme-wide 加分事项 / 重大扣分事项: its text and how to read it."""

    text = forms.CharField(label="原文", widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "请填写这一事项的原文。"})
    read_as = forms.CharField(label="按此理解", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=READ_AS_HELP)
    reading = forms.CharField(label="理解说明", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=READING_HELP)

    REREAD = ("text", "read_as")

    def __init__(self, *args, raw: dict | None = None, **kwargs):
        if raw is not None and not args and "data" not in kwargs:
            kwargs["initial"] = {name: _shown(raw.get(name)) for name in self.base_fields}
        super().__init__(*args, **kwargs)

    def posted(self) -> bool:
        """Whether this row was on the submitted page at all (a row left out keeps its values)."""
        return self.add_prefix("text") in self.data

    def apply(self, raw: dict) -> None:
        """Write the edits into `raw`; stored clauses go when the text they were read from changed,
        so that reading again parses the new text."""
        if not self.posted():
            return
        reparse = False
        for name in self.fields:
            new = self.cleaned_data[name] or None
            if new == (raw.get(name) or None):
                continue
            if new is not None or name in raw:
                raw[name] = new
            reparse = reparse or name in self.REREAD
        if reparse:
            raw.pop("clauses", None)
            raw.pop("caps", None)


def _shown(value) -> str:
    """A field's stored value as the form shows it: a path as “一级 / 二级 / 三级”."""
    if isinstance(value, list):
        return " / ".join(value)
    return value or ""


class ItemForm(CaseForm):
    path = forms.CharField(label="指标层级", max_length=1000,
                           help_text="各级指标名称，用“/”隔开，如“主动公开 / 法定主动公开内容 / 公开专区建设情况”；"
                                     "表格错位使本项归错了组时在这里改正。",
                           error_messages={"required": "请填写指标层级，如“主动公开 / 政策文件”。"})
    points = forms.CharField(label="分值", max_length=12, required=False,
                             help_text="本项的分值，如 2 或 0.5；分值写在所属一级、二级指标上时留空。")
    text = forms.CharField(label="评分标准", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ("path", "points", "text", "read_as", "reading")
    REREAD = ("points", "text", "read_as")

    def clean_path(self) -> list[str]:
        parts = [part.strip() for part in re.split(r"[/／]", self.cleaned_data["path"]) if part.strip()]
        if not parts:
            raise forms.ValidationError("请填写指标层级，如“主动公开 / 政策文件”。")
        return parts

    def clean_points(self):
        return _points(self.cleaned_data["points"], "分值应为数字，如 2 或 0.5（不写“分”字）；分值写在所属指标组上时留空。")
