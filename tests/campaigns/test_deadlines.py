"""完成时限 phrases read into due dates: the shapes written in the seed tables, worked out by hand."""
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from zwgk.campaigns.deadlines import Deadline, parse_deadline

BUILTIN = Path(__file__).resolve().parents[2] / "zwgk" / "schemefiles" / "builtin"
D = date

# (phrase, campaign year, expected dates) — every date below was worked out by hand.
DATED = [
    # 年月 with 底 / 底前
    ("2021年8月底前", 2021, [D(2021, 8, 31)]),
    ("2021年8月底", 2021, [D(2021, 8, 31)]),
    ("2021年11月底前", 2021, [D(2021, 11, 30)]),
    ("2022年6月底前", 2021, [D(2022, 6, 30)]),                    # a written year beats the campaign's
    # no year: the campaign year
    ("9月30日前", 2021, [D(2021, 9, 30)]),
    ("9月30日前", 2022, [D(2022, 9, 30)]),
    ("9月底前", 2021, [D(2021, 9, 30)]),
    ("12月底前", 2021, [D(2021, 12, 31)]),
    ("2月底", 2021, [D(2021, 2, 28)]),
    ("2月底", 2024, [D(2024, 2, 29)]),                            # leap year
    ("2月底", 2000, [D(2000, 2, 29)]),                            # divisible by 400: leap
    ("2月底", 1900, [D(1900, 2, 28)]),                            # divisible by 100 only: not leap
    ("2024年2月29日前", 2021, [D(2024, 2, 29)]),
    # 旬
    ("6月上旬", 2021, [D(2021, 6, 10)]),
    ("6月中旬前", 2021, [D(2021, 6, 20)]),
    ("6月下旬", 2021, [D(2021, 6, 30)]),
    # the year as a whole
    ("年底前", 2021, [D(2021, 12, 31)]),
    ("年内", 2021, [D(2021, 12, 31)]),
    ("年末", 2023, [D(2023, 12, 31)]),
    ("2021年底前", 2020, [D(2021, 12, 31)]),
    ("2022年初", 2021, [D(2022, 3, 31)]),                         # 年初 = end of Q1, as the scheme files read it
    ("年初", 2021, [D(2021, 3, 31)]),
    # 次年
    ("次年1月31日前", 2021, [D(2022, 1, 31)]),
    ("次年3月底前", 2021, [D(2022, 3, 31)]),
    ("次年2月底前", 2023, [D(2024, 2, 29)]),
    # quarters and halves
    ("第一季度", 2021, [D(2021, 3, 31)]),
    ("一季度末", 2021, [D(2021, 3, 31)]),
    ("第三季度末", 2021, [D(2021, 9, 30)]),
    ("2022年第四季度", 2021, [D(2022, 12, 31)]),
    ("上半年", 2021, [D(2021, 6, 30)]),
    ("下半年", 2021, [D(2021, 12, 31)]),
    # several in one phrase
    ("1.2021年7月底前 2.2021年8月底前", 2021, [D(2021, 7, 31), D(2021, 8, 31)]),
    ("1、2021年8月底前；2、2021年7月底前", 2021, [D(2021, 7, 31), D(2021, 8, 31)]),  # sorted
    ("(1)9月底前 (2)年底前", 2021, [D(2021, 9, 30), D(2021, 12, 31)]),
    ("①2021年7月底前②2021年8月底前", 2021, [D(2021, 7, 31), D(2021, 8, 31)]),
    ("7月底、9月底、11月底前", 2021, [D(2021, 7, 31), D(2021, 9, 30), D(2021, 11, 30)]),
    ("7月底、9月底、11月底", 2021, [D(2021, 7, 31), D(2021, 9, 30), D(2021, 11, 30)]),
    ("7、9、11月底前", 2021, [D(2021, 7, 31), D(2021, 9, 30), D(2021, 11, 30)]),
    ("4月30日、7月31日、10月31日和次年1月31日前", 2021,
     [D(2021, 4, 30), D(2021, 7, 31), D(2021, 10, 31), D(2022, 1, 31)]),
    ("4月30日、7月31日、10月31日、次年1月底前", 2021,
     [D(2021, 4, 30), D(2021, 7, 31), D(2021, 10, 31), D(2022, 1, 31)]),
    ("2021年8月底前、8月底前", 2021, [D(2021, 8, 31)]),             # de-duplicated
    ("2022年1月底、3月底前", 2021, [D(2022, 1, 31), D(2022, 3, 31)]),  # a written year carries forward
    # whole sentences around the dates
    ("各项工作于2021年12月10日之前完成", 2021, [D(2021, 12, 10)]),
    ("各项工作于 2021 年 12 月 10 日之前完成", 2021, [D(2021, 12, 10)]),
    ("年报在次年1月31日前上报,并于次年2月10日前在网站公布", 2021, [D(2022, 1, 31), D(2022, 2, 10)]),
    # Chinese numerals, full-width digits, other date spellings
    ("九月底前", 2021, [D(2021, 9, 30)]),
    ("十二月三十一日", 2021, [D(2021, 12, 31)]),
    ("十一月二十日前", 2021, [D(2021, 11, 20)]),
    ("二〇二一年十月底前", 2020, [D(2021, 10, 31)]),
    ("七、九、十一月底前", 2021, [D(2021, 7, 31), D(2021, 9, 30), D(2021, 11, 30)]),
    ("２０２１年８月底前", 2021, [D(2021, 8, 31)]),
    ("９月３０日前", 2021, [D(2021, 9, 30)]),
    ("2021.8.31", 2020, [D(2021, 8, 31)]),
    ("2021-08-31", 2020, [D(2021, 8, 31)]),
    ("2021/8/31", 2020, [D(2021, 8, 31)]),
    ("2021.8.31前", 2020, [D(2021, 8, 31)]),
]


@pytest.mark.parametrize("text, year, expected", DATED)
def test_dates_are_read(text, year, expected):
    d = parse_deadline(text, year)
    assert d == Deadline(text=text, dates=tuple(expected))


# (phrase, campaign year, recurring, expected dates)
RECURRING = [
    ("每季度", 2021, "每季度", [D(2021, 3, 31), D(2021, 6, 30), D(2021, 9, 30), D(2021, 12, 31)]),
    ("每季度末", 2021, "每季度", [D(2021, 3, 31), D(2021, 6, 30), D(2021, 9, 30), D(2021, 12, 31)]),
    ("每季度末10日前", 2021, "每季度", [D(2021, 4, 10), D(2021, 7, 10), D(2021, 10, 10), D(2022, 1, 10)]),
    ("每季度结束后10日内", 2021, "每季度", [D(2021, 4, 10), D(2021, 7, 10), D(2021, 10, 10), D(2022, 1, 10)]),
    ("每月", 2021, "每月", [D(2021, 1, 31), D(2021, 2, 28), D(2021, 3, 31), D(2021, 4, 30), D(2021, 5, 31),
                          D(2021, 6, 30), D(2021, 7, 31), D(2021, 8, 31), D(2021, 9, 30), D(2021, 10, 31),
                          D(2021, 11, 30), D(2021, 12, 31)]),
    ("每月底前", 2024, "每月", [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30), D(2024, 5, 31),
                             D(2024, 6, 30), D(2024, 7, 31), D(2024, 8, 31), D(2024, 9, 30), D(2024, 10, 31),
                             D(2024, 11, 30), D(2024, 12, 31)]),
    ("每月10日前", 2021, "每月", [D(2021, m, 10) for m in range(1, 13)]),
    ("每月结束后5日内", 2021, "每月", [*(D(2021, m, 5) for m in range(2, 13)), D(2022, 1, 5)]),
    ("每半年", 2021, "每半年", [D(2021, 6, 30), D(2021, 12, 31)]),
    ("每年", 2021, "每年", [D(2021, 12, 31)]),
    ("每年1月31日前", 2021, "每年", [D(2021, 1, 31)]),
]


@pytest.mark.parametrize("text, year, recurring, expected", RECURRING)
def test_periodic_phrases(text, year, recurring, expected):
    d = parse_deadline(text, year)
    assert d == Deadline(text=text, dates=tuple(expected), recurring=recurring)


@pytest.mark.parametrize("text", ["长期坚持", "持续推进", "长期", "常态化", "及时", "常态化推进", "长期坚持，及时更新"])
def test_ongoing_phrases(text):
    assert parse_deadline(text, 2021) == Deadline(text=text, ongoing=True)


def test_ongoing_with_a_date_keeps_both():
    d = parse_deadline("长期坚持，2021年12月底前完成首轮", 2021)
    assert (d.ongoing, d.dates, d.understood) == (True, (D(2021, 12, 31),), True)


@pytest.mark.parametrize("text, year, partial", [
    ("2月30日", 2021, []),                                  # no such day
    ("2021年2月29日前", 2021, []),                          # 2021 is not a leap year
    ("13月底前", 2021, []),
    ("9月30日、2月30日前", 2021, [D(2021, 9, 30)]),          # what can be read is kept
    ("2021年12月10日、20日", 2021, [D(2021, 12, 10)]),      # a bare day is not read
    ("尽快", 2021, []),
    ("按上级要求", 2021, []),
    ("5个工作日内", 2021, []),                              # relative to an unknown start
    ("发刊后5个工作日内", 2021, []),
    ("2021年", 2021, []),
    ("下周五", 2021, []),
    ("9月前", 2021, []),                                    # before September begins, or ends?
    ("6月初", 2021, []),                                    # 初 names no day
    ("每季度10日前", 2021, [D(2021, 3, 31), D(2021, 6, 30), D(2021, 9, 30), D(2021, 12, 31)]),  # which month's 10th?
    ("次年", 2021, []),
    ("每月、每季度", 2021, [D(2021, 1, 31), D(2021, 2, 28), D(2021, 3, 31), D(2021, 4, 30), D(2021, 5, 31),
                           D(2021, 6, 30), D(2021, 7, 31), D(2021, 8, 31), D(2021, 9, 30), D(2021, 10, 31),
                           D(2021, 11, 30), D(2021, 12, 31)]),                # two periods: not one reading
    ("次年1月31日前", 9999, []),                            # past the calendar
    ("十十月底前", 2021, []),                               # malformed numeral
])
def test_what_cannot_be_read_is_flagged_not_raised(text, year, partial):
    d = parse_deadline(text, year)
    assert d.understood is False
    assert list(d.dates) == partial


def test_a_blank_cell_says_nothing():
    assert parse_deadline(None, 2021) == Deadline(text="")
    assert parse_deadline("  ", 2021) == Deadline(text="  ")


def test_a_number_inside_a_task_sentence_is_not_passed_over():
    d = parse_deadline("2021年11月底前，梳理2—3项“亮点工程”参与评选", 2021)
    assert d.dates == (D(2021, 11, 30),) and d.understood is False


@pytest.mark.parametrize("today, expected", [
    (D(2021, 1, 1), D(2021, 4, 30)),
    (D(2021, 4, 30), D(2021, 4, 30)),          # due today is still due
    (D(2021, 5, 1), D(2021, 7, 31)),
    (D(2021, 11, 1), D(2022, 1, 31)),
    (D(2022, 1, 31), D(2022, 1, 31)),
    (D(2022, 2, 1), None),                     # all passed
])
def test_next_due(today, expected):
    assert parse_deadline("4月30日、7月31日、10月31日和次年1月31日前", 2021).next_due(today) == expected


def test_next_due_without_dates():
    assert parse_deadline("长期坚持", 2021).next_due(D(2021, 1, 1)) is None


# The real 完成时限 cells of the seed documents (古县, 晋城市行政审批局, 华容县, 绛县, 寻乌县), year 2021.
SEED = [
    ("2021年8月底", [D(2021, 8, 31)]),
    ("2021年7月底前", [D(2021, 7, 31)]),
    ("1.2021年7月底前 2.2021年8月底前", [D(2021, 7, 31), D(2021, 8, 31)]),
    ("2021年12月底", [D(2021, 12, 31)]),
    ("2021年12月底前", [D(2021, 12, 31)]),
    ("2021年11月底前", [D(2021, 11, 30)]),
    ("长期坚持", []),
    ("各项工作于 2021 年 12 月 10 日之前完成", [D(2021, 12, 10)]),
    ("年底前", [D(2021, 12, 31)]),
    ("9月底前", [D(2021, 9, 30)]),
    ("11月底前", [D(2021, 11, 30)]),
    ("7月底、9月底、11月底", [D(2021, 7, 31), D(2021, 9, 30), D(2021, 11, 30)]),
    ("4月30日、7月31日、10月31日、次年1月底前", [D(2021, 4, 30), D(2021, 7, 31), D(2021, 10, 31), D(2022, 1, 31)]),
    ("年报在次年1月31日前上报,并于次年2月10日前在网站公布", [D(2022, 1, 31), D(2022, 2, 10)]),
    ("2022年初", [D(2022, 3, 31)]),
    ("年内", [D(2021, 12, 31)]),
]


@pytest.mark.parametrize("text, expected", SEED)
def test_seed_phrases(text, expected):
    d = parse_deadline(text, 2021)
    assert d.understood and list(d.dates) == expected


def _builtin_deadlines():
    for path in sorted(BUILTIN.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data.get("items") or ():
            if item.get("deadline"):
                yield pytest.param(data["year"], item["deadline"], id=f"{path.stem}-{item['id']}")


BUILTIN_DEADLINES = list(_builtin_deadlines())


def test_the_builtin_schemes_have_deadlines():
    assert len(BUILTIN_DEADLINES) >= 70


@pytest.mark.parametrize("year, deadline", BUILTIN_DEADLINES)
def test_builtin_scheme_deadlines(year, deadline):
    """Each builtin scheme's deadline text reads to the dates (and ongoing) its file records."""
    d = parse_deadline(deadline["text"], year)
    assert d.understood
    assert list(d.dates) == sorted(deadline.get("dates") or [])
    assert d.ongoing == bool(deadline.get("ongoing"))


@given(st.dates(min_value=D(1000, 1, 1)))
def test_any_written_date_reads_back(day):
    # Years are four digits: a two-digit "21年" in a real table means 2021, so it is not read as year 21.
    text = f"{day.year}年{day.month}月{day.day}日前"
    assert parse_deadline(text, 2000).dates == (day,)


@given(st.text(alphabet="0123456789一二三十〇年月日号底末前内初旬上中下季度半每次第、,.-/ 长期及时", max_size=20),
       st.integers(min_value=1, max_value=9999))
def test_no_phrase_makes_it_raise(text, year):
    d = parse_deadline(text, year)
    assert list(d.dates) == sorted(set(d.dates))
