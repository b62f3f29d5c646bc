"""`zwgk scheme list|show|validate|fill-clauses` (shared/spec/cli.md §A whole scheme)."""
import shutil

from zwgk.schemefiles import builtin_path

BUILTIN = ["guxian-2021", "huarong-2021", "jiangxian-2021", "jincheng-xzsp-2021", "xunwu-2022"]


def test_list_names_the_five_builtin_schemes(zwgk, zwgk_json):
    assert [s["id"] for s in zwgk_json("scheme", "list")] == BUILTIN
    code, out, _ = zwgk("scheme", "list")
    assert code == 0 and all(scheme_id in out for scheme_id in BUILTIN)


def test_show_xunwu_json(zwgk_json):
    out = zwgk_json("scheme", "show", "xunwu-2022")
    assert set(out) == {"id", "title", "total_points", "items", "groups"}
    assert out["id"] == "xunwu-2022" and out["total_points"] == "100"
    assert [item["id"] for item in out["items"]] == [str(n) for n in range(1, 41)]
    assert all(set(item) == {"id", "path", "points", "text", "bonus_text", "clauses", "caps"} for item in out["items"])
    media = [g for g in out["groups"] if g["path"] == ["线上线下专区建设", "政务新媒体"]]
    assert media == [{"path": ["线上线下专区建设", "政务新媒体"], "points": "5"}]
    item29 = out["items"][28]
    assert item29["points"] is None and item29["path"] == ["线上线下专区建设", "政务新媒体"]
    assert item29["clauses"][0]["kind"] == "frequency" and item29["clauses"][0]["amount"] == "0.1"


def test_show_by_path_and_as_text(zwgk):
    code, out, _ = zwgk("scheme", "show", builtin_path("huarong-2021"))
    assert code == 0
    assert "华容县2021年度政务公开工作考核细则（huarong-2021）" in out
    assert "综合加分项" in out and "重大扣分项" in out


def test_unknown_scheme(zwgk):
    code, out, err = zwgk("scheme", "show", "nowhere-2021")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "nowhere-2021" in err and "xunwu-2022" in err and "Traceback" not in err


def test_validate_builtin_files_have_no_errors(zwgk):
    for scheme_id in BUILTIN:
        code, out, _ = zwgk("scheme", "validate", builtin_path(scheme_id))
        assert code == 0, out
        assert "校验通过" in out.splitlines()[-1]


def test_validate_reports_every_problem(zwgk, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(
        "format: zwgk-scheme/1\n"
        "id: broken-2021\n"
        "title: 测试\n"
        "kind: assessment\n"
        "total_points: \"10\"\n"
        "groups:\n"
        "  - path: [甲]\n"
        "items:\n"
        "  - {id: \"1\", path: [甲], points: 2.5, text: 发现一件，扣0.5分}\n"
        "  - {id: \"1\", path: [乙, 丙], points: \"2\", text: 发现一件扣0.5分}\n",
        encoding="utf-8",
    )
    code, out, _ = zwgk("scheme", "validate", path)
    lines = out.splitlines()
    assert code == 1
    assert any("items[0] (id 1).points: 错误:" in line and '"2.5"' in line for line in lines)
    assert any("items[1] (id 1).id: 错误: 编号 1 重复" in line for line in lines)
    assert any("items[1] (id 1).path: 错误:" in line and "「乙」" in line for line in lines)
    assert lines[-1].endswith("校验未通过，3个错误，0个警告")
    numbers = [int(line.split("第")[1].split("行")[0]) for line in lines[:-1]]
    assert numbers == sorted(numbers)  # in document order


def test_fill_clauses_command(zwgk, tmp_path):
    path = tmp_path / "huarong.yaml"
    shutil.copy(builtin_path("huarong-2021"), path)
    code, out, _ = zwgk("scheme", "fill-clauses", path)
    assert code == 0 and "写入0项的条款，保留23项已有条款" in out
    code, out, _ = zwgk("scheme", "fill-clauses", path, "--force")
    assert code == 0 and "写入23项的条款" in out
    assert path.read_text(encoding="utf-8") == builtin_path("huarong-2021").read_text(encoding="utf-8")
