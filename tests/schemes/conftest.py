import io
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

TITLE = "某某县2024年度政务公开工作考核评分表"
# Three items under two 一级指标; the third has a phrase the parser cannot read.
ROWS = [
    [TITLE],
    ["一级指标", "二级指标", "分值", "评分标准"],
    ["组织领导", "工作机制", "4", "未成立政务公开工作领导小组的，扣2分；未召开专题会议研究政务公开工作的，扣2分。"],
    [None, "年度要点", "3", "未按时印发年度政务公开工作要点的，扣1分；未公开的，扣2分。"],
    ["主动公开", "信息发布", "5", "每少1次扣0.5分，超过3次的加倍扣分"],
]
UNREAD = "超过3次的加倍扣分"


def rubric_bytes(rows=ROWS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "评分表"
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A3:A4")  # 组织领导 over its two rows, as the documents print it
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class Rubric:
    """The small rubric above: its title, the phrase not understood, the file as bytes or an upload."""

    title = TITLE
    unread = UNREAD
    rows = ROWS

    @staticmethod
    def data(rows=ROWS) -> bytes:
        return rubric_bytes(rows)

    @staticmethod
    def upload(data: bytes | None = None, name: str = "考核细则.xlsx") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, rubric_bytes() if data is None else data)


@pytest.fixture
def rubric():
    return Rubric


@pytest.fixture
def page_form():
    """page_form(html, marker) → the values a browser would post from the page's form with a field
    whose name contains `marker` (selected options, textarea contents, hidden fields)."""
    return form_values


@pytest.fixture
def office_client(client, county):
    client.force_login(county.office)
    return client


class _Form(HTMLParser):
    """The values a browser would submit from the page's POST forms (the one with `marker` in it)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "file", "checkbox"):
            self._form[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
            self._form.setdefault(a["name"], None)
        elif tag == "option" and self._select and (self._form[self._select] is None or "selected" in a):
            self._form[self._select] = a.get("value", "")

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            if self._textarea and self._form[self._textarea].startswith("\n"):
                self._form[self._textarea] = self._form[self._textarea][1:]  # the newline Django writes after <textarea>
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def form_values(html: str, marker: str) -> dict:
    parser = _Form()
    parser.feed(html)
    for form in parser.forms:
        if any(marker in name for name in form):
            return {k: v for k, v in form.items() if v is not None}
    raise AssertionError(f"no form with a field named like {marker!r}")
