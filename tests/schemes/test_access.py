"""Who may use the scheme pages: the office and administrators; a draft only its owner."""
import pytest
from django.test import Client
from django.urls import reverse

from zwgk.schemes import importing
from zwgk.schemes.models import ImportDraft

PAGES = [("schemes:list", []), ("schemes:import", []), ("schemes:export_xlsx", ["xunwu-2022"]),
         ("schemes:export_yaml", ["xunwu-2022"])]
DRAFT_PAGES = ["schemes:import_columns", "schemes:import_review"]


@pytest.fixture
def draft(county, rubric):
    return importing.start_import(county.office, "考核细则.xlsx", rubric.data())


def test_anonymous_is_sent_to_login(client, county, draft):
    urls = [reverse(name, args=args) for name, args in PAGES]
    urls += [reverse(name, args=[draft.pk]) for name in DRAFT_PAGES]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("who", ["reporter", "head", "assessor", "finance_assessor"])
def test_unit_people_and_assessors_are_forbidden(client, county, draft, who):
    client.force_login(getattr(county, who))
    for name, args in PAGES:
        assert client.get(reverse(name, args=args)).status_code == 403
    for name in DRAFT_PAGES:
        assert client.get(reverse(name, args=[draft.pk])).status_code == 403
        assert client.post(reverse(name, args=[draft.pk]), {"action": "save"}).status_code == 403
    upload = client.post(reverse("schemes:import"), {})
    assert upload.status_code == 403
    assert client.post(reverse("schemes:import_discard", args=[draft.pk])).status_code == 403
    assert ImportDraft.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("who", ["office", "admin"])
def test_office_and_admin_see_the_list_and_the_upload(client, county, who):
    client.force_login(getattr(county, who))
    html = client.get(reverse("schemes:list")).content.decode()
    assert "寻乌县2022年度政务公开工作考核评分表" in html
    assert reverse("schemes:import") in html
    assert f'<a href="{reverse("schemes:list")}">考核方案</a>' in html  # in the navigation
    assert client.get(reverse("schemes:import")).status_code == 200


def test_navigation_has_no_scheme_link_for_unit_people(client, county):
    client.force_login(county.reporter)
    assert reverse("schemes:list") not in client.get(reverse("campaigns:list")).content.decode()


def test_another_persons_draft_is_not_found(client, county, draft):
    client.force_login(county.admin)  # may import schemes, but this draft is the office's
    for name in DRAFT_PAGES:
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
        assert client.post(reverse(name, args=[draft.pk]), {"action": "save", "scheme_id": "x-1"}).status_code == 404
    assert client.post(reverse("schemes:import_discard", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.scheme is not None


def test_owner_reaches_each_step(client, county, draft):
    client.force_login(county.office)
    for name in DRAFT_PAGES:
        assert client.get(reverse(name, args=[draft.pk])).status_code == 200


def test_forms_need_the_csrf_token(county, draft, rubric):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county.office)
    assert client.post(reverse("schemes:import"), {"file": rubric.upload()}).status_code == 403
    assert client.post(reverse("schemes:import_review", args=[draft.pk]), {"action": "save"}).status_code == 403
    assert client.post(reverse("schemes:import_discard", args=[draft.pk])).status_code == 403
    assert ImportDraft.objects.count() == 1
    html = client.get(reverse("schemes:import_review", args=[draft.pk])).content.decode()
    assert "csrfmiddlewaretoken" in html
