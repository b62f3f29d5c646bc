"""`zwgk rule parse|eval` (shared/spec/cli.md §One rule) and every worked example of scoring.md §7."""
import json

import pytest

ATTEND = ("未按要求出席上级新闻发布会的，每一次扣0.5分，扣分上限为2分；单位一把手按要求出席上级新闻发布会的，"
          "每一次，加0.5分，加分上限为3分")
RATE = "多样化解读量占政策已解读总量不得少于90%，每降低两个百分点，扣0.5分，扣分上限为4分"
FREQUENCY = "除微信服务号外，每13天在本乡（镇）、本单位政务新媒体上至少发布1条信息，8-10月份每周两条信息，每少1次扣0.1分"

# scoring.md §7, row by row: points, text, facts, score.
WORKED_EXAMPLES = [
    ("2", "发现一件，扣0.5分，扣分上限为2分", {"1": {"count": 3}}, "0.5"),
    ("2", "发现一件，扣0.5分，扣分上限为2分", {"1": {"count": 9}}, "0"),
    ("2", "每少研究一项，扣1分，扣分上限为4分", {"1": {"count": 3}}, "-1"),
    ("2", RATE, {"1": {"value": "0.85"}}, "1"),
    ("2", RATE, {"1": {"value": "0.60"}}, "-2"),
    ("5", "瞒报率=瞒报数据量/台账数据量。得分=（1-瞒报率）×5", {"vars": {"瞒报率": "0.12"}}, "4.4"),
    ("5", FREQUENCY, {"1": {"count": 7}}, "4.3"),
    ("2", ATTEND, {"1": {"count": 1}, "2": {"count": 2}}, "2.5"),
    ("10", "第一名得10分，第二名得9分，第三名得8分……以此类推", {"1": {"rank": 4}}, "7"),
    ("0", "每拓展一个领域，加0.5分，每拓展一个层级，加1分，加分上限为5分", {"1": {"count": 3}, "2": {"count": 4}}, "5"),
]


def facts_json(facts):
    """Facts as JSON with decimals written as JSON numbers (0.12, not "0.12"), as a script would."""
    return json.dumps(facts).replace('"0.85"', "0.85").replace('"0.60"', "0.60").replace('"0.12"', "0.12")


@pytest.mark.parametrize("points, text, facts, score", WORKED_EXAMPLES)
def test_worked_examples(zwgk_json, points, text, facts, score):
    out = zwgk_json("rule", "eval", "--points", points, "--text", text, "--facts", facts_json(facts))
    assert out["score"] == score
    assert set(out) == {"score", "clauses", "explanation"}
    assert out["explanation"] and all(step["message"] for step in out["explanation"])


def test_eval_text_prints_the_score(zwgk):
    code, out, err = zwgk("rule", "eval", "--points", "2", "--text", "发现一件，扣0.5分，扣分上限为2分", "--facts", '{"1": {"count": 3}}')
    assert (code, out, err) == (0, "0.5\n", "")


def test_eval_explain_gives_every_step(zwgk):
    code, out, _ = zwgk("rule", "eval", "--points", "2", "--text", "发现一件，扣0.5分，扣分上限为2分",
                        "--facts", '{"1": {"count": 9}}', "--explain")
    assert code == 0
    assert "条款1「发现一件，扣0.5分，扣分上限为2分」：9次 × 0.5分 = 4.5分，扣4.5分" in out
    assert "按扣分上限2分计" in out
    assert out.splitlines()[-1] == "得分：0"


def test_parse_text_lines(zwgk):
    code, out, _ = zwgk("rule", "parse", "--points", "0", "--text", "每拓展一个领域，加0.5分，每拓展一个层级，加1分，加分上限为5分")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("条款1 加分：") and lines[0].endswith("——「每拓展一个领域，加0.5分」")
    assert lines[1].startswith("条款2 加分：")
    assert lines[2] == "合并上限：条款1、2合计加分上限5分"
    assert lines[-1] == "已全部识别"


def test_parse_reports_what_it_did_not_understand(zwgk):
    code, out, _ = zwgk("rule", "parse", "--points", "2", "--text", "发现一件，扣0.5分；对行政机关未按要求提供服务的，从需情复上扣分")
    assert code == 0
    assert "条款1 按次扣分：" in out
    assert "列「对行政机关未按要求提供服务的，从需情复上扣分」：写了扣分或加分，但没有写分值，请人工确认" in out
    assert out.splitlines()[-1] == "需要人工评判"


def test_parse_manual_needs_judgement(zwgk):
    _, out, _ = zwgk("rule", "parse", "--points", "3", "--text", "1.制定完善重大行政决策事项目录，并向社会公开。（3分）")
    assert out.splitlines()[0].startswith("条款1 人工评分：")
    assert out.splitlines()[-1] == "需要人工评判"


def test_parse_json_shape(zwgk_json):
    out = zwgk_json("rule", "parse", "--points", "3", "--text", "发现一件，扣0.5分，扣分上限为2分。（3分）",
                    "--bonus-text", "每件加2分")
    assert set(out) == {"points", "declared_points", "clauses", "caps", "problems", "understood"}
    assert out["points"] == "3" and out["declared_points"] == "3" and out["understood"] is True
    assert [(c["n"], c["kind"]) for c in out["clauses"]] == [(1, "per_occurrence"), (2, "bonus")]
    assert out["clauses"][0]["amount"] == "0.5" and out["clauses"][0]["cap"] == "2"
    assert out["clauses"][1]["source"] == "bonus_text"


@pytest.mark.parametrize("argv, words", [
    (["--points", "2", "--text", "按优、良、中、差分别得10、8、6、0分", "--facts", '{"1":{"grade":"甲"}}'], ["条款1", "甲", "优、良、中、差"]),
    (["--points", "2", "--text", "有栏目得0.2-1分", "--facts", '{"1":{"score":2}}'], ["条款1", "0.2-1"]),
    (["--points", "2", "--text", "发现一件，扣0.5分", "--facts", '{"9":{"count":1}}'], ["条款 9 不存在"]),
    (["--points", "2", "--text", "发现一件，扣0.5分", "--facts", '{"1":{"count":1}'], ["--facts", "JSON"]),
    (["--points", "2", "--text", "发现一件，扣0.5分", "--facts", '{"1":{"count":-1}}'], ["count"]),
    (["--points", "2", "--text", "得分=合规率×5", "--facts", '{"vars":{"违规率":0.1}}'], ["违规率"]),
])
def test_bad_facts_one_line_exit_2(zwgk, argv, words):
    code, out, err = zwgk("rule", "eval", *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("错误：") and "Traceback" not in err
    for word in words:
        assert word in err


def test_argument_errors_exit_2(zwgk):
    code, _, err = zwgk("rule", "eval", "--points", "两分", "--text", "发现一件，扣0.5分", "--facts", "{}")
    assert code == 2 and "分值应为数字" in err and "Traceback" not in err
    code, _, _ = zwgk("rule", "eval", "--points", "2", "--text", "发现一件，扣0.5分")
    assert code == 2


def test_parse_without_points_for_a_scheme_level_case(zwgk_json):
    out = zwgk_json("rule", "parse", "--text", "在接受政务公开工作考核时弄虚作假的，每发现一起扣10分")
    assert out["points"] is None and out["clauses"][0]["amount"] == "10"


def test_unexpected_failure_is_one_line_exit_70(zwgk, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("坏了")

    monkeypatch.setattr("zwgk.cli.rule.parse_rule", broken)
    code, out, err = zwgk("rule", "parse", "--points", "2", "--text", "发现一件，扣0.5分")
    assert code == 70 and out == "" and err == "内部错误：RuntimeError：坏了\n"
