"""scripts/seed_rules.py: the parser understands ≥95% of the seeds' scoring lines, and the
committed docs/seed-rules.md is what the generator writes today."""
import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_generator():
    spec = importlib.util.spec_from_file_location("seed_rules", ROOT / "scripts" / "seed_rules.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_seed_rules_page(tmp_path):
    generator = load_generator()
    out = tmp_path / "seed-rules.md"
    tally = generator.write(out)
    assert tally.lines > 150
    assert tally.percent >= Decimal(95)
    assert f"占 **{tally.percent}%**" in out.read_text(encoding="utf-8")
    committed = (ROOT / "docs" / "seed-rules.md").read_text(encoding="utf-8")
    assert committed == out.read_text(encoding="utf-8"), "docs/seed-rules.md 已过期：请运行 scripts/seed_rules.py"
