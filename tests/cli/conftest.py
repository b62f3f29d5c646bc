import json

import pytest

from zwgk.cli import main


def _no_float(text):
    raise AssertionError(f"JSON 中出现了浮点数 {text}")


@pytest.fixture
def zwgk(capsys):
    """Run the command in process: (exit code, stdout, stderr)."""

    def run(*argv):
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def zwgk_json(zwgk):
    """Run a --json command that must succeed; its output, with floats refused."""

    def run(*argv):
        code, out, err = zwgk(*argv, "--json")
        assert code == 0, err
        return json.loads(out, parse_float=_no_float)

    return run


@pytest.fixture
def facts(tmp_path):
    """Writes a FACTS.yaml for `zwgk evaluate` and gives its path."""
    def write(text: str):
        path = tmp_path / "facts.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write
