import datetime as dt

from django.urls import reverse

from zwgk.audit.models import Event
from zwgk.organisations.models import Contact


def test_office_adds_contact_and_it_is_recorded(office_client, units):
    response = office_client.post(reverse("organisations:contact_new"), {
        "unit": units["dept"].pk, "name": " 赵丽 ", "title": "干事", "phone": "(0359) 652-1234",
        "leader": "刘局长", "reported_on": "2021-09-10"})
    assert response.status_code == 302
    contact = Contact.objects.get(unit=units["dept"], name="赵丽")
    assert contact.reported_on == dt.date(2021, 9, 10)
    event = Event.objects.get(action="新增联系人")
    assert event.unit == units["dept"] and event.target == "县财政局 赵丽"


def test_bad_phone_and_date_are_explained(office_client, units):
    html = office_client.post(reverse("organisations:contact_new"), {
        "unit": units["dept"].pk, "name": "赵丽", "phone": "电话138", "reported_on": "九月十日"}).content.decode()
    assert "联系电话只能包含数字、短横线、空格和括号" in html
    assert "日期格式不正确" in html
    assert not Contact.objects.exists()


def test_same_name_twice_in_a_unit_is_refused(office_client, contacts, units):
    html = office_client.post(reverse("organisations:contact_new"), {
        "unit": units["town"].pk, "name": "李敏"}).content.decode()
    assert "“横水镇”已有联系人“李敏”，请直接编辑原有记录。" in html
    assert Contact.objects.filter(name="李敏").count() == 1


def test_same_name_in_own_unit_is_refused_for_reporter(client, user_with, contacts, units):
    client.force_login(user_with("reporter", units["town"]))
    html = client.post(reverse("organisations:contact_new"), {"name": "李敏"}).content.decode()
    assert "已有联系人“李敏”" in html


def test_edit_records_old_and_new_values(office_client, contacts, units):
    c = contacts["dept"]
    office_client.post(reverse("organisations:contact_edit", args=[c.pk]), {
        "unit": units["dept"].pk, "name": "王强", "title": "办公室主任", "phone": "13800000000"})
    event = Event.objects.get(action="修改联系人")
    assert (event.field, event.old, event.new) == ("联系电话", "13812345678", "13800000000")


def test_delete_asks_first_then_deletes_and_records(office_client, contacts):
    c = contacts["town"]
    url = reverse("organisations:contact_delete", args=[c.pk])
    assert "确定要删除“横水镇”的联系人“李敏”" in office_client.get(url).content.decode()
    assert Contact.objects.filter(pk=c.pk).exists()
    office_client.post(url)
    assert not Contact.objects.filter(pk=c.pk).exists()
    assert Event.objects.get(action="删除联系人").target == "横水镇 李敏"


def test_office_filters_by_unit_and_sees_units_without_contacts(office_client, contacts, units):
    html = office_client.get(reverse("organisations:contacts"), {"unit": units["dept"].pk}).content.decode()
    assert "王强" in html and "李敏" not in html
    contacts["town"].delete()
    html = office_client.get(reverse("organisations:contacts")).content.decode()
    assert "尚未备案的单位（1）" in html


def test_forms_show_current_values(office_client, contacts, units):
    html = office_client.get(reverse("organisations:contact_edit", args=[contacts["dept"].pk])).content.decode()
    assert 'value="13812345678"' in html
    assert f'<option value="{units["dept"].pk}" selected>县财政局</option>' in html
    html = office_client.get(reverse("organisations:contact_new")).content.decode()
    assert 'type="date"' in html
