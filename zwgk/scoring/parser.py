"""Scoring text → `Rule`: read a Chinese 评分标准 the way a careful county official does.

The text is normalised, cut into sentences (at 。 ; and enumeration marks) and each sentence
into phrases (at commas). A phrase carrying an amount (扣2分, 加0.5分, 得10分, 1分, 不得分…)
closes a clause whose condition is the phrases before it; a cap phrase (扣分上限为4分) limits
the clause of its sentence, or the sum of several. Each clause is then typed by what its
condition says (每…, 不得少于90%, 每13天, 9月底前, 第1名…). Whatever carries points but fits no
rule is returned as a `Problem` with its position, so a person scores it; nothing is dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .clauses import CapGroup, Clause, Kind, Peak, Rule, Sign, Tier
from .errors import Problem, ScoringError
from .formula import parse_formula
from .normalize import Normalized, normalize

NUM = r"\d+(?:\.\d+)?"
_ENUM = re.compile(r"(?:(?:(?<=^)|(?<=[\s,;。:、)]))(?:\d{1,2}[、.](?!\d)|\(\d{1,2}\)))|\([一二三四五六七八九十]{1,3}\)|[①-⑳]")
_DECLARED = re.compile(rf"\(\s*({NUM})\s*分\s*\)\s*[。.]?\s*$")
_LEADING_NUMBER = re.compile(r"^\s*\d{1,3}\s*[.、](?!\d)\s*")

# Amount phrases, tried in this order; the first that matches a phrase wins.
_AMOUNTS: list[tuple[str, re.Pattern]] = [
    ("zero", re.compile(r"(?:此大项|该大项|此项|该项|本项|均|则|的)?(?:不得分|不予得分|不计分|不给分|得分为零|得分为0(?![.\d])|得0分|记0分|计0分)")),
    ("negative", re.compile(rf"倒扣({NUM})分")),
    ("list", re.compile(rf"分别(扣|加|得|计)({NUM}(?:[、,]{NUM})+)分")),
    ("range", re.compile(rf"(?:得|给|计)?({NUM})\s*[-~至到]\s*({NUM})分")),
    ("deduct", re.compile(rf"扣(?:除|减)?({NUM})分")),
    ("bonus", re.compile(rf"加({NUM})分")),
    ("award", re.compile(rf"(?:得|给|计)({NUM})分")),
    ("bare", re.compile(rf"(?<![\d.])({NUM})分(?!值|数|别|之|项|配|为)")),
]
_CAPS: list[tuple[Sign | None, re.Pattern]] = [
    (Sign.DEDUCT, re.compile(rf"(?:扣分上限为?|扣分不超过|最多扣|最高扣|扣分最高不超过|累计扣分不超过|扣分以)({NUM})分")),
    (Sign.BONUS, re.compile(rf"(?:加分上限为?|加分不超过|最多加|最高加|加分最高不超过|累计加分不超过)({NUM})分")),
    (None, re.compile(rf"(?:最高不超过|最多不超过|最高(?:得分?)?为?|最多得|不超过|上限为?)({NUM})分")),
]
_FLOOR = re.compile(r"扣完为止|扣完即止|扣满为止|扣完本项分值为止|扣至0分为止")
_MANUAL = re.compile(r"酌情|视情|酌定|综合评定|综合评分")
_PER = re.compile(r"每|各$|(?:^|[^\d.])1(?:件|次|起|处|例|项|条|家|篇|期|个|份|人|批)|有1项|\d+次[,]?$")
_LESS = re.compile(r"^(?:每)?(?:少|缺)(?:1)?(?:次|条|项|个|件|期|篇)")
_LEVELS = ("国务院", "国办", "国家", "中央", "部委", "省", "市", "县", "乡")
_GRADES = ("优秀", "良好", "合格", "不合格", "较好", "一般", "较差", "优", "良", "中", "差", "好")
_RATE = re.compile(rf"(不得少于|不少于|不低于|不得低于|达到|低于|少于|不得超过|不超过|不高于|超过|高于)\s*({NUM})%")
_STEP = re.compile(rf"每(?:降低|下降|减少|低|少|降|超过|提高|高|增加)({NUM})?个?(百分点|%)")
_GUARD = re.compile(rf"([\u4e00-\u9fff]*?率)(超过|高于|大于|低于|不足|小于)({NUM})%")
_FREQ = re.compile(r"每(\d+)天.*?(?:至少|不少于)(?:发布|更新)?(\d+)(?:条|次|篇)")
_PEAK = re.compile(r"(\d{1,2})\s*[-~至到]\s*(\d{1,2})月份?每周(?:至少)?(?:发布|更新)?(\d+)(?:条|次|篇)")
_DATE = re.compile(r"(?:次年|\d{4}年)?(?:\d{1,2}月(?:\d{1,2}日|底|末|上旬|中旬|下旬)|年底|年末)")
_RANK = re.compile(rf"第(\d+)名(?:得|计|赋)?({NUM})分")
_FORMULA = re.compile(r"([\u4e00-\u9fff]*得分)\s*=\s*(.+)$")
_DEFINITION = re.compile(r"([\u4e00-\u9fff]+率)\s*=\s*([^=()（）,;。]+?)(?=$|[)）,;。])")
_SCORING_WORD = re.compile(rf"[扣加得]\s*{NUM}\s*分|扣分|加分|{NUM}分")


@dataclass
class _Phrase:
    text: str
    start: int  # offsets in the normalised text
    end: int


@dataclass
class _Raw:
    """A clause before typing: its condition phrases and the amount phrase that closed it."""

    sentence: int
    conditions: list[_Phrase]
    phrase: _Phrase
    form: str  # the amount form: zero, negative, list, range, deduct, bonus, award, bare, formula, manual
    match: re.Match | None
    cap: Decimal | None = None
    extra: dict = field(default_factory=dict)

    @property
    def condition(self) -> str:
        before = self.phrase.text[: self.match.start()] if self.match else ""
        return ",".join([p.text for p in self.conditions] + ([before] if before else []))

    @property
    def start(self) -> int:
        return self.extra.get("start", (self.conditions[0] if self.conditions else self.phrase).start)

    @property
    def end(self) -> int:
        return max(self.phrase.end, self.extra.get("cap_end", 0))


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
        part = _parse_one(raw_text, source, len(clauses))
        declared = declared if source == "bonus_text" else part.declared_points
        clauses.extend(part.clauses)
        caps.extend(part.caps)
        problems.extend(part.problems)
        requirements.extend(part.requirements)
    if not clauses and not problems and text and text.strip():
        # A criterion with points and no rule (寻乌: “……（3分）”): scored by a person, full by default.
        high = declared if declared is not None else points
        if high is not None:
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


def _parse_one(original: str, source: str, offset: int) -> _Part:
    norm = normalize(original)
    text = norm.text
    declared = None
    body_end = len(text)
    m = _DECLARED.search(text)
    if m:
        declared = Decimal(m.group(1))
        body_end = m.start()
    body_start = 0
    m = _LEADING_NUMBER.match(text)
    if m and m.end() < body_end:
        body_start = m.end()
    problems: list[Problem] = []
    sentences = _sentences(text, body_start, body_end)
    definitions = _definitions(text)
    raws: list[_Raw] = []
    requirements: list[str] = []
    standalone_caps: list[tuple[int, Sign | None, Decimal, _Phrase]] = []
    carry: list[_Phrase] = []
    for index, (s_start, s_end) in enumerate(sentences):
        phrases = _phrases(text, s_start, s_end)
        if not phrases:
            continue
        sentence_text = text[s_start:s_end]
        formula = _FORMULA.search(sentence_text)
        if formula:
            raws.append(_Raw(index, carry, _Phrase(sentence_text, s_start, s_end), "formula", formula))
            carry = []
            rest = _phrases_after_formula(phrases, formula, s_start)
        else:
            rest = phrases
        pending: list[_Phrase] = list(carry) if not formula else []
        carry = []
        sentence_raws: list[_Raw] = [r for r in raws if r.sentence == index]
        for phrase in rest:
            cap = _cap(phrase.text)
            amount = None if cap else _amount(phrase.text)
            if cap:
                sign, value = cap
                if any(_MANUAL.search(p.text) for p in pending):  # 酌情评分，最高不超过3分
                    raw = _Raw(index, pending[:-1], pending[-1], "manual", None, cap=value, extra={"cap_end": phrase.end})
                    raws.append(raw)
                    sentence_raws.append(raw)
                elif sentence_raws:
                    _attach_cap(sentence_raws, sign, value, phrase)
                else:
                    standalone_caps.append((len(raws), sign, value, phrase))
                pending = []
                continue
            if _FLOOR.fullmatch(phrase.text.strip(" 。.")) or _definition_only(phrase.text):
                continue
            if amount:
                form, match = amount
                raw = _Raw(index, pending, phrase, form, match)
                raws.append(raw)
                sentence_raws.append(raw)
                pending = []
            else:
                pending.append(phrase)
        if pending:
            joined = ",".join(p.text for p in pending)
            if any(_MANUAL.search(p.text) for p in pending):
                raw = _Raw(index, pending[:-1], pending[-1], "manual", None)
                raws.append(raw)
                sentence_raws.append(raw)
            elif sentence_raws and not _SCORING_WORD.search(joined):
                requirements.append(joined)
            elif _SCORING_WORD.search(joined) or re.search(r"扣|加分", joined):
                problems.append(_problem("not_understood", "含有计分内容但未能识别为规则，请人工确认", pending, norm, original, source))
            elif joined.rstrip().endswith("的") or re.search(r"的[,]?$|情形[,:]?$|下列", joined):
                carry = pending  # “…报道的；被…表扬的，每项加3分”: the condition continues
            else:
                requirements.append(joined)
    if carry:
        requirements.append(",".join(p.text for p in carry))
    for order, raw in enumerate(raws):
        raw.extra["order"] = order
    typed: list[tuple[_Raw, Clause]] = []
    for raw in raws:
        try:
            typed.append((raw, _type(raw, definitions)))
        except _Unreadable as e:
            problems.append(_problem(e.code, e.message, raw.conditions + [raw.phrase], norm, original, source))
    merged = _merge_tiers(typed, problems, norm, original, source)
    merged = _merge_ranks(merged)
    numbered: list[Clause] = []
    number_of: dict[int, int] = {}
    for raw, clause in merged:
        n = offset + len(numbered) + 1
        a, b = norm.span(raw.start, raw.end)
        number_of[id(raw)] = n
        numbered.append(replace(clause, n=n, source=source, text=original[a:b].strip(), start=a, end=b))
    caps: list[CapGroup] = []
    for position, sign, value, phrase in standalone_caps:
        # A cap standing as its own sentence limits every clause of its sign written before it.
        before = [(raw, c) for raw, c in merged if raw.extra["order"] < position]
        if sign is None and before:
            sign = _sign_of(before[-1][1])
        targets = [number_of[id(raw)] for raw, c in before if sign is not None and _sign_of(c) == sign]
        if not targets:
            problems.append(_problem("cap_without_clause", "上限没有对应的计分条款", [phrase], norm, original, source))
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
    return _Part(numbered, caps, problems, requirements, declared)


class _Unreadable(Exception):
    def __init__(self, code: str, message: str):
        self.code, self.message = code, message


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = {start, end}
    for m in re.finditer(r"[。;]", text[start:end]):
        cuts.add(start + m.start())
        cuts.add(start + m.end())
    for m in _ENUM.finditer(text, start, end):
        cuts.add(m.start())
        cuts.add(m.end())
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        piece = text[a:b]
        if piece.strip(" 。;.") and not _ENUM.fullmatch(piece.strip()):
            out.append((a, b))
    return out


def _phrases(text: str, start: int, end: int) -> list[_Phrase]:
    out = []
    pos = start
    depth = 0
    for i in range(start, end + 1):
        c = text[i] if i < end else ","
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        if (c == "," or c == ":" and depth == 0) and depth == 0 or i == end:
            piece = text[pos:i]
            stripped = piece.strip(" 。;.")
            if stripped:
                lead = len(piece) - len(piece.lstrip(" 。;."))
                out.append(_Phrase(stripped, pos + lead, pos + lead + len(stripped)))
            pos = i + 1
    return out


def _phrases_after_formula(phrases: list[_Phrase], formula: re.Match, s_start: int) -> list[_Phrase]:
    """Phrases of a formula sentence that are not the formula itself (guards, deductions)."""
    f_start = s_start + formula.start()
    out = []
    for p in phrases:
        if p.end <= f_start:
            continue
        if "=" in p.text or _definition_only(p.text):
            continue
        out.append(p)
    return out


def _definitions(text: str) -> dict[str, str]:
    defs = {}
    for m in _DEFINITION.finditer(text):
        name, expression = m.group(1), m.group(2).strip()
        if "得分" in name:
            continue
        try:
            parse_formula(expression)
        except ScoringError:
            continue
        defs[name] = expression
    return defs


def _definition_only(text: str) -> bool:
    return bool(re.fullmatch(r"\(?\s*[\u4e00-\u9fff]+率\s*=.*", text)) and not _SCORING_WORD.search(text)


def _cap(text: str) -> tuple[Sign | None, Decimal] | None:
    for sign, pattern in _CAPS:
        m = pattern.search(text)
        if m and not re.search(r"扣\d|加\d", text[: m.start()]):
            return sign, Decimal(m.group(1))
    return None


def _amount(text: str) -> tuple[str, re.Match] | None:
    for form, pattern in _AMOUNTS:
        m = pattern.search(text)
        if m:
            if form == "bare" and re.search(r"得分|赋分|分值|满分", text[: m.start()]):
                continue
            return form, m
    return None


def _attach_cap(sentence_raws: list[_Raw], sign: Sign | None, value: Decimal, phrase: _Phrase) -> None:
    """A cap inside a sentence limits its one clause, or the sum of several of its sign."""
    def sign_of(raw: _Raw) -> Sign | None:
        return {"deduct": Sign.DEDUCT, "bonus": Sign.BONUS, "award": Sign.AWARD, "bare": Sign.AWARD}.get(raw.form)

    if sign is None:
        sign = sign_of(sentence_raws[-1]) or Sign.DEDUCT
    members = [r for r in sentence_raws if sign_of(r) == sign and r.cap is None] or [sentence_raws[-1]]
    if len(members) == 1:
        members[0].cap = value
        members[0].extra["cap_end"] = phrase.end
    else:
        members[-1].extra["group_cap"] = (sign, value, members)


def _problem(code: str, message: str, phrases: list[_Phrase], norm: Normalized, original: str, source: str) -> Problem:
    start = min(p.start for p in phrases)
    end = max(p.end for p in phrases)
    a, b = norm.span(start, end)
    return Problem(code, message, original[a:b], a, b, source)


def _sign_of(clause: Clause) -> Sign | None:
    if clause.kind in (Kind.BONUS,):
        return Sign.BONUS
    if clause.kind == Kind.AWARD:
        return Sign.AWARD
    if clause.kind == Kind.TIERED:
        return clause.sign
    if clause.kind in (Kind.PER_OCCURRENCE, Kind.ONCE, Kind.RATE, Kind.GUARD, Kind.DEADLINE, Kind.FREQUENCY):
        return Sign.DEDUCT
    return None


# ---- typing one raw clause -----------------------------------------------------------------

def _type(raw: _Raw, definitions: dict[str, str]) -> Clause:
    cond = raw.condition
    m = raw.match
    base = dict(n=0, text="", cap=raw.cap)
    if raw.form == "formula":
        expression = _clean_expression(m.group(2))
        for name, inner in re.findall(r"([\u4e00-\u9fff]+率)\s*\(([^()]*?/[^()]*?)\)", m.group(2)):
            definitions = {**definitions, name: inner.strip()}
        try:
            parse_formula(expression)
        except ScoringError as e:
            raise _Unreadable("bad_formula", e.message) from None
        return Clause(n=0, kind=Kind.FORMULA, text="", expression=expression, definitions=tuple(definitions.items()))
    if raw.form == "manual":
        words = cond + raw.phrase.text
        sign = Sign.BONUS if "加分" in words else Sign.DEDUCT if "扣分" in words else Sign.AWARD
        return Clause(n=0, kind=Kind.MANUAL, text="", high=raw.cap, sign=sign)
    if raw.form == "zero":
        phrase = raw.phrase.text
        scope = "group" if "大项" in phrase else "scheme" if re.search(r"总分|总得分|工作得分|考核得分|全年得分", phrase) else "item"
        return Clause(n=0, kind=Kind.ZERO, text="", scope=scope)
    if raw.form == "negative":
        return Clause(n=0, kind=Kind.NEGATIVE, text="", amount=Decimal(m.group(1)), per=bool(_PER.search(cond + raw.phrase.text[: m.start()])))
    if raw.form == "range":
        low, high = Decimal(m.group(1)), Decimal(m.group(2))
        if low > high:
            raise _Unreadable("bad_range", f"区间 {low}-{high} 分下限大于上限")
        return Clause(n=0, kind=Kind.RANGE, text="", low=low, high=high)
    if raw.form == "list":
        return _list_clause(raw, m)
    amount = Decimal(m.group(1))
    rank = _RANK.search(raw.phrase.text)
    if rank:
        raw.extra["rank"] = (int(rank.group(1)), Decimal(rank.group(2)))
        return Clause(n=0, kind=Kind.RANK, text="", first=Decimal(rank.group(2)), step=Decimal(1))
    rate = _RATE.search(cond)
    if raw.form in ("deduct", "bare") and rate and not _GUARD.search(cond[: rate.end()] if rate else "") or (
        raw.form in ("deduct", "bare") and rate and _STEP.search(cond + raw.phrase.text)
    ):
        return _rate_clause(raw, rate, amount, cond)
    guard = _GUARD.search(cond)
    if raw.form == "deduct" and guard:
        direction = "above" if guard.group(2) in ("超过", "高于", "大于") else "below"
        return Clause(**base, kind=Kind.GUARD, variable=_variable_name(guard.group(1), definitions),
                      threshold=Decimal(guard.group(3)) / 100, direction=direction, amount=amount)
    freq = _FREQ.search(cond)
    if raw.form in ("deduct", "bare") and freq:
        peaks = tuple(Peak(tuple(range(int(p.group(1)), int(p.group(2)) + 1)), int(p.group(3))) for p in _PEAK.finditer(cond))
        return Clause(**base, kind=Kind.FREQUENCY, period_days=int(freq.group(1)), minimum=int(freq.group(2)), peaks=peaks, amount=amount)
    before = raw.phrase.text[: m.start()]
    # A cap only makes sense on something that repeats: 扣1分，扣分上限为3分 counts each finding.
    per = bool(_PER.search(cond) or _PER.search(before) or _PER.search(raw.phrase.text[m.end():]) or raw.cap is not None)
    if raw.form == "bare" and (_LESS.search(before.strip()) or _LESS.search(cond.split(",")[-1].strip() if cond else "")):
        return Clause(**base, kind=Kind.PER_OCCURRENCE, amount=amount)
    if raw.form == "deduct":
        dates = tuple(_DATE.findall(cond + before))
        if dates and re.search(r"前|未于|未在|未按时|逾期|以前|之前", cond + before):
            return Clause(**base, kind=Kind.DEADLINE, dates=dates, amount=amount, per=per and len(dates) > 1 or bool(re.search(r"每次|每缺|每少", cond + before)))
        return Clause(**base, kind=Kind.PER_OCCURRENCE if per else Kind.ONCE, amount=amount) if per else Clause(n=0, kind=Kind.ONCE, text="", amount=amount)
    if raw.form == "bonus":
        return Clause(**base, kind=Kind.BONUS, amount=amount, per=per)
    return Clause(**base, kind=Kind.AWARD, amount=amount, per=per)


def _rate_clause(raw: _Raw, rate: re.Match, amount: Decimal, cond: str) -> Clause:
    word = rate.group(1)
    direction = "max" if word in ("不得超过", "不超过", "不高于", "超过", "高于") else "min"
    step = _STEP.search(cond + raw.phrase.text)
    step_value = None
    if step:
        step_value = Decimal(step.group(1) or 1)
    subject = cond[: rate.start()].split(",")[-1].strip()
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


def _list_clause(raw: _Raw, m: re.Match) -> Clause:
    verb = m.group(1)
    amounts = [Decimal(a) for a in re.split(r"[、,]", m.group(2))]
    labels = _enumeration(raw.condition, len(amounts))
    if labels is None:
        raise _Unreadable("list_mismatch", f"“分别”后的{len(amounts)}个分值找不到对应的{len(amounts)}个对象")
    tiers = tuple(Tier(label, amount) for label, amount in zip(labels, amounts))
    if verb in ("得", "计") and all(label in _GRADES for label in labels):
        return Clause(n=0, kind=Kind.GRADE, text="", tiers=tiers)
    sign = {"扣": Sign.DEDUCT, "加": Sign.BONUS}.get(verb, Sign.AWARD)
    return Clause(n=0, kind=Kind.TIERED, text="", tiers=tiers, sign=sign, cap=raw.cap)


def _enumeration(condition: str, count: int) -> list[str] | None:
    """The `count` objects a “分别” list refers to: 被国家、省、市、县通报的 → 国家, 省, 市, 县."""
    for phrase in reversed(condition.split(",")):
        phrase = re.sub(r"\([^()]*\)", "", phrase)  # (政府信息公开、网上问政…) is not the list
        parts = [p for p in re.split(r"[、]", phrase.strip()) if p]
        if len(parts) != count:
            continue
        levels = [[lv for lv in _LEVELS if lv in p] for p in parts]
        if all(len(lv) >= 1 for lv in levels) and len({lv[0] for lv in levels}) == count:
            return [max(lv, key=len) for lv in levels]
        grades = [next((g for g in _GRADES if g in p), None) for p in parts]
        if all(grades) and len(set(grades)) == count:
            return grades  # type: ignore[return-value]
        return [re.sub(r"^(?:按|被|对|为)", "", p).removesuffix("的") for p in parts]
    return None


# ---- merging consecutive clauses -----------------------------------------------------------

def _level_of(phrase: str) -> str | None:
    found = [lv for lv in _LEVELS if lv in phrase]
    if "国务院" in found or "国办" in found or "国家" in found or "中央" in found:
        return "国"
    return found[0] if len(found) == 1 else None


def _tier_label(raw: _Raw) -> str:
    """The words that pick out a tier: the last condition phrase, without 每次/1次/的."""
    for part in reversed(raw.condition.split(",")):
        label = re.sub(r"(?:每)?1?(?:次|件|起|项)?$|的$", "", part.strip()).strip(" ,")
        label = re.sub(r"^每|的$", "", label)
        if label:
            return label
    return ""


def _merge_tiers(items: list[tuple[_Raw, Clause]], problems, norm, original, source) -> list[tuple[_Raw, Clause]]:
    """被国务院办公厅通报1次扣3分，被省政府办公厅通报1次扣2分… → one tiered clause."""
    out: list[tuple[_Raw, Clause]] = []
    i = 0
    while i < len(items):
        raw, clause = items[i]
        run = [items[i]]
        if clause.kind in (Kind.PER_OCCURRENCE, Kind.ONCE, Kind.BONUS, Kind.AWARD) and _level_of(_tier_label(raw)):
            j = i + 1
            while j < len(items):
                r2, c2 = items[j]
                if _sign_of(c2) != _sign_of(clause):
                    break
                if c2.kind not in (Kind.PER_OCCURRENCE, Kind.ONCE, Kind.BONUS, Kind.AWARD) or not _level_of(_tier_label(r2)):
                    break
                run.append(items[j])
                j += 1
            levels = [_level_of(_tier_label(r)) for r, _ in run]
            if len(run) >= 2 and len(set(levels)) == len(levels):
                first_raw = run[0][0]
                labelled_inline = bool(first_raw.phrase.text[: first_raw.match.start()].strip())
                preamble = first_raw.conditions if labelled_inline else first_raw.conditions[:-1]
                suspicious = [p for p in preamble if _level_of(p.text) and re.search(r"通报|约谈|表扬|批示", p.text)]
                if suspicious:
                    problems.append(_problem("tier_without_amount", "这一档没有写明分值，请人工确认", suspicious, norm, original, source))
                tiers = tuple(Tier(_tier_label(r), c.amount) for r, c in run)
                sign = _sign_of(clause)
                cap = next((c.cap for _, c in reversed(run) if c.cap is not None), None)
                merged_raw = _Raw(first_raw.sentence, first_raw.conditions, run[-1][0].phrase, first_raw.form, first_raw.match,
                                  extra={"order": first_raw.extra["order"], "start": first_raw.start,
                                         "cap_end": run[-1][0].extra.get("cap_end", 0)})
                for r, _ in run:
                    r.extra["merged_into"] = merged_raw
                out.append((merged_raw, Clause(n=0, kind=Kind.TIERED, text="", tiers=tiers, sign=sign, cap=cap)))
                for r, _ in run:
                    if r.extra.get("group_cap"):
                        merged_raw.extra["group_cap"] = r.extra["group_cap"]
                i = j
                continue
        out.append(items[i])
        i += 1
    return out


def _merge_ranks(items: list[tuple[_Raw, Clause]]) -> list[tuple[_Raw, Clause]]:
    """第1名得10分，第2名得9分，第3名得8分……以此类推 → one rank clause (first 10, step 1)."""
    out: list[tuple[_Raw, Clause]] = []
    for raw, clause in items:
        if clause.kind == Kind.RANK and out and out[-1][1].kind == Kind.RANK:
            prev_raw, prev = out[-1]
            places = prev_raw.extra.setdefault("places", [prev_raw.extra["rank"]])
            places.append(raw.extra["rank"])
            (p1, a1), (p2, a2) = places[0], places[1]
            step = (a1 - a2) / (p2 - p1) if p2 != p1 else Decimal(1)
            first = a1 + (p1 - 1) * step
            prev_raw.extra.setdefault("start", prev_raw.start)
            merged = _Raw(prev_raw.sentence, prev_raw.conditions, raw.phrase, prev_raw.form, prev_raw.match, extra=prev_raw.extra)
            out[-1] = (merged, replace(prev, first=first, step=step))
            continue
        out.append((raw, clause))
    return out
