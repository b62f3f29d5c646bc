"""Scoring text → `Rule`: read a Chinese 评分标准 the way a careful county official does.

The text is normalised, cut into sentences (at 。 ; and enumeration marks) and each sentence
into phrases (at commas). A phrase carrying an amount (扣2分, 加0.5分, 得10分, 1分, 不得分…)
closes a clause whose condition is the phrases before it; a cap phrase (扣分上限为4分) limits
the clause of its sentence, or the sum of several. Each clause is then typed by what its
condition says (每…, 不得少于90%, 每13天, 9月底前, 第1名…). Whatever carries points but fits no
rule is returned as a `Problem` with its position, so a person scores it; nothing is dropped.

The words it looks for are in `wording.py`, a clause in the making in `drafts.py`, the joining of
clauses that form one rule (tiers, ranks, alternatives, bands) in `merging.py`, and the check of
a finished reading against its text in `fidelity.py`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from .clauses import KIND_FIELDS, Band, CapGroup, Clause, Kind, Peak, Rule, Sign, Tier
from .drafts import (
    Phrase,
    Raw,
    Unreadable,
    grade_in,
    level_of,
    place_number,
    problem_at,
    sign_of,
)
from .errors import Problem, ScoringError
from .fidelity import check_reading
from .formula import parse_formula, variables_of
from .merging import band_of, bind_guards, merge_choices, merge_ranks, merge_tiers
from .normalize import chinese_number, normalize
from .roles import DEDUCT, role_of
from .wording import (
    AMOUNT_IN,
    AMOUNTS,
    BOTH_CAPS,
    BRACKETED_POINTS,
    CAPS,
    DATE,
    DECLARED,
    DEFINITION,
    EFFECT,
    EFFECT_TAIL,
    ENUM,
    EXAMPLE,
    FLOOR,
    FORMULA,
    FREQ,
    GUARD,
    HIGHEST,
    INLINE_GRADE,
    LEADING_NUMBER,
    LESS,
    LEVELS,
    MANUAL,
    NO_POINTS,
    NOTE,
    PEAK,
    PER,
    PER_N,
    PLACES,
    POINTS_STATEMENT,
    RANK,
    RATE,
    RATE_BEFORE,
    REQUIRED_FREQUENCY,
    SCORING_NOUN,
    SCORING_WORD,
    STEP,
    THRESHOLD,
    TITLE,
    WITHIN_FULL,
    ZERO_WORDS,
)


def parse_rule(text: str | None, bonus_text: str | None = None, points: Decimal | None = None) -> Rule:
    """Parse an item's scoring text and bonus text (numbering continues into the bonus text)."""
    clauses: list[Clause] = []
    caps: list[CapGroup] = []
    problems: list[Problem] = []
    requirements: list[str] = []
    declared = None
    for source, raw_text in (("text", text), ("bonus_text", bonus_text)):
        if not raw_text or not raw_text.strip():
            continue
        part = _parse_one(raw_text, source, len(clauses), points)
        declared = declared if source == "bonus_text" else part.declared_points
        clauses.extend(part.clauses)
        caps.extend(part.caps)
        problems.extend(part.problems)
        requirements.extend(part.requirements)
    if not clauses and not problems and text and text.strip():
        # A criterion with points and no rule (寻乌: “……（3分）”): scored by a person, full by default.
        high = declared if declared is not None else points
        if re.search(r"[优良中差好][、,][优良中差好较]|等次|档次", text):
            problems.append(Problem("grades_without_points", "写了等次，但没有写各等次的分值，请人工确认", text.strip(), 0, len(text)))
        elif high is not None:
            clauses.append(Clause(1, Kind.MANUAL, text.strip(), high=high, sign=Sign.AWARD, start=0, end=len(text)))
            requirements = []
    return Rule(tuple(clauses), tuple(caps), tuple(problems), declared, tuple(requirements))


@dataclass
class _Part:
    clauses: list[Clause]
    caps: list[CapGroup]
    problems: list[Problem]
    requirements: list[str]
    declared_points: Decimal | None


def _parse_one(original: str, source: str, offset: int, points: Decimal | None = None) -> _Part:
    norm = normalize(original)
    text = norm.text
    declared = None
    body_end = len(text)
    m = DECLARED.search(text)
    # the item's points written at the end (…（3分）), unless every part has its own (（1）…（0.5分）；（2）…（0.5分）)
    if m and not INLINE_GRADE.search(text[max(0, m.start() - 5):m.end()]) and len(BRACKETED_POINTS.findall(text)) < 2:
        declared = Decimal(m.group(1))
        body_end = m.start()
    body_start = 0
    m = LEADING_NUMBER.match(text)
    if m and m.end() < body_end:
        body_start = m.end()
    problems: list[Problem] = []
    sentences = _sentences(text, body_start, body_end)
    definitions = _definitions(text)
    unreadable = {name for name, expression in definitions.items() if expression is None}
    definitions = {name: expression for name, expression in definitions.items() if expression is not None}
    raws: list[Raw] = []
    requirements: list[str] = []
    standalone_caps: list[tuple[int, Sign | None, Decimal, Phrase]] = []
    carry: list[Phrase] = []
    for index, (s_start, s_end) in enumerate(sentences):
        phrases = _phrases(text, s_start, s_end)
        if not phrases:
            continue
        sentence_text = text[s_start:s_end]
        if len(INLINE_GRADE.findall(sentence_text)) >= 2:  # 等次：好(6) 较好(4) 一般(2) 差(0)
            raws.append(Raw(index, list(carry), Phrase(sentence_text.strip(" 。;."), s_start, s_end), "inline_grade", None))
            carry = []
            continue
        formula = FORMULA.search(sentence_text)
        if formula:
            raws.append(Raw(index, carry, Phrase(sentence_text, s_start, s_end), "formula", formula))
            carry = []
            rest = _phrases_after_formula(phrases, formula, s_start)
        else:
            rest = phrases
        pending: list[Phrase] = list(carry) if not formula else []
        carry = []
        sentence_raws: list[Raw] = [r for r in raws if r.sentence == index]
        waiting: tuple[str, Phrase] | None = None  # a consequence written before its rule's amount
        for k, phrase in enumerate(rest):
            if EXAMPLE.match(phrase.text):  # 例如全年报送18条扣0.2分: an illustration, not a rule
                requirements.append(",".join(p.text for p in rest[k:]))
                pending = []
                break
            both = BOTH_CAPS.fullmatch(phrase.text.strip(" 。."))
            if both:  # 加分、扣分均以2分为限: one cap for the bonuses, one for the deductions
                for sign in (Sign.DEDUCT, Sign.BONUS):
                    standalone_caps.append((len(raws), sign, Decimal(both.group(1)), phrase))
                pending = []
                continue
            effect = EFFECT.match(phrase.text.strip(" ()"))
            if effect:  # 同时取消评优资格 / …的，一票否决: a consequence, not points
                if sentence_raws and not pending:
                    sentence_raws[-1].extra.update(effect=effect.group(1), cap_end=phrase.end)
                else:  # …的，一票否决[，本项不得分]: it goes with the rule that follows, else stands alone
                    waiting = (effect.group(1), phrase)
                continue
            if HIGHEST.search(phrase.text) and not _amount(phrase.text) and (sentence_raws or raws):
                target = (sentence_raws or raws)[-1]
                target.extra.update(highest=True, cap_end=max(phrase.end, target.end))
                continue
            cap = _cap(phrase.text)
            amount = None if cap else _amount(phrase.text)
            if cap:
                sign, value = cap
                if any(MANUAL.search(p.text) for p in pending):  # 酌情评分，最高不超过3分
                    raw = Raw(index, pending[:-1], pending[-1], "manual", None, cap=value, extra={"cap_end": phrase.end})
                    raws.append(raw)
                    sentence_raws.append(raw)
                elif sentence_raws:
                    _attach_cap(sentence_raws, sign, value, phrase)
                else:
                    standalone_caps.append((len(raws), sign, value, phrase))
                pending = []
                continue
            if FLOOR.fullmatch(phrase.text.strip(" 。.")) or _definition_only(phrase.text) or WITHIN_FULL.fullmatch(
                    phrase.text.strip(" 。.")) or POINTS_STATEMENT.fullmatch(phrase.text.strip(" 。.")) or _is_title(phrase.text, points):
                continue
            if amount:
                form, match = amount
                raw = Raw(index, pending, phrase, form, match)
                if waiting:
                    raw.extra["effect"], waiting = waiting[0], None
                inner = _cap(phrase.text[match.end():]) if form in ("deduct", "bonus", "award", "bare") else None
                if inner:
                    raw.cap = inner[1]
                raws.append(raw)
                sentence_raws.append(raw)
                pending = []
            else:
                pending.append(phrase)
        if waiting:
            raw = Raw(index, pending, waiting[1], "consequence", None, extra={"effect": waiting[0]})
            raws.append(raw)
            sentence_raws.append(raw)
            pending = []
        if pending:
            joined = ",".join(p.text for p in pending)
            if any(MANUAL.search(p.text) for p in pending):
                raw = Raw(index, pending[:-1], pending[-1], "manual", None)
                raws.append(raw)
                sentence_raws.append(raw)
            elif NO_POINTS.search(joined) or SCORING_NOUN.search(joined) and not re.search(r"\d", joined):
                requirements.append(joined)  # 不扣分 / 同一问题不重复扣分: says what does not score
            elif re.search(r"(?<!不)(?<!不再)(?<!重复)(?:扣|加|扣分|加分)$", joined.strip()):
                problems.append(problem_at("amount_missing", "写了扣分或加分，但没有写分值，请人工确认", pending, norm, original, source))
            elif sentence_raws and not SCORING_WORD.search(joined):
                requirements.append(joined)
            elif SCORING_WORD.search(joined) or re.search(r"扣|加分", joined):
                problems.append(problem_at("not_understood", "含有计分内容但未能识别为规则，请人工确认", pending, norm, original, source))
            elif joined.rstrip().endswith("的") or re.search(r"的[,]?$|情形[,:]?$|下列", joined):
                carry = pending  # “…报道的；被…表扬的，每项加3分”: the condition continues
            else:
                requirements.append(joined)
    if carry:
        requirements.append(",".join(p.text for p in carry))
    for order, raw in enumerate(raws):
        raw.extra["order"] = order
        raw.extra["before"] = raws[order - 1].condition if order else ""
    typed: list[tuple[Raw, Clause]] = []
    for raw in raws:
        try:
            typed.append((raw, _type(raw, definitions, points)))
        except Unreadable as e:
            problems.append(problem_at(e.code, e.message, raw.conditions + [raw.phrase], norm, original, source))
    merged = merge_tiers(typed, problems, norm, original, source)
    merged = merge_ranks(merged, problems, norm, original, source)
    merged = merge_choices(merged, points, problems, norm, original, source)
    if not any(c.kind == Kind.RATE for _, c in merged):  # 达到100%得2分，每降低10个百分点扣0.5分: a target
        merged = [_rated_award(r, c) for r, c in merged]
    # …扣0.25分；全年检查及公开工作均完成的，得满分: full marks said after the deductions restate the points
    merged = [(r, c) for k, (r, c) in enumerate(merged)
              if not (r.extra.get("full") and c.kind == Kind.AWARD and any(role_of(d) == DEDUCT for _, d in merged[:k]))]
    numbered: list[Clause] = []
    number_of: dict[int, int] = {}
    for raw, clause in merged:
        n = offset + len(numbered) + 1
        a, b = norm.span(raw.start, raw.end)
        number_of[id(raw)] = n
        numbered.append(replace(clause, n=n, source=source, text=_balanced(original[a:b].strip()), start=a, end=b))
    caps: list[CapGroup] = []
    for position, sign, value, phrase in standalone_caps:
        # A cap standing as its own sentence limits every clause of its sign written before it; one
        # written first (本项最多扣3分，每发现一处错误扣0.5分) limits those after it.
        before = [(raw, c) for raw, c in merged if raw.extra["order"] < position]
        if not before and position == 0:
            before = list(merged)
        if sign is None and before:
            sign = sign_of(before[-1][1])
        targets = [number_of[id(raw)] for raw, c in before if sign is not None and sign_of(c) == sign]
        if not targets:
            problems.append(problem_at("cap_without_clause", "上限没有对应的计分条款", [phrase], norm, original, source))
            continue
        a, b = norm.span(phrase.start, phrase.end)
        if len(targets) == 1 and sign != Sign.AWARD:
            i = targets[0] - offset - 1
            numbered[i] = replace(numbered[i], cap=value)
        else:
            caps.append(CapGroup(tuple(targets), value, sign or Sign.DEDUCT, original[a:b].strip()))
    for raw, _ in merged:
        if raw.extra.get("group_cap"):
            sign, value, members = raw.extra["group_cap"]
            targets = sorted({number_of[id(m.extra.get("merged_into", m))] for m in members if id(m.extra.get("merged_into", m)) in number_of})
            if len(targets) == 1:  # the clauses it named were merged into one (a tiered clause)
                i = targets[0] - offset - 1
                numbered[i] = replace(numbered[i], cap=value)
            elif targets:
                caps.append(CapGroup(tuple(targets), value, sign))
    numbered = bind_guards(numbered)
    for clause in numbered:
        if clause.kind == Kind.FORMULA and unreadable & set(variables_of(clause.expression)):
            problems.append(problem_at("definition_unreadable", f"“{'、'.join(sorted(unreadable))}”的算法写法无法识别，请人工确认",
                                     [Phrase("", 0, len(text))], norm, original, source))
    if not problems:  # a reading that looks complete is checked against the text before it is trusted
        problems = check_reading(original, norm, numbered, caps, declared, points, source)
    return _Part(numbered, caps, problems, requirements, declared)


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = {start, end}
    for m in re.finditer(r"[。;]|(?<=分)\s+(?=[\u4e00-\u9fff])", text[start:end]):  # OCR: …扣2分 未公开…
        cuts.add(start + m.start())
        cuts.add(start + m.end())
    for m in ENUM.finditer(text, start, end):
        cuts.add(m.start())
        cuts.add(m.end())
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        piece = text[a:b]
        if piece.strip(" 。;.") and not ENUM.fullmatch(piece.strip()):
            out.append((a, b))
    return out


def _phrases(text: str, start: int, end: int) -> list[Phrase]:
    """The phrases of a sentence, cut at commas (and colons) outside brackets. A bracket holding
    several amounts (（无专人负责的扣1分，无工作台账的扣1分）) is cut inside too, and parts joined
    by 、 that each carry an amount (公开年度计划1分、公开完成情况1分) are phrases of their own."""
    cuts = _bracket_cuts(text, start, end)
    out = []
    pos = start
    depth = 0
    for i in range(start, end + 1):
        c = text[i] if i < end else ","
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        if (c == "," or c == ":") and (depth == 0 or i in cuts) or i == end:
            for a, b in _enumerated(text, pos, i):
                piece = text[a:b]
                stripped = piece.strip(" 。;.")
                if stripped:
                    lead = len(piece) - len(piece.lstrip(" 。;."))
                    out.append(Phrase(stripped, a + lead, a + lead + len(stripped)))
            pos = i + 1
    return out


def _bracket_cuts(text: str, start: int, end: int) -> set[int]:
    """Commas inside a bracket that holds two or more amounts: each part there is its own clause."""
    cuts: set[int] = set()
    for m in re.finditer(r"\(([^()]*)\)", text[start:end]):
        if len(AMOUNT_IN.findall(m.group(1))) >= 2:
            base = start + m.start(1)
            cuts.update(base + j for j, ch in enumerate(m.group(1)) if ch == ",")
    return cuts


def _enumerated(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A phrase cut at 、 when every part carries its own amount (国家级加3分、省级加2分), else whole."""
    piece = text[start:end]
    if "、" not in piece or len(AMOUNT_IN.findall(piece)) < 2 or re.search("分别|依次", piece):
        return [(start, end)]
    parts, pos = [], start
    for m in re.finditer("、", piece):
        parts.append((pos, start + m.start()))
        pos = start + m.end()
    parts.append((pos, end))
    if all(AMOUNT_IN.search(text[a:b]) or ZERO_WORDS.search(text[a:b]) for a, b in parts):
        return parts
    return [(start, end)]


def _phrases_after_formula(phrases: list[Phrase], formula: re.Match, s_start: int) -> list[Phrase]:
    """Phrases of a formula sentence that are not the formula itself (guards, deductions)."""
    f_start = s_start + formula.start()
    out = []
    for p in phrases:
        if p.end <= f_start:
            continue
        if "=" in p.text or _definition_only(p.text) or p.start <= f_start + len(formula.group(0)) and not formula.group(2):
            continue
        out.append(p)
    return out


def _definitions(text: str) -> dict[str, str | None]:
    defs = {}
    for m in DEFINITION.finditer(text):
        name, expression = m.group(1), m.group(2).strip()
        if "得分" in name:
            continue
        try:
            parse_formula(expression)
        except ScoringError:
            defs[name] = None  # written but not readable (回复率=（1个工作日内回复数÷留言总数）×100%)
            continue
        defs[name] = expression
    for m in re.finditer(r"([\u4e00-\u9fff]+率)\s*=", text):  # written, but in a form not read
        defs.setdefault(m.group(1), None)
    return defs


def _definition_only(text: str) -> bool:
    return bool(re.fullmatch(r"\(?\s*[\u4e00-\u9fff]+率\s*=.*", text)) and not SCORING_WORD.search(text)


def _cap(text: str) -> tuple[Sign | None, Decimal] | None:
    for sign, pattern in CAPS:
        m = pattern.search(text)
        if m and not re.search(r"扣\d|加\d", text[: m.start()]):
            return sign, Decimal(next(g for g in m.groups() if g))
    return None


def _amount(text: str) -> tuple[str, re.Match] | None:
    for form, pattern in AMOUNTS:
        m = pattern.search(text)
        if m:
            if form == "bare" and re.search(r"得分|赋分|分值|满分", text[: m.start()]):
                continue
            return form, m
    return None


def _attach_cap(sentence_raws: list[Raw], sign: Sign | None, value: Decimal, phrase: Phrase) -> None:
    """A cap inside a sentence limits its one clause, or the sum of several of its sign."""
    def sign_of(raw: Raw) -> Sign | None:
        return {"deduct": Sign.DEDUCT, "bonus": Sign.BONUS, "award": Sign.AWARD, "bare": Sign.AWARD}.get(raw.form)

    if sign is None:
        sign = sign_of(sentence_raws[-1]) or Sign.DEDUCT
    members = [r for r in sentence_raws if sign_of(r) == sign and r.cap is None] or [sentence_raws[-1]]
    amounts = [Decimal(r.match.group(1)) for r in members if r.match is not None and r.match.re.groups == 1]
    if len(members) > 1 and amounts and value < max(amounts):
        members = members[-1:]  # 缺少一个板块扣1分，…每个扣0.1分，最多扣0.5分: the cap is the last clause's
    if len(members) == 1:
        members[0].cap = value
        members[0].extra["cap_end"] = phrase.end
    else:
        members[-1].extra["group_cap"] = (sign, value, members)


# ---- typing one raw clause -----------------------------------------------------------------

def _type(raw: Raw, definitions: dict[str, str], points: Decimal | None = None) -> Clause:
    clause = _typed(raw, definitions, points)
    if clause.kind == Kind.PER_OCCURRENCE:
        group = PER_N.search(raw.condition + (raw.phrase.text[: raw.match.start()] if raw.match else ""))
        if group and int(group.group(1)) >= 2:  # 每发现2处错别字扣0.1分: one deduction per two findings
            clause = replace(clause, step=Decimal(group.group(1)))
    effect = raw.extra.get("effect")
    if raw.match is not None and not effect:
        tail = EFFECT_TAIL.search(raw.phrase.text[raw.match.end():])
        effect = tail.group(1) if tail else None
    if effect and clause.kind != Kind.CONSEQUENCE:
        if "effect" not in KIND_FIELDS[clause.kind]:
            raise Unreadable("effect_without_trigger", f"“{effect}”跟在{clause.kind.label}条款之后，无法确定何时适用，请人工确认")
        clause = replace(clause, effect=effect)
    if raw.extra.get("highest") or (raw.match is not None and HIGHEST.search(raw.phrase.text[raw.match.end():])):
        raw.extra["highest"] = True
        if clause.kind == Kind.TIERED:
            clause = replace(clause, highest=True)
    return clause


def _typed(raw: Raw, definitions: dict[str, str], points: Decimal | None) -> Clause:
    cond = raw.condition
    m = raw.match
    base = dict(n=0, text="", cap=raw.cap)
    if raw.form == "consequence":
        return Clause(n=0, kind=Kind.CONSEQUENCE, text="", effect=raw.extra["effect"])
    if raw.form == "inline_grade":
        tiers = tuple(Tier(label, Decimal(amount)) for label, amount, _ in INLINE_GRADE.findall(raw.phrase.text))
        if len({t.label for t in tiers}) != len(tiers):
            raise Unreadable("grade_repeated", "等次名称重复，请人工确认")
        return Clause(n=0, kind=Kind.GRADE, text="", tiers=tiers)
    if raw.form in ("rank_step", "rank_rest"):
        raw.extra[raw.form] = Decimal(m.group(1))
        return Clause(n=0, kind=Kind.RANK, text="", first=Decimal(0), step=Decimal(m.group(1)))
    if raw.form == "minimum":
        raise Unreadable("minimum", "写了最低得分，本系统不能按此保底计分，请人工确认")
    if points is None and (raw.form in ("deduct_share", "share_list", "share", "full")
                           or raw.form == "list" and "全部分值" in raw.phrase.text):
        raise Unreadable("needs_points", "按本项分值计分（满分、一半分值、全部分值…），要知道本项分值，请写明分值")
    if raw.form == "deduct_share":  # 扣除该项全部分值 / 扣该项一半分值
        percent = m.group(2) or m.group(3)
        share = Decimal(percent) / 100 if percent else Decimal(1) if "全部" in m.group(1) else Decimal("0.5")
        return Clause(n=0, kind=Kind.ONCE, text="", amount=points * share)
    if raw.form == "share_list":  # 分为好、较好、一般、差，得分分别为满分、80%、60%、30%
        shares = [points if s.strip() == "满分" else points * Decimal(s.strip().rstrip("%")) / 100
                  for s in re.split(r"[、,]", m.group(1))]
        labels = _enumeration(cond, len(shares))
        if labels is None:
            raise Unreadable("list_mismatch", f"“分别”后的{len(shares)}个分值找不到对应的{len(shares)}个对象")
        return Clause(n=0, kind=Kind.GRADE, text="", tiers=tuple(Tier(label, a) for label, a in zip(labels, shares)))
    if raw.form == "share":  # 得一半分值 / 得满分的80%: a share of the item's own points
        percent = m.group(2) or m.group(4)
        share = Decimal(percent) / 100 if percent else Decimal("0.5")
        return Clause(n=0, kind=Kind.AWARD, text="", amount=points * share, per=False)
    if raw.form == "full":
        rank = RANK.search(raw.phrase.text)
        place = PLACES.search((cond.split(",")[-1] if cond else "") + raw.phrase.text[: m.start()])
        if rank or place:  # 第一名得满分 / 综合排名第一的得满分
            number = int(rank.group(1)) if rank else place_number(place.group(1) or place.group(2) or "1")
            raw.extra["rank"] = (number, points)
            return Clause(n=0, kind=Kind.RANK, text="", first=points, step=Decimal(1))
        raw.extra["full"] = True
        return Clause(n=0, kind=Kind.AWARD, text="", amount=points, per=False)
    if raw.form == "formula":
        body = m.group(2) if m.group(2) is not None else m.group(4)  # 得分=… / 按（完成数/任务数）×2计分
        expression = _clean_expression(body)
        for name, inner in re.findall(r"([\u4e00-\u9fff]+率)\s*\(([^()]*?/[^()]*?)\)", body):
            definitions = {**definitions, name: inner.strip()}
        for name in variables_of(expression) if _parses(expression) else ():
            longer = [d for d in definitions if d != name and d.endswith(name)]
            if name not in definitions and len(longer) == 1:
                definitions = {**definitions, name: definitions[longer[0]]}
        try:
            parse_formula(expression)
        except ScoringError as e:
            raise Unreadable("bad_formula", e.message) from None
        return Clause(n=0, kind=Kind.FORMULA, text="", expression=expression, definitions=tuple(definitions.items()))
    if raw.form == "manual":
        words = cond + raw.phrase.text
        sign = Sign.BONUS if "加分" in words else Sign.DEDUCT if "扣分" in words else Sign.AWARD
        return Clause(n=0, kind=Kind.MANUAL, text="", high=raw.cap, sign=sign)
    if raw.form == "zero" and (guard := GUARD.search(cond)):  # 超期率超过50%的，此项不得分
        direction = "above" if guard.group(2) in ("超过", "高于", "大于") else "below"
        return Clause(n=0, kind=Kind.GUARD, text="", variable=_variable_name(guard.group(1), definitions),
                      threshold=Decimal(guard.group(3)) / 100, direction=direction)
    if raw.form == "zero":
        phrase = raw.phrase.text
        scope = "group" if "大项" in phrase else "scheme" if re.search(r"总分|总得分|工作得分|考核得分|全年得分", phrase) else "item"
        return Clause(n=0, kind=Kind.ZERO, text="", scope=scope)
    if raw.form == "negative":
        return Clause(n=0, kind=Kind.NEGATIVE, text="", amount=Decimal(m.group(1)), per=bool(PER.search(cond + raw.phrase.text[: m.start()])))
    if raw.form == "range":
        low, high = Decimal(m.group(2)), Decimal(m.group(3))
        if low > high:
            raise Unreadable("bad_range", f"区间 {low}-{high} 分下限大于上限")
        # 酌情扣1-3分: a judged deduction; 视情况加0.5-1分: a judged bonus
        sign = Sign.BONUS if m.group(1) == "加" else Sign.DEDUCT if m.group(1) else Sign.AWARD
        return Clause(n=0, kind=Kind.RANGE, text="", low=low, high=high, sign=sign)
    if raw.form == "list":
        return _list_clause(raw, m, points)
    if raw.form == "deduct" and re.search(r"分别$", raw.phrase.text[: m.start()].strip()):
        objects = _objects(",".join(c.text for c in raw.conditions))
        if objects:  # 政府网站、政务新媒体未按要求更新的，分别扣1分: each object its own tier
            return Clause(n=0, kind=Kind.TIERED, text="", tiers=tuple(Tier(o, Decimal(m.group(1))) for o in objects),
                          sign=Sign.DEDUCT, cap=raw.cap)
    if raw.form == "deduct_after":  # 按0.2分/条扣分
        return Clause(**base, kind=Kind.PER_OCCURRENCE, amount=Decimal(m.group(1)))
    amount = Decimal(m.group(1))
    rank = RANK.search(raw.phrase.text)
    if rank:
        raw.extra["rank"] = (int(rank.group(1)), Decimal(rank.group(2)))
        return Clause(n=0, kind=Kind.RANK, text="", first=Decimal(rank.group(2)), step=Decimal(1))
    places = PLACES.search((cond.split(",")[-1] if cond else "") + raw.phrase.text[: m.start()])
    if places and raw.form in ("award", "bonus", "bare"):  # 排名第一的，加3分；排名第二至第五的，加1分
        if places.group(4):  # 前3名
            a, b = 1, place_number(places.group(4))
        else:
            a = place_number(places.group(1) or places.group(2))
            b = place_number(places.group(3)) if places.group(3) else a
        raw.extra["places"] = [(p, amount) for p in range(a, b + 1)]
        return Clause(n=0, kind=Kind.RANK, text="", first=amount, step=Decimal(1))
    rate = RATE.search(cond)
    if rate and re.search(r"每", cond[rate.end():] + raw.phrase.text[: m.start()]) and not STEP.search(cond + raw.phrase.text):
        rate = None  # 覆盖率达到100%，每少1个扣0.5分: counted per missing one, not by the rate
    if rate and len(RATE.findall(cond)) >= 2 and PER.search(cond) and not STEP.search(cond + raw.phrase.text):
        rate = None  # 二级链接支持率达到100%、三级链接支持率达到95%以上，每项未达到的扣0.5分: counted per target
    if rate is None and raw.form == "deduct" and STEP.search(cond + raw.phrase.text):
        rate = RATE_BEFORE.search(raw.extra.get("before", ""))
    if raw.form in ("deduct", "bare") and rate and not GUARD.search(cond[: rate.end()] if rate else "") or (
        raw.form in ("deduct", "bare") and rate and STEP.search(cond + raw.phrase.text)
    ):
        return _rate_clause(raw, rate, amount, cond)
    guard = GUARD.search(cond)
    if raw.form == "deduct" and guard:
        direction = "above" if guard.group(2) in ("超过", "高于", "大于") else "below"
        return Clause(**base, kind=Kind.GUARD, variable=_variable_name(guard.group(1), definitions),
                      threshold=Decimal(guard.group(3)) / 100, direction=direction, amount=amount)
    freq = FREQ.search(cond)
    if raw.form in ("deduct", "bare") and freq:
        peaks = tuple(Peak(tuple(range(int(p.group(1)), int(p.group(2)) + 1)), int(p.group(3))) for p in PEAK.finditer(cond))
        return Clause(**base, kind=Kind.FREQUENCY, period_days=int(freq.group(1)), minimum=int(freq.group(2)), peaks=peaks, amount=amount)
    before = raw.phrase.text[: m.start()]
    # A cap only makes sense on something that repeats: 扣1分，扣分上限为3分 counts each finding.
    per = bool(PER.search(REQUIRED_FREQUENCY.sub("", cond)) or PER.search(before) or PER.search(raw.phrase.text[m.end():]) or raw.cap is not None
               or raw.form == "deduct" and THRESHOLD.search(cond + before))
    if raw.form == "bare" and (LESS.search(before.strip()) or LESS.search(cond.split(",")[-1].strip() if cond else "")):
        return Clause(**base, kind=Kind.PER_OCCURRENCE, amount=amount)
    if raw.form == "deduct":
        # 7月、9月、11月底前各开展一次: the 底 written once belongs to every month of the list
        written = re.sub(r"(\d{1,2})月(?=、(?:\d{1,2}月、)*\d{1,2}月(?:底|末))", r"\1月底", NOTE.sub("", cond + before))
        dates = tuple(DATE.findall(written))
        if dates and re.search(r"前|未于|未在|未按时|逾期|以前|之前", cond + before):
            return Clause(**base, kind=Kind.DEADLINE, dates=dates, amount=amount, per=per and len(dates) > 1 or bool(re.search(r"每", cond + before)))
        return Clause(**base, kind=Kind.PER_OCCURRENCE if per else Kind.ONCE, amount=amount) if per else Clause(n=0, kind=Kind.ONCE, text="", amount=amount)
    if raw.form == "bonus":
        return Clause(**base, kind=Kind.BONUS, amount=amount, per=per)
    return Clause(**base, kind=Kind.AWARD, amount=amount, per=per)


def _rate_clause(raw: Raw, rate: re.Match, amount: Decimal, cond: str) -> Clause:
    word = rate.group(1)
    direction = "max" if word in ("不得超过", "不超过", "不高于", "超过", "高于") else "min"
    step = STEP.search(cond + raw.phrase.text)
    step_value = None
    if step:
        step_value = Decimal(step.group(1) or 1)
    subject = rate.string[: rate.start()].split(",")[-1].strip()
    variable, aliases = _rate_names(subject)
    return Clause(n=0, kind=Kind.RATE, text="", variable=variable, aliases=aliases,
                  threshold=Decimal(rate.group(2)) / 100, direction=direction, step=step_value,
                  amount=amount, cap=raw.cap)


def _rate_names(subject: str) -> tuple[str | None, tuple[str, ...]]:
    """多样化解读量占政策已解读总量 → variable 多样化解读量占政策已解读总量, alias 多样化解读占比."""
    subject = re.sub(r"^(?:在|且|并|同时|的)+", "", subject)
    subject = re.sub(r"(?:的)?(?:比例|比重)?$", "", subject)
    if not subject:
        return None, ()
    m = re.match(r"(.+?)量?占(.+)$", subject)
    aliases = (m.group(1).rstrip("量") + "占比",) if m else ()
    return subject, aliases


def _variable_name(name: str, definitions: dict[str, str]) -> str:
    """核查错误率 → 错误率 when the text defines or uses 错误率."""
    for known in sorted(definitions, key=len, reverse=True):
        if name.endswith(known):
            return known
    return name


def _clean_expression(expression: str) -> str:
    """得分=合规率(合规数据量/报送数据总量)×5 → 合规率×5; drops a trailing definition block."""
    expression = re.split(r"[,;。]", expression)[0]
    expression = re.sub(r"([\u4e00-\u9fff]+率)\s*\(([^()]*?[\u4e00-\u9fff][^()]*?/[^()]*?)\)", r"\1", expression)
    expression = re.sub(r"\([^()]*=[^()]*\)?\s*$", "", expression)
    return expression.strip()


def _list_clause(raw: Raw, m: re.Match, points: Decimal | None = None) -> Clause:
    verb = m.group(1)
    parts = [a.strip().rstrip("分").strip() for a in re.split(r"[、,]", m.group(2))]
    amounts = [points if "全部分值" in a else Decimal(a) for a in parts]  # 分别扣本项全部分值、2分、1分
    places = re.search(r"(?:排名|名次)(?:在|位列|位居)?前\s*(\d+|[一二三四五六七八九十]+)|前\s*(\d+|[一二三四五六七八九十]+)\s*(?:名|位)|第\s*1\s*(?:[、,至到-]\s*\d+)+\s*名", raw.condition)
    if places:  # 排名前三的分别加3、2、1分: the places written earn their points, the rest none
        written = places.group(1) or places.group(2)
        count = written and (int(written) if written.isdigit() else chinese_number(written))
        if count and count != len(amounts) or verb in ("扣", "减"):
            raise Unreadable("list_mismatch", f"名次数与“分别”后的{len(amounts)}个分值不一致，请人工确认")
        tiers = tuple(Tier(f"第{i}名", a) for i, a in enumerate(amounts, 1))
        raw.extra["places"] = list(enumerate(amounts, 1))  # merged with 排名第4-6名的加0.5分 after it
        sign = Sign.BONUS if verb == "加" else Sign.AWARD
        return Clause(n=0, kind=Kind.RANK, text="", first=amounts[0], tiers=tiers, sign=sign)
    labels = _enumeration(raw.condition, len(amounts))
    if labels is None:
        raise Unreadable("list_mismatch", f"“分别”后的{len(amounts)}个分值找不到对应的{len(amounts)}个对象")
    tiers = tuple(Tier(label, amount) for label, amount in zip(labels, amounts))
    if verb in ("得", "计", "给") and not all(level_of(label) for label in labels):
        if len(set(labels)) != len(labels):
            raise Unreadable("grade_repeated", "等次名称重复，请人工确认")
        return Clause(n=0, kind=Kind.GRADE, text="", tiers=tiers)  # 按优、良、中、差分别得10、8、6、0分
    sign = {"扣": Sign.DEDUCT, "加": Sign.BONUS}.get(verb, Sign.AWARD)
    return Clause(n=0, kind=Kind.TIERED, text="", tiers=tiers, sign=sign, cap=raw.cap)


def _enumeration(condition: str, count: int) -> list[str] | None:
    """The `count` objects a “分别” list refers to: 被国家、省、市、县通报的 → 国家, 省, 市, 县."""
    for phrase in reversed(condition.split(",")):
        phrase = re.sub(r"\([^()]*\)", "", phrase)  # (政府信息公开、网上问政…) is not the list
        parts = [p.strip("“”\"") for p in re.split(r"、|”\s*“", phrase.strip()) if p.strip("“”\"")]
        if len(parts) != count:
            continue
        levels = [[lv for lv in LEVELS if lv in p] for p in parts]
        if all(len(lv) >= 1 for lv in levels) and len({lv[0] for lv in levels}) == count:
            return [max(lv, key=len) for lv in levels]
        parts[-1] = re.sub(r"(?:[一二三四五六七八九十\d]+个?)?(?:等次|档次|等级|档|级别|类)$", "", parts[-1]).strip()
        grades = [grade_in(p) for p in parts]
        if all(grades) and len(set(grades)) == count:
            return grades  # type: ignore[return-value]
        return [re.sub(r"^(?:按|被|对|为)", "", p).removesuffix("的") for p in parts]
    return None


def _parses(expression: str) -> bool:
    try:
        parse_formula(expression)
    except ScoringError:
        return False
    return True


def _objects(condition: str) -> list[str]:
    """The objects a 分别 with one amount refers to: 政府网站、政务新媒体未按要求更新的 → 政府网站, 政务新媒体."""
    phrase = re.sub(r"\([^()]*\)", "", condition.split(",")[-1]).strip()
    parts = [p for p in re.split(r"、|和|及", phrase) if p]
    if len(parts) < 2:
        return []
    last = re.split(r"未|不|没有|被", parts[-1], maxsplit=1)[0]  # 政务新媒体未按要求更新的 → 政务新媒体
    objects = [re.sub(r"^(?:对|被|将)", "", p) for p in parts[:-1]] + [last]
    return objects if all(objects) and len(set(objects)) == len(objects) else []


def _is_title(text: str, points: Decimal | None) -> bool:
    """政策解读（3分） heading the whole item: its points, not a component."""
    m = TITLE.fullmatch(text.strip(" 。.:"))
    return bool(m) and points is not None and Decimal(m.group(1)) == points




def _rated_award(raw: Raw, clause: Clause) -> tuple[Raw, Clause]:
    """非纯文字解读占比达到70%以上得1分: a component earned by a rate is a band, so the measured
    rate (or met) can be given for it."""
    bound = band_of(raw) if clause.kind == Kind.AWARD and not clause.per and clause.cap is None else None
    if bound is None or bound[1] is not None or bound[0] <= 0:
        return raw, clause
    bands = (Band(bound[0], clause.amount), Band(Decimal(0), Decimal(0)))
    return raw, Clause(n=0, kind=Kind.BANDS, text="", bands=bands)


def _balanced(text: str) -> str:
    """A clause cut from inside a bracket without the bracket's other half: （无专人负责的扣1分 → 无专人负责的扣1分."""
    for opening, closing in (("（", "）"), ("(", ")")):
        if text.startswith(opening) and closing not in text:
            text = text[1:]
        if text.endswith(closing) and opening not in text:
            text = text[:-1]
    return text.strip()
