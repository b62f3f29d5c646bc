"""Evidence files: images and PDF viewable in the browser (查看), everything downloadable (下载)."""
import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zwgk.campaigns.models import Campaign
from zwgk.evidence.models import Evidence
from zwgk.evidence.services import add_file

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def small_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<document/>")
    return out.getvalue()


@pytest.fixture
def files(county, settings, tmp_path, xlsx_upload, pdf_bytes):
    """Four checked uploads on 东山镇 item 1, by its reporter; `files.entry` is the entry."""
    settings.MEDIA_ROOT = tmp_path
    county.phase(Campaign.Phase.SELF)
    entry = county.entry(county.town, "1")

    def upload(name, data, client_type="application/octet-stream"):
        return add_file(county.reporter, entry, SimpleUploadedFile(name, data, content_type=client_type), "self")

    class Files:
        pass

    files = Files()
    files.entry = entry
    # The client's declared type is ignored: the check records the type from name and signature.
    files.png = upload("目录截图.png", PNG, client_type="text/html")
    files.pdf = upload("公开目录.pdf", pdf_bytes())
    files.docx = upload("工作方案.docx", small_docx())
    files.xlsx = upload("台账.xlsx", xlsx_upload([["事项", "时间"]]).read())
    return files


def get(client, evidence, query=""):
    return client.get(reverse("campaigns:evidence", args=[evidence.pk]) + query)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def assert_safe_headers(response):
    policy = response["Content-Security-Policy"]
    for directive in ("default-src 'none'", "frame-ancestors 'none'", "sandbox"):
        assert directive in policy, policy
    assert "script-src" not in policy and "allow-" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cache-Control"] == "private"


def disposition(response) -> str:
    return response["Content-Disposition"].split(";")[0]


def test_png_is_shown_inline_with_the_safe_headers(files, client, county):
    client.force_login(county.reporter)
    for query in ("", "?inline=1"):
        response = get(client, files.png, query)
        assert response.status_code == 200
        assert disposition(response) == "inline"
        assert response["Content-Type"] == "image/png"
        assert_safe_headers(response)
        assert body(response) == PNG


def test_pdf_is_shown_inline_when_asked_with_the_safe_headers(files, client, county, pdf_bytes):
    client.force_login(county.head)
    response = get(client, files.pdf, "?inline=1")
    assert response.status_code == 200
    assert disposition(response) == "inline"
    assert "filename*=utf-8''%E5%85%AC%E5%BC%80%E7%9B%AE%E5%BD%95.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert_safe_headers(response)
    assert body(response) == pdf_bytes()
    # Without ?inline=1 a PDF is downloaded, as before the 查看 link existed.
    assert disposition(get(client, files.pdf)) == "attachment"


@pytest.mark.parametrize("kind, content_type", [("docx", DOCX), ("xlsx", XLSX)])
def test_office_files_are_always_attachments(files, client, county, kind, content_type):
    client.force_login(county.office)
    for query in ("", "?inline=1", "?download=1"):
        response = get(client, getattr(files, kind), query)
        assert response.status_code == 200
        assert disposition(response) == "attachment"
        assert response["Content-Type"] == content_type
        assert_safe_headers(response)


def test_download_is_always_an_attachment(files, client, county):
    client.force_login(county.assessor)
    for evidence in (files.png, files.pdf, files.docx, files.xlsx):
        for query in ("?download=1", "?download=1&inline=1", "?inline=1&download=1"):
            response = get(client, evidence, query)
            assert response.status_code == 200
            assert disposition(response) == "attachment", (evidence.name, query)
            assert_safe_headers(response)


def test_the_recorded_type_decides_not_the_name(files, client, county):
    """A row whose name says .pdf/.png but whose recorded type is not viewable is never inline; an
    unexpected recorded type (HTML, SVG) goes out as application/octet-stream."""
    client.force_login(county.office)

    def stored(name, content_type):
        evidence = Evidence(entry=files.entry, name=name, content_type=content_type, size=10)
        evidence.file.save("odd.bin", ContentFile(b"<svg onload=alert(1)>"), save=True)
        return evidence

    for name, content_type, sent in [("伪装.pdf", DOCX, DOCX), ("页面.png", "text/html", "application/octet-stream"),
                                     ("图.svg", "image/svg+xml", "application/octet-stream"),
                                     ("旧文件.png", "", "application/octet-stream")]:
        evidence = stored(name, content_type)
        for query in ("", "?inline=1"):
            response = get(client, evidence, query)
            assert disposition(response) == "attachment", (name, query)
            assert response["Content-Type"] == sent
            assert_safe_headers(response)


@pytest.mark.parametrize("who", ["other_reporter", "other_head", "finance_assessor"])
def test_outside_the_entrys_scope_is_404(files, client, county, who):
    client.force_login(getattr(county, who))
    for evidence in (files.png, files.pdf, files.docx):
        for query in ("", "?inline=1", "?download=1"):
            assert get(client, evidence, query).status_code == 404


def test_anonymous_is_sent_to_login(files, client):
    response = get(client, files.pdf, "?inline=1")
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_entry_page_has_view_links_for_images_and_pdf_and_download_links_for_all(files, client, county):
    client.force_login(county.reporter)
    html = client.get(reverse("campaigns:entry", args=[county.campaign.pk, files.entry.pk])).content.decode()
    section = html[html.index('id="evidence"'):]
    section = section[:section.index("</section>")]
    view_links = re.findall(r'<a href="/campaigns/evidence/(\d+)/\?inline=1" target="_blank" rel="noopener"'
                            r' aria-label="查看“([^”]+)”（在新标签页打开）">查看</a>', section)
    assert view_links == [(str(files.png.pk), files.png.name), (str(files.pdf.pk), files.pdf.name)]
    download_links = re.findall(r'<a href="/campaigns/evidence/(\d+)/\?download=1" aria-label="下载“([^”]+)”">下载</a>',
                                section)
    assert download_links == [(str(e.pk), e.name) for e in (files.png, files.pdf, files.docx, files.xlsx)]
