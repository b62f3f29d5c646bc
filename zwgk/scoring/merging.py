"""Clauses read one by one, joined where the text means one rule: tiers by issuing level
(被国务院…扣3分，被省…扣2分), a rank run (第一名得5分…依次递减0.5分), a choice between written
outcomes — alternatives (按时完成得2分，逾期完成得1分，未完成不得分) or bands (90%以上满分，
80%-90%得3分，80%以下不得分) — and a guard that replaces a formula (直接扣2分).
"""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from .clauses import Band, Clause, Kind, Sign, Tier
from .drafts import (
    Phrase,
    Raw,
    Unreadable,
    grade_in,
    level_of,
    problem_at,
    sign_of,
    tier_label,
)
from .formula import variables_of
from .wording import ALTERNATIVE_PREFIX, BAND_ABOVE, BAND_BELOW, BAND_RANGE, NUM

_RANK_PARTS = {"rank", "rank_step", "rank_rest", "places"}


def merge_tiers(items: list[tuple[Raw, Clause]], problems, norm, original, source) -> list[tuple[Raw, Clause]]:
    """被国务院办公厅通报1次扣3分，被省政府办公厅通报1次扣2分… → one tiered clause."""
    out: list[tuple[Raw, Clause]] = []
    i = 0
    while i < len(items):
        raw, clause = items[i]
        run = [items[i]]
        if clause.kind in (Kind.PER_OCCURRENCE, Kind.ONCE, Kind.BONUS, Kind.AWARD) and level_of(tier_label(raw)):
            j = i + 1
            while j < len(items):
                r2, c2 = items[j]
                if sign_of(c2) != sign_of(clause):
                    break
                if c2.kind not in (Kind.PER_OCCURRENCE, Kind.ONCE, Kind.BONUS, Kind.AWARD) or not level_of(tier_label(r2)):
                    break
                run.append(items[j])
                j += 1
            levels = [level_of(tier_label(r)) for r, _ in run]
            if len(run) >= 2 and len(set(levels)) == len(levels):
                first_raw = run[0][0]
                inline = first_raw.phrase.text[: first_raw.match.start()].strip()
                labelled_inline = bool(re.sub(r"^每?1?(?:次|件|起|项|个|处)?$", "", inline))  # 每次扣2分 names no tier
                preamble = first_raw.conditions if labelled_inline else first_raw.conditions[:-1]
                suspicious = [p for p in preamble if level_of(p.text) and re.search(r"通报|约谈|表扬|批示", p.text)]
                if suspicious:
                    problems.append(problem_at("tier_without_amount", "这一档没有写明分值，请人工确认", suspicious, norm, original, source))
                tiers = tuple(Tier(tier_label(r), c.amount) for r, c in run)
                sign = sign_of(clause)
                cap = next((c.cap for _, c in reversed(run) if c.cap is not None), None)
                highest = any(r.extra.get("highest") for r, _ in run)
                effect = next((c.effect for _, c in run if c.effect), None)
                merged_raw = Raw(first_raw.sentence, first_raw.conditions, run[-1][0].phrase, first_raw.form, first_raw.match,
                                  extra={"order": first_raw.extra["order"], "start": first_raw.start,
                                         "cap_end": run[-1][0].extra.get("cap_end", 0)})
                for r, _ in run:
                    r.extra["merged_into"] = merged_raw
                out.append((merged_raw, Clause(n=0, kind=Kind.TIERED, text="", tiers=tiers, sign=sign, cap=cap,
                                               highest=highest, effect=effect)))
                for r, _ in run:
                    if r.extra.get("group_cap"):
                        merged_raw.extra["group_cap"] = r.extra["group_cap"]
                i = j
                continue
        out.append(items[i])
        i += 1
    return out


def merge_ranks(items: list[tuple[Raw, Clause]], problems, norm, original, source) -> list[tuple[Raw, Clause]]:
    """第1名得10分，第2名得9分……以此类推 → one rank clause (first 10, step 1); 依次递减0.5分 and
    每后退一名减1分 give the step; places that do not fall on one step keep their own points."""
    out: list[tuple[Raw, Clause]] = []
    i = 0
    while i < len(items):
        raw, clause = items[i]
        if clause.kind != Kind.RANK or not _RANK_PARTS & set(raw.extra):
            out.append(items[i])
            i += 1
            continue
        j = i
        while j < len(items) and items[j][1].kind == Kind.RANK and _RANK_PARTS & set(items[j][0].extra):
            j += 1
        run = items[i:j]
        i = j
        places = sorted(p for r, _ in run for p in r.extra.get("places", [r.extra["rank"]] if "rank" in r.extra else []))
        steps = [r.extra["rank_step"] for r, _ in run if "rank_step" in r.extra]
        rest = [r.extra["rank_rest"] for r, _ in run if "rank_rest" in r.extra]
        sign = Sign.BONUS if any(r.form == "bonus" or c.sign == Sign.BONUS for r, c in run) else Sign.AWARD
        last = run[-1][0]
        merged_raw = Raw(raw.sentence, raw.conditions, last.phrase, raw.form, raw.match,
                          extra={**raw.extra, "start": raw.start, "cap_end": last.end})
        try:
            clause = _rank_clause(places, steps, original[norm.span(raw.start, last.end)[0]:])
            out.append((merged_raw, replace(clause, sign=sign, low=rest[0] if rest else None)))
        except Unreadable as e:
            problems.append(problem_at(e.code, e.message, [Phrase("", raw.start, last.end)], norm, original, source))
    return out


def _rank_clause(places: list[tuple[int, Decimal]], steps: list[Decimal], text: str) -> Clause:
    if not places:
        raise Unreadable("rank_step_without_rank", "写了名次间的分差，但没有写第一名的分值，请人工确认")
    if len(steps) > 1:
        raise Unreadable("rank_steps", "名次间的分差写了不止一个，请人工确认")
    numbers = [p for p, _ in places]
    if len(set(numbers)) != len(numbers):
        raise Unreadable("rank_repeated", "同一名次写了两个分值，请人工确认")
    if steps:
        step = steps[0]
        p1, a1 = places[0]
        first = a1 + (p1 - 1) * step
        if any(first - (p - 1) * step != a for p, a in places):
            raise Unreadable("rank_inconsistent", "各名次的分值与写明的分差不一致，请人工确认")
        return Clause(n=0, kind=Kind.RANK, text="", first=first, step=step)
    diffs = {(a1 - a2) / (p2 - p1) for (p1, a1), (p2, a2) in zip(places, places[1:])}
    so_on = re.search(r"以此类推|依此类推|依次类推|……|…", text)
    if len(places) >= 2 and len(diffs) == 1 and next(iter(diffs)) > 0:
        (p1, a1), step = places[0], next(iter(diffs))
        if so_on:
            return Clause(n=0, kind=Kind.RANK, text="", first=a1 + (p1 - 1) * step, step=step)
    if numbers != list(range(1, len(numbers) + 1)):
        raise Unreadable("rank_gap", "写明的名次不连续，其他名次的分值无法确定，请人工确认")
    if so_on:
        raise Unreadable("rank_so_on", "“以此类推”但写明的名次分差不一，其后名次的分值无法确定，请人工确认")
    # only the places written earn points (第一名得5分，第二名得3分，第三名得1分)
    return Clause(n=0, kind=Kind.RANK, text="", first=places[0][1], tiers=tuple(Tier(f"第{p}名", a) for p, a in places))


def band_of(raw: Raw) -> tuple[Decimal, Decimal | None] | None:
    """(lower bound, upper bound or None) of a banded-rate condition; the lowest band has bound 0."""
    cond = raw.condition.split(",")[-1] if raw.condition else ""  # the amount's own phrase included
    if m := BAND_RANGE.search(cond):
        low, high = next((a, b) for a, b in zip(m.groups()[::2], m.groups()[1::2]) if a)
        return Decimal(low) / 100, Decimal(high) / 100
    if m := BAND_BELOW.search(cond):
        return Decimal(0), Decimal(m.group(1) or m.group(2)) / 100
    if m := BAND_ABOVE.search(cond):
        return Decimal(next(g for g in m.groups() if g)) / 100, None
    if re.match(r"(?:否则?|其他|其余)$", cond.strip()):  # 完成率100%的得满分，否则不得分
        return Decimal(0), None
    return None


def _band_strict(raw: Raw) -> bool:
    """A band whose lower bound is not included: 满意度＞90% / 80%＜及时率＜95%."""
    cond = raw.condition.split(",")[-1] if raw.condition else ""
    return bool(re.search(rf"(?:>|高于|超过|大于)\s*{NUM}%|{NUM}%\s*<\s*[\u4e00-\u9fff]", cond))


def _outcome(raw: Raw, clause: Clause) -> Decimal | None:
    """What a written outcome is worth, for choices: 得2分 / 2分 / 满分 (None) / 不得分 (0)."""
    if clause.kind == Kind.ZERO and clause.scope == "item":
        return Decimal(0)
    if clause.kind == Kind.AWARD and not clause.per and clause.cap is None:
        return None if raw.extra.get("full") else clause.amount
    if clause.kind == Kind.RATE and raw.form in ("bare", "award"):
        return clause.amount
    return False  # type: ignore[return-value]  # not an outcome


def merge_choices(items, points, problems, norm, original, source):
    """按时完成得2分，逾期完成得1分，未完成不得分 → one grade clause (the outcomes are alternatives);
    90%以上满分，80%-90%得3分，80%以下不得分 → one banded clause."""
    items = _levels_as_outcomes(items, points)
    out: list[tuple[Raw, Clause]] = []
    i = 0
    while i < len(items):
        j = i
        while j < len(items) and _outcome(*items[j]) is not False:
            j += 1
        run = items[i:j] if j - i >= 2 else []
        merged, banded = None, False
        if run:
            # bands and other outcomes are separate choices (90%以上满分，…；未开通的，此项不得分); one
            # outcome that happens to name a rate (权重不足2%的得1分) does not make a band
            k, banded = _choice_length(run)
            run, j = run[:k], i + k
        if len(run) >= 2:
            try:
                alone = not _other_components(items, run)
                merged = _bands(run, points) if banded else _alternatives(run, points, alone=alone)
                if merged is None and not banded and len(run) > 2 and run[1][1].kind == Kind.ZERO:
                    run, j = run[:2], i + 2  # a component and its 不得分, beside other components
                    merged = _alternatives(run, points)
            except Unreadable as e:
                first, last = run[0][0], run[-1][0]
                problems.append(problem_at(e.code, e.message, [Phrase("", first.start, last.end)], norm, original, source))
                i = j
                continue
        if merged is None:
            out.append(items[i])
            i += 1
            continue
        first, last = run[0][0], run[-1][0]
        raw = Raw(first.sentence, first.conditions, last.phrase, first.form, first.match,
                   extra={"order": first.extra["order"], "start": first.start, "cap_end": last.end})
        out.append((raw, merged))
        i = j
    return out


def _choice_length(run) -> tuple[int, bool]:
    """How many outcomes from the start of a run belong to one choice, and whether it is banded."""
    flags = [band_of(raw) is not None for raw, _ in run]
    if flags[0] and len(flags) > 1 and flags[1]:
        k = 2
        while k < len(flags) and flags[k]:
            k += 1
        return k, True
    k = 1
    while k < len(flags) and not (flags[k] and k + 1 < len(flags) and flags[k + 1]):
        k += 1
    return k, False


def _bands(run, points) -> Clause | None:
    bounds = [band_of(raw) for raw, _ in run]
    if any(b is None for b in bounds):
        return None
    bands = sorted(((low, upper, _outcome(raw, c), _band_strict(raw)) for (low, upper), (raw, c) in zip(bounds, run)),
                   key=lambda b: b[0], reverse=True)
    lows = [b[0] for b in bands]
    if len(set(lows)) != len(lows):
        raise Unreadable("bands_overlap", "分段区间重叠，请人工确认")
    for (low, *_), (_, upper, *_) in zip(bands, bands[1:]):
        if upper is not None and not Decimal(0) <= low - upper <= Decimal("0.001"):  # 90%-94.9% meets 95%以上
            raise Unreadable("bands_gap", "分段区间不衔接（有空档或重叠），请人工确认")
    if bands[0][1] is not None and bands[0][1] < 1 and not _band_is_open(run, bands[0][0]):
        raise Unreadable("bands_gap", "最高一段没有写到100%，其上的得分无法确定，请人工确认")
    amounts = [a for _, _, a, _ in bands]
    if points is not None and any(a is not None and a > points for a in amounts):
        raise Unreadable("bands_exceed", "分段的分值超过本项分值，请人工确认")
    variable = _band_subject(run[0][0])
    return Clause(n=0, kind=Kind.BANDS, text="", variable=variable,
                  bands=tuple(Band(low, amount, strict) for low, _, amount, strict in bands)
                  + (() if lows[-1] == 0 else (Band(Decimal(0), Decimal(0)),)))


def _band_subject(raw: Raw) -> str | None:
    cond = ",".join(p.text for p in raw.conditions) + (raw.phrase.text[: raw.match.start()] if raw.match else "")
    m = re.search(r"([\u4e00-\u9fff]{1,12}率)", cond)
    return m.group(1) if m else None


def _other_components(items, run) -> bool:
    """Whether the item earns points from parts other than this run (公开预算1分，…): a 不得分 in the
    run then takes only its own part's points."""
    inside = {id(raw) for raw, _ in run}
    return any(id(raw) not in inside and c.kind in (Kind.AWARD, Kind.GRADE, Kind.BANDS) for raw, c in items)


def _alternatives(run, points, alone: bool = False) -> Clause | None:
    labels = [tier_label(raw) for raw, _ in run]
    amounts = [_outcome(raw, c) for raw, c in run]
    if len(run) == 2 and run[1][1].kind == Kind.ZERO:
        missing = re.sub(r"^(?:未|没有|不|无)", "", labels[1])
        generic = re.fullmatch(r"(?:逾期|超期|延期|否则|未完成|未按时|未按期|未达到|不符合|没有|未|无)\S{0,2}", labels[1])
        if alone or re.search(r"本项|此项|该项|大项", run[1][0].phrase.text) or not (generic or len(missing) >= 2 and missing in labels[0]):
            return None  # …得1分；未完成的不得分 as the whole item: two clauses, either fact says it
        # 年度报表…公开得1分，逾期不得分；年度报告…得1分，逾期不得分: the 不得分 is that component's
        if amounts[0] is None or len(set(labels)) != 2:
            return None
        return Clause(n=0, kind=Kind.GRADE, text="", tiers=(Tier(labels[0], amounts[0]), Tier(labels[1] or "未达到", Decimal(0))))
    if any(a is None for a in amounts) or not any(amounts):
        if any(a is None for a in amounts) and points is not None:
            amounts = [points if a is None else a for a in amounts]
        else:
            return None
    grades = [grade_in(label) for label in labels]
    if all(grades) and len(set(grades)) == len(grades):
        return Clause(n=0, kind=Kind.GRADE, text="", tiers=tuple(Tier(g, a) for g, a in zip(grades, amounts)))
    if len(set(labels)) != len(labels):
        return None
    cores = {ALTERNATIVE_PREFIX.sub("", label) for label in labels}
    # the same act done well, late or not at all; or outcomes worth more together than the item
    exclusive = len(cores) == 1 and next(iter(cores)) or (
        points is not None and sum(amounts) > points and max(amounts) == points and amounts[-1] < amounts[0])
    if exclusive:
        return Clause(n=0, kind=Kind.GRADE, text="", tiers=tuple(Tier(label, a) for label, a in zip(labels, amounts)))
    return None


def _band_is_open(run, top_low: Decimal) -> bool:
    """满意度＞90%的得3分，80%（含）-90%（含）… : a top band written as 高于 reaches 100%."""
    return any(band_of(raw) == (top_low, None) for raw, _ in run)


def _levels_as_outcomes(items, points):
    """创建省级示范点的得3分，市级…2分，县级…1分；未创建示范点的不得分: levels worth more together
    than the item, closed by a 不得分, are alternatives: one grade clause, the best by default."""
    out = list(items)
    for i in range(len(out) - 1):
        (raw, c), (raw2, c2) = out[i], out[i + 1]
        if c.kind == Kind.TIERED and c.sign == Sign.AWARD and c.cap is None and not c.highest and points is not None \
                and sum(t.amount for t in c.tiers) > points and c2.kind == Kind.ZERO and c2.scope == "item":
            tiers = c.tiers + (Tier(tier_label(raw2), Decimal(0)),)
            merged = Raw(raw.sentence, raw.conditions, raw2.phrase, raw.form, raw.match,
                          extra={"order": raw.extra["order"], "start": raw.start, "cap_end": raw2.end})
            out[i:i + 2] = [(merged, Clause(n=0, kind=Kind.GRADE, text="", tiers=tiers))]
            break
    return out


def bind_guards(clauses: list[Clause]) -> list[Clause]:
    """A guard on a formula's variable (错误率超过30%的，直接扣2分) replaces the formula when it holds."""
    out = list(clauses)
    for i, c in enumerate(out):
        if c.kind != Kind.GUARD or c.amount is None:
            continue
        for f in reversed(out[:i]):
            if f.kind == Kind.FORMULA:
                names = set(variables_of(f.expression)) | {name for name, _ in f.definitions}
                if c.variable in names:
                    out[i] = replace(c, replaces=f.n)
                break
    return out
