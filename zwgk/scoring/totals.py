"""Units: their facts, their totals and their ranks (docs/engine.md §Pools, §Unit total).

Everything that depends on the scheme alone — item plans, pools, 大项, grade bands — is compiled
once into a plan kept beside the scheme, so scoring a unit is one pass over its items, and a unit
that reports nothing about an item reuses that item's shared no-facts result.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property

from . import explain
from .clauses import Kind
from .decimals import ZERO, fmt, shown
from .errors import ScoringError
from .evaluate import MEMO_SIZE, ItemPlan, ItemResult, Step
from .facts import ITEM_KEYS, ItemFacts, check_mapping, item_facts
from .model import Case, Item, Scheme
from .roles import AWARD, BASE, role_of

_UNIT_KEYS = ("name", "group", "type", "items", "bonus", "major")

# The kinds of unit a scheme's 考核对象 name (组织机构的单位类型). A unit's `group` standing in for
# its type must be one of these or a type the scheme's items name; `其他` is a type, not a group.
UNIT_TYPES = ("乡镇", "街道", "县直单位", "开发区")
OTHER_TYPE = "其他"
_NOT_APPLICABLE = ItemFacts(not_applicable=True)


def applies_to(unit_types, kinds) -> bool:
    """Whether an item whose 考核对象 are `unit_types` (none: every unit) applies to a unit of these
    `kinds` (its type and its group, as the web app's units have both): the one rule for both."""
    return not unit_types or any(kind in unit_types for kind in kinds)


def unit_kinds(unit_type: str | None, group: str | None, named=()) -> tuple[str, ...] | None:
    """What a unit is, for `applies_to`: its `type` and its `group`; without a type, its group when
    the group names a unit type (one of `UNIT_TYPES` or of the types `named` by the scheme's items);
    None when nothing says what the unit is (every item applies)."""
    if unit_type:
        return tuple(k for k in (unit_type, group) if k)
    if group and (group in UNIT_TYPES or group in named):
        return (group,)
    return None


# ---- facts -------------------------------------------------------------------------------------
@dataclass
class UnitFacts:
    """A unit's facts. `items` are the items it reports on; an item it does not report on and whose
    unit types exclude the unit (`type`, else `group`: `unit_kinds`) is not applicable."""

    name: str
    group: str | None
    items: dict[str, ItemFacts] = field(default_factory=dict)
    bonus: dict[str, ItemFacts] = field(default_factory=dict)
    major: dict[str, ItemFacts] = field(default_factory=dict)
    type: str | None = None  # 单位类型 (乡镇、县直单位…): which items apply to the unit


def facts_document(data, scheme: Scheme) -> list[UnitFacts]:
    """Every unit of a FACTS document (`units:` list, shared/spec/cli.md), names unique."""
    if not isinstance(data, dict) or not isinstance(data.get("units"), list):
        raise ScoringError("facts_not_document", "事实文件应为 units: 列表，每个单位一项")
    extra = sorted(set(map(str, data)) - {"units", "scheme"})
    if extra:
        raise ScoringError("unknown_fact_key", f"事实文件中无法识别的键 {'、'.join(extra)}（可用：units、scheme）")
    units, seen = [], set()
    for i, entry in enumerate(data["units"]):
        unit = unit_facts(entry, scheme, f"units[{i}]")
        if unit.name in seen:
            raise ScoringError("duplicate_unit", f"单位“{unit.name}”出现了不止一次", f"units[{i}]")
        seen.add(unit.name)
        units.append(unit)
    return units


def unit_facts(data, scheme: Scheme, where: str = "") -> UnitFacts:
    """One unit's facts, checked against the scheme: every error names the unit and the item."""
    check_mapping(data, _UNIT_KEYS, ("unit_not_mapping", "单位应为键值映射，含 name、group、type、items、bonus、major"),
                  ("unknown_unit_key", "键"), where)
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ScoringError("unit_without_name", "单位缺少名称 name", where)
    place = f"{where} 单位“{name}”".strip()
    group = data.get("group")
    if group is not None and not isinstance(group, str):
        raise ScoringError("bad_group", "排名分组 group 应为文字", place)
    if scheme.ranking_groups and group not in scheme.ranking_groups:
        raise ScoringError("unknown_group", f"排名分组应为 {'、'.join(scheme.ranking_groups)} 之一，收到的是 {group!r}", place)
    plan = _plan_of(scheme)
    unit_type = data.get("type")
    if unit_type is not None and (not isinstance(unit_type, str) or unit_type not in plan.type_names):
        raise ScoringError("unknown_unit_type", f"单位类型 type 应为 {'、'.join(plan.type_names)} 之一，收到的是 {unit_type!r}",
                           place)
    items = {}
    for key, value in _mapping(data.get("items"), "items", place).items():
        item = scheme.item(str(key))
        if item is None:
            raise ScoringError("unknown_item", f"方案 {scheme.id} 中没有指标 {key}", place)
        items[item.id] = plan.read(item.rule, value, f"{place} 指标{item.id}")
    return UnitFacts(name, group, items,
                     _cases(data.get("bonus"), plan, plan.bonus_by_id, "bonus", place),
                     _cases(data.get("major"), plan, plan.major_by_id, "major", place), unit_type)


def _mapping(data, name: str, where: str) -> dict:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ScoringError("not_mapping", f"{name} 应为映射", where)
    return data


def _cases(data, plan: "_SchemePlan", cases: dict[str, Case], section: str, where: str) -> dict[str, ItemFacts]:
    out = {}
    for key, value in _mapping(data, section, where).items():
        case = cases.get(str(key))
        if case is None:
            known = "、".join(cases) or "无"
            raise ScoringError("unknown_case", f"{section} 中没有事项 {key}（现有：{known}）", where)
        facts = plan.read(case.rule, _case_data(value, case, f"{where} {case.id}"), f"{where} {case.id}")
        if facts.override is not None or facts.zero:
            raise ScoringError("decision_on_case", "综合加分、重大扣分事项按条款给出事实，不接受 override、zero",
                               f"{where} {case.id}")
        out[case.id] = facts
    return out


def _case_data(value, case: Case, where: str):
    """`B1: 2` (a count) and `B1: {省: 1}` (counts by tag) are shorthand for the case's one clause."""
    if isinstance(value, dict) and all(str(k).isdigit() or str(k) in ITEM_KEYS for k in value):
        return value
    if len(case.rule.clauses) != 1:
        raise ScoringError("case_needs_clauses", f"该事项有 {len(case.rule.clauses)} 个条款，请按条款给出，如 {{\"1\": {{\"count\": 1}}}}", where)
    return {str(case.rule.clauses[0].n): {"count": value}}


# ---- results -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class GroupResult:
    path: tuple[str, ...]
    points: Decimal | None
    score: Decimal

    def to_dict(self) -> dict:
        return {"path": list(self.path), "points": fmt(self.points), "score": fmt(self.score)}


@dataclass
class UnitResult:
    """A unit's total. `groups` and `steps` are made when read, from what the totals kept."""

    name: str
    group: str | None
    total: Decimal
    base_total: Decimal  # after 折算
    bonus_total: Decimal
    major_total: Decimal  # points taken off (≥ 0)
    grade: str | None
    rank: int | None
    items: dict[str, ItemResult]
    cases: dict[str, ItemResult]
    needs_judgement: bool
    zero_case: str | None = None  # the case (or 指标N) that set the total to zero
    bonus_ids: tuple[str, ...] = field(default=(), repr=False)  # which cases are 综合加分 (the rest: 重大扣分)
    pools: dict[tuple[str, ...], Decimal] = field(default_factory=dict, repr=False)
    zero_groups: tuple[tuple[str, ...], ...] = field(default=(), repr=False)
    raw_base: Decimal = field(default=ZERO, repr=False)  # before 折算
    applicable_points: Decimal = field(default=ZERO, repr=False)
    plan: "_SchemePlan | None" = field(default=None, repr=False, compare=False)

    @cached_property
    def groups(self) -> list[GroupResult]:
        return self.plan.groups_of(self)

    @property
    def consequences(self) -> tuple[tuple[str, str], ...]:
        """Effects that are not points (取消评优资格, 一票否决), each with the item or case it came from."""
        return tuple((key, effect) for results in (self.items, self.cases) for key, r in results.items()
                     for effect in r.consequences)

    @cached_property
    def steps(self) -> tuple[Step, ...]:
        return self.plan.steps_of(self)

    @cached_property
    def max_points(self) -> Decimal:
        """The unit's full marks: the scheme's total after 折算, else the points of the items that
        apply to it (华容: 县直单位 85, 乡镇 95)."""
        return self.plan.full_points if self.plan.rules.normalise else self.applicable_points

    def __getstate__(self):
        """Pickled with its groups, steps and full marks made, without the scheme's plan."""
        return {**self.__dict__, "groups": self.groups, "steps": self.steps, "max_points": self.max_points,
                "plan": None}

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "group": self.group,
            "total": fmt(self.total),
            "base_total": fmt(self.base_total),
            "bonus_total": fmt(self.bonus_total),
            "major_total": fmt(self.major_total),
            "grade": self.grade,
            "rank": self.rank,
            "needs_judgement": self.needs_judgement,
            "items": {item_id: _result_dict(r) for item_id, r in self.items.items()},
            "groups": [g.to_dict() for g in self.groups],
            "bonus": {cid: _result_dict(r) for cid, r in self.cases.items() if cid in self.bonus_ids},
            "major": {cid: _result_dict(r) for cid, r in self.cases.items() if cid not in self.bonus_ids},
            "explanation": [s.to_dict() for s in self.steps],
        }


def _result_dict(r: ItemResult) -> dict:
    return {
        "score": None if r.not_applicable else fmt(r.score),
        "points": fmt(r.points),
        "in_pool": r.in_pool,
        "not_applicable": r.not_applicable,
        "needs_judgement": r.needs_judgement,
        "explanation": r.explanation(),
    }


# ---- the compiled scheme -------------------------------------------------------------------------
class _Entry:
    """One item of the scheme, compiled: its plan, its pool (if any) and its 大项."""

    __slots__ = ("id", "plan", "pool", "major", "points", "path")

    def __init__(self, item_id, plan, pool, major, points, path):
        self.id, self.plan, self.pool, self.major, self.points, self.path = item_id, plan, pool, major, points, path


class _Pool:
    """A group's points shared by its items without points of their own (scoring.md §4)."""

    __slots__ = ("points", "floor", "floor_kind", "cap")

    def __init__(self, points, cap, floor_at_zero):
        self.points, self.cap = points, cap
        if floor_at_zero:
            self.floor, self.floor_kind = ZERO, "at_zero"
        elif cap is not None and cap > points:
            self.floor, self.floor_kind = points - cap, "cap"
        else:
            self.floor, self.floor_kind = ZERO, "zero"


def _under(path: tuple[str, ...], prefix: tuple[str, ...]) -> bool:
    return path[:len(prefix)] == prefix


class _SchemePlan:
    def __init__(self, scheme: Scheme):
        rules = scheme.rules
        self.rules, self.groups, self.bonus_cap = rules, scheme.groups, scheme.bonus_cap
        self.entries: list[_Entry] = []
        pool_caps: dict[tuple[str, ...], list] = {}
        members: dict[tuple[str, ...], int] = {}
        for item in scheme.items:
            pool = scheme.pool_of(item)
            if pool is not None:
                members[pool.path] = members.get(pool.path, 0) + 1
        for item in scheme.items:
            pool = scheme.pool_of(item)
            path = pool.path if pool is not None else None
            points = item.points
            if path is not None and members[path] == 1 and earns_points(item):
                # The only item on its group's remaining points, and one that earns them (寻乌 40: 特色工作
                # 8分 less items 38 and 39): those points are its own, to earn, not a pool to deduct from.
                points, path = _pool_points(scheme, path), None
            plan = ItemPlan(points, item.rule, floor_at_zero=rules.floor_at_zero, evidence_rule=rules.evidence_rule,
                            evidence_required=item.evidence_required, step_rounding=rules.step_rounding,
                            in_pool=path is not None, item_id=item.id)
            self.entries.append(_Entry(item.id, plan, path, scheme.major_group_of(item), points or ZERO, item.path))
            if path is not None:
                pool_caps.setdefault(path, []).append(plan.deduction_cap)
        self.pools = {
            path: _Pool(_pool_points(scheme, path), max((c for c in caps if c is not None), default=None),
                        rules.floor_at_zero)
            for path, caps in pool_caps.items()
        }
        self.full_points = scheme.total_points if scheme.total_points is not None else (
            sum((e.points for e in self.entries if e.pool is None), ZERO) + sum((p.points for p in self.pools.values()), ZERO))

        def case_plan(case: Case) -> ItemPlan:
            return ItemPlan(None, case.rule, evidence_rule=rules.evidence_rule, step_rounding=rules.step_rounding,
                            item_id=case.id, case=True)

        self.bonus_by_id = {c.id: c for c in scheme.bonus_cases}
        self.bonus_ids = tuple(self.bonus_by_id)
        self.major_by_id = {c.id: c for c in scheme.major_cases}
        self.cases = [(c.id, case_plan(c), True) for c in scheme.bonus_cases]
        self.cases += [(c.id, case_plan(c), False) for c in scheme.major_cases]
        self.bands = sorted(scheme.grades, key=lambda b: b.min, reverse=True)
        self.types = {item.id: item.unit_types for item in scheme.items if item.unit_types}
        named = {t: None for types in self.types.values() for t in types}
        self.named_types = tuple(named)
        self.type_names = tuple({**dict.fromkeys(UNIT_TYPES), OTHER_TYPE: None, **named})
        self.excluded: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.ranked_by_group = bool(scheme.ranking_groups)
        self.rank_clauses = [(e.id, c.n) for e in self.entries for c in e.plan.rule.clauses if c.kind == Kind.RANK]
        # A unit starts from every item's no-facts result; only the items it reports are scored.
        self.by_id = {e.id: e for e in self.entries}
        self.defaults = {e.id: e.plan.default for e in self.entries}
        own = [e for e in self.entries if e.pool is None]
        self.default_base = sum((self.defaults[e.id].score for e in own), ZERO)
        self.default_points = sum((e.points for e in own), ZERO)
        self.default_deltas = {path: sum((self.defaults[e.id].score for e in self.entries if e.pool == path), ZERO)
                               for path in self.pools}
        self.default_live = {path: sum(1 for e in self.entries if e.pool == path) for path in self.pools}
        self.default_needs = sum(r.needs_judgement for r in self.defaults.values())
        self.facts_read: dict[int, dict[str, ItemFacts]] = {}

    def read(self, rule, data, where: str) -> ItemFacts:
        """Facts for one item or case, read once per distinct input: units that report the same
        thing share one `ItemFacts`, so they are validated once and scored once."""
        seen = self.facts_read.setdefault(id(rule), {})  # the scheme keeps its rules alive
        text = repr(data)
        facts = seen.get(text)
        if facts is None:
            facts = item_facts(data, rule, where)
            if len(seen) < MEMO_SIZE:
                seen[text] = facts
        return facts

    # ---- one unit ----------------------------------------------------------------------------
    def not_for(self, uf: UnitFacts) -> tuple[str, ...]:
        """The items whose unit types exclude the unit (scoring.md §4 Not applicable)."""
        if not self.types:
            return ()
        kinds = unit_kinds(uf.type, uf.group, self.named_types)
        if kinds is None:
            return ()
        out = self.excluded.get(kinds)
        if out is None:
            out = self.excluded[kinds] = tuple(i for i, types in self.types.items() if not applies_to(types, kinds))
        return out

    def evaluate(self, uf: UnitFacts) -> UnitResult:
        items = dict(self.defaults)
        base, points, needs = self.default_base, self.default_points, self.default_needs
        deltas, live = dict(self.default_deltas), dict(self.default_live)
        zeroed_pools: set = set()
        zero_groups: list = []
        zero_case = None
        by_id = self.by_id
        reported = uf.items
        excluded = self.not_for(uf)
        if excluded:  # an item the unit reports on is scored as reported (the office's 设为适用)
            reported = {**dict.fromkeys(excluded, _NOT_APPLICABLE), **reported}
        for item_id, f in reported.items():
            e = by_id.get(item_id)
            if e is None:
                raise ScoringError("unknown_item", f"方案中没有指标 {item_id}")
            r = e.plan.evaluate(f)
            default = e.plan.default
            if r is default:
                continue
            items[item_id] = r
            pool = e.pool
            needs += r.needs_judgement - default.needs_judgement
            if r.not_applicable:  # the no-facts result (always applicable) comes out
                if pool is None:
                    base -= default.score
                    points -= e.points
                else:
                    deltas[pool] -= default.score
                    live[pool] -= 1
                continue
            if pool is None:
                base += r.score - default.score
            else:
                deltas[pool] += r.score - default.score
                if r.zeroed:
                    zeroed_pools.add(pool)
            if r.zero_group and e.major not in zero_groups:
                zero_groups.append(e.major)
            if r.zero_scheme and zero_case is None:
                zero_case = f"指标{item_id}"
        pools = {}
        for path, pool in self.pools.items():
            if live[path]:  # a pool counts while one of its items applies
                pools[path] = ZERO if path in zeroed_pools else max(pool.points + deltas[path], pool.floor)
                points += pool.points
        if zero_groups:
            base = self._zero_groups(zero_groups, items, pools, base)
        raw_base = base + sum(pools.values(), ZERO)
        base = raw_base
        if self.rules.normalise:
            base = raw_base * self.full_points / points if points else ZERO
        cases, bonus, major = {}, ZERO, ZERO
        for case_id, plan, is_bonus in self.cases:
            f = (uf.bonus if is_bonus else uf.major).get(case_id)
            r = plan.default if f is None else plan.evaluate(f)
            cases[case_id] = r
            if is_bonus:
                bonus += r.score
            else:
                major -= r.score
            needs += r.needs_judgement
            if r.zero_scheme and zero_case is None:
                zero_case = case_id
        cap = self.bonus_cap
        bonus_total = min(bonus, cap) if cap is not None else bonus
        total = ZERO if zero_case else base + bonus_total - major
        limit = self.rules.total_cap
        if limit is not None and total > limit:
            total = limit
        total = max(total, ZERO)
        return UnitResult(uf.name, uf.group, total, base, bonus_total, major, self.grade(total), None, items, cases,
                          needs > 0, zero_case, self.bonus_ids, pools, tuple(zero_groups), raw_base, points, self)

    def _zero_groups(self, paths, items, pools, base) -> Decimal:
        """此大项不得分: every item and pool in the 大项 scores 0."""
        for e in self.entries:
            r = items[e.id]
            hit = next((p for p in paths if _under(e.path, p)), None)
            if hit is None or r.not_applicable:
                continue
            if e.pool is None:
                base -= r.score
            items[e.id] = r.zeroed_in_group(hit)
        for path in pools:
            if any(_under(path, p) for p in paths):
                pools[path] = ZERO
        return base

    def grade(self, total: Decimal) -> str | None:
        figure = shown(total)
        return next((band.name for band in self.bands if band.min <= figure), None)

    def ranking_key(self, unit: UnitFacts | UnitResult) -> str | None:
        return unit.group if self.ranked_by_group else None

    # ---- read on demand ----------------------------------------------------------------------
    @cached_property
    def group_members(self) -> list[tuple]:
        """For every group: its own-point items and its pools."""
        out = []
        for g in self.groups:
            own = [e.id for e in self.entries if e.pool is None and _under(e.path, g.path)]
            pools = [p for p in self.pools if _under(p, g.path)]
            out.append((g, own, pools))
        return out

    def groups_of(self, result: UnitResult) -> list[GroupResult]:
        out = []
        for g, own, pools in self.group_members:
            score = sum((result.items[i].score for i in own if not result.items[i].not_applicable), ZERO)
            score += sum((result.pools.get(p, ZERO) for p in pools), ZERO)
            out.append(GroupResult(g.path, g.points, score))
        return out

    def steps_of(self, result: UnitResult) -> tuple[Step, ...]:
        steps = []
        for path in result.zero_groups:
            steps.append(Step(None, "", {}, ZERO, "zero", explain.zero_group(path)))
        for path, score in result.pools.items():
            pool = self.pools[path]
            delta = sum((r.score for e in self.entries if e.pool == path
                         for r in (result.items[e.id],) if not r.not_applicable), ZERO)
            if any(result.items[e.id].zeroed for e in self.entries if e.pool == path):
                steps.append(Step(None, "", {}, ZERO, "zero", explain.pool_zeroed(path)))
                continue
            raw = pool.points + delta
            steps.append(Step(None, "", {}, raw, "pool", explain.pool(path, pool.points, delta, raw)))
            if score != raw and not any(_under(path, p) for p in result.zero_groups):
                steps.append(Step(None, "", {}, score, "floor",
                                  explain.floor(pool.floor_kind, pool.floor, raw, pool.cap, pool.points)))
        steps.append(Step(None, "", {}, result.raw_base, None, explain.base_total(result.raw_base)))
        if self.rules.normalise:
            steps.append(Step(None, "", {}, result.base_total, None, explain.normalised(
                result.raw_base, self.full_points, result.applicable_points, result.base_total)))
        raw_bonus = sum((r.score for cid, r in result.cases.items() if cid in self.bonus_by_id), ZERO)
        if raw_bonus:
            applied = "cap" if raw_bonus != result.bonus_total else None
            steps.append(Step(None, "", {}, result.bonus_total, applied,
                              explain.bonus_total(result.bonus_total, raw_bonus, self.bonus_cap)))
        if result.major_total:
            steps.append(Step(None, "", {}, -result.major_total, None, explain.major_total(result.major_total)))
        raw = result.base_total + result.bonus_total - result.major_total
        steps.append(Step(None, "", {}, raw, None,
                          explain.unit_total(result.base_total, result.bonus_total, result.major_total, raw)))
        if result.zero_case:
            steps.append(Step(None, "", {}, ZERO, "zero", explain.scheme_zero(result.zero_case)))
            raw = ZERO
        limit = self.rules.total_cap
        if limit is not None and raw > limit:
            steps.append(Step(None, "", {}, limit, "cap", explain.total_cap(limit, raw)))
        elif raw < 0:
            steps.append(Step(None, "", {}, ZERO, "floor", explain.total_floor(raw)))
        return tuple(steps)


def earns_points(item: Item) -> bool:
    """Whether the item's points are earned or set (awards, a person's score, a formula) rather
    than only deducted from: such an item cannot score on a pool it shares with others."""
    return any(role_of(c) in (AWARD, BASE) for c in item.rule.clauses)


def _pool_points(scheme: Scheme, path: tuple[str, ...]) -> Decimal:
    """The group's points less what its other holders own: items with points and nested groups
    with points (each counted once)."""
    taken, nested = ZERO, set()
    for item in scheme.items:
        if not _under(item.path, path):
            continue
        holder = next((item.path[:d] for d in range(len(path) + 1, len(item.path) + 1)
                       if (g := scheme.group(item.path[:d])) is not None and g.points is not None), None)
        if holder is not None:
            if holder not in nested:
                nested.add(holder)
                taken += scheme.group(holder).points
        elif item.points is not None:
            taken += item.points
    points = scheme.group(path).points - taken
    if points < 0:
        raise ScoringError("bad_pool", f"分组「{'/'.join(path)}」的分值小于其下各项分值之和", scheme.id)
    return points


_PLANS: dict[int, _SchemePlan] = {}


def _plan_of(scheme: Scheme) -> _SchemePlan:
    """The scheme's compiled plan, built on first use and dropped with the scheme. Kept beside the
    scheme rather than on it, so that pickling a scheme does not carry the plan's memos along."""
    plan = _PLANS.get(id(scheme))
    if plan is None:
        plan = _PLANS[id(scheme)] = _SchemePlan(scheme)  # the plan holds no reference to the scheme
        weakref.finalize(scheme, _PLANS.pop, id(scheme), None)
    return plan


# ---- public entry points -------------------------------------------------------------------------
def evaluate_unit(scheme: Scheme, facts: UnitFacts) -> UnitResult:
    """One unit's total, grade and explanation; its rank is left to `evaluate_units`."""
    try:
        return _plan_of(scheme).evaluate(facts)
    except ScoringError as err:
        raise err.located(f"单位“{facts.name}”") from None


def ranks_across_units(scheme: Scheme) -> bool:
    """Whether a unit's score can depend on the others' (a rank clause placed by a measured value),
    so that a unit is only scored right among all of them (`evaluate_units`)."""
    return bool(_plan_of(scheme).rank_clauses)


def evaluate_units(scheme: Scheme, units: list[UnitFacts]) -> list[UnitResult]:
    """Every unit's result, ranked within its ranking group (all together when the scheme has
    none) by total descending, ties sharing a rank (1, 1, 3)."""
    plan = _plan_of(scheme)
    if plan.rank_clauses:
        units = _ranked_by_value(plan, units)
    results = [evaluate_unit(scheme, uf) for uf in units]
    groups: dict = {}
    for r in results:
        groups.setdefault(plan.ranking_key(r), []).append(r)
    for members in groups.values():
        for r, place in zip(*_places(members, lambda r: shown(r.total))):
            r.rank = place
    return results


def _places(members: list, key) -> tuple[list, list[int]]:
    """Members sorted best first and their places, equal keys sharing one (1, 1, 3)."""
    ordered = sorted(members, key=key, reverse=True)
    places, previous = [], None
    for i, m in enumerate(ordered):
        value = key(m)
        places.append(places[-1] if value == previous else i + 1)
        previous = value
    return ordered, places


def _ranked_by_value(plan: _SchemePlan, units: list[UnitFacts]) -> list[UnitFacts]:
    """Rank clauses given the ranked metric (`value`) get places across units of the same ranking
    group, higher values first (scoring.md §3 rank: "or the ranked metric, ranked across units")."""
    units = list(units)
    for item_id, n in plan.rank_clauses:
        by_group: dict = {}
        for i, uf in enumerate(units):
            f = uf.items.get(item_id)
            cf = f.clauses.get(n) if f is not None else None
            if cf is not None and cf.rank is None and cf.value is not None and not f.not_applicable:
                by_group.setdefault(plan.ranking_key(uf), []).append((i, cf.value))
        for members in by_group.values():
            ordered, places = _places(members, lambda m: m[1])
            for (i, _), place in zip(ordered, places):
                uf = units[i]
                f = uf.items[item_id]
                ranked = replace(f, clauses={**f.clauses, n: replace(f.clauses[n], rank=place)})
                units[i] = replace(uf, items={**uf.items, item_id: ranked})
    return units
