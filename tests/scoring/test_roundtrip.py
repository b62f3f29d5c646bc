"""parse → format → parse is stable, on generated rules and on every scoring line of the seeds."""
from decimal import Decimal
from pathlib import Path

import yaml
from hypothesis import given, settings, strategies as st

from zwgk.scoring.formatting import format_rule
from zwgk.scoring.parser import parse_rule

BUILTIN = Path(__file__).resolve().parents[2] / "zwgk" / "schemefiles" / "builtin"

amounts = st.sampled_from(["0.1", "0.2", "0.5", "1", "1.5", "2", "3", "5", "10"])
small = st.sampled_from(["0.1", "0.2", "0.5", "1", "1.5", "2"])  # below every cap: a cap under one finding is flagged
caps = st.one_of(st.none(), st.sampled_from(["2", "3", "4", "5", "10"]))


def with_cap(text, cap, word="扣分上限为"):
    return text if cap is None else f"{text}，{word}{cap}分"


clause_texts = st.one_of(
    st.builds(lambda a, c: with_cap(f"发现一件，扣{a}分", c), small, caps),
    st.builds(lambda a: f"未建立台账的，扣{a}分", amounts),
    st.builds(lambda t, s, a, c: with_cap(f"多样化解读量占政策已解读总量不得少于{t}%，每降低{s}个百分点，扣{a}分", c),
              st.sampled_from(["50", "70", "90"]), st.sampled_from(["1", "2", "5"]), small, caps),
    st.builds(lambda a, c: with_cap(f"每拓展一个领域，加{a}分", c, "加分上限为"), small, caps),
    st.builds(lambda a, b, c: f"被国务院办公厅通报1次扣{a}分，被省政府办公厅通报1次扣{b}分，被市政府办公室通报1次扣{c}分", amounts, amounts, amounts),
    st.builds(lambda a: f"未于7月底、9月底、11月底前开展检查的，每次扣{a}分", amounts),
    st.builds(lambda d, a: f"每{d}天至少发布1条信息，8-10月份每周两条信息，每少1次扣{a}分", st.sampled_from([7, 13, 15]), amounts),
    st.builds(lambda a: f"建立制度的，得{a}分", amounts),
    st.builds(lambda a: f"未进行的，倒扣{a}分", amounts),
    st.just("未公开的，此项不得分"),
    st.just("按优、良、中、差分别得10、8、6、0分"),
    st.just("瞒报率=瞒报数据量/台账数据量。得分=（1-瞒报率）×5"),
    st.just("第一名得10分，第二名得9分，以此类推"),
    st.builds(lambda lo, hi: f"有栏目得{lo}-{hi}分", st.sampled_from(["0", "0.2"]), st.sampled_from(["1", "2"])),
)


def assert_stable(text, bonus=None, points=None):
    first = parse_rule(text, bonus, points)
    formatted, formatted_bonus = format_rule(first)
    second = parse_rule(formatted, formatted_bonus or None, points)
    assert len(first.clauses) == len(second.clauses), (text, formatted)
    for a, b in zip(first.clauses, second.clauses):
        assert a.same_rule(b), (text, formatted, a, b)
    assert [(c.clauses, c.amount, c.sign) for c in first.caps] == [(c.clauses, c.amount, c.sign) for c in second.caps]


def _distinct(parts):
    """A line that writes the same condition twice is ambiguous (and flagged), so parts differ."""
    heads = [p.split("，")[0][:4] for p in parts]
    return len(set(heads)) == len(heads)


@settings(max_examples=300, deadline=None)
@given(st.lists(clause_texts, min_size=1, max_size=4).filter(_distinct))
def test_generated_rules_round_trip(parts):
    text = "；".join(parts)
    assert parse_rule(text).understood
    assert_stable(text)


def test_every_seed_line_round_trips():
    count = 0
    for path in sorted(BUILTIN.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data.get("items", []):
            text = item.get("read_as") or item.get("text")
            if text or item.get("bonus_text"):
                points = Decimal(item["points"]) if item.get("points") is not None else None
                assert_stable(text, item.get("bonus_text"), points)
                count += 1
    assert count >= 130  # every scored item of the five seeds
