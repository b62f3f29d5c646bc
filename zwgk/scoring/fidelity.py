"""A second reading of every parsed line: is the parser's reading accountable to the text?

The parser reads a line; this module checks that reading against the text the way a careful
colleague would before signing it off (docs/engine.md §Checking a reading):
- *number accounting*: every amount written in points (N分, 最高N分, each tier, a range) is used
  by exactly one clause or cap, and every number a clause uses is written in the text (or is the
  item's own points, 满分);
- *sign*: a clause that earns points may not take its amount from words that deduct (扣, 减), nor a
  deduction from words that only earn (加, 得);
- *coverage*: words that score (不得分, 一票否决, 取消…资格, 倒扣, 扣分, 酌情…) lie inside some clause.
A reading that fails any check comes back as a `Problem`, so the line is flagged for a person
instead of being called understood. It never changes a reading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .clauses import CapGroup, Clause, Kind, Sign
from .errors import Problem
from .formula import variables_of
from .normalize import Normalized
from .roles import AWARD, BASE, BONUS, DEDUCT, NEGATIVE, role_of
from .wording import GRADE_WORD, INLINE_GRADE, NUM, SCORING_NOUN

# Amounts written in points: a list (分别扣3、2、1分), a range (扣1-3分), one amount (扣0.5分, 1 分).
_MENTION = re.compile(
    rf"(?<![\d.])({NUM}(?:\s*[、,]\s*{NUM})+|{NUM}\s*[-~至到]\s*{NUM}|{NUM})\s*分(?!钟|之|点|值|数|别|项|配|类|析|管|局|站|级|组|解|会|布|工|档|的|以上|以下|及以上)")
_NUMBER = re.compile(NUM)
_GRADE_BEFORE = re.compile(rf"(?:{GRADE_WORD})\s*\($")
# Words that leave a reading open whatever clauses were found: who 前者 is, how the last place scores.
_OPEN = re.compile(r"前者|后者|最后(?:1|一)名|末位|倒数第|两者都有|同时存在|依次(?:递减|减少)(?![\d.\s]*\d)|酌减(?![\d.\s]*\d)|少得分|"
                   r"折算|上不封顶|减半|扣(?=[,;。]|$)")
# What is left of a deduction's condition once the counting words are gone: 每发现一处错误 → 错误.
_COUNTING = re.compile(r"每|发现|[篇件次项条个处][加得扣]$|[加得扣]$|(?<![\d.])[1一](?=[处次件项条个家])|处|件|项|条|个|家|的|,|被|[国省市县乡]级|国家级|全年")
# A formula's variable is a rate or share the unit reports, or is defined in the text.
_SHORTFALL = re.compile(r"(?:迟报|错误|差错|瞒报|超期|逾期|漏报|投诉|不合格|失误)率$")
_MEASURED = re.compile(r"(?:率|占比|比例|比重|分值|满分|(?<!系)数|总量|量|度|得分)$")
_NEGATIVE_CONDITION = re.compile(r"未|不(?!少于|低于|超过|高于|得少于|得低于)|没有|缺|错|迟|超期|逾期|滞后|无")
# The item's points stated in its text: 本项5分, 满分5分, 分值为5分, (5分).
_POINTS_STATED = re.compile(r"(?:本项|该项|此项|满分|分值|总分|共计?|合计)(?:为|是|:)?\s*$")
_DEDUCT_VERB = "扣减"
_EARN_VERB = "加得给计赋奖"
_SCORING_WORDS = re.compile(
    r"不得分|不予得分|不计分|不给分|得分为零|一票否决|取消[\u4e00-\u9fff]{0,6}资格|不得评为|倒扣|酌情|视情|(?<!不)(?<!重复)(?<!项)(?<!已)(?<!累计)(?<!叠加)(?<!合并)扣分(?!上限|不超过|最高|以|合计|累计|总计)")


@dataclass
class _Mention:
    start: int
    end: int
    values: tuple[Decimal, ...]
    used: int = 0
    points: bool = True  # written with 分 (not a grade's bracketed number)


def check_reading(original: str, norm: Normalized, clauses: list[Clause], caps: list[CapGroup],
                  declared: Decimal | None, points: Decimal | None, source: str) -> list[Problem]:
    """Problems with the reading of one text (the scoring text or the bonus text)."""
    text = norm.text
    to_norm = _inverse(norm, len(original))
    mentions = [_Mention(m.start(), m.end(), tuple(Decimal(v) for v in _NUMBER.findall(m.group(1))) * _uses(text, m.start()))
                for m in _MENTION.finditer(text)]
    # grades written inline give their points in brackets, 好(6), where no 分 makes them a mention
    mentions += [_Mention(m.start(2), m.end(2), (Decimal(m.group(2)),), points=False)
                 for m in INLINE_GRADE.finditer(text) if not m.group(3)]
    mentions.sort(key=lambda m: m.start)
    free = {v for v in (declared, points) if v is not None} | _shares(text, points)
    problems: list[Problem] = []

    def problem(code: str, message: str, start: int, end: int) -> None:
        a, b = norm.span(start, end)
        if not any(p.code == code and p.start == a for p in problems):
            problems.append(Problem(code, message, original[a:b], a, b, source))

    # The item's own points written in the text (本项5分, （3分）) are not a clause's.
    for m in mentions:
        if re.search(r"(?:例如|比如|譬如|举例)[^;。]*$", text[:m.start]):
            m.used = len(m.values)  # 例如全年报送18条扣0.2分: an illustration
            continue
        if not m.points:
            continue
        if m.values == (Decimal(0),) and re.search(r"(?:最低|最少|扣至|扣到|减至)(?:得|为|计)?\s*$", text[:m.start]):
            m.used = 1  # 本项最低0分 / 扣至0分为止: the floor, said
            continue
        head = text[max(0, m.start - 6):m.start]
        title = re.search(r"^[^,;。]{1,20}\(\s*(?:分值:?)?\s*$", text[:m.start]) and text[m.end:].lstrip().startswith(")")
        if title and points is not None and m.values == (points,):  # 政策解读（3分）：…
            m.used = 1
            continue
        if _POINTS_STATED.search(head) and not re.search(r"[扣加减](?:除)?(?:本项|该项|此项)\s*$", head) \
                or declared is not None and _is_declared_tail(text, m):
            m.used = 1
            if points is not None and len(m.values) == 1 and m.values[0] != points and declared is None:
                problem("points_differ", f"文中写明本项{m.values[0]}分，与分值{points}分不一致，请人工确认", m.start, m.end)

    spans = []
    for clause in clauses:
        start, end = to_norm[clause.start], to_norm[min(clause.end, len(original))]
        spans.append((start, end))
        for value, what in _claims(clause):
            # a cap may stand in a sentence of its own after the clause (…扣1分。扣分上限为4分)
            hit = _take(mentions, value, start, end if what == "amount" else len(text))
            if hit is None and what == "cap":  # 本项最多扣3分，每发现一处错误扣0.5分: written first
                hit = _take(mentions, value, 0, start)
            if hit is None:
                if value in free or value == 0:
                    continue
                problem("number_not_in_text", f"条款{clause.n}用到的{value}分在原文中找不到，读法可能有误，请人工确认", start, end)
                continue
            if what == "amount" and not _sign_agrees(text, hit, clause):
                problem("sign_mismatch", _sign_message(clause, value), hit.start, hit.end)
        if clause.kind == Kind.ZERO or clause.kind == Kind.GUARD and clause.amount is None:
            _take(mentions, Decimal(0), start, end)  # 本项得0分: the zero is the clause's
        if clause.kind == Kind.RANK:
            for m in mentions:  # every place's points inside the rank run belong to it
                if start <= m.start < end and not m.used:
                    m.used = 1
    if points is not None:
        for clause, (start, end) in zip(clauses, spans):
            most = _most(clause, points)
            if most is not None and most > points and clause.kind in (Kind.GRADE, Kind.BANDS, Kind.RANGE, Kind.RANK, Kind.MANUAL) \
                    and role_of(clause) == BASE:
                problem("exceeds_points", f"条款{clause.n}最高可得{most}分，超过本项分值{points}分，请人工确认", start, end)
        components = sum((c.amount for c in clauses if c.kind == Kind.AWARD and not c.per), Decimal(0))
        if components > points and not any(role_of(c) == BASE for c in clauses):
            problem("components_exceed", f"各得分项合计{components}分，超过本项分值{points}分，可能是互斥的几种情形，请人工确认",
                    spans[0][0], spans[-1][1])
    for cap in caps:
        first = min((spans[i][0] for i, c in enumerate(clauses) if c.n in cap.clauses), default=0)
        if _take(mentions, cap.amount, first, len(text)) is None and _take(mentions, cap.amount, 0, first) is None \
                and cap.amount not in free:
            problem("number_not_in_text", f"合并上限{cap.amount}分在原文中找不到，请人工确认", first, len(text))

    for clause, (start, end) in zip(clauses, spans):
        for message in _contradictions(clause, text[start:end], clauses, points):
            problem("contradiction", message, start, end)
    if m := _OPEN.search(text):
        problem("open_reading", f"“{m.group(0)}”所指的计分无法确定，请人工确认", *_phrase_around(text, m.start(), m.end()))
    for m in mentions:
        if not m.used:
            values = "、".join(format(v, "f") for v in m.values)
            problem("number_unused", f"原文中的“{values}分”没有对应的计分条款或上限，读法可能不完整，请人工确认",
                    *_phrase_around(text, m.start, m.end))
    for w in _SCORING_WORDS.finditer(text):
        if not any(s <= w.start() < e for s, e in spans) and not _in_cap(text, w.start()) and not _noun(text, w.start()):
            problem("not_covered", f"“{w.group(0)}”是计分的要求，但没有识别为条款，请人工确认", *_phrase_around(text, w.start(), w.end()))
    return problems


def _most(clause: Clause, points: Decimal) -> Decimal | None:
    """The most a base-setting clause can give, as written."""
    amounts = [t.amount for t in clause.tiers] + [b.amount for b in clause.bands if b.amount is not None]
    amounts += [v for v in (clause.high, clause.first) if v is not None]
    return max(amounts) if amounts else None


def _claims(clause: Clause) -> list[tuple[Decimal, str]]:
    """The numbers a clause takes from the text, and whether each is its amount or its cap."""
    c = clause
    out: list[tuple[Decimal, str]] = []
    if c.kind == Kind.RANK:
        out += [(amount, "amount") for amount in dict.fromkeys(t.amount for t in c.tiers)]
        if c.step is not None and c.tiers == ():
            out.append((c.first, "amount"))
        return out
    if c.kind in (Kind.TIERED, Kind.GRADE):
        amounts = [t.amount for t in c.tiers]
        if c.kind == Kind.TIERED and "分别" in c.text and len(set(amounts)) == 1:
            amounts = amounts[:1]  # 政府网站、政务新媒体…，分别扣1分: one amount for each
        out += [(a, "amount") for a in amounts]
    if c.kind == Kind.BANDS:
        out += [(b.amount, "amount") for b in c.bands if b.amount is not None]
    if c.kind == Kind.RANGE:
        out += [(c.low, "amount"), (c.high, "amount")]
    elif c.kind == Kind.MANUAL and c.high is not None:
        out.append((c.high, "cap"))
    if c.amount is not None and c.kind not in (Kind.FORMULA,):
        out.append((c.amount, "amount"))
    if c.cap is not None:
        out.append((c.cap, "cap"))
    return out


def _take(mentions: list[_Mention], value: Decimal, start: int, end: int) -> _Mention | None:
    """The first mention of `value` inside [start, end) not yet used (a list's values each count)."""
    for m in mentions:
        if start <= m.start < end and value in m.values and m.used < len(m.values):
            m.used += 1
            return m
    return None


def _sign_agrees(text: str, mention: _Mention, clause: Clause) -> bool:
    """The verb nearest before an amount (扣0.5分, 扣牵头科室0.5分, 加1分) agrees with the clause's role."""
    role = role_of(clause)
    head = text[:mention.start]
    cut = max(head.rfind(ch) for ch in ",;。:(")
    phrase = head[cut + 1:]
    verbs = [ch for ch in phrase if ch in _DEDUCT_VERB + _EARN_VERB]
    if re.search(r"扣分上限|扣分不超过|最多扣|累计扣", phrase):
        return True
    if not verbs:
        return True  # 公开年度计划1分: no verb, the amount is what the part is worth
    deducts = verbs[-1] in _DEDUCT_VERB or phrase.endswith("倒扣")
    if role in (DEDUCT, NEGATIVE):
        return deducts or "不得" in phrase
    if role in (AWARD, BONUS, BASE):
        return not deducts
    return True


def _sign_message(clause: Clause, value: Decimal) -> str:
    role = role_of(clause)
    if role in (DEDUCT, NEGATIVE):
        return f"条款{clause.n}读作扣分，但原文“{value}分”是加分或得分，请人工确认"
    return f"条款{clause.n}读作{'加分' if role == BONUS else '得分'}，但原文“{value}分”是扣分，请人工确认"


def _is_declared_tail(text: str, m: _Mention) -> bool:
    """（3分） written at the very end of the text: the item's points, not a clause (nor a grade's: 差（0分）)."""
    head = text[:m.start].rstrip()
    return bool(re.fullmatch(r"\s*\)\s*[。.]?\s*", text[m.end:])) and head.endswith("(") and not _GRADE_BEFORE.search(head)


def _in_cap(text: str, pos: int) -> bool:
    return bool(re.match(r"扣分(?:上限|不超过|最高|最多|以|合计|累计|总计|总额|均以|各以)", text[pos:pos + 6]))


def _phrase_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The phrase (between , ; 。) that holds a span, for a person to see what was not read."""
    a = max(text.rfind(ch, 0, start) for ch in ",;。") + 1
    ends = [i for i in (text.find(ch, end) for ch in ",;。") if i != -1]
    b = min(ends) if ends else len(text)
    while a < b and text[a] == " ":
        a += 1
    return a, max(b, a + 1)


def _inverse(norm: Normalized, length: int) -> list[int]:
    """For each original offset (and the end), the first normalised offset at or after it."""
    out = [len(norm.text)] * (length + 1)
    for i in range(len(norm.origin) - 1, -1, -1):
        out[norm.origin[i]] = i
    for j in range(length - 1, -1, -1):
        if out[j] == len(norm.text) and j + 1 <= length:
            out[j] = out[j + 1]
    return out



def _contradictions(clause: Clause, text: str, clauses: list[Clause], points: Decimal | None) -> list[str]:
    """Readings the text itself makes doubtful: a cap below one finding, a formula on words it never
    explains, an amount with no verb after a shortcoming, a vague guard after a formula."""
    out = []
    if re.match(r"(?:最多|最高|至多|上限|累计|合计|不超过)", text):
        out.append(f"条款{clause.n}写的像是上限（{text}），却读成了计分条款，请人工确认")
    most = max([clause.amount or 0] + [t.amount for t in clause.tiers])
    if clause.cap is not None and clause.cap < most:
        out.append(f"条款{clause.n}的上限{clause.cap}分小于一次的分值{most}分，请人工确认")
    amounts = [t.amount for t in clause.tiers]
    if clause.kind in (Kind.GRADE, Kind.RANK) and amounts != sorted(amounts, reverse=True) and _ordered(clause):
        out.append(f"条款{clause.n}的{'等次' if clause.kind == Kind.GRADE else '名次'}与分值的高低顺序不一致，请人工确认")
    if clause.kind == Kind.BANDS:
        worth = [b.amount for b in clause.bands if b.amount is not None]
        first_band = text.split("分")[0]  # 差错率在1%以内得2分: lower is better
        if worth != sorted(worth, reverse=True) and not re.search(r"以内|以下|低于|不足|<", first_band):
            out.append(f"条款{clause.n}比率越高得分越低，分段可能写反了，请人工确认")
    if clause.kind == Kind.FORMULA:
        defined = {name for name, _ in clause.definitions}
        unexplained = [v for v in variables_of(clause.expression) if v not in defined and not _MEASURED.search(v)]
        growing = [v for v in variables_of(clause.expression) if _SHORTFALL.search(v)
                   and not re.search(rf"1\s*-\s*{re.escape(v)}", clause.expression)]
        if growing:  # 得分=迟报率×5: the more late reports, the higher the score?
            out.append(f"公式中“{'、'.join(growing)}”越高得分越高，与评分方向相反，请人工确认")
        if unexplained:
            out.append(f"公式中的“{'、'.join(unexplained)}”没有说明如何得出，请人工确认")
    if clause.kind in (Kind.RATE, Kind.GUARD) and clause.step is None and any(
            c.n < clause.n and c.kind in (Kind.RATE, Kind.GUARD) and c.step is None and c.threshold != clause.threshold
            for c in clauses):  # 低于100%的，扣1分；低于90%的，扣2分: instead of, or as well as?
        out.append(f"条款{clause.n}与前面的条款是同一比率的不同界限，是替代还是累加无法确定，请人工确认")
    if clause.kind == Kind.TIERED and clause.sign == Sign.AWARD and not clause.highest and clause.cap is None \
            and points is not None and sum(t.amount for t in clause.tiers) > points and not re.search(r"每|1次", text):
        out.append(f"条款{clause.n}各档合计超过本项分值，可能只按达到的一档计分，请人工确认")
    if clause.kind in (Kind.RANGE, Kind.MANUAL) and re.search(r"每", _condition(clause.text)):
        out.append(f"条款{clause.n}每次的扣分是一个区间，无法按次数计算，请人工确认")
    if clause.kind in (Kind.RANGE, Kind.MANUAL) and clause.sign != Sign.AWARD and re.search(r"\d+\s*%", text):
        out.append(f"条款{clause.n}在比率界限下又写了酌情扣分，请人工确认")
    if clause.kind == Kind.RANGE and any(c.n != clause.n and role_of(c) == role_of(clause) and c.per and not _core(c.text)
                                         and c.kind in (Kind.BONUS, Kind.AWARD, Kind.PER_OCCURRENCE) for c in clauses):
        out.append(f"条款{clause.n}给出分值区间，同时又写了按次计分，两种算法不一致，请人工确认")
    if clause.kind == Kind.ONCE and _QUANTITY.search(_condition(clause.text)) and sum(
            1 for c in clauses if c.kind == Kind.ONCE and _QUANTITY.search(_condition(c.text))) >= 2:
        out.append(f"条款{clause.n}按数量分段扣分，请人工确认各段的界限")
    if clause.kind == Kind.PER_OCCURRENCE and re.fullmatch(r"\d+次(?:的)?", _condition(clause.text).strip(" ,，")):
        out.append(f"条款{clause.n}只写了次数，与前面的按次扣分不一致，请人工确认")
    if clause.kind == Kind.ONCE and re.fullmatch(r"[\u4e00-\u9fff]{1,6}", _condition(clause.text).strip(" ,")) \
            and any(c.n < clause.n and c.kind == Kind.PER_OCCURRENCE for c in clauses) and not _NEGATIVE_CONDITION.search(clause.text):
        out.append(f"条款{clause.n}只写了对象，前面的“每…”是否也适用于它无法确定，请人工确认")
    once = clause.kind == Kind.ONCE or clause.kind in (Kind.AWARD, Kind.BONUS) and not clause.per
    if once and _PLACE.search(_condition(clause.text)):  # 6-10名扣0.5分 (前50名，每一件加0.5分 counts pieces)
        out.append(f"条款{clause.n}按名次计分，但名次与分值的对应没有读出，请人工确认")
    if clause.kind in (Kind.ONCE, Kind.PER_OCCURRENCE):
        core = _core(clause.text)
        others = [_core(c.text) for c in clauses if c.n != clause.n and c.kind in (Kind.ONCE, Kind.PER_OCCURRENCE)]
        if others and (not core or core in others):
            out.append(f"条款{clause.n}与其他条款的情形相同或没有写明情形，同一情形扣多少分无法确定，请人工确认")
    if clause.kind == Kind.AWARD and clause.cap is not None and points is not None and clause.cap > points:
        out.append(f"条款{clause.n}最多得{clause.cap}分，超过本项分值{points}分，请人工确认")
    if clause.kind == Kind.AWARD and not clause.per:
        amounts = list(re.finditer(r"\d+(?:\.\d+)?\s*分", text))
        head = text[: amounts[-1].start()] if amounts else text
        if head.rstrip().endswith(",") and _NEGATIVE_CONDITION.search(head):  # 信息更新不及时，0.5分
            out.append(f"条款{clause.n}的分值前没有写“扣”或“得”，而条件是未做到的情形，请人工确认是扣分还是得分")
    if clause.kind in (Kind.ONCE, Kind.PER_OCCURRENCE):
        names = {v for c in clauses if c.kind == Kind.FORMULA for v in variables_of(c.expression)}
        if any(name in text for name in names if name.endswith("率")):
            out.append(f"条款{clause.n}的条件涉及公式中的比率，但没有写明界限，请人工确认")
    return out


def _condition(text: str) -> str:
    """A clause's words before its amount: 每发现一处错误扣0.5分 → 每发现一处错误 (without a 扣分项： label)."""
    text = re.sub(r"^(?:扣分项|加分项|扣分事项|加分事项)\s*[:：]?", "", text)
    return re.split(r"扣|减|\d+(?:\.\d+)?\s*分", text, maxsplit=1)[0]


_GRADE_ORDER = ("优秀", "优", "好", "良好", "良", "较好", "合格", "中", "一般", "基本合格", "较差", "差", "不合格")


def _ordered(clause: Clause) -> bool:
    """Whether a grade or rank clause's labels have a known order (written best first): places do;
    grades do when every label is a known grade; alternatives (按时/逾期/未完成) do not."""
    if clause.kind == Kind.RANK:
        return True
    return all(t.label in _GRADE_ORDER for t in clause.tiers)


_QUANTITY = re.compile(r"\d+\s*[-~至到]\s*\d+\s*(?:个|条|次|处|件|项|场|篇)|\d+\s*(?:个|条|次|处|件|项|场|篇)(?:问题)?(?:及|或)以上")
_PLACE = re.compile(r"\d+\s*[-~至到]\s*\d+\s*名|前\s*\d+\s*名|\d+\s*名(?:以后|之后|以下|及以后)|排名第")
_LATE = re.compile(r"未按时|未按期|未及时|不及时|超期|延期|逾期")


def _core(text: str) -> str:
    """What a deduction is for, without counting words and with one word for lateness, so that
    未按时报送的 and 逾期报送的 are seen to be the same situation."""
    return _LATE.sub("逾期", _COUNTING.sub("", _condition(text)))


def _uses(text: str, start: int) -> int:
    """How many caps one amount stands for: 加分、扣分均以2分为限 is two."""
    return 2 if re.search(r"加分?[、和与及]?(?:扣|减)分?(?:均|各|分别)?(?:以|不超过|不得超过|最多|最高)\s*$", text[:start]) else 1


def _noun(text: str, pos: int) -> bool:
    """扣分 in 严格落实扣分规则 / 扣分明细附后 / 加分、扣分均需提供佐证 names scoring; it does not score."""
    return any(m.start() <= pos < m.end() for m in SCORING_NOUN.finditer(text))


def _shares(text: str, points: Decimal | None) -> set[Decimal]:
    """Amounts a text gives as shares of the item's points: 一半 / 减半, 80%的分值, 全部分值."""
    if points is None:
        return set()
    out = {points * Decimal(p) / 100 for p in re.findall(r"(\d+(?:\.\d+)?)\s*%", text)}
    if re.search(r"一半|减半|半数", text):
        out.add(points / 2)
    return out
