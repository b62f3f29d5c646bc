"""Every campaign view × every role × own unit / other unit → allowed, 403 or 404 as designed.

Design: what lies outside a person's scope answers 404 (its existence is not revealed); an action
their role may not take on something in scope answers 403; anonymous visitors go to the login page.
The target is always 东山镇 (county.town); "other" is 西河镇's reporter looking at it.
"""
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from zwgk.campaigns.models import Campaign

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "admin", "office", "assessor", "finance_assessor", "reporter", "head", "other_reporter",
         "other_head"]


def _row(expected: str) -> dict[str, int]:
    """'A O As F R H oR oH' codes → status per role (anonymous always → login redirect)."""
    codes = expected.split()
    assert len(codes) == len(ROLES) - 1
    return {"anonymous": 302, **dict(zip(ROLES[1:], map(int, codes)))}


# (name, method, target, phase, data, expected per role: admin office assessor finance reporter head oR oH)
MATRIX = [
    ("campaigns:list", "get", "none", "self", None, _row("200 200 200 200 200 200 200 200")),
    ("campaigns:new", "get", "none", "self", None, _row("200 200 403 403 403 403 403 403")),
    ("campaigns:detail", "get", "campaign", "self", None, _row("200 200 200 200 302 302 302 302")),
    ("campaigns:detail", "get", "campaign", "setup", None, _row("200 200 404 404 404 404 404 404")),
    ("campaigns:unit", "get", "unit", "self", None, _row("200 200 200 200 200 200 404 404")),
    ("campaigns:entry", "get", "entry36", "self", None, _row("200 200 200 404 200 200 404 404")),
    ("campaigns:entry", "get", "entry7", "self", None, _row("200 200 200 200 200 200 404 404")),
    ("campaigns:entry", "post", "entry36", "self", {"action": "save_self", "self_score": "1"},
     _row("403 403 403 404 302 403 404 404")),
    ("campaigns:entry", "post", "entry36", "review", {"action": "findings", "c1": "1"},
     _row("302 302 302 404 403 403 404 404")),
    ("campaigns:entry", "post", "entry7", "review", {"action": "findings"},
     _row("302 302 302 302 403 403 404 404")),
    ("campaigns:entry", "post", "entry36", "review", {"action": "override", "override_score": "1", "override_reason": "复核"},
     _row("302 302 403 404 403 403 404 404")),
    ("campaigns:entry", "post", "entry36", "publicity", {"action": "appeal", "text": "有佐证"},
     _row("403 403 403 404 302 302 404 404")),
    ("campaigns:entry", "post", "entry36", "self", {"action": "no-such-action"},
     _row("403 403 403 404 403 403 404 404")),
    ("campaigns:preview", "post", "entry36", "review", {"c1": "1"}, _row("200 200 200 404 403 403 404 404")),
    ("campaigns:submit", "post", "unit", "self", {}, _row("403 403 403 403 302 403 404 404")),
    ("campaigns:approve", "post", "unit", "self", {}, _row("403 403 403 403 403 302 404 404")),
    ("campaigns:advance", "post", "campaign", "self", {}, _row("302 302 403 403 403 403 403 403")),
    ("campaigns:ranking", "get", "campaign", "review", None, _row("200 200 404 404 404 404 404 404")),
    ("campaigns:ranking", "get", "campaign", "publicity", None, _row("200 200 200 200 200 200 200 200")),
    ("campaigns:sheet", "get", "unit", "review", None, _row("200 200 404 404 404 404 404 404")),
    ("campaigns:sheet", "get", "unit", "publicity", None, _row("200 200 404 404 200 200 404 404")),
    ("campaigns:evidence", "get", "evidence", "self", None, _row("200 200 200 404 200 200 404 404")),
    ("campaigns:evidence_zip", "get", "unit", "self", None, _row("200 200 404 404 200 200 404 404")),
    ("campaigns:sheet_xlsx", "get", "unit", "review", None, _row("200 200 404 404 404 404 404 404")),
    ("campaigns:sheet_xlsx", "get", "unit", "publicity", None, _row("200 200 404 404 200 200 404 404")),
    ("campaigns:sheets_xlsx", "get", "campaign", "publicity", None, _row("200 200 403 403 403 403 403 403")),
    ("campaigns:ranking_xlsx", "get", "campaign", "review", None, _row("200 200 404 404 404 404 404 404")),
    ("campaigns:ranking_xlsx", "get", "campaign", "publicity", None, _row("200 200 200 200 200 200 200 200")),
    ("campaigns:notice_docx", "get", "campaign", "publicity", None, _row("200 200 403 403 403 403 403 403")),
    ("campaigns:notice", "get", "campaign", "publicity", None, _row("200 200 403 403 403 403 403 403")),
    ("campaigns:cases", "get", "unit", "review", None, _row("200 200 403 403 403 403 403 403")),
    ("campaigns:tasks", "get", "campaign", "self", None, _row("200 200 200 200 200 200 200 200")),
    ("campaigns:task_edit", "get", "task", "self", None, _row("200 200 403 404 403 403 403 403")),
    ("campaigns:assignments", "get", "campaign", "self", None, _row("200 200 403 403 403 403 403 403")),
    ("campaigns:assignments_auto", "post", "campaign", "self", {}, _row("302 302 403 403 403 403 403 403")),
    ("campaigns:assignment_delete", "post", "assignment", "self", {}, _row("302 302 403 403 403 403 403 403")),
    ("campaigns:bindings", "get", "campaign", "review", None, _row("200 200 403 403 403 403 403 403")),
    ("campaigns:compute", "post", "campaign", "review", {}, _row("302 302 403 403 403 403 403 403")),
    ("campaigns:binding_delete", "post", "binding", "review", {}, _row("302 302 403 403 403 403 403 403")),
    ("campaigns:ledger_records", "get", "records36", "review", None, _row("200 200 200 404 200 200 404 404")),
    ("campaigns:entry", "post", "entry36", "publicity", {"action": "link", "url": "http://www.example.gov.cn/a",
                                                         "name": "申诉补充材料"},
     _row("302 302 403 404 302 302 404 404")),
    ("campaigns:completeness", "get", "campaign", "review", None, _row("200 200 403 403 403 403 403 403")),
    ("campaigns:unchecked_rule", "post", "campaign", "review", {"rule": "zero", "reason": "经研究"},
     _row("302 302 403 403 403 403 403 403")),
    ("campaigns:reopen", "post", "campaign", "review", {"reason": "单位需补报"}, _row("302 302 403 403 403 403 403 403")),
    ("campaigns:appeals", "get", "campaign", "publicity", None, _row("200 200 403 403 403 403 403 403")),
    ("campaigns:urge", "post", "unit", "self", {"text": "请尽快报送"}, _row("302 302 403 403 403 403 403 403")),
    ("campaigns:evidence_all_zip", "get", "campaign", "publicity", None, _row("200 200 403 403 403 403 403 403")),
    ("campaigns:settings", "get", "campaign", "self", None, _row("200 200 403 403 403 403 403 403")),
    ("campaigns:settings", "post", "campaign", "self", {"action": "settings", "title": "2022年度政务公开考核（修订）"},
     _row("302 302 403 403 403 403 403 403")),
]


def _args(county, target: str, evidence_id: int) -> list:
    """The URL arguments of a target; some targets create what they name, so only that one is made."""
    c = county.campaign.pk
    return {
        "none": lambda: [],
        "campaign": lambda: [c],
        "unit": lambda: [c, county.town.pk],
        "entry36": lambda: [c, county.entry(county.town, "36").pk],
        "entry7": lambda: [c, county.entry(county.town, "7").pk],
        "evidence": lambda: [evidence_id],
        "task": lambda: [c, county.campaign.tasks.get(item_id="36").pk],
        "assignment": lambda: [c, county.campaign.assignments.first().pk],
        "binding": lambda: [c, _binding(county).pk],
        "records36": lambda: [c, county.entry(county.town, "36").pk, _binding(county).clause],
    }[target]()


def _binding(county):
    return county.campaign.bindings.get_or_create(item_id="36", clause=1, defaults={
        "indicator": "documents_nonpublic_unreasoned", "fact": "count"})[0]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name,method,target,phase,data,expected", MATRIX,
                         ids=[f"{m[0]}-{m[1]}-{m[2]}-{m[3]}-{(m[4] or {}).get('action', '')}" for m in MATRIX])
def test_access(county, client, role, name, method, target, phase, data, expected):
    county.phase(phase)
    entry = county.entry(county.town, "36")
    evidence = entry.evidence.create(name="截图.png", content_type="image/png", size=8)
    evidence.file.save("shot.png", ContentFile(b"\x89PNG\r\n\x1a\nxx"))
    if role != "anonymous":
        client.force_login(getattr(county, role))
    url = reverse(name, args=_args(county, target, evidence.pk))
    response = getattr(client, method)(url, data or {})
    assert response.status_code == expected[role], f"{role} {method.upper()} {url}"
    if role == "anonymous":
        assert response.url.startswith(reverse("accounts:login"))


def test_every_campaign_view_is_in_the_matrix():
    from django.urls import get_resolver

    campaign_urls = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "campaigns")
    views = {f"campaigns:{p.name}" for p in campaign_urls.url_patterns}
    assert views - {m[0] for m in MATRIX} == set(), "add every new campaign view to MATRIX"


def test_subunit_sees_only_the_items_its_task_names(county, client):
    """审批局综合组 works on its department's items only where the task names it (晋城 style)."""
    from django.contrib.auth import get_user_model

    from zwgk.accounts.models import Membership, Role

    county.phase(Campaign.Phase.SELF)
    user = get_user_model().objects.create_user("section", password="x")
    Membership.objects.create(user=user, role=Role.REPORTER, unit=county.section)
    county.campaign.tasks.get(item_id="16").lead.add(county.section)
    client.force_login(user)
    named = county.entry(county.approval, "16")
    unnamed = county.entry(county.approval, "17")
    assert client.get(reverse("campaigns:entry", args=[county.campaign.pk, named.pk])).status_code == 200
    assert client.get(reverse("campaigns:entry", args=[county.campaign.pk, unnamed.pk])).status_code == 404
    assert client.get(reverse("campaigns:entry", args=[county.campaign.pk, county.entry(county.town, "16").pk])).status_code == 404
