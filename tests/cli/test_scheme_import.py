"""`zwgk scheme import` and `zwgk scheme export`: a rubric table in, a valid scheme file out, and back."""
from pathlib import Path

import pytest

from zwgk.schemefiles import validate_file
from zwgk.schemefiles.loader import builtin_ids, builtin_path, read_yaml

SEEDS = Path(__file__).resolve().parents[1] / "rubrics" / "seeds"


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_each_seed_imports_to_a_valid_scheme_file(zwgk, tmp_path, seed):
    out = tmp_path / "scheme.yaml"
    code, stdout, err = zwgk("scheme", "import", SEEDS / seed, "--out", out, "--id", "county-import")
    assert code == 0, err
    assert "指标" in stdout and "已写入" in stdout
    data = read_yaml(out)
    assert data["id"] == "county-import" and data["items"]
    assert [i for i in validate_file(out) if i.level == "error"] == []


def test_without_out_the_scheme_goes_to_stdout_and_the_report_to_stderr(zwgk):
    code, stdout, err = zwgk("scheme", "import", SEEDS / "003_6629bd626a195427.txt")
    assert code == 0
    assert stdout.startswith("format: zwgk-scheme/1")
    assert "指标17项，总分100分" in err


@pytest.mark.parametrize("scheme_id", builtin_ids())
def test_export_then_import_gives_back_the_same_scheme(zwgk, tmp_path, scheme_id):
    table = tmp_path / f"{scheme_id}.xlsx"
    code, stdout, err = zwgk("scheme", "export", scheme_id, "--out", table)
    assert code == 0, err
    out = tmp_path / "back.yaml"
    code, stdout, err = zwgk("scheme", "import", table, "--out", out)
    assert code == 0, err
    assert read_yaml(out) == read_yaml(builtin_path(scheme_id))


def test_a_bad_file_is_one_chinese_line_and_exit_2(zwgk, tmp_path):
    bad = tmp_path / "细则.txt"
    bad.write_text("这是一段文字，不是表格。", encoding="utf-8")
    code, stdout, err = zwgk("scheme", "import", bad, "--out", tmp_path / "x.yaml")
    assert code == 2
    assert err.count("\n") == 1 and "没有找到表格" in err
    assert not (tmp_path / "x.yaml").exists()
