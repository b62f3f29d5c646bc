"""zwgk.schemefiles.validate: every problem of a scheme file at once, with its place."""
import pytest

from zwgk.schemefiles import SchemeFileError, builtin_path, validate_file

HEAD = """\
format: zwgk-scheme/1
id: demo-2021
title: 演示方案
kind: assessment
total_points: "{total}"
groups:
  - path: [甲]
    points: "{group}"
items:
"""


def check(tmp_path, items: str, total="4", group="4", head=HEAD):
    path = tmp_path / "demo.yaml"
    path.write_text(head.format(total=total, group=group) + items, encoding="utf-8")
    return validate_file(path)


def summary(issues):
    return [(i.level, i.code, i.place) for i in issues]


@pytest.mark.parametrize("scheme_id", ["guxian-2021", "huarong-2021", "jiangxian-2021", "jincheng-xzsp-2021", "xunwu-2022"])
def test_builtin_files_have_no_errors(scheme_id):
    assert [i for i in validate_file(builtin_path(scheme_id)) if i.level == "error"] == []


def test_guxian_printed_rows_do_not_add_up():
    issues = [i for i in validate_file(builtin_path("guxian-2021")) if i.code == "total_mismatch"]
    assert [i.message for i in issues] == ["各项分值 72 分，合计 72 分，与总分 100 分不符"]


def test_yaml_syntax_error_has_line_and_column(tmp_path):
    [issue] = check(tmp_path, '  - id: "1"\n    path: [甲\n')
    assert issue.level == "error" and issue.code == "yaml" and issue.line is not None
    assert issue.message.startswith("YAML 语法错误：") and issue.place.startswith("第")


def test_schema_errors_in_chinese(tmp_path):
    issues = check(tmp_path, '  - id: "1"\n    path: [甲]\n    points: 2\n    txt: 扣1分\n    key: 是\n',
                   head=HEAD.replace("kind: assessment", "kind: 考核"))
    messages = {i.place: i.message for i in issues}
    assert messages["kind"].startswith("取值 \"考核\" 无效（应为：assessment、task-plan）")
    assert messages["items[0] (id 1)"] == "缺少必填字段 text"
    assert messages["items[0] (id 1).points"].startswith("应为带引号的非负十进制数")
    assert '"2"' in messages["items[0] (id 1).points"]
    assert messages["items[0] (id 1).txt"].startswith("不认识的字段 txt")
    assert messages["items[0] (id 1).key"] == '应为true 或 false，实际是文本 "是"'
    assert all(i.level == "error" for i in issues)


def test_semantic_checks(tmp_path):
    items = (
        '  - {id: "1", path: [甲], points: "2", text: 每少研究一项，扣1分，扣分上限为4分}\n'
        '  - {id: "1", path: [甲, 乙], points: "3", text: 发现一件，扣0.5分。（2分）}\n'
        '  - {id: "3", path: [丙, 丁, 戊], points: "1", text: 发现一件，扣0.5分；对未按要求提供服务的，从需情复上扣分}\n'
        '  - id: "4"\n    path: [甲]\n    points: "1"\n    text: 发现一件，扣0.5分\n'
        '    clauses:\n      - {n: 1, kind: once, text: 发现一件，扣0.5分, amount: "0.5"}\n'
    )
    issues = check(tmp_path, items, total="7", group="5")
    assert summary(issues) == [
        ("warning", "group_exceeded", "groups[0].points"),
        ("warning", "cap_above_points", "items[0] (id 1).points"),
        ("error", "duplicate_id", "items[1] (id 1).id"),
        ("warning", "declared_points", "items[1] (id 1).points"),
        ("error", "missing_group", "items[2] (id 3).path"),
        ("warning", "amount_missing", "items[2] (id 3).text 第12列"),
        ("warning", "clauses_differ", "items[3] (id 4).clauses"),
    ]
    text = {i.code: i.message for i in issues}
    assert text["group_exceeded"] == "组内各项分值合计 6 分，超过组的分值 5 分"
    assert "得分可以为负" in text["cap_above_points"] and "最低 -2 分" in text["cap_above_points"]
    assert text["missing_group"].startswith("路径中的 「丙」 不是已声明的组")
    assert text["amount_missing"].startswith("「对未按要求提供服务的，从需情复上扣分」：")
    assert "条款1保存为「未达到要求的，扣0.5分」，解析为「每发现1次，扣0.5分」" in text["clauses_differ"]
    # the line numbers put them in document order
    assert [i.line for i in issues] == sorted(i.line for i in issues)


def test_total_with_group_pools(tmp_path):
    items = ('  - {id: "1", path: [甲], points: "1", text: 发现一件，扣0.5分}\n'
             '  - {id: "2", path: [甲], points: null, text: 发现一件，扣0.5分}\n')
    assert check(tmp_path, items, total="4", group="4") == []
    [issue] = check(tmp_path, items, total="5", group="4")
    assert issue.message == "各项分值 1 分 + 组内共用分值 3 分，合计 4 分，与总分 5 分不符"


def test_reading_explains_stored_clauses(tmp_path):
    items = ('  - id: "1"\n    path: [甲]\n    points: "4"\n    text: 发现一件，扣0.5分\n'
             '    reading: 按一次性扣分读\n'
             '    clauses:\n      - {n: 1, kind: once, text: 发现一件，扣0.5分, amount: "0.5"}\n')
    assert check(tmp_path, items) == []


def test_missing_file(tmp_path):
    with pytest.raises(SchemeFileError, match="文件不存在"):
        validate_file(tmp_path / "none.yaml")


def test_a_binding_must_name_a_clause_of_its_item(tmp_path):
    # 第29项 binds its one clause to media_missing_posts; mistype the clause and bind it twice.
    text = builtin_path("xunwu-2022").read_text(encoding="utf-8").replace(
        "      - {clause: 1, indicator: media_missing_posts}\n",
        "      - {clause: 2, indicator: media_missing_posts}\n      - {clause: 2, indicator: x}\n", 1)
    path = tmp_path / "xunwu.yaml"
    path.write_text(text, encoding="utf-8")
    issues = validate_file(path)
    codes = [i.code for i in issues if i.level == "error"]
    assert codes.count("binding_clause") == 2
    assert "绑定的条款 2 不存在（本项的条款：1）" in [i.message for i in issues]
