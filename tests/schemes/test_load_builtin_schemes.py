from decimal import Decimal

import pytest
from django.core.management import call_command

from zwgk.schemes.models import Scheme
from zwgk.schemes.services import BUILTIN_DIR, SchemeFileError, load_builtin_schemes

SCHEME = """\
format: zwgk-scheme/1
id: demo-2021
title: 演示县2021年度政务公开工作考核评分表
year: 2021
kind: assessment
total_points: "100"
"""


@pytest.mark.django_db
def test_loads_a_scheme_file(tmp_path):
    (tmp_path / "demo-2021.yaml").write_text(SCHEME, encoding="utf-8")
    assert load_builtin_schemes(tmp_path) == 1

    scheme = Scheme.objects.get()
    assert scheme.scheme_id == "demo-2021"
    assert scheme.year == 2021
    assert scheme.kind == "assessment"
    assert scheme.total_points == Decimal("100")
    assert scheme.source_yaml == SCHEME


@pytest.mark.django_db
def test_loading_again_updates_instead_of_duplicating(tmp_path):
    path = tmp_path / "demo-2021.yaml"
    path.write_text(SCHEME, encoding="utf-8")
    load_builtin_schemes(tmp_path)
    path.write_text(SCHEME.replace('"100"', '"105"'), encoding="utf-8")
    load_builtin_schemes(tmp_path)

    assert Scheme.objects.count() == 1
    assert Scheme.objects.get().total_points == Decimal("105")


@pytest.mark.django_db
def test_task_plan_without_points(tmp_path):
    text = SCHEME.replace("assessment", "task-plan").replace('"100"', "null")
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    load_builtin_schemes(tmp_path)
    assert Scheme.objects.get().total_points_display == "—"


@pytest.mark.django_db
def test_a_file_without_id_loads_nothing(tmp_path):
    (tmp_path / "a.yaml").write_text(SCHEME, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("title: 无编号\n", encoding="utf-8")
    with pytest.raises(SchemeFileError, match="b.yaml"):
        load_builtin_schemes(tmp_path)
    assert not Scheme.objects.exists()


@pytest.mark.django_db
def test_command_loads_every_builtin_scheme(capsys):
    call_command("load_builtin_schemes")
    count = len(list(BUILTIN_DIR.glob("*.yaml")))
    assert f"已载入 {count} 个内置考核方案" in capsys.readouterr().out
    assert Scheme.objects.count() == count
