import re

import pytest
from django.urls import reverse

from zwgk.audit.models import Event
from zwgk.organisations.models import Unit


def test_list_groups_by_kind_with_subunits_under_their_department(office_client, units, contacts):
    html = office_client.get(reverse("organisations:units")).content.decode()
    assert html.index("<h2>乡镇</h2>") < html.index("横水镇") < html.index("<h2>县直单位</h2>")
    assert html.index("<h2>县直单位</h2>") < html.index("县财政局") < html.index("预算股")
    assert "<h2>其他</h2>" not in html  # 预算股 is listed under its department, not under its own kind
    row = re.search(r"横水镇.*?</tr>", html, re.S).group(0)
    assert re.search(r'class="num"><a [^>]*>1</a>', row)


def test_create_unit_is_recorded(office_client, units):
    response = office_client.post(reverse("organisations:unit_new"), {
        "name": "古绛镇", "kind": "乡镇", "parent": "", "ranking_group": "", "order": "5", "active": "on"})
    assert response.status_code == 302
    unit = Unit.objects.get(name="古绛镇")
    assert unit.kind == "乡镇" and unit.order == 5 and unit.active
    event = Event.objects.get(action="新建单位")
    assert event.unit == unit and event.target == "古绛镇"


def test_duplicate_name_is_refused_in_chinese(office_client, units):
    response = office_client.post(reverse("organisations:unit_new"), {
        "name": " 横水镇 ", "kind": "乡镇", "order": "0", "active": "on"})
    assert response.status_code == 200
    assert "已有名为“横水镇”的单位，单位名称不能重复" in response.content.decode()
    assert Unit.objects.filter(name="横水镇").count() == 1


def test_required_fields_say_what_to_do(office_client, units):
    response = office_client.post(reverse("organisations:unit_new"), {"name": "", "kind": "", "order": "x"})
    html = response.content.decode()
    assert "请填写单位名称。" in html
    assert "请选择单位类型。" in html
    assert "排序号应为整数" in html


def test_parent_must_be_a_top_level_unit(office_client, units):
    response = office_client.post(reverse("organisations:unit_new"), {
        "name": "预算股二组", "kind": "其他", "parent": units["section"].pk, "order": "0"})
    assert "上级单位只能是列表中的独立单位" in response.content.decode()
    assert not Unit.objects.filter(name="预算股二组").exists()


def test_department_with_subunits_cannot_become_a_subunit(office_client, units):
    response = office_client.post(reverse("organisations:unit_edit", args=[units["dept"].pk]), {
        "name": "县财政局", "kind": "县直单位", "parent": units["town"].pk, "order": "2", "active": "on"})
    assert "该单位下已有科室或责任组" in response.content.decode()
    units["dept"].refresh_from_db()
    assert units["dept"].parent is None


def test_edit_records_each_changed_field(office_client, units):
    response = office_client.post(reverse("organisations:unit_edit", args=[units["town"].pk]), {
        "name": "横水镇", "kind": "街道", "order": "1", "ranking_group": ""})
    assert response.status_code == 302
    events = {e.field: (e.old, e.new) for e in Event.objects.filter(action="修改单位")}
    assert events == {"单位类型": ("乡镇", "街道"), "在用": ("是", "否")}


def test_unchanged_edit_records_nothing(office_client, units):
    office_client.post(reverse("organisations:unit_edit", args=[units["town"].pk]), {
        "name": "横水镇", "kind": "乡镇", "order": "1", "active": "on"})
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_unit_that_does_not_exist_is_404(office_client):
    assert office_client.get(reverse("organisations:unit_edit", args=[999])).status_code == 404
