"""The labelled corpus (tests/scoring/corpus/): every line is read right, or flagged for a person.

Each line was written for the tests with the score a careful reader gives it; see the corpus
README for the format and for how clauses are numbered.
"""
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from zwgk.scoring.decimals import fmt
from zwgk.scoring.evaluate import evaluate_item
from zwgk.scoring.facts import item_facts
from zwgk.scoring.parser import parse_rule

CORPUS = Path(__file__).parent / "corpus"


def _lines():
    for path in sorted(CORPUS.glob("*.yaml")):
        for i, line in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield pytest.param(line, id=f"{path.stem}-{i + 1}-{line.get('family', '')}")


LINES = list(_lines())


def test_the_corpus_is_large_enough():
    lines = [p.values[0] for p in LINES]
    assert len(lines) >= 250
    assert sum(1 for line in lines if line.get("flagged") and not line.get("known_gap")) >= 20
    # clear wordings the system flags instead of reading stay few (named in the README)
    assert sum(1 for line in lines if line.get("known_gap")) <= len(lines) // 20


@pytest.mark.parametrize("line", LINES)
def test_line(line):
    points = Decimal(str(line["points"]))
    rule = parse_rule(line["text"], line.get("bonus_text"), points)
    if line.get("flagged"):
        assert not rule.understood, f"should be flagged ({line.get('why')}): {rule.clauses}"
        return
    assert rule.understood, [p.message for p in rule.problems]
    for case in line["cases"]:
        facts = item_facts(case["facts"] or {}, rule)
        result = evaluate_item(points, rule, facts)
        assert fmt(result.score) == str(case["score"]), (case, [s.message for s in result.steps])
