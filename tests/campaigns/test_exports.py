"""Downloads open with openpyxl / python-docx / zipfile and hold the numbers the pages show."""
import io
import zipfile
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zwgk.campaigns.models import Campaign
from zwgk.campaigns.results import rescore_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(county):
    """东山镇 has evidence for item 36, checked with one finding (2 of 4 points lost); nothing else
    is checked, so it counts 0 (the campaign has not chosen otherwise); 西河镇 has nothing."""
    entry = county.entry(county.town, "36")
    entry.evidence.create(url="http://www.example.gov.cn/m", name="会议纪要")
    entry.facts = {"1": {"count": 1}}
    entry.reviewed_by, entry.reviewed_at = county.assessor, timezone.now()
    entry.self_score = Decimal("4")
    entry.save()
    county.campaign.grade_bands = [{"name": "优秀", "min": "2"}, {"name": "合格", "min": "0"}]
    county.campaign.save()
    rescore_campaign(county.campaign)
    county.phase(Campaign.Phase.PUBLICITY)
    return county


def _values(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_unit_sheet_xlsx_holds_points_self_score_score_and_reason(scored, client):
    client.force_login(scored.reporter)
    r = client.get(reverse("campaigns:sheet_xlsx", args=[scored.campaign.pk, scored.town.pk]))
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = _values(ws)
    row36 = next(row for row in rows if any(isinstance(v, str) and v.startswith("36.因政务公开") for v in row))
    numbers = [Decimal(str(v)) for v in row36 if isinstance(v, (int, float, Decimal))]
    assert Decimal("4") in numbers and Decimal("2") in numbers  # 分值 / 自评分 4, 得分 2
    assert any(isinstance(v, str) and "扣" in v for v in row36)


def test_ranking_xlsx_and_notice_docx(scored, client):
    client.force_login(scored.office)
    r = client.get(reverse("campaigns:ranking_xlsx", args=[scored.campaign.pk]))
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    towns = _values(wb["乡镇"])
    assert any(row[:2] == [1, "东山镇"] for row in towns)
    assert any(row[:2] == [2, "西河镇"] for row in towns)

    r = client.get(reverse("campaigns:notice_docx", args=[scored.campaign.pk]))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "优秀（1个）：东山镇。" in text
    assert "合格（1个）：西河镇。" in text


def test_notice_settings_refuse_unreadable_bands(scored, client):
    client.force_login(scored.office)
    r = client.post(reverse("campaigns:notice", args=[scored.campaign.pk]), {"grade_bands": "优秀九十"})
    assert "看不懂" in r.content.decode()
    client.post(reverse("campaigns:notice", args=[scored.campaign.pk]), {"grade_bands": "优秀 3\n合格：0分"})
    scored.campaign.refresh_from_db()
    assert scored.campaign.grade_bands == [{"name": "优秀", "min": "3"}, {"name": "合格", "min": "0"}]
    assert scored.campaign.participants.get(unit=scored.town).grade == "合格"


def test_evidence_zip_has_the_unit_files_and_an_index(scored, client):
    scored.phase(Campaign.Phase.SELF)
    client.force_login(scored.reporter)
    entry = scored.entry(scored.town, "1")
    png = SimpleUploadedFile("目录截图.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")
    r = client.post(reverse("campaigns:entry", args=[scored.campaign.pk, entry.pk]), {"action": "upload", "files": [png]})
    assert r.status_code == 302
    r = client.get(reverse("campaigns:evidence_zip", args=[scored.campaign.pk, scored.town.pk]))
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert any(n.endswith("目录截图.png") for n in names)
    assert "佐证材料目录.xlsx" in names


def test_upload_refuses_html_disguised_as_image(county, client):
    county.phase(Campaign.Phase.SELF)
    client.force_login(county.reporter)
    entry = county.entry(county.town, "1")
    fake = SimpleUploadedFile("截图.png", b"<html><script>alert(1)</script></html>", content_type="image/png")
    r = client.post(reverse("campaigns:entry", args=[county.campaign.pk, entry.pk]), {"action": "upload", "files": [fake]})
    assert r.status_code == 400
    assert "内容与扩展名 .png 不符" in r.content.decode()
    page = SimpleUploadedFile("a.html", b"<html></html>", content_type="text/html")
    r = client.post(reverse("campaigns:entry", args=[county.campaign.pk, entry.pk]), {"action": "upload", "files": [page]})
    assert "文件类型不支持" in r.content.decode()
    assert not entry.evidence.exists()


def test_files_are_served_as_attachments_except_images(county, client):
    county.phase(Campaign.Phase.SELF)
    client.force_login(county.reporter)
    entry = county.entry(county.town, "1")
    pdf = SimpleUploadedFile("说明.pdf", b"%PDF-1.4\n" + b"0" * 32)
    client.post(reverse("campaigns:entry", args=[county.campaign.pk, entry.pk]), {"action": "upload", "files": [pdf]})
    r = client.get(reverse("campaigns:evidence", args=[entry.evidence.get().pk]))
    assert r["Content-Disposition"].startswith("attachment")
    assert r["X-Content-Type-Options"] == "nosniff" and "sandbox" in r["Content-Security-Policy"]
