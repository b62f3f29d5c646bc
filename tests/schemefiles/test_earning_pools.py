"""An item without points that earns (award) on its group's remaining points (issue 11, 寻乌 40)."""
from zwgk.schemefiles import validate_file

HEAD = """\
format: zwgk-scheme/1
id: demo-2021
title: 演示方案
kind: assessment
total_points: "8"
groups:
  - path: [特色工作]
    points: "8"
items:
  - {id: "38", path: [特色工作], points: "3", text: 发现一件，扣0.5分}
"""
EARNING = ('  - id: "{n}"\n    path: [特色工作]\n    points: null\n    text: 被表扬的得1分\n'
           '    clauses:\n      - {{n: 1, kind: award, text: 被表扬的得1分, amount: "1", per: false}}\n'
           '    reading: 得分项\n')


def check(tmp_path, items: str):
    path = tmp_path / "demo.yaml"
    path.write_text(HEAD + items, encoding="utf-8")
    return [(i.code, i.place) for i in validate_file(path)]


def test_one_earning_item_on_the_remaining_points_is_fine(tmp_path):
    assert check(tmp_path, EARNING.format(n=40)) == []


def test_an_earning_item_sharing_a_pool_is_pointed_out(tmp_path):
    issues = check(tmp_path, EARNING.format(n=40) + '  - {id: "41", path: [特色工作], points: null, text: 发现一件，扣0.5分}\n')
    assert issues == [("earning_in_shared_pool", "items[1] (id 40).points")]
