"""validate_text: the same issues as validate_file, for a scheme file's text held in memory."""
from zwgk.schemefiles.loader import BUILTIN_DIR
from zwgk.schemefiles.validate import validate_file, validate_text


def test_same_issues_as_the_file():
    path = BUILTIN_DIR / "guxian-2021.yaml"
    assert validate_text(path.read_text(encoding="utf-8")) == validate_file(path)


def test_errors_in_text():
    issues = validate_text("format: zwgk-scheme/1\nid: Bad Id\ntitle: 测试\nkind: assessment\nitems: []\n")
    assert [(i.level, i.code, i.line) for i in issues] == [("error", "schema", 2)]
    assert validate_text("id: [unclosed\n")[0].code == "yaml"
