"""The words of scoring texts the parser looks for, as patterns: amounts (扣2分, 加0.5分, 不得分…),
caps (扣分上限为4分), counting words (每, 1次), rates, bands, ranks, consequences and notes.

Kept apart from the parser so that reading a phrase (`parser.py`), joining clauses (`merging.py`)
and the words themselves can be read separately. Every text here is already normalised
(`normalize.py`: half-width punctuation, simplified characters, Arabic numerals).
"""
from __future__ import annotations

import re

from .clauses import Sign

NUM = r"\d+(?:\.\d+)?"
ENUM = re.compile(r"(?:(?:(?<=^)|(?<=[\s,;。:、)]))(?:\d{1,2}[、.](?!\d)|\(\d{1,2}\)))|\([一二三四五六七八九十]{1,3}\)|[①-⑳]")
DECLARED = re.compile(rf"\(\s*({NUM})\s*分\s*\)\s*[。.]?\s*$")
BRACKETED_POINTS = re.compile(rf"\(\s*{NUM}\s*分\s*\)")
LEADING_NUMBER = re.compile(r"^\s*\d{1,3}\s*[.、](?!\d)\s*")

# Amount phrases, tried in this order; the first that matches a phrase wins.
AMOUNTS: list[tuple[str, re.Pattern]] = [
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
CAPS: list[tuple[Sign | None, re.Pattern]] = [
    (Sign.DEDUCT, re.compile(rf"(?:扣完|扣分上限为?|减分上限为?|扣分不超过|(?:最多|至多|最高)(?:扣减|扣除|扣|减)|累计减分不超过|扣分最高不超过|累计扣分不超过|扣分以|扣满|扣分(?:合计|累计|总计|总额)?(?:不超过|不得超过|最多|最高|以|为))\s*({NUM})\s*分")),
    (Sign.BONUS, re.compile(rf"(?:加分上限为?|加分不超过|(?:最多|最高|至多)(?:奖励|加)|加分最高不超过|累计加分不超过|加分(?:合计|累计|总计)(?:不超过|不得超过|最多|最高|以|为))\s*({NUM})\s*分")),
    (None, re.compile(rf"(?:最高不超过|最多不超过|最高(?:得分?|计)?为?|最多(?:得|计)|不超过|上限为?|得满)\s*({NUM})\s*分|({NUM})\s*分封顶|封顶\s*({NUM})\s*分")),
]
POINTS_STATEMENT = re.compile(rf"(?:本项|该项|此项)(?:满分|分值|共)?(?:为)?\s*(?!0\s*分){NUM}\s*分|(?:满分|分值)(?:为)?\s*{NUM}\s*分")
# a note on how something is measured (以2023年12月31日前的记录为准): its dates are not deadlines
PER_N = re.compile(r"每(?:发现|少|缺|出现|有)?\s*(\d+)\s*(?:处|个|条|次|件|项|篇)(?!工作日|月|天|日|周|小时)")
NOTE = re.compile(r"\(?以[^,;()]*?为准\)?|\(?按[^,;()]*?计\)?")
BOTH_CAPS = re.compile(rf"(?:以上)?(?:加分|加)[、和与及]?(?:扣分|扣|减分|减)(?:均|各|分别)?(?:以|不超过|不得超过|最多|最高)\s*({NUM})\s*分(?:为限)?")
# 扣分 or 加分 used as a noun in a requirement (严格落实扣分规则 / 扣分明细附后): no points
SCORING_NOUN = re.compile(r"(?:扣分|加分|加减分|倒扣分)(?:规则|事项|情况|明细|标准|依据|办法|细则|项目|材料)|加分、扣分|加分和扣分|加减分|不实行倒扣|倒扣分")
EXAMPLE = re.compile(r"(?:例如|比如|譬如|举例|如:)")
NO_POINTS = re.compile(r"不(?:再)?(?:重复)?(?:扣分|计分|加分|得分)(?:$|[,。])|不予扣分|(?:累计|叠加|合并)扣分(?:$|[,。])")
WITHIN_FULL = re.compile(r"(?:最高|最多)(?:得|不超过|为)?满分|不超过(?:该项|本项|此项)?(?:满分|分值)|(?:最低|最少)(?:得|为)?0分")
FLOOR = re.compile(r"(?:本项|此项|该项|各项|以上各项|均)?(?:扣完为止|扣完即止|扣满为止)|(?:最多|最低)?扣(?:至|到)0分(?:为止)?|(?:本项|此项|该项)?最低(?:得|为|计)?0分|扣分上限为(?:该项|本项|此项)(?:分值|满分)|扣完本项分值为止|扣至0分为止|(?:本项|此项|该项|以上)?(?:累计|合计|总)?扣分(?:合计|累计|总额|总计)?(?:不超过|不超出|不得超过|以)(?:该项|本项|此项)?(?:分值|分数|满分)(?:为限)?")
MANUAL = re.compile(r"酌情|视情|酌定|综合评定|综合评分")
PER = re.compile(r"每|各$|分别$|/(?:次|条|项|个|件|篇|处|家|期)|(?:缺|少)1(?:件|次|项|条|个|篇|台|套|处|期|类)|(?<![\d.])(?<!开展)(?<!召开)(?<!举办)(?<!组织)(?<!只)(?<!仅)(?<!完成)(?<!于)(?<!少)(?<!到)(?<!足)(?<!过)1(?:件|次(?!性)|起|处|例|项|条|家|篇|期|个(?!月|工作日|小时|自然日)|份|人|批|台|套)|有1项|\d+次[,]?$")
# A condition with a threshold counts each case that crosses it: 每季度更新少于3次的 / 超过3个月未更新的 /
# 5个工作日内未答复的 — one deduction per quarter, column or reply.
THRESHOLD = re.compile(r"(?<!不)(?:少于|不足|低于|未达到|超过|多于|逾)\s*\d+\s*个?(?:次|条|篇|个月|月|天|日|工作日|周)|\d+\s*个?工作日内未")
EFFECT = re.compile(r"^(?:同时|并|且|并且|另)?(?:在[^,;]{0,10}中|当年|年度|本年度|本项考核结果|考核结果|该单位|本单位)?(?:予以|实行|实施)?(一票否决|取消[\u4e00-\u9fff]{0,10}资格|(?:年度考核)?不得评(?:为|定为)?[\u4e00-\u9fff]{0,8}|不能评(?:为)?[\u4e00-\u9fff]{0,8})$")
EFFECT_TAIL = re.compile(r"(?:,|,?同时|,?并|,?且|,?并且)\s*(?:在[^,;]{0,10}中|当年|年度|本年度|本项考核结果|考核结果|该单位|本单位)?((?:予以|实行)?(?:一票否决|取消[\u4e00-\u9fff]{0,10}资格|(?:年度考核)?不得评(?:为|定为)?[\u4e00-\u9fff]{0,8}))\s*$")
HIGHEST = re.compile(r"按最高(?:级别|等次|档次|标准)?|就高(?:不就低|计分|计算|计)?|不累加|不累计加分|不重复(?:加分|计分|得分)|只计最高|取最高|以最高")
GRADE_WORD = "优秀|良好|不合格|合格|较好|一般|较差|优|良|中|差|好"  # longest first: 不合格 before 合格
INLINE_GRADE = re.compile(rf"({GRADE_WORD})\s*\(\s*({NUM})\s*(分?)\s*\)")
ALTERNATIVE_PREFIX = re.compile(r"^(?:全年|年内|按时|及时|如期|准时|逾期|超期|延期|未按时|未按期|未|没有|未能|不|部分|全部|基本|全面|只|仅|已)+")
LESS = re.compile(r"^(?:每)?(?:少|缺)(?:1)?(?:次|条|项|个|件|期|篇)")
LEVELS = ("国务院", "国办", "国家", "中央", "中国政府网", "全国", "部委", "省", "市", "县", "乡")
GRADES = ("非常满意", "基本满意", "比较满意", "不满意", "较满意", "满意", "不合格", "基本合格", "优秀", "良好", "合格",
           "较好", "一般", "较差", "优", "良", "中", "差", "好", "高", "低")  # longest first: 不合格 before 合格
GRADE_ORDINAL = re.compile(r"(?:第)?(?:[一二三四五六七八九十]|\d{1,2})(?:档|等)|[A-E](?:档|等|级)?|[甲乙丙丁](?:等|级)?")
RATE = re.compile(rf"(不得少于|不少于|不低于|不得低于|达到|应达|须达|需达|要达|低于|少于|不足|不得超过|不超过|不高于|超过|高于|≥|>=|<)\s*({NUM})%")
# the target a shortfall is measured from, written in the clause before: 达到30%的得3分 / 100%的得满分
RATE_BEFORE = re.compile(rf"(不得少于|不少于|不低于|达到|达|)\s*({NUM})%")
STEP = re.compile(rf"每(?:降低|下降|减少|低|少|降|超过|提高|高|增加)({NUM})?个?(百分点|%)")
GUARD = re.compile(rf"([\u4e00-\u9fff]*?(?:率|度|占比))(超过|高于|大于|低于|不足|小于)({NUM})%")
FREQ = re.compile(r"每(\d+)天.*?(?:至少|不少于)(?:发布|更新)?(\d+)(?:条|次|篇)")
PEAK = re.compile(r"(\d{1,2})\s*[-~至到]\s*(\d{1,2})月份?每周(?:至少)?(?:发布|更新)?(\d+)(?:条|次|篇)")
DATE = re.compile(r"(?:次年|\d{4}年)?(?:\d{1,2}月(?:\d{1,2}日|底|末|上旬|中旬|下旬)|年底|年末)")
PLACES = re.compile(r"(?:(?:排名|名次|位列|位居)第?\s*(\d+|[一二三四五六七八九十]+)(?:名|位)?|第?\s*(\d+)\s*(?=[至到~-]\s*第?\s*\d+\s*名))(?:\s*(?:至|到|-|~)\s*第?\s*(\d+|[一二三四五六七八九十]+)(?:名|位)?)?(?:的)?$|(?:排名|名次)?前\s*(\d+|[一二三四五六七八九十]+)\s*(?:名|位)(?:的)?$")
# 每年不少于2次 states a requirement: it does not make the deduction after it count per year
REQUIRED_FREQUENCY = re.compile(r"每(?:年|年度|月|季度|季|周|半年|旬)[^,;]*?(?:(?:不少于|至少|不低于)[^,;]*|(?<!少于)(?<!不足)\d+\s*次)")
RANK = re.compile(rf"第(\d+)名(?:的)?(?:得|计|赋|加)?\s*({NUM}|满)\s*分")
FORMULA = re.compile(r"([\u4e00-\u9fff]*得分)\s*=\s*(.+)$|()按\s*((?=[^,;。]*[×*/÷])[^,;。=]+?)\s*(?:计分|计算得分|计算)$")
DEFINITION = re.compile(r"([\u4e00-\u9fff]+率)\s*=\s*([^=()（）,;。]+?)(?=$|[()（）,;。])")
SCORING_WORD = re.compile(rf"[扣加得]\s*{NUM}\s*分|扣分|加分|{NUM}分")
ZERO_WORDS = dict(AMOUNTS)["zero"]
AMOUNT_IN = re.compile(rf"(?<![\d.])(?:{NUM})\s*分(?!值|数|别|之|项|配|钟)")
TITLE = re.compile(r"[\u4e00-\u9fff“”]{1,20}\(\s*(?:分值[:：]?)?\s*(\d+(?:\.\d+)?)\s*分\s*\)")
BAND_RANGE = re.compile(rf"({NUM})%\s*(?:\(含\))?\s*[-~至到]\s*({NUM})%|({NUM})%\s*(?:≤|<=|<|≦)\s*[\u4e00-\u9fff]*\s*(?:<|≤|<=|≦)\s*({NUM})%|({NUM})%\s*(?:\(含\))?\s*(?:及)?以上\s*({NUM})%\s*以下")
BAND_ABOVE = re.compile(rf"({NUM})%\s*(?:\(含\)|\(含{NUM}%\))?\s*(?:及|或)?以上|(?:达到|达|不低于|不少于|高于|超过|大于|≥|>=|>|≧)\s*({NUM})%|(?<![\d.\-~])(100)%(?!\s*[-~至到以])")
BAND_BELOW = re.compile(rf"({NUM})%\s*(?:\(不含\))?\s*(?:以下|以内)|(?<!不)(?:低于|不足|少于|未达到|<|≤|<=|≦)\s*({NUM})%")
