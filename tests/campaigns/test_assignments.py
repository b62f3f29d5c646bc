"""The office's assessor assignments: access, adding combinations once, deleting, and auto-assignment."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from zwgk.accounts.models import Membership, Role
from zwgk.audit.models import Event
from zwgk.campaigns.models import Assignment, Campaign
from zwgk.campaigns.setup import create_campaign
from zwgk.campaigns.views.assignments import names_department
from zwgk.organisations.models import Unit
from zwgk.schemes.models import Scheme
from zwgk.schemes.reading import scheme_data

pytestmark = pytest.mark.django_db


def _url(county, name="campaigns:assignments", *extra):
    return reverse(name, args=[county.campaign.pk, *extra])


def _mine(county, user):
    return set(Assignment.objects.filter(campaign=county.campaign, assessor=user).values_list("item_id", "unit"))


@pytest.mark.parametrize("role,expected", [
    ("admin", 200), ("office", 200), ("assessor", 403), ("finance_assessor", 403),
    ("reporter", 403), ("head", 403), ("other_reporter", 403), ("other_head", 403),
])
def test_only_the_office_manages_assignments(county, client, role, expected):
    county.phase(Campaign.Phase.SELF)
    client.force_login(getattr(county, role))
    assert client.get(_url(county)).status_code == expected
    before = Assignment.objects.count()
    response = client.post(_url(county), {"assessor": county.assessor.pk})
    assert response.status_code == (302 if expected == 200 else 403)
    a = Assignment.objects.filter(campaign=county.campaign).first()
    assert client.post(_url(county, "campaigns:assignment_delete", a.pk)).status_code == (
        302 if expected == 200 else 403)
    assert client.post(_url(county, "campaigns:assignments_auto")).status_code == (302 if expected == 200 else 403)
    if expected != 200:
        assert Assignment.objects.count() == before


def test_campaign_outside_scope_is_404(county, client):
    client.force_login(county.reporter)
    assert client.get(_url(county)).status_code == 404  # still 筹备: not visible to units
    other = create_campaign(county.office, Scheme.objects.get(scheme_id="xunwu-2022"), "其他考核", 2022, [county.finance])
    other.phase = Campaign.Phase.SELF
    other.save()
    county.phase(Campaign.Phase.SELF)
    assert client.get(reverse("campaigns:assignments", args=[other.pk])).status_code == 404
    client.force_login(county.assessor)
    assert client.get(reverse("campaigns:assignments", args=[other.pk])).status_code == 404
    client.logout()
    assert client.get(_url(county)).status_code == 302


def test_list_shows_all_items_and_all_units(county, client):
    client.force_login(county.office)
    text = client.get(_url(county)).content.decode()
    assert "全部指标" in text and "全部单位" in text and "东山镇" in text
    assert "第7项 财政信息公开" in text  # the finance assessor's item, labelled by its path
    # Only assessors can be chosen.
    form = client.get(_url(county)).context["form"]
    assert set(form.fields["assessor"].queryset) == {county.assessor, county.finance_assessor}


def test_add_creates_each_combination_once(county, client):
    client.force_login(county.office)
    new = get_user_model().objects.create_user("checker")
    Membership.objects.create(user=new, role=Role.ASSESSOR, display_name="李核查")
    response = client.post(_url(county), {"assessor": new.pk, "items": ["1", "2"],
                                          "units": [county.town.pk, county.finance.pk]})
    assert response.status_code == 302
    assert _mine(county, new) == {("1", county.town.pk), ("1", county.finance.pk),
                                  ("2", county.town.pk), ("2", county.finance.pk)}
    client.post(_url(county), {"assessor": new.pk, "items": ["1", "3"], "units": [county.town.pk]})
    assert len(_mine(county, new)) == 5  # (1, 东山镇) already there; only (3, 东山镇) added
    events = Event.objects.filter(action="分配核查")
    assert events.count() == 5
    assert events.filter(target="李核查", new="第3项 · 东山镇", unit=county.town).exists()
    # Nothing chosen: every item of every unit.
    client.post(_url(county), {"assessor": new.pk})
    assert ("", None) in _mine(county, new)


def test_add_refuses_what_is_not_in_the_campaign(county, client):
    client.force_login(county.office)
    outside = Unit.objects.create(name="县外单位", kind=Unit.Kind.DEPARTMENT)
    before = Assignment.objects.count()
    for data in ({"assessor": county.assessor.pk, "items": ["999"]},
                 {"assessor": county.assessor.pk, "units": [outside.pk]},
                 {"assessor": county.reporter.pk},
                 {}):
        response = client.post(_url(county), data)
        assert response.status_code == 200 and response.context["form"].errors, data
    assert Assignment.objects.count() == before


def test_delete_removes_and_logs(county, client):
    client.force_login(county.office)
    a = Assignment.objects.get(campaign=county.campaign, assessor=county.assessor, unit=county.town)
    assert client.get(_url(county, "campaigns:assignment_delete", a.pk)).status_code == 405
    assert client.post(_url(county, "campaigns:assignment_delete", a.pk)).status_code == 302
    assert not Assignment.objects.filter(pk=a.pk).exists()
    event = Event.objects.get(action="取消核查分工")
    assert (event.old, event.new, event.unit) == ("全部指标 · 东山镇", "", county.town)
    assert client.post(_url(county, "campaigns:assignment_delete", a.pk)).status_code == 404


def test_delete_of_another_campaigns_assignment_is_404(county, client):
    other = create_campaign(county.office, Scheme.objects.get(scheme_id="xunwu-2022"), "其他考核", 2022, [county.finance])
    a = Assignment.objects.create(campaign=other, assessor=county.assessor)
    client.force_login(county.office)
    assert client.post(_url(county, "campaigns:assignment_delete", a.pk)).status_code == 404
    assert Assignment.objects.filter(pk=a.pk).exists()


def test_names_department():
    assert names_department("县财政局", "县财政局")
    assert names_department("由县财政局核查", "县财政局")
    assert names_department("县发改委、县自然资源局", "县自然资源局")
    assert names_department("发改委", "县发改委")
    assert not names_department("县发改委、县自然资源局", "县财政局")
    assert not names_department("", "县财政局")


def test_auto_assign_by_checking_department(county, client):
    finance_items = sorted(str(i["id"]) for i in scheme_data(county.campaign.scheme)["items"]
                           if i.get("assessor") == "县财政局")
    assert finance_items == ["7", "8"]  # xunwu-2022: 财政信息公开 由县财政局核查
    client.force_login(county.office)

    # The fixture already gave items 7 and 8 to the finance bureau's assessor: nothing new.
    response = client.post(_url(county, "campaigns:assignments_auto"), follow=True)
    assert "没有新增".encode() in response.content
    assert "第5项（县发改委、县自然资源局）".encode() in response.content  # no assessor from those bureaus

    Assignment.objects.filter(assessor=county.finance_assessor).delete()
    resources = Unit.objects.create(name="县自然资源局", kind=Unit.Kind.DEPARTMENT)
    surveyor = get_user_model().objects.create_user("surveyor")
    Membership.objects.create(user=surveyor, role=Role.ASSESSOR, unit=resources)
    response = client.post(_url(county, "campaigns:assignments_auto"), follow=True)
    assert "自动分配4条".encode() in response.content
    assert _mine(county, county.finance_assessor) == {("7", None), ("8", None)}
    assert _mine(county, surveyor) == {("5", None), ("6", None)}
    assert _mine(county, county.assessor) == {("", county.town.pk), ("", county.other_town.pk)}  # unchanged
    assert Event.objects.filter(action="自动分配核查").count() == 4

    client.post(_url(county, "campaigns:assignments_auto"))
    assert Assignment.objects.filter(campaign=county.campaign).count() == 6


def test_auto_assign_on_a_scheme_naming_short_department_names(county, client):
    """晋城 names 发改委 (no 县/市 prefix): an assessor of 县发改委 gets those items."""
    scheme = Scheme.objects.get(scheme_id="jincheng-xzsp-2021")
    expected = sorted(str(i["id"]) for i in scheme_data(scheme)["items"] if i.get("assessor") == "发改委")
    assert expected
    campaign = create_campaign(county.office, scheme, "晋城行政审批考核", 2021, [county.approval])
    planning = Unit.objects.create(name="县发改委", kind=Unit.Kind.DEPARTMENT)
    user = get_user_model().objects.create_user("planner")
    Membership.objects.create(user=user, role=Role.ASSESSOR, unit=planning)
    client.force_login(county.office)
    client.post(reverse("campaigns:assignments_auto", args=[campaign.pk]))
    got = sorted(Assignment.objects.filter(campaign=campaign, assessor=user).values_list("item_id", flat=True))
    assert got == expected
    assert not Assignment.objects.filter(campaign=campaign, assessor=county.finance_assessor).exists()
