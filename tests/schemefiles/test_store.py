"""zwgk.schemefiles.store: the parser's reading written into a scheme file, the rest left as it was."""
import yaml

from zwgk.schemefiles import fill_clauses, load_scheme

SCHEME = """\
# 演示方案（注释应当保留）
format: zwgk-scheme/1
id: demo-2021
title: 演示方案
kind: assessment
total_points: "6"
groups:
  - path: [甲]
items:

  - id: "1"
    path: [甲]
    points: "2"
    text: 发现一件，扣0.5分，扣分上限为2分
    notes: null   # 行尾注释

  - id: "2"
    path: [甲]
    points: "2"
    text: |-
      每拓展一个领域，加0.5分，
      每拓展一个层级，加1分，加分上限为5分
    lead: [县政府办,
           县财政局]

  - id: "3"
    path: [甲]
    points: "2"
    text: 发现一件，扣0.5分；对未按要求提供服务的，从需情复上扣分
major:
  cases:
    - id: M1
      text: 被判败诉的
      amount_text: 每发现一起，在总得分的基础上扣10分
      read_as: 被判败诉的，每发现一起扣10分
"""


def write(tmp_path, text=SCHEME):
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_fill_inserts_clauses_and_keeps_everything_else(tmp_path):
    path = write(tmp_path)
    report = fill_clauses(path)
    assert report.written == ["1", "2", "M1"] and report.unread == ["3"] and report.kept == []
    text = path.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if "clauses" not in line and "caps:" not in line and "{n: " not in line
            and "{clauses: " not in line]
    assert kept == SCHEME.splitlines()  # comments, blank lines, block and flow styles untouched
    assert '      - {n: 1, kind: per_occurrence, text: 发现一件，扣0.5分，扣分上限为2分, amount: "0.5", cap: "2"}' in text
    assert '      - {clauses: [1, 2], amount: "5", sign: bonus}' in text
    data = yaml.safe_load(text)
    assert "clauses" not in data["items"][2]  # not understood: left for a person
    assert data["major"]["cases"][0]["clauses"][0]["amount"] == "10"
    loaded = load_scheme(str(path))
    assert loaded.scheme.item("2").rule.caps[0].clauses == (1, 2)


def test_fill_again_keeps_stored_clauses(tmp_path):
    path = write(tmp_path)
    fill_clauses(path)
    edited = path.read_text(encoding="utf-8").replace("amount: \"0.5\", cap: \"2\"", "amount: \"1\", cap: \"2\"")
    path.write_text(edited, encoding="utf-8")
    report = fill_clauses(path)
    assert report.written == [] and report.kept == ["1", "2", "M1"]
    assert path.read_text(encoding="utf-8") == edited
    report = fill_clauses(path, force=True)
    assert report.written == ["1", "2", "M1"]
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["items"][0]["clauses"][0]["amount"] == "0.5"
    again = path.read_text(encoding="utf-8")
    fill_clauses(path, force=True)
    assert path.read_text(encoding="utf-8") == again
