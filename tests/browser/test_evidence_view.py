"""查看 a PDF in chromium: the built-in PDF viewer shows it despite the sandboxing headers.

This is the check behind the headers in zwgk/evidence/serving.py: should a chromium version stop
showing PDFs under `Content-Security-Policy: sandbox`, this test fails.
"""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from zwgk.campaigns.models import Campaign
from zwgk.evidence.services import add_file

PDF_VIEWER = "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/"  # chromium's built-in PDF viewer


@pytest.fixture
def pdf_evidence(county, settings, tmp_path, pdf_bytes):
    settings.MEDIA_ROOT = tmp_path
    county.phase(Campaign.Phase.SELF)
    entry = county.entry(county.town, "1")
    upload = SimpleUploadedFile("公开目录.pdf", pdf_bytes(), content_type="application/pdf")
    return add_file(county.reporter, entry, upload, "self")


def test_view_link_opens_the_pdf_in_chromiums_viewer(pdf_evidence, county, page, login, shot, live_server):
    login(page, live_server, "head", county.PASSWORD)
    page.goto(f"/campaigns/{county.campaign.pk}/entries/{pdf_evidence.entry_id}/")
    evidence = page.locator("#evidence")
    expect(evidence.get_by_role("link", name="下载“公开目录.pdf”")).to_be_visible()
    view = evidence.get_by_role("link", name="查看“公开目录.pdf”（在新标签页打开）")
    expect(view).to_have_attribute("target", "_blank")

    with page.context.expect_page() as new_tab, page.context.expect_event(
            "response", lambda r: "/campaigns/evidence/" in r.url) as served:
        view.click()
    tab = new_tab.value
    response = served.value
    assert response.url.endswith(f"/campaigns/evidence/{pdf_evidence.pk}/?inline=1")
    assert response.status == 200
    headers = response.all_headers()
    assert headers["content-type"] == "application/pdf"
    assert headers["content-disposition"].startswith("inline;")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "sandbox" in headers["content-security-policy"]
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["cross-origin-resource-policy"] == "same-origin"

    # The viewer is an out-of-process frame of the PDF extension inside the tab; it appears once
    # chromium accepted the response for viewing, and shows the page count of the document.
    tab.wait_for_load_state()
    viewer = None
    for _ in range(50):
        viewer = next((f for f in tab.frames if f.url.startswith(PDF_VIEWER)), None)
        if viewer is not None:
            break
        tab.wait_for_timeout(200)
    assert viewer is not None, [f.url for f in tab.frames]
    expect(viewer.locator("#pageSelector")).to_have_value("1")
    expect(viewer.locator("#title")).to_have_text("公开目录.pdf")
    shot(tab, "evidence-pdf-viewer")
