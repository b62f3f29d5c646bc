"""Text normalisation before parsing: half-width punctuation, simplified characters, numerals.

The documents come from Word, PDF and OCR: full-width digits and brackets, traditional
characters (合規率), Chinese numerals (每降低两个百分点, 第一名). The parser sees one canonical
form; `Normalized.origin` maps every normalised character back to the original text so that
problems are reported at the column a person sees.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import zhconv

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
           "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
_UNITS = {"十": 10, "拾": 10, "百": 100}
_CN = "零〇一二两三四五六七八九十百壹贰叁肆伍陆柒捌玖拾"
# A Chinese numeral is converted only before a measure word, so 一级指标, 统一, 五公开 stay words.
_MEASURE = "件次项个分条名家起处期篇天周月日年层类例份位种档倍处轮批人台套部"
_NUMERAL = re.compile(rf"(?<![统唯专同逐划万十百零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖拾])([零〇一二两三四五六七八九十百壹贰叁肆伍陆柒捌玖拾]+)(?!分点|分之)(?=[{_MEASURE}]|个百分点|百分点|领域|[至到~-][零〇一二两三四五六七八九十百]+[{_MEASURE}])")
# 百分之九十五 → 95%; 零点五分 → 0.5分; 扣半分 → 扣0.5分
_PERCENT = re.compile(r"百分之([零〇一二两三四五六七八九十百]+)")
_DECIMAL = re.compile(rf"(?<![{_CN}])([{_CN}]+点[零〇一二三四五六七八九]+)(?=[{_MEASURE}]|个)")
_HALF = re.compile(r"(?<=[扣加得计减])(半)(?=分)")
# Punctuation the parser treats alike, whatever width or variant the document used.
_PUNCT = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "％": "%", "～": "~",
                        "—": "-", "–": "-", "－": "-", "﹣": "-", "﹪": "%", "\u3000": " ", "\t": " ",
                        "\n": " ", "\r": " ", "﹔": ";", "﹐": ","})


@dataclass(frozen=True)
class Normalized:
    text: str
    origin: tuple[int, ...]  # origin[i] = index in the original text of normalised character i

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of a normalised span."""
        if not self.origin:
            return 0, 0
        a = self.origin[min(start, len(self.origin) - 1)]
        b = self.origin[end - 1] + 1 if end > start else a
        return a, b


def chinese_number(text: str) -> int | None:
    """两→2, 十→10, 十五→15, 二十→20, 一百零五→105; None when it is not a numeral."""
    if not text:
        return None
    if all(c in _DIGITS for c in text):
        return int("".join(str(_DIGITS[c]) for c in text))
    total, current = 0, 0
    for c in text:
        if c in _DIGITS:
            current = _DIGITS[c]
        elif c in _UNITS:
            total += (current or 1) * _UNITS[c]
            current = 0
        else:
            return None
    return total + current


def _char(c: str) -> str:
    c = c.translate(_PUNCT)
    if "\uff01" <= c <= "\uff5e":
        c = unicodedata.normalize("NFKC", c)
    elif "\u4e00" <= c <= "\u9fff":
        c = zhconv.convert(c, "zh-cn") or c
        if len(c) != 1:
            c = c[0]
    return c


def normalize(text: str) -> Normalized:
    chars = [_char(c) for c in text]
    out = "".join(chars)
    origin = list(range(len(text)))
    # Chinese numerals before measure words → Arabic digits, keeping the offset map.
    for pattern in (_PERCENT, _DECIMAL, _HALF, _NUMERAL):
        pieces, mapping, pos = [], [], 0
        for m in pattern.finditer(out):
            value = _decimal(m.group(1)) if pattern is _DECIMAL else "0.5" if pattern is _HALF else chinese_number(m.group(1))
            if value is None:
                continue
            start = m.start(0) if pattern is _PERCENT else m.start(1)
            pieces.append(out[pos:start])
            mapping.extend(origin[pos:start])
            digits = f"{value}%" if pattern is _PERCENT else str(value)
            pieces.append(digits)
            mapping.extend([origin[start]] * len(digits))
            pos = m.end(1)
        pieces.append(out[pos:])
        mapping.extend(origin[pos:])
        out, origin = "".join(pieces), mapping
    return Normalized(out, tuple(origin))


def _decimal(text: str) -> str | None:
    """零点五 → 0.5, 一点五 → 1.5: the whole part as a numeral, the digits after 点 one by one."""
    whole, _, fraction = text.partition("点")
    number = chinese_number(whole)
    if number is None or not all(c in _DIGITS for c in fraction):
        return None
    return f"{number}." + "".join(str(_DIGITS[c]) for c in fraction)
