"""The working-day calendar page: office only, local changes audited, the calculator."""
import re
from datetime import date

import pytest
from django.urls import reverse

from zwgk.audit.models import Event
from zwgk.workdays.calendar import load_calendar
from zwgk.workdays.models import LocalDay

pytestmark = pytest.mark.django_db


@pytest.fixture
def may_day(county):
    """2022-05-05 made a local day off (2022 劳动节 ended on 05-04)."""
    return LocalDay.objects.create(date=date(2022, 5, 5), is_workday=False, note="县政府办通知：补休一天",
                                   created_by=county.office)


def _pages(day_id):
    return [reverse("workdays:list"), reverse("workdays:new"), reverse("workdays:edit", args=[day_id]),
            reverse("workdays:delete", args=[day_id])]


def test_anonymous_is_sent_to_login(client, may_day):
    for url in _pages(may_day.pk):
        r = client.get(url)
        assert r.status_code == 302 and r.url == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("who", ["reporter", "head", "assessor"])
def test_only_the_office_and_admin_may_see_or_change_it(client, county, may_day, who):
    client.force_login(getattr(county, who))
    for url in _pages(may_day.pk):
        assert client.get(url).status_code == 403
    assert client.post(reverse("workdays:delete", args=[may_day.pk])).status_code == 403
    assert client.post(reverse("workdays:new"), {"date": "2022-05-06", "is_workday": "False",
                                                 "note": "x"}).status_code == 403
    assert LocalDay.objects.count() == 1


@pytest.mark.parametrize("who", ["office", "admin"])
def test_office_and_admin_see_every_page(client, county, may_day, who):
    client.force_login(getattr(county, who))
    for url in _pages(may_day.pk):
        assert client.get(url).status_code == 200


def test_the_month_shows_holidays_and_make_up_days(client, county):
    client.force_login(county.office)
    html = client.get(reverse("workdays:list"), {"year": 2021, "month": 10}).content.decode()
    assert "工作日历 · 2021年10月" in html
    assert "国庆节" in html and "调休上班（国庆节）" in html  # 10-01…07 off, 10-09 (Sat) at work
    assert "暂定" not in html.split('id="calculator"')[0]
    assert "数据尚未发布" not in html


def test_a_year_without_data_is_flagged(client, county):
    client.force_login(county.office)
    html = client.get(reverse("workdays:list"), {"year": 2027, "month": 1}).content.decode()
    assert "2027年数据尚未发布，按周末推算，结果为暂定" in html
    assert "工作日（暂定）" in html and "休息日（暂定）" in html


def test_adding_a_local_day_shows_it_and_records_it(client, county):
    client.force_login(county.office)
    r = client.post(reverse("workdays:new"), {"date": "2022-05-05", "is_workday": "False",
                                              "note": "县政府办通知：补休一天"})
    assert r.status_code == 302 and r.url == f"{reverse('workdays:list')}?year=2022&month=5"
    day = LocalDay.objects.get()
    assert (day.date, day.is_workday, day.created_by) == (date(2022, 5, 5), False, county.office)
    html = client.get(r.url).content.decode()
    assert "本地调整：休息" in html and "县政府办通知：补休一天" in html
    event = Event.objects.get(action__endswith="本地日历调整")
    assert (event.actor, event.action, event.target, event.new, event.reason) == (
        county.office, "新增本地日历调整", "2022-05-05", "休息", "县政府办通知：补休一天")
    # The calendar indicators read now skips it: 05-04 + 1 → 05-06.
    assert load_calendar().add_workdays(date(2022, 5, 4), 1).value == date(2022, 5, 6)


def test_a_date_is_changed_only_once(client, county, may_day):
    client.force_login(county.office)
    r = client.post(reverse("workdays:new"), {"date": "2022-05-05", "is_workday": "True", "note": "再登记"})
    assert r.status_code == 200
    assert "2022-05-05 已有本地调整" in r.content.decode()
    assert LocalDay.objects.count() == 1 and not Event.objects.filter(action__endswith="本地日历调整").exists()


def test_a_note_is_required(client, county):
    client.force_login(county.office)
    r = client.post(reverse("workdays:new"), {"date": "2022-05-14", "is_workday": "True", "note": "  "})
    assert r.status_code == 200 and "请填写说明" in r.content.decode()
    assert not LocalDay.objects.exists()


def test_editing_records_each_changed_field(client, county, may_day):
    client.force_login(county.office)
    r = client.post(reverse("workdays:edit", args=[may_day.pk]),
                    {"date": "2022-05-05", "is_workday": "True", "note": "通知撤回，照常上班"})
    assert r.status_code == 302
    events = {e.field: (e.old, e.new) for e in Event.objects.filter(action="修改本地日历调整")}
    assert events == {"是否上班": ("休息", "上班"), "说明": ("县政府办通知：补休一天", "通知撤回，照常上班")}
    may_day.refresh_from_db()
    assert may_day.is_workday and may_day.created_by == county.office


def test_deleting_asks_then_records(client, county, may_day):
    client.force_login(county.office)
    assert "确定要删除 2022-05-05" in client.get(reverse("workdays:delete", args=[may_day.pk])).content.decode()
    r = client.post(reverse("workdays:delete", args=[may_day.pk]))
    assert r.status_code == 302 and not LocalDay.objects.exists()
    event = Event.objects.get(action__endswith="本地日历调整")
    assert (event.action, event.target, event.old) == ("删除本地日历调整", "2022-05-05", "休息")


def test_calculator_adds_working_days(client, county):
    client.force_login(county.office)
    # 2021-09-30 + 1 working day: 10-01…10-07 off → 10-08 (Fri), firm.
    html = client.get(reverse("workdays:list"), {"add-start": "2021-09-30", "add-n": "1"}).content.decode()
    assert "2021-09-30 后第 1 个工作日：2021-10-08（星期五）" in html
    assert "暂定</span>" not in html
    # 2026-12-31 (Thu) + 1 → 2027-01-01 (Fri): no data for 2027, so provisional.
    html = client.get(reverse("workdays:list"), {"add-start": "2026-12-31", "add-n": "1"}).content.decode()
    result = html.split('class="result"')[1].split("</p>")[0]
    assert "2027-01-01" in result and "暂定" in result


def test_calculator_counts_working_days_between(client, county):
    client.force_login(county.office)
    # 2021-12-30 → 2022-01-05: 12-31, 01-04, 01-05 (New Year 01-01…03 off) = 3.
    html = client.get(reverse("workdays:list"),
                      {"between-start": "2021-12-30", "between-end": "2022-01-05"}).content.decode()
    assert "2021-12-30 至 2022-01-05：3 个工作日" in html


def test_calculator_explains_bad_input(client, county):
    client.force_login(county.office)
    html = client.get(reverse("workdays:list"), {"add-start": "2021-13-40", "add-n": "-1"}).content.decode()
    assert "日期格式不正确" in html and "工作日数不能为负数" in html


def test_the_year_table_groups_consecutive_days(client, county):
    client.force_login(county.office)
    html = client.get(reverse("workdays:list"), {"year": 2022, "month": 1}).content.decode()
    # 春节 2022: 01-31 (Mon) … 02-06 (Sun), 7 days off in one row; 01-29/30 make-up days in another.
    assert "2022-01-31 至 02-06" in html and "星期一至星期日" in html
    assert "2022-01-29 至 01-30" in html


def test_dates_out_of_range_are_refused_not_crashed_on(client, county):
    client.force_login(county.office)
    html = client.get(reverse("workdays:list"), {"add-start": "9999-12-31", "add-n": "5"}).content.decode()
    assert "请填写2000年至2100年之间的日期" in html
    r = client.post(reverse("workdays:new"), {"date": "9999-12-31", "is_workday": "False", "note": "误填"})
    assert r.status_code == 200 and "请填写2000年至2100年之间的日期" in r.content.decode()
    assert client.get(reverse("workdays:new"), {"date": "9999-12-31"}).status_code == 200
    assert client.get(reverse("workdays:list"), {"year": "9999", "month": "13"}).status_code == 200


def test_clicking_a_day_offers_the_opposite_of_the_national_arrangement(client, county):
    client.force_login(county.office)
    # 2022-06-04 (Sat) is 端午 off, so the form proposes making it a working day.
    html = client.get(reverse("workdays:new"), {"date": "2022-06-04"}).content.decode()
    assert "按国家安排为：<span class=\"tag\">端午</span>" in html
    assert re.search(r'<input type="radio" name="is_workday" value="True"[^>]* checked>', html)
    assert not re.search(r'<input type="radio" name="is_workday" value="False"[^>]* checked>', html)
