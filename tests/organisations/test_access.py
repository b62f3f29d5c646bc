import pytest
from django.urls import reverse

from zwgk.organisations.models import Contact

OFFICE_ONLY = ["organisations:units", "organisations:unit_new", "organisations:contacts_export",
               "organisations:contacts_template", "organisations:contacts_import"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", OFFICE_ONLY + ["organisations:contacts"])
def test_anonymous_is_sent_to_login(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("role", ["reporter", "head", "assessor"])
@pytest.mark.parametrize("name", OFFICE_ONLY)
def test_unit_people_and_assessors_may_not_manage(client, units, user_with, role, name):
    client.force_login(user_with(role, units["town"]))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("role", ["reporter", "head", "assessor"])
def test_unit_people_may_not_edit_units(client, units, user_with, role):
    client.force_login(user_with(role, units["town"]))
    url = reverse("organisations:unit_edit", args=[units["town"].pk])
    assert client.post(url, {"name": "改名镇", "kind": "乡镇", "order": 1, "active": "on"}).status_code == 403
    units["town"].refresh_from_db()
    assert units["town"].name == "横水镇"


@pytest.mark.parametrize("role", ["office", "admin", "superuser"])
@pytest.mark.parametrize("name", OFFICE_ONLY + ["organisations:contacts"])
def test_office_and_admin_may_manage(client, units, user_with, role, name):
    client.force_login(user_with(role))
    assert client.get(reverse(name)).status_code == 200


def test_assessor_has_no_contact_registry(client, units, contacts, user_with):
    client.force_login(user_with("assessor", units["dept"]))
    assert client.get(reverse("organisations:contacts")).status_code == 403


@pytest.mark.parametrize("role", ["reporter", "head"])
def test_unit_people_see_only_their_own_contacts(client, units, contacts, user_with, role):
    client.force_login(user_with(role, units["town"]))
    html = client.get(reverse("organisations:contacts")).content.decode()
    assert "李敏" in html
    assert "王强" not in html
    assert reverse("organisations:contacts_import") not in html


@pytest.mark.parametrize("role", ["reporter", "head"])
def test_other_units_contact_is_not_found(client, units, contacts, user_with, role):
    client.force_login(user_with(role, units["town"]))
    other = contacts["dept"]
    assert client.get(reverse("organisations:contact_edit", args=[other.pk])).status_code == 404
    response = client.post(reverse("organisations:contact_edit", args=[other.pk]), {"name": "改掉"})
    assert response.status_code == 404
    assert client.post(reverse("organisations:contact_delete", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.name == "王强"


def test_reporter_updates_own_contact(client, units, contacts, user_with):
    client.force_login(user_with("reporter", units["town"]))
    own = contacts["town"]
    response = client.post(reverse("organisations:contact_edit", args=[own.pk]), {
        "name": "李敏", "title": "党政办主任", "phone": "0359-6521999", "leader": "张副镇长",
        "reported_on": "2021-09-10"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.phone, own.leader, str(own.reported_on)) == ("0359-6521999", "张副镇长", "2021-09-10")


def test_reporter_adds_contact_only_to_own_unit(client, units, user_with):
    client.force_login(user_with("reporter", units["town"]))
    response = client.post(reverse("organisations:contact_new"), {
        "unit": units["dept"].pk, "name": "赵丽", "phone": "13900001111"})
    assert response.status_code == 302
    contact = Contact.objects.get(name="赵丽")
    assert contact.unit == units["town"]
