"""The review page's pieces: marking what was not understood, and applying a person's edits."""
from decimal import Decimal

from zwgk.schemes.forms import CaseForm, ItemForm, SchemeFieldsForm
from zwgk.schemes.review import describe, marked, rows_for
from zwgk.scoring.parser import parse_rule

TEXT = "每少1次扣0.5分，超过3次的加倍扣分"


def test_the_part_not_understood_is_marked():
    rule = parse_rule(TEXT, None, Decimal(5))
    assert marked(TEXT, rule.problems) == [("每少1次扣0.5分，", False), ("超过3次的加倍扣分", True)]
    assert marked("全部读懂", ()) == [("全部读懂", False)]


def test_reading_describes_clauses_with_amounts_and_caps():
    raw = {"text": "发现一件扣0.5分，扣分上限为2分", "bonus_text": "每获表彰一次加1分"}
    reading = describe(parse_rule(raw["text"], raw["bonus_text"], Decimal(3)), raw)
    assert [(c.n, c.description, c.bonus) for c in reading.clauses] == [
        (1, "每发现1次，扣0.5分，扣分上限为2分", False), (2, "每完成1项，加1分", True)]
    assert reading.understood and reading.problems == []


def test_warnings_link_to_their_item():
    scheme = {"items": [{"id": "1", "path": ["甲"], "text": "x"}, {"id": "2", "path": ["乙", "丙"], "text": "y"}],
              "major": {"cases": [{"id": "M1", "text": "z"}]}}
    warnings = [{"item": "2", "code": "c", "message": "第2项"}, {"item": None, "code": "t", "message": "总分"},
                {"item": "M1", "code": "c", "message": "M1"}]
    rows, listed = rows_for(scheme, {}, warnings, {})
    assert [(r.anchor, r.label, r.path) for r in rows] == [
        ("item-1", "第1项", "甲"), ("item-2", "第2项", "乙 / 丙"), ("major-1", "重大扣分事项 M1", "")]
    assert [w["anchor"] for w in listed] == ["item-2", None, "major-1"]
    assert rows[1].warnings == [warnings[0]]


def _item_form(data: dict) -> ItemForm:
    form = ItemForm({f"item-1-{k}": v for k, v in data.items()}, prefix="item-1")
    assert form.is_valid(), form.errors
    return form


def test_changed_text_drops_the_stored_clauses():
    raw = {"id": "1", "points": "2", "text": "扣1分", "read_as": None, "reading": None, "clauses": [{}], "caps": []}
    _item_form({"path": "甲", "points": "2", "text": "扣1分", "read_as": "每发现1次扣1分", "reading": ""}).apply(raw)
    assert raw["read_as"] == "每发现1次扣1分" and raw["reading"] is None
    assert "clauses" not in raw and "caps" not in raw


def test_a_note_alone_keeps_the_clauses():
    raw = {"id": "1", "path": ["甲", "乙"], "points": "2", "text": "扣1分", "clauses": [{}]}
    _item_form({"path": "甲 / 乙", "points": "2分", "text": "扣1分", "read_as": "", "reading": "核对无误"}).apply(raw)
    assert raw == {"id": "1", "path": ["甲", "乙"], "points": "2", "text": "扣1分", "clauses": [{}], "reading": "核对无误"}


def test_a_row_missing_from_the_post_is_left_alone():
    raw = {"id": "B1", "text": "受表彰的加2分", "clauses": [{}]}
    form = CaseForm({"item-1-text": "别的"}, prefix="bonus-1")
    assert not form.is_valid()  # the case's text is required when posted …
    form = CaseForm({"other": "x", "bonus-1-read_as": ""}, prefix="bonus-1")
    form.cleaned_data = {"text": "", "read_as": "", "reading": ""}
    form.apply(raw)  # … but a row that was not on the page changes nothing
    assert raw == {"id": "B1", "text": "受表彰的加2分", "clauses": [{}]}


def test_points_must_be_a_number():
    form = ItemForm({"item-1-points": "两分", "item-1-text": "x"}, prefix="item-1")
    assert not form.is_valid()
    assert "分值应为数字" in form.errors["points"][0]


def test_scheme_fields_check_the_total():
    def errors(total):
        form = SchemeFieldsForm({"scheme_id": "a-1", "kind": "assessment", "total_points": total})
        form.is_valid()
        return form.errors.get("total_points")

    assert errors("100") is None and errors("99.5分") is None and errors("") is None
    assert "总分应为数字" in errors("一百")[0]
    assert "两位小数" in errors("99.125")[0]


def test_bound_clauses_name_their_indicator():
    raw = {"text": "每少1次扣0.1分", "bindings": [{"clause": 1, "indicator": "media_interpretations_short", "params": {"minimum": 5}},
                                                 {"clause": 2, "indicator": "no_such_indicator"}]}
    reading = describe(parse_rule(raw["text"], None, Decimal(1)), raw)
    assert reading.bindings[0].startswith("条款1 从台账计算：") and "media_interpretations_short" in reading.bindings[0]
    assert reading.bindings[0].endswith("minimum=5")
    assert "未知的台账指标“no_such_indicator”" in reading.bindings[1]
