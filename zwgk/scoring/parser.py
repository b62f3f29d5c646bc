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

from .clauses import KIND_FIELDS, Band, CapGroup, Clause, Kind, Peak, Rule, Sign, Tier
from .errors import Problem, ScoringError
from .fidelity import check_reading
from .formula import parse_formula, variables_of
from .normalize import Normalized, chinese_number, normalize
from .roles import DEDUCT, role_of

NUM = r"\d+(?:\.\d+)?"
_ENUM = re.compile(r"(?:(?:(?<=^)|(?<=[\s,;。:、)]))(?:\d{1,2}[、.](?!\d)|\(\d{1,2}\)))|\([一二三四五六七八九十]{1,3}\)|[①-⑳]")
_DECLARED = re.compile(rf"\(\s*({NUM})\s*分\s*\)\s*[。.]?\s*$")
_BRACKETED_POINTS = re.compile(rf"\(\s*{NUM}\s*分\s*\)")
_LEADING_NUMBER = re.compile(r"^\s*\d{1,3}\s*[.、](?!\d)\s*")

# Amount phrases, tried in this order; the first that matches a phrase wins.
_AMOUNTS: list[tuple[str, re.Pattern]] = [
    ("rank_rest", re.compile(rf"(?:最低|其余名次|其他名次|其余|其后名次|以后名次|第\d+名及以后|第\d+名以后|第\d+名之后)(?:的)?(?:均|各)?(?:得|计|为)?\s*({NUM})\s*分")),
    ("zero", re.compile(r"(?:此大项|该大项|此项|该项|本项|均|则|的)?(?:不得分|不予得分|不计分|不给分|得分为零|得分为0(?![.\d])|得0\s*分|记0\s*分|计0\s*分)")),
    ("negative", re.compile(rf"倒扣\s*({NUM})\s*分")),
    ("rank_step", re.compile(rf"(?:依次递减|依次减少|依次扣减|逐名递减|每(?:后退|下降|降低|降|退后|后移|落后|退)(?:1|一)个?(?:名次|名|位)(?:次)?,?(?:减|扣)(?:除)?)\s*({NUM})\s*分")),
    ("list", re.compile(rf"(?:分别|依次)(扣|加|得|计|减|给)(?:除)?\s*((?:(?:本项|该项)?全部分值|{NUM}\s*分?)(?:\s*[、,]\s*{NUM}\s*分?)+)\s*(?<=分)")),
    ("range", re.compile(rf"(扣(?:除|减)?|减|加)?\s*(?:得|给|计)?\s*({NUM})\s*[-~至到]\s*({NUM})\s*分")),
    ("deduct_share", re.compile(rf"扣(?:除|减)?(?:该项|本项|此项)?(?:的)?(全部分值|全部得分|全部分数|一半分值|分值的一半|一半|({NUM})%的?分值|分值的({NUM})%)")),
    ("share_list", re.compile(r"分别(?:为|得|计)\s*((?:满分|\d+(?:\.\d+)?%)(?:\s*[、,]\s*(?:满分|\d+(?:\.\d+)?%))+)")),
    ("share", re.compile(rf"(?:得|计|给)\s*(?:本项|该项)?(?:满分|分值)?的?\s*(一半|半数|({NUM})%)\s*(?:分值|的分值)?|(?:得|计)(?:本项|该项)?(?:分值|满分)的(一半|({NUM})%)")),
    ("deduct_after", re.compile(rf"按\s*(?:每\S{{0,2}}?)?\s*({NUM})\s*分\s*(?:/\s*[\u4e00-\u9fff])?\s*扣(?:分|除)?")),
    ("deduct", re.compile(rf"(?:扣(?:除|减)?(?:[^\d,;。:()分=]{{0,12}}?)|(?<![递依次])减(?:去)?)\s*({NUM})\s*分")),
    ("bonus", re.compile(rf"(?:加|\+|奖励)\s*({NUM})\s*分")),
    ("minimum", re.compile(rf"最低(?:不低于|不少于|得|为|计)?\s*({NUM})\s*分")),
    ("award", re.compile(rf"(?:得|给|计)\s*({NUM})\s*分")),
    ("full", re.compile(r"(?:得|计|给|按)?满分(?!\s*\d)")),
    ("bare", re.compile(rf"(?<![\d.])(?<!低于)(?<!高于)(?<!不足)(?<!超过)(?<!达到)(?<!不低于)({NUM})\s*分(?!值|数|别|之|项|配|为|钟|的|以上|以下|及以上)")),
]
_CAPS: list[tuple[Sign | None, re.Pattern]] = [
    (Sign.DEDUCT, re.compile(rf"(?:扣分上限为?|减分上限为?|扣分不超过|(?:最多|至多|最高)(?:扣减|扣除|扣|减)|累计减分不超过|扣分最高不超过|累计扣分不超过|扣分以|扣满|扣分(?:合计|累计|总计|总额)?(?:不超过|不得超过|最多|最高|以|为))\s*({NUM})\s*分")),
    (Sign.BONUS, re.compile(rf"(?:加分上限为?|加分不超过|(?:最多|最高|至多)(?:奖励|加)|加分最高不超过|累计加分不超过|加分(?:合计|累计|总计)(?:不超过|不得超过|最多|最高|以|为))\s*({NUM})\s*分")),
    (None, re.compile(rf"(?:最高不超过|最多不超过|最高(?:得分?|计)?为?|最多(?:得|计)|不超过|上限为?|得满)\s*({NUM})\s*分|({NUM})\s*分封顶|封顶\s*({NUM})\s*分")),
]
_POINTS_STATEMENT = re.compile(rf"(?:本项|该项|此项)(?:满分|分值|共)?(?:为)?\s*(?!0\s*分){NUM}\s*分|(?:满分|分值)(?:为)?\s*{NUM}\s*分")
# a note on how something is measured (以2023年12月31日前的记录为准): its dates are not deadlines
_PER_N = re.compile(r"每(?:发现|少|缺|出现|有)?\s*(\d+)\s*(?:处|个|条|次|件|项|篇)(?!工作日|月|天|日|周|小时)")
_NOTE = re.compile(r"\(?以[^,;()]*?为准\)?|\(?按[^,;()]*?计\)?")
_BOTH_CAPS = re.compile(rf"(?:以上)?(?:加分|加)[、和与及]?(?:扣分|扣|减分|减)(?:均|各|分别)?(?:以|不超过|不得超过|最多|最高)\s*({NUM})\s*分(?:为限)?")
# 扣分 or 加分 used as a noun in a requirement (严格落实扣分规则 / 扣分明细附后): no points
_SCORING_NOUN = re.compile(r"(?:扣分|加分|加减分|倒扣分)(?:规则|事项|情况|明细|标准|依据|办法|细则|项目|材料)|加分、扣分|加分和扣分|加减分|不实行倒扣|倒扣分")
_EXAMPLE = re.compile(r"(?:例如|比如|譬如|举例|如:)")
_NO_POINTS = re.compile(r"不(?:再)?(?:重复)?(?:扣分|计分|加分|得分)(?:$|[,。])|不予扣分|(?:累计|叠加|合并)扣分(?:$|[,。])")
_WITHIN_FULL = re.compile(r"(?:最高|最多)(?:得|不超过|为)?满分|不超过(?:该项|本项|此项)?(?:满分|分值)|(?:最低|最少)(?:得|为)?0分")
_FLOOR = re.compile(r"(?:本项|此项|该项|各项|以上各项|均)?(?:扣完为止|扣完即止|扣满为止)|(?:最多|最低)?扣(?:至|到)0分(?:为止)?|(?:本项|此项|该项)?最低(?:得|为|计)?0分|扣分上限为(?:该项|本项|此项)(?:分值|满分)|扣完本项分值为止|扣至0分为止|(?:本项|此项|该项|以上)?(?:累计|合计|总)?扣分(?:合计|累计|总额|总计)?(?:不超过|不超出|不得超过|以)(?:该项|本项|此项)?(?:分值|分数|满分)(?:为限)?")
_MANUAL = re.compile(r"酌情|视情|酌定|综合评定|综合评分")
_PER = re.compile(r"每|各$|分别$|/(?:次|条|项|个|件|篇|处|家|期)|(?:缺|少)1(?:件|次|项|条|个|篇|台|套|处|期|类)|(?<![\d.])(?<!开展)(?<!召开)(?<!举办)(?<!组织)(?<!只)(?<!仅)(?<!完成)(?<!于)(?<!少)(?<!到)(?<!足)(?<!过)1(?:件|次(?!性)|起|处|例|项|条|家|篇|期|个(?!月|工作日|小时|自然日)|份|人|批|台|套)|有1项|\d+次[,]?$")
# A condition with a threshold counts each case that crosses it: 每季度更新少于3次的 / 超过3个月未更新的 /
# 5个工作日内未答复的 — one deduction per quarter, column or reply.
_THRESHOLD = re.compile(r"(?<!不)(?:少于|不足|低于|未达到|超过|多于|逾)\s*\d+\s*个?(?:次|条|篇|个月|月|天|日|工作日|周)|\d+\s*个?工作日内未")
_EFFECT = re.compile(r"^(?:同时|并|且|并且|另)?(?:在[^,;]{0,10}中|当年|年度|本年度|本项考核结果|考核结果|该单位|本单位)?(?:予以|实行|实施)?(一票否决|取消[\u4e00-\u9fff]{0,10}资格|(?:年度考核)?不得评(?:为|定为)?[\u4e00-\u9fff]{0,8}|不能评(?:为)?[\u4e00-\u9fff]{0,8})$")
_EFFECT_TAIL = re.compile(r"(?:,|,?同时|,?并|,?且|,?并且)\s*(?:在[^,;]{0,10}中|当年|年度|本年度|本项考核结果|考核结果|该单位|本单位)?((?:予以|实行)?(?:一票否决|取消[\u4e00-\u9fff]{0,10}资格|(?:年度考核)?不得评(?:为|定为)?[\u4e00-\u9fff]{0,8}))\s*$")
_HIGHEST = re.compile(r"按最高(?:级别|等次|档次|标准)?|就高(?:不就低|计分|计算|计)?|不累加|不累计加分|不重复(?:加分|计分|得分)|只计最高|取最高|以最高")
_INLINE_GRADE = re.compile(rf"(优秀|良好|不合格|合格|较好|一般|较差|优|良|中|差|好)\s*\(\s*({NUM})\s*分?\s*\)")
_ALTERNATIVE_PREFIX = re.compile(r"^(?:全年|年内|按时|及时|如期|准时|逾期|超期|延期|未按时|未按期|未|没有|未能|不|部分|全部|基本|全面|只|仅|已)+")
_LESS = re.compile(r"^(?:每)?(?:少|缺)(?:1)?(?:次|条|项|个|件|期|篇)")
_LEVELS = ("国务院", "国办", "国家", "中央", "中国政府网", "全国", "部委", "省", "市", "县", "乡")
_GRADES = ("非常满意", "基本满意", "比较满意", "不满意", "较满意", "满意", "不合格", "基本合格", "优秀", "良好", "合格",
           "较好", "一般", "较差", "优", "良", "中", "差", "好", "高", "低")  # longest first: 不合格 before 合格
_GRADE_ORDINAL = re.compile(r"(?:第)?(?:[一二三四五六七八九十]|\d{1,2})(?:档|等)|[A-E](?:档|等|级)?|[甲乙丙丁](?:等|级)?")
_RATE = re.compile(rf"(不得少于|不少于|不低于|不得低于|达到|应达|须达|需达|要达|低于|少于|不得超过|不超过|不高于|超过|高于|≥|>=|<)\s*({NUM})%")
# the target a shortfall is measured from, written in the clause before: 达到30%的得3分 / 100%的得满分
_RATE_BEFORE = re.compile(rf"(不得少于|不少于|不低于|达到|达|)\s*({NUM})%")
_STEP = re.compile(rf"每(?:降低|下降|减少|低|少|降|超过|提高|高|增加)({NUM})?个?(百分点|%)")
_GUARD = re.compile(rf"([\u4e00-\u9fff]*?(?:率|度|占比))(超过|高于|大于|低于|不足|小于)({NUM})%")
_FREQ = re.compile(r"每(\d+)天.*?(?:至少|不少于)(?:发布|更新)?(\d+)(?:条|次|篇)")
_PEAK = re.compile(r"(\d{1,2})\s*[-~至到]\s*(\d{1,2})月份?每周(?:至少)?(?:发布|更新)?(\d+)(?:条|次|篇)")
_DATE = re.compile(r"(?:次年|\d{4}年)?(?:\d{1,2}月(?:\d{1,2}日|底|末|上旬|中旬|下旬)|年底|年末)")
_PLACES = re.compile(r"(?:(?:排名|名次|位列|位居)第?\s*(\d+|[一二三四五六七八九十]+)(?:名|位)?|第?\s*(\d+)\s*(?=[至到~-]\s*第?\s*\d+\s*名))(?:\s*(?:至|到|-|~)\s*第?\s*(\d+|[一二三四五六七八九十]+)(?:名|位)?)?(?:的)?$|(?:排名|名次)?前\s*(\d+|[一二三四五六七八九十]+)\s*(?:名|位)(?:的)?$")
# 每年不少于2次 states a requirement: it does not make the deduction after it count per year
_REQUIRED_FREQUENCY = re.compile(r"每(?:年|年度|月|季度|季|周|半年|旬)[^,;]*?(?:(?:不少于|至少|不低于)[^,;]*|(?<!少于)(?<!不足)\d+\s*次)")
_RANK = re.compile(rf"第(\d+)名(?:的)?(?:得|计|赋|加)?\s*({NUM}|满)\s*分")
_FORMULA = re.compile(r"([\u4e00-\u9fff]*得分)\s*=\s*(.+)$|()按\s*((?=[^,;。]*[×*/÷])[^,;。=]+?)\s*(?:计分|计算得分|计算)$")
_DEFINITION = re.compile(r"([\u4e00-\u9fff]+率)\s*=\s*([^=()（）,;。]+?)(?=$|[()（）,;。])")
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
    m = _DECLARED.search(text)
    # the item's points written at the end (…（3分）), unless every part has its own (（1）…（0.5分）；（2）…（0.5分）)
    if m and not _INLINE_GRADE.search(text[max(0, m.start() - 5):m.end()]) and len(_BRACKETED_POINTS.findall(text)) < 2:
        declared = Decimal(m.group(1))
        body_end = m.start()
    body_start = 0
    m = _LEADING_NUMBER.match(text)
    if m and m.end() < body_end:
        body_start = m.end()
    problems: list[Problem] = []
    sentences = _sentences(text, body_start, body_end)
    definitions = _definitions(text)
    unreadable = {name for name, expression in definitions.items() if expression is None}
    definitions = {name: expression for name, expression in definitions.items() if expression is not None}
    raws: list[_Raw] = []
    requirements: list[str] = []
    standalone_caps: list[tuple[int, Sign | None, Decimal, _Phrase]] = []
    carry: list[_Phrase] = []
    for index, (s_start, s_end) in enumerate(sentences):
        phrases = _phrases(text, s_start, s_end)
        if not phrases:
            continue
        sentence_text = text[s_start:s_end]
        if len(_INLINE_GRADE.findall(sentence_text)) >= 2:  # 等次：好(6) 较好(4) 一般(2) 差(0)
            raws.append(_Raw(index, list(carry), _Phrase(sentence_text.strip(" 。;."), s_start, s_end), "inline_grade", None))
            carry = []
            continue
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
        for k, phrase in enumerate(rest):
            if _EXAMPLE.match(phrase.text):  # 例如全年报送18条扣0.2分: an illustration, not a rule
                requirements.append(",".join(p.text for p in rest[k:]))
                pending = []
                break
            both = _BOTH_CAPS.fullmatch(phrase.text.strip(" 。."))
            if both:  # 加分、扣分均以2分为限: one cap for the bonuses, one for the deductions
                for sign in (Sign.DEDUCT, Sign.BONUS):
                    standalone_caps.append((len(raws), sign, Decimal(both.group(1)), phrase))
                pending = []
                continue
            effect = _EFFECT.match(phrase.text.strip(" ()"))
            if effect:  # 同时取消评优资格 / …的，一票否决: a consequence, not points
                if sentence_raws and not pending:
                    sentence_raws[-1].extra.update(effect=effect.group(1), cap_end=phrase.end)
                else:
                    raw = _Raw(index, pending, phrase, "consequence", None, extra={"effect": effect.group(1)})
                    raws.append(raw)
                    sentence_raws.append(raw)
                    pending = []
                continue
            if _HIGHEST.search(phrase.text) and not _amount(phrase.text) and (sentence_raws or raws):
                target = (sentence_raws or raws)[-1]
                target.extra.update(highest=True, cap_end=max(phrase.end, target.end))
                continue
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
            if _FLOOR.fullmatch(phrase.text.strip(" 。.")) or _definition_only(phrase.text) or _WITHIN_FULL.fullmatch(
                    phrase.text.strip(" 。.")) or _POINTS_STATEMENT.fullmatch(phrase.text.strip(" 。.")) or _is_title(phrase.text, points):
                continue
            if amount:
                form, match = amount
                raw = _Raw(index, pending, phrase, form, match)
                inner = _cap(phrase.text[match.end():]) if form in ("deduct", "bonus", "award", "bare") else None
                if inner:
                    raw.cap = inner[1]
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
            elif _NO_POINTS.search(joined) or _SCORING_NOUN.search(joined) and not re.search(r"\d", joined):
                requirements.append(joined)  # 不扣分 / 同一问题不重复扣分: says what does not score
            elif re.search(r"(?<!不)(?<!不再)(?<!重复)(?:扣|加|扣分|加分)$", joined.strip()):
                problems.append(_problem("amount_missing", "写了扣分或加分，但没有写分值，请人工确认", pending, norm, original, source))
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
        raw.extra["before"] = raws[order - 1].condition if order else ""
    typed: list[tuple[_Raw, Clause]] = []
    for raw in raws:
        try:
            typed.append((raw, _type(raw, definitions, points)))
        except _Unreadable as e:
            problems.append(_problem(e.code, e.message, raw.conditions + [raw.phrase], norm, original, source))
    merged = _merge_tiers(typed, problems, norm, original, source)
    merged = _merge_ranks(merged, problems, norm, original, source)
    merged = _merge_choices(merged, points, problems, norm, original, source)
    # …扣0.25分；全年检查及公开工作均完成的，得满分: full marks said after the deductions restate the points
    merged = [(r, c) for k, (r, c) in enumerate(merged)
              if not (r.extra.get("full") and c.kind == Kind.AWARD and any(role_of(d) == DEDUCT for _, d in merged[:k]))]
    numbered: list[Clause] = []
    number_of: dict[int, int] = {}
    for raw, clause in merged:
        n = offset + len(numbered) + 1
        a, b = norm.span(raw.start, raw.end)
        number_of[id(raw)] = n
        numbered.append(replace(clause, n=n, source=source, text=original[a:b].strip(), start=a, end=b))
    caps: list[CapGroup] = []
    for position, sign, value, phrase in standalone_caps:
        # A cap standing as its own sentence limits every clause of its sign written before it; one
        # written first (本项最多扣3分，每发现一处错误扣0.5分) limits those after it.
        before = [(raw, c) for raw, c in merged if raw.extra["order"] < position]
        if not before and position == 0:
            before = list(merged)
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
    numbered = _bind_guards(numbered)
    for clause in numbered:
        if clause.kind == Kind.FORMULA and unreadable & set(variables_of(clause.expression)):
            problems.append(_problem("definition_unreadable", f"“{'、'.join(sorted(unreadable))}”的算法写法无法识别，请人工确认",
                                     [_Phrase("", 0, len(text))], norm, original, source))
    if not problems:  # a reading that looks complete is checked against the text before it is trusted
        problems = check_reading(original, norm, numbered, caps, declared, points, source)
    return _Part(numbered, caps, problems, requirements, declared)


class _Unreadable(Exception):
    def __init__(self, code: str, message: str):
        self.code, self.message = code, message


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = {start, end}
    for m in re.finditer(r"[。;]|(?<=分)\s+(?=[\u4e00-\u9fff])", text[start:end]):  # OCR: …扣2分 未公开…
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


_ZERO_WORDS = dict(_AMOUNTS)["zero"]
_AMOUNT_IN = re.compile(rf"(?<![\d.])(?:{NUM})\s*分(?!值|数|别|之|项|配|钟)")


def _phrases(text: str, start: int, end: int) -> list[_Phrase]:
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
                    out.append(_Phrase(stripped, a + lead, a + lead + len(stripped)))
            pos = i + 1
    return out


def _bracket_cuts(text: str, start: int, end: int) -> set[int]:
    """Commas inside a bracket that holds two or more amounts: each part there is its own clause."""
    cuts: set[int] = set()
    for m in re.finditer(r"\(([^()]*)\)", text[start:end]):
        if len(_AMOUNT_IN.findall(m.group(1))) >= 2:
            base = start + m.start(1)
            cuts.update(base + j for j, ch in enumerate(m.group(1)) if ch == ",")
    return cuts


def _enumerated(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A phrase cut at 、 when every part carries its own amount (国家级加3分、省级加2分), else whole."""
    piece = text[start:end]
    if "、" not in piece or len(_AMOUNT_IN.findall(piece)) < 2 or re.search("分别|依次", piece):
        return [(start, end)]
    parts, pos = [], start
    for m in re.finditer("、", piece):
        parts.append((pos, start + m.start()))
        pos = start + m.end()
    parts.append((pos, end))
    if all(_AMOUNT_IN.search(text[a:b]) or _ZERO_WORDS.search(text[a:b]) for a, b in parts):
        return parts
    return [(start, end)]


def _phrases_after_formula(phrases: list[_Phrase], formula: re.Match, s_start: int) -> list[_Phrase]:
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
    for m in _DEFINITION.finditer(text):
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
    return bool(re.fullmatch(r"\(?\s*[\u4e00-\u9fff]+率\s*=.*", text)) and not _SCORING_WORD.search(text)


def _cap(text: str) -> tuple[Sign | None, Decimal] | None:
    for sign, pattern in _CAPS:
        m = pattern.search(text)
        if m and not re.search(r"扣\d|加\d", text[: m.start()]):
            return sign, Decimal(next(g for g in m.groups() if g))
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
    amounts = [Decimal(r.match.group(1)) for r in members if r.match is not None and r.match.re.groups == 1]
    if len(members) > 1 and amounts and value < max(amounts):
        members = members[-1:]  # 缺少一个板块扣1分，…每个扣0.1分，最多扣0.5分: the cap is the last clause's
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

def _type(raw: _Raw, definitions: dict[str, str], points: Decimal | None = None) -> Clause:
    clause = _typed(raw, definitions, points)
    if clause.kind == Kind.PER_OCCURRENCE:
        group = _PER_N.search(raw.condition + (raw.phrase.text[: raw.match.start()] if raw.match else ""))
        if group and int(group.group(1)) >= 2:  # 每发现2处错别字扣0.1分: one deduction per two findings
            clause = replace(clause, step=Decimal(group.group(1)))
    effect = raw.extra.get("effect")
    if raw.match is not None and not effect:
        tail = _EFFECT_TAIL.search(raw.phrase.text[raw.match.end():])
        effect = tail.group(1) if tail else None
    if effect and clause.kind != Kind.CONSEQUENCE:
        if "effect" not in KIND_FIELDS[clause.kind]:
            raise _Unreadable("effect_without_trigger", f"“{effect}”跟在{clause.kind.label}条款之后，无法确定何时适用，请人工确认")
        clause = replace(clause, effect=effect)
    if raw.extra.get("highest") or (raw.match is not None and _HIGHEST.search(raw.phrase.text[raw.match.end():])):
        raw.extra["highest"] = True
        if clause.kind == Kind.TIERED:
            clause = replace(clause, highest=True)
    return clause


def _typed(raw: _Raw, definitions: dict[str, str], points: Decimal | None) -> Clause:
    cond = raw.condition
    m = raw.match
    base = dict(n=0, text="", cap=raw.cap)
    if raw.form == "consequence":
        return Clause(n=0, kind=Kind.CONSEQUENCE, text="", effect=raw.extra["effect"])
    if raw.form == "inline_grade":
        tiers = tuple(Tier(label, Decimal(amount)) for label, amount in _INLINE_GRADE.findall(raw.phrase.text))
        if len({t.label for t in tiers}) != len(tiers):
            raise _Unreadable("grade_repeated", "等次名称重复，请人工确认")
        return Clause(n=0, kind=Kind.GRADE, text="", tiers=tiers)
    if raw.form in ("rank_step", "rank_rest"):
        raw.extra[raw.form] = Decimal(m.group(1))
        return Clause(n=0, kind=Kind.RANK, text="", first=Decimal(0), step=Decimal(m.group(1)))
    if raw.form == "minimum":
        raise _Unreadable("minimum", "写了最低得分，本系统不能按此保底计分，请人工确认")
    if raw.form == "deduct_share":  # 扣除该项全部分值 / 扣该项一半分值
        if points is None:
            raise _Unreadable("share_needs_points", "按分值的比例扣分，要知道本项分值，请写明分值")
        percent = m.group(2) or m.group(3)
        share = Decimal(percent) / 100 if percent else Decimal(1) if "全部" in m.group(1) else Decimal("0.5")
        return Clause(n=0, kind=Kind.ONCE, text="", amount=points * share)
    if raw.form == "share_list":  # 分为好、较好、一般、差，得分分别为满分、80%、60%、30%
        if points is None:
            raise _Unreadable("share_needs_points", "按分值的比例给分，要知道本项分值，请写明分值")
        shares = [points if s.strip() == "满分" else points * Decimal(s.strip().rstrip("%")) / 100
                  for s in re.split(r"[、,]", m.group(1))]
        labels = _enumeration(cond, len(shares))
        if labels is None:
            raise _Unreadable("list_mismatch", f"“分别”后的{len(shares)}个分值找不到对应的{len(shares)}个对象")
        return Clause(n=0, kind=Kind.GRADE, text="", tiers=tuple(Tier(label, a) for label, a in zip(labels, shares)))
    if raw.form == "share":  # 得一半分值 / 得满分的80%: a share of the item's own points
        if points is None:
            raise _Unreadable("share_needs_points", "按分值的比例给分，要知道本项分值，请写明分值")
        percent = m.group(2) or m.group(4)
        share = Decimal(percent) / 100 if percent else Decimal("0.5")
        return Clause(n=0, kind=Kind.AWARD, text="", amount=points * share, per=False)
    if raw.form == "full":
        rank = _RANK.search(raw.phrase.text)
        place = _PLACES.search((cond.split(",")[-1] if cond else "") + raw.phrase.text[: m.start()])
        if rank or place:  # 第一名得满分 / 综合排名第一的得满分
            if points is None:
                raise _Unreadable("full_needs_points", "“满分”要知道本项分值，请写明分值")
            number = int(rank.group(1)) if rank else _place_number(place.group(1) or place.group(2) or "1")
            raw.extra["rank"] = (number, points)
            return Clause(n=0, kind=Kind.RANK, text="", first=points, step=Decimal(1))
        raw.extra["full"] = True
        if points is None:
            raise _Unreadable("full_needs_points", "“满分”要知道本项分值，请写明分值")
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
            raise _Unreadable("bad_formula", e.message) from None
        return Clause(n=0, kind=Kind.FORMULA, text="", expression=expression, definitions=tuple(definitions.items()))
    if raw.form == "manual":
        words = cond + raw.phrase.text
        sign = Sign.BONUS if "加分" in words else Sign.DEDUCT if "扣分" in words else Sign.AWARD
        return Clause(n=0, kind=Kind.MANUAL, text="", high=raw.cap, sign=sign)
    if raw.form == "zero" and (guard := _GUARD.search(cond)):  # 超期率超过50%的，此项不得分
        direction = "above" if guard.group(2) in ("超过", "高于", "大于") else "below"
        return Clause(n=0, kind=Kind.GUARD, text="", variable=_variable_name(guard.group(1), definitions),
                      threshold=Decimal(guard.group(3)) / 100, direction=direction)
    if raw.form == "zero":
        phrase = raw.phrase.text
        scope = "group" if "大项" in phrase else "scheme" if re.search(r"总分|总得分|工作得分|考核得分|全年得分", phrase) else "item"
        return Clause(n=0, kind=Kind.ZERO, text="", scope=scope)
    if raw.form == "negative":
        return Clause(n=0, kind=Kind.NEGATIVE, text="", amount=Decimal(m.group(1)), per=bool(_PER.search(cond + raw.phrase.text[: m.start()])))
    if raw.form == "range":
        low, high = Decimal(m.group(2)), Decimal(m.group(3))
        if low > high:
            raise _Unreadable("bad_range", f"区间 {low}-{high} 分下限大于上限")
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
    rank = _RANK.search(raw.phrase.text)
    if rank:
        raw.extra["rank"] = (int(rank.group(1)), Decimal(rank.group(2)))
        return Clause(n=0, kind=Kind.RANK, text="", first=Decimal(rank.group(2)), step=Decimal(1))
    places = _PLACES.search((cond.split(",")[-1] if cond else "") + raw.phrase.text[: m.start()])
    if places and raw.form in ("award", "bonus", "bare"):  # 排名第一的，加3分；排名第二至第五的，加1分
        if places.group(4):  # 前3名
            a, b = 1, _place_number(places.group(4))
        else:
            a = _place_number(places.group(1) or places.group(2))
            b = _place_number(places.group(3)) if places.group(3) else a
        raw.extra["places"] = [(p, amount) for p in range(a, b + 1)]
        return Clause(n=0, kind=Kind.RANK, text="", first=amount, step=Decimal(1))
    rate = _RATE.search(cond)
    if rate and re.search(r"每", cond[rate.end():] + raw.phrase.text[: m.start()]) and not _STEP.search(cond + raw.phrase.text):
        rate = None  # 覆盖率达到100%，每少1个扣0.5分: counted per missing one, not by the rate
    if rate and len(_RATE.findall(cond)) >= 2 and _PER.search(cond) and not _STEP.search(cond + raw.phrase.text):
        rate = None  # 二级链接支持率达到100%、三级链接支持率达到95%以上，每项未达到的扣0.5分: counted per target
    if rate is None and raw.form == "deduct" and _STEP.search(cond + raw.phrase.text):
        rate = _RATE_BEFORE.search(raw.extra.get("before", ""))
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
    per = bool(_PER.search(_REQUIRED_FREQUENCY.sub("", cond)) or _PER.search(before) or _PER.search(raw.phrase.text[m.end():]) or raw.cap is not None
               or raw.form == "deduct" and _THRESHOLD.search(cond + before))
    if raw.form == "bare" and (_LESS.search(before.strip()) or _LESS.search(cond.split(",")[-1].strip() if cond else "")):
        return Clause(**base, kind=Kind.PER_OCCURRENCE, amount=amount)
    if raw.form == "deduct":
        dates = tuple(_DATE.findall(_NOTE.sub("", cond + before)))
        if dates and re.search(r"前|未于|未在|未按时|逾期|以前|之前", cond + before):
            return Clause(**base, kind=Kind.DEADLINE, dates=dates, amount=amount, per=per and len(dates) > 1 or bool(re.search(r"每", cond + before)))
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


def _list_clause(raw: _Raw, m: re.Match, points: Decimal | None = None) -> Clause:
    verb = m.group(1)
    parts = [a.strip().rstrip("分").strip() for a in re.split(r"[、,]", m.group(2))]
    if any("全部分值" in a for a in parts) and points is None:
        raise _Unreadable("share_needs_points", "扣除全部分值，要知道本项分值，请写明分值")
    amounts = [points if "全部分值" in a else Decimal(a) for a in parts]  # 分别扣本项全部分值、2分、1分
    places = re.search(r"(?:排名|名次)(?:在|位列|位居)?前\s*(\d+|[一二三四五六七八九十]+)|前\s*(\d+|[一二三四五六七八九十]+)\s*(?:名|位)|第\s*1\s*(?:[、,至到-]\s*\d+)+\s*名", raw.condition)
    if places:  # 排名前三的分别加3、2、1分: the places written earn their points, the rest none
        written = places.group(1) or places.group(2)
        count = written and (int(written) if written.isdigit() else chinese_number(written))
        if count and count != len(amounts) or verb in ("扣", "减"):
            raise _Unreadable("list_mismatch", f"名次数与“分别”后的{len(amounts)}个分值不一致，请人工确认")
        tiers = tuple(Tier(f"第{i}名", a) for i, a in enumerate(amounts, 1))
        raw.extra["places"] = list(enumerate(amounts, 1))  # merged with 排名第4-6名的加0.5分 after it
        sign = Sign.BONUS if verb == "加" else Sign.AWARD
        return Clause(n=0, kind=Kind.RANK, text="", first=amounts[0], tiers=tiers, sign=sign)
    labels = _enumeration(raw.condition, len(amounts))
    if labels is None:
        raise _Unreadable("list_mismatch", f"“分别”后的{len(amounts)}个分值找不到对应的{len(amounts)}个对象")
    tiers = tuple(Tier(label, amount) for label, amount in zip(labels, amounts))
    if verb in ("得", "计", "给") and not all(_level_of(label) for label in labels):
        if len(set(labels)) != len(labels):
            raise _Unreadable("grade_repeated", "等次名称重复，请人工确认")
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
        levels = [[lv for lv in _LEVELS if lv in p] for p in parts]
        if all(len(lv) >= 1 for lv in levels) and len({lv[0] for lv in levels}) == count:
            return [max(lv, key=len) for lv in levels]
        parts[-1] = re.sub(r"(?:[一二三四五六七八九十\d]+个?)?(?:等次|档次|等级|档|级别|类)$", "", parts[-1]).strip()
        grades = [_grade_in(p) for p in parts]
        if all(grades) and len(set(grades)) == count:
            return grades  # type: ignore[return-value]
        return [re.sub(r"^(?:按|被|对|为)", "", p).removesuffix("的") for p in parts]
    return None


# ---- merging consecutive clauses -----------------------------------------------------------

def _level_of(phrase: str) -> str | None:
    found = [lv for lv in _LEVELS if lv in phrase]
    if {"国务院", "国办", "国家", "中央", "中国政府网", "全国"} & set(found):
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
                inline = first_raw.phrase.text[: first_raw.match.start()].strip()
                labelled_inline = bool(re.sub(r"^每?1?(?:次|件|起|项|个|处)?$", "", inline))  # 每次扣2分 names no tier
                preamble = first_raw.conditions if labelled_inline else first_raw.conditions[:-1]
                suspicious = [p for p in preamble if _level_of(p.text) and re.search(r"通报|约谈|表扬|批示", p.text)]
                if suspicious:
                    problems.append(_problem("tier_without_amount", "这一档没有写明分值，请人工确认", suspicious, norm, original, source))
                tiers = tuple(Tier(_tier_label(r), c.amount) for r, c in run)
                sign = _sign_of(clause)
                cap = next((c.cap for _, c in reversed(run) if c.cap is not None), None)
                highest = any(r.extra.get("highest") for r, _ in run)
                effect = next((c.effect for _, c in run if c.effect), None)
                merged_raw = _Raw(first_raw.sentence, first_raw.conditions, run[-1][0].phrase, first_raw.form, first_raw.match,
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


_RANK_PARTS = {"rank", "rank_step", "rank_rest", "places"}


def _merge_ranks(items: list[tuple[_Raw, Clause]], problems, norm, original, source) -> list[tuple[_Raw, Clause]]:
    """第1名得10分，第2名得9分……以此类推 → one rank clause (first 10, step 1); 依次递减0.5分 and
    每后退一名减1分 give the step; places that do not fall on one step keep their own points."""
    out: list[tuple[_Raw, Clause]] = []
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
        merged_raw = _Raw(raw.sentence, raw.conditions, last.phrase, raw.form, raw.match,
                          extra={**raw.extra, "start": raw.start, "cap_end": last.end})
        try:
            clause = _rank_clause(places, steps, original[norm.span(raw.start, last.end)[0]:])
            out.append((merged_raw, replace(clause, sign=sign, low=rest[0] if rest else None)))
        except _Unreadable as e:
            problems.append(_problem(e.code, e.message, [_Phrase("", raw.start, last.end)], norm, original, source))
    return out


def _rank_clause(places: list[tuple[int, Decimal]], steps: list[Decimal], text: str) -> Clause:
    if not places:
        raise _Unreadable("rank_step_without_rank", "写了名次间的分差，但没有写第一名的分值，请人工确认")
    if len(steps) > 1:
        raise _Unreadable("rank_steps", "名次间的分差写了不止一个，请人工确认")
    numbers = [p for p, _ in places]
    if len(set(numbers)) != len(numbers):
        raise _Unreadable("rank_repeated", "同一名次写了两个分值，请人工确认")
    if steps:
        step = steps[0]
        p1, a1 = places[0]
        first = a1 + (p1 - 1) * step
        if any(first - (p - 1) * step != a for p, a in places):
            raise _Unreadable("rank_inconsistent", "各名次的分值与写明的分差不一致，请人工确认")
        return Clause(n=0, kind=Kind.RANK, text="", first=first, step=step)
    diffs = {(a1 - a2) / (p2 - p1) for (p1, a1), (p2, a2) in zip(places, places[1:])}
    so_on = re.search(r"以此类推|依此类推|依次类推|……|…", text)
    if len(places) >= 2 and len(diffs) == 1 and next(iter(diffs)) > 0:
        (p1, a1), step = places[0], next(iter(diffs))
        if so_on:
            return Clause(n=0, kind=Kind.RANK, text="", first=a1 + (p1 - 1) * step, step=step)
    if numbers != list(range(1, len(numbers) + 1)):
        raise _Unreadable("rank_gap", "写明的名次不连续，其他名次的分值无法确定，请人工确认")
    if so_on:
        raise _Unreadable("rank_so_on", "“以此类推”但写明的名次分差不一，其后名次的分值无法确定，请人工确认")
    # only the places written earn points (第一名得5分，第二名得3分，第三名得1分)
    return Clause(n=0, kind=Kind.RANK, text="", first=places[0][1], tiers=tuple(Tier(f"第{p}名", a) for p, a in places))


# ---- alternatives, grades and bands: one clause for a choice between written outcomes ---------

_BAND_RANGE = re.compile(rf"({NUM})%\s*(?:\(含\))?\s*[-~至到]\s*({NUM})%|({NUM})%\s*(?:≤|<=|<|≦)\s*[\u4e00-\u9fff]*\s*(?:<|≤|<=|≦)\s*({NUM})%|({NUM})%\s*(?:\(含\))?\s*(?:及)?以上\s*({NUM})%\s*以下")
_BAND_ABOVE = re.compile(rf"({NUM})%\s*(?:\(含\)|\(含{NUM}%\))?\s*(?:及|或)?以上|(?:达到|达|不低于|不少于|高于|超过|大于|≥|>=|>|≧)\s*({NUM})%|(?<![\d.\-~])(100)%(?!\s*[-~至到以])")
_BAND_BELOW = re.compile(rf"({NUM})%\s*(?:\(不含\))?\s*(?:以下|以内)|(?<!不)(?:低于|不足|少于|未达到|<|≤|<=|≦)\s*({NUM})%")


def _band_of(raw: _Raw) -> tuple[Decimal, Decimal | None] | None:
    """(lower bound, upper bound or None) of a banded-rate condition; the lowest band has bound 0."""
    cond = raw.condition.split(",")[-1] if raw.condition else ""  # the amount's own phrase included
    if m := _BAND_RANGE.search(cond):
        low, high = next((a, b) for a, b in zip(m.groups()[::2], m.groups()[1::2]) if a)
        return Decimal(low) / 100, Decimal(high) / 100
    if m := _BAND_BELOW.search(cond):
        return Decimal(0), Decimal(m.group(1) or m.group(2)) / 100
    if m := _BAND_ABOVE.search(cond):
        return Decimal(next(g for g in m.groups() if g)) / 100, None
    if re.match(r"(?:否则?|其他|其余)$", cond.strip()):  # 完成率100%的得满分，否则不得分
        return Decimal(0), None
    return None


def _band_strict(raw: _Raw) -> bool:
    """A band whose lower bound is not included: 满意度＞90% / 80%＜及时率＜95%."""
    cond = raw.condition.split(",")[-1] if raw.condition else ""
    return bool(re.search(rf"(?:>|高于|超过|大于)\s*{NUM}%|{NUM}%\s*<\s*[\u4e00-\u9fff]", cond))


def _outcome(raw: _Raw, clause: Clause) -> Decimal | None:
    """What a written outcome is worth, for choices: 得2分 / 2分 / 满分 (None) / 不得分 (0)."""
    if clause.kind == Kind.ZERO and clause.scope == "item":
        return Decimal(0)
    if clause.kind == Kind.AWARD and not clause.per and clause.cap is None:
        return None if raw.extra.get("full") else clause.amount
    if clause.kind == Kind.RATE and raw.form in ("bare", "award"):
        return clause.amount
    return False  # type: ignore[return-value]  # not an outcome


def _merge_choices(items, points, problems, norm, original, source):
    """按时完成得2分，逾期完成得1分，未完成不得分 → one grade clause (the outcomes are alternatives);
    90%以上满分，80%-90%得3分，80%以下不得分 → one banded clause."""
    items = _levels_as_outcomes(items, points)
    out: list[tuple[_Raw, Clause]] = []
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
                merged = _bands(run, points) if banded else _alternatives(run, points)
            except _Unreadable as e:
                first, last = run[0][0], run[-1][0]
                problems.append(_problem(e.code, e.message, [_Phrase("", first.start, last.end)], norm, original, source))
                i = j
                continue
        if merged is None:
            out.append(items[i])
            i += 1
            continue
        first, last = run[0][0], run[-1][0]
        raw = _Raw(first.sentence, first.conditions, last.phrase, first.form, first.match,
                   extra={"order": first.extra["order"], "start": first.start, "cap_end": last.end})
        out.append((raw, merged))
        i = j
    return out


def _choice_length(run) -> tuple[int, bool]:
    """How many outcomes from the start of a run belong to one choice, and whether it is banded."""
    flags = [_band_of(raw) is not None for raw, _ in run]
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
    bounds = [_band_of(raw) for raw, _ in run]
    if any(b is None for b in bounds):
        return None
    bands = sorted(((low, upper, _outcome(raw, c), _band_strict(raw)) for (low, upper), (raw, c) in zip(bounds, run)),
                   key=lambda b: b[0], reverse=True)
    lows = [b[0] for b in bands]
    if len(set(lows)) != len(lows):
        raise _Unreadable("bands_overlap", "分段区间重叠，请人工确认")
    for (low, *_), (_, upper, *_) in zip(bands, bands[1:]):
        if upper is not None and not Decimal(0) <= low - upper <= Decimal("0.001"):  # 90%-94.9% meets 95%以上
            raise _Unreadable("bands_gap", "分段区间不衔接（有空档或重叠），请人工确认")
    if bands[0][1] is not None and bands[0][1] < 1 and not _band_is_open(run, bands[0][0]):
        raise _Unreadable("bands_gap", "最高一段没有写到100%，其上的得分无法确定，请人工确认")
    amounts = [a for _, _, a, _ in bands]
    if points is not None and any(a is not None and a > points for a in amounts):
        raise _Unreadable("bands_exceed", "分段的分值超过本项分值，请人工确认")
    variable = _band_subject(run[0][0])
    return Clause(n=0, kind=Kind.BANDS, text="", variable=variable,
                  bands=tuple(Band(low, amount, strict) for low, _, amount, strict in bands)
                  + (() if lows[-1] == 0 else (Band(Decimal(0), Decimal(0)),)))


def _band_subject(raw: _Raw) -> str | None:
    cond = ",".join(p.text for p in raw.conditions) + (raw.phrase.text[: raw.match.start()] if raw.match else "")
    m = re.search(r"([\u4e00-\u9fff]{1,12}率)", cond)
    return m.group(1) if m else None


def _alternatives(run, points) -> Clause | None:
    if len(run) == 2 and run[1][1].kind == Kind.ZERO:
        return None  # …得1分；未完成的不得分: a component and its 不得分 stay two clauses
    labels = [_tier_label(raw) for raw, _ in run]
    amounts = [_outcome(raw, c) for raw, c in run]
    if any(a is None for a in amounts) or not any(amounts):
        if any(a is None for a in amounts) and points is not None:
            amounts = [points if a is None else a for a in amounts]
        else:
            return None
    grades = [_grade_in(label) for label in labels]
    if all(grades) and len(set(grades)) == len(grades):
        return Clause(n=0, kind=Kind.GRADE, text="", tiers=tuple(Tier(g, a) for g, a in zip(grades, amounts)))
    if len(set(labels)) != len(labels):
        return None
    cores = {_ALTERNATIVE_PREFIX.sub("", label) for label in labels}
    # the same act done well, late or not at all; or outcomes worth more together than the item
    exclusive = len(cores) == 1 and next(iter(cores)) or (
        points is not None and sum(amounts) > points and max(amounts) == points and amounts[-1] < amounts[0])
    if exclusive:
        return Clause(n=0, kind=Kind.GRADE, text="", tiers=tuple(Tier(label, a) for label, a in zip(labels, amounts)))
    return None


def _bind_guards(clauses: list[Clause]) -> list[Clause]:
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


def _grade_in(label: str) -> str | None:
    """The grade a label names, read from its end: 评价等次为好的 → 好, 结果为基本满意 → 基本满意, 一档 → 一档."""
    label = label.strip().removesuffix("的")
    ordinal = _GRADE_ORDINAL.search(label)
    if ordinal and ordinal.end() == len(label):
        return ordinal.group(0)
    return next((g for g in _GRADES if label.endswith(g)), None)


def _place_number(text: str) -> int:
    return int(text) if text.isdigit() else chinese_number(text) or 0


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


_TITLE = re.compile(r"[\u4e00-\u9fff“”]{1,20}\(\s*(?:分值[:：]?)?\s*(\d+(?:\.\d+)?)\s*分\s*\)")


def _is_title(text: str, points: Decimal | None) -> bool:
    """政策解读（3分） heading the whole item: its points, not a component."""
    m = _TITLE.fullmatch(text.strip(" 。.:"))
    return bool(m) and points is not None and Decimal(m.group(1)) == points


def _band_is_open(run, top_low: Decimal) -> bool:
    """满意度＞90%的得3分，80%（含）-90%（含）… : a top band written as 高于 reaches 100%."""
    return any(_band_of(raw) == (top_low, None) for raw, _ in run)


def _levels_as_outcomes(items, points):
    """创建省级示范点的得3分，市级…2分，县级…1分；未创建示范点的不得分: levels worth more together
    than the item, closed by a 不得分, are alternatives: one grade clause, the best by default."""
    out = list(items)
    for i in range(len(out) - 1):
        (raw, c), (raw2, c2) = out[i], out[i + 1]
        if c.kind == Kind.TIERED and c.sign == Sign.AWARD and c.cap is None and not c.highest and points is not None \
                and sum(t.amount for t in c.tiers) > points and c2.kind == Kind.ZERO and c2.scope == "item":
            tiers = c.tiers + (Tier(_tier_label(raw2), Decimal(0)),)
            merged = _Raw(raw.sentence, raw.conditions, raw2.phrase, raw.form, raw.match,
                          extra={"order": raw.extra["order"], "start": raw.start, "cap_end": raw2.end})
            out[i:i + 2] = [(merged, Clause(n=0, kind=Kind.GRADE, text="", tiers=tiers))]
            break
    return out
