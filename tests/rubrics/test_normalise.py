"""Free-text cells read into what campaigns use: 牵头/配合 units, unit categories, due dates."""
import pytest

from zwgk.rubrics.normalise import _CATEGORY, deadline, lead_support, unit_types
from zwgk.schemefiles.loader import builtin_ids, builtin_path, read_yaml


@pytest.mark.parametrize("text, lead, support", [
    ("县发改局牵头，各相关单位配合", ["县发改局"], []),
    ("县政府办公室、县委网信办牵头，各乡（镇）人民政府、绛县经济开发区、县直各有关单位抓好落实", ["县政府办公室", "县委网信办"], []),
    ("县发改局、县司法局、县行政审批服务局等县直单位配合", [], ["县发改局", "县司法局", "县行政审批服务局"]),
    ("1.县政府办 2.县发改局 各相关单位配合", ["县政府办", "县发改局"], []),
    ("2.县司法局、县财政局、县府办协调", ["县司法局", "县财政局"], ["县府办"]),
    ("文件起草组(科室、单位)", ["文件起草组(科室、单位)"], []),
    ("各乡镇人民政府、县直各单位", [], []),
    ("", [], []),
])
def test_lead_and_support(text, lead, support):
    assert lead_support(text) == (lead, support)


def test_lead_and_support_agree_with_the_builtin_files():
    """Every 责任单位 of the five seeds reads as the transcriber recorded it (categories aside,
    which the files keep inconsistently and campaigns take from unit_types), except 晋城 30,
    where the transcriber also corrected the OCR's “政服务中心”."""
    differ = []
    for scheme_id in builtin_ids():
        for item in read_yaml(builtin_path(scheme_id))["items"]:
            if item.get("responsible"):
                want = tuple([n for n in item[k] if not _CATEGORY.search(n)] for k in ("lead", "support"))
                if lead_support(item["responsible"]) != want:
                    differ.append((scheme_id, item["id"]))
    assert differ == [("jincheng-xzsp-2021", "30")]


@pytest.mark.parametrize("text, types", [
    ("各乡（镇）、各单位", ["乡镇", "县直单位"]),
    ("各乡(镇)人民政府,绛县经济开发区,县直各有关单位", ["乡镇", "开发区", "县直单位"]),
    ("县财政局", []),  # who does the work, not who is assessed
    ("政务服务中心 财务科 综合组", []),
    ("乡村振兴局、行业主管单位", []),
    ("各乡镇人民政府、县直各单位", ["乡镇", "县直单位"]),
    ("决策目录所涉单位", []),
    (None, []),
])
def test_unit_types(text, types):
    assert unit_types(text) == types


def test_deadline_dates_need_the_year():
    assert deadline("2021年8月底", 2021) == {"text": "2021年8月底", "dates": ["2021-08-31"]}
    assert deadline("长期坚持", 2021) == {"text": "长期坚持", "ongoing": True}
    assert deadline("9月底前", None) == {"text": "9月底前"}
    assert deadline("", 2021) is None
