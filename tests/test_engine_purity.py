"""The scoring engine must stay pure Python so it runs without the web app."""

from pathlib import Path

SCORING = Path(__file__).resolve().parent.parent / "zwgk" / "scoring"


def test_scoring_engine_does_not_use_django():
    offenders = [
        str(path.relative_to(SCORING))
        for path in sorted(SCORING.rglob("*.py"))
        if "django" in path.read_text(encoding="utf-8")
    ]
    assert offenders == [], f"评分引擎不得引用 django：{offenders}"
