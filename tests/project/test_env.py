import pytest

from zwgk.project.env import envbool, envint, envlist, persistent_secret


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("1", True), ("False", False), ("0", False)])
def test_envbool_reads_true_and_false(monkeypatch, raw, expected):
    monkeypatch.setenv("ZWGK_FLAG", raw)
    assert envbool("ZWGK_FLAG", not expected) is expected


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_envbool_unset_or_empty_gives_default(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("ZWGK_FLAG", raising=False)
    else:
        monkeypatch.setenv("ZWGK_FLAG", raw)
    assert envbool("ZWGK_FLAG", True) is True


def test_envbool_rejects_garbage(monkeypatch):
    monkeypatch.setenv("ZWGK_FLAG", "maybe")
    with pytest.raises(ValueError, match=r"ZWGK_FLAG='maybe' 无效：应为 true 或 false"):
        envbool("ZWGK_FLAG", False)


def test_envint(monkeypatch):
    monkeypatch.setenv("ZWGK_N", "42")
    assert envint("ZWGK_N", 1) == 42
    monkeypatch.setenv("ZWGK_N", "4x")
    with pytest.raises(ValueError, match="应为整数"):
        envint("ZWGK_N", 1)


def test_envlist_splits_and_drops_empty_entries(monkeypatch):
    monkeypatch.setenv("ZWGK_HOSTS", " a.example , ,b.example,")
    assert envlist("ZWGK_HOSTS", []) == ["a.example", "b.example"]
    monkeypatch.delenv("ZWGK_HOSTS")
    assert envlist("ZWGK_HOSTS", ["x"]) == ["x"]


def test_persistent_secret_is_created_once_and_private(tmp_path):
    path = tmp_path / "secret_key"
    first = persistent_secret(path)
    assert len(first) >= 50
    assert persistent_secret(path) == first
    assert path.stat().st_mode & 0o077 == 0
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]
