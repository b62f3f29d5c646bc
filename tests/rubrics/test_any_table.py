"""Whatever table a person uploads, the import answers: a draft whose scheme file is valid, or a
Chinese message (RubricFileError) — never a crash. Hypothesis builds odd tables out of the
pieces real ones are made of: headers, points, scoring texts, totals, section rows, empty cells."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwgk.rubrics import RubricFileError, read_rubric, scheme_yaml
from zwgk.rubrics.tables import Table
from zwgk.schemefiles.validate import validate_text

HEADERS = ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "加分标准", "考核要求", "序号", "备注", "优", "良", "自评分", "项目"]
CELLS = ["", "", "", "组织领导", "主动公开", "网站（10分）", "*公开专区", "3", "0.5", "-", "10", "合计", "总分100分", "综合加分项",
         "重大扣分项", "一、组织保障", "1", "2.1", "附注：扣完为止", "未公开的，扣1分", "每少1次扣0.5分，扣分上限为2分",
         "1.受到表彰的加2分 2.被通报的扣1分", "酌情扣分", "（5分）", "被省政府办公厅通报3次", "评为优、良的分别得10、8分"]


@st.composite
def tables(draw) -> list[Table]:
    out = []
    for n in range(draw(st.integers(1, 3))):
        width = draw(st.integers(1, 7))
        header = draw(st.lists(st.sampled_from(HEADERS), min_size=width, max_size=width)) if draw(st.booleans()) else []
        body = draw(st.lists(st.lists(st.sampled_from(CELLS), min_size=1, max_size=width + 1), min_size=1, max_size=8))
        rows = ([header] if header else []) + body
        rows = [r for r in rows if any(r)] or [["评分标准", "分值"]]
        spans = {}
        if len(rows) > 2 and draw(st.booleans()):
            spans[(1, 0)] = (draw(st.integers(2, len(rows) - 1)), 1)
        out.append(Table(f"第{n + 1}个表格", rows, list(range(1, len(rows) + 1)), spans))
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_any_table_reads_to_a_valid_scheme_or_a_message(found):
    try:
        draft = read_rubric(found)
    except RubricFileError as e:
        assert e.message
        return
    errors = [i for i in validate_text(scheme_yaml(draft.scheme)) if i.level == "error"]
    assert errors == [], errors
    assert all(w.message for w in draft.warnings)
