import re
from pathlib import Path

from playwright.sync_api import expect

CHARTJS_DIR = Path(__file__).resolve().parents[2] / "zwgk" / "front" / "static" / "front" / "vendor" / "chartjs"
CHARTJS_URL = "/static/front/vendor/chartjs/chart.umd.min.js"
PASSWORD = "correct-horse-9"


def platform_fonts(page, selector):
    """The fonts chromium actually drew the element's text with, as {family: glyph count}."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()
    return {font["familyName"]: font["glyphCount"] for font in fonts}


def test_login_then_home_in_chinese(page, login, shot, live_server, django_user_model):
    django_user_model.objects.create_user("zhang", password=PASSWORD)

    page.goto("/accounts/login/")
    expect(page).to_have_title(re.compile("登录"))
    shot(page, "login")

    response = login(page, live_server, "zhang", PASSWORD)
    assert response.ok
    expect(page).to_have_url(f"{live_server.url}/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("您好，zhang")

    family = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert family.startswith('"Noto Sans CJK SC"'), family
    # document.fonts.check() says true even for a font that is not installed, so ask chromium
    # which platform font really drew the heading: every glyph, 您好 included, in Noto Sans CJK SC.
    assert platform_fonts(page, "h1") == {"Noto Sans CJK SC": len("您好，zhang")}
    shot(page, "home")


def test_wrong_password_shows_the_error_in_chinese(page, login, live_server, django_user_model):
    django_user_model.objects.create_user("li", password=PASSWORD)

    login(page, live_server, "li", "wrong-horse-9")

    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("alert")).to_have_text("请输入一个正确的用户名和密码。注意，两者都区分大小写。")
    expect(page.get_by_label("用户名", exact=True)).to_have_value("li")


def test_chartjs_is_served_by_zwgk(page, live_server):
    version = (CHARTJS_DIR / "VERSION").read_text().strip()
    url = f"{live_server.url}{CHARTJS_URL}"

    response = page.request.get(url)
    assert response.status == 200
    assert "javascript" in response.headers["content-type"]
    assert f"Chart.js v{version}" in response.text()[:200]

    page.set_content(f'<canvas id="c" width="400" height="200"></canvas><script src="{url}"></script>')
    assert page.evaluate("typeof Chart") == "function"
    assert page.evaluate("Chart.version") == version
    drawn = page.evaluate(
        """() => {
            const chart = new Chart(document.getElementById('c'), {
                type: 'bar',
                data: {labels: ['古县', '晋城'], datasets: [{label: '得分', data: [92, 87]}]},
                options: {animation: false},
            });
            return chart.getDatasetMeta(0).data.length;
        }"""
    )
    assert drawn == 2


def test_chartjs_is_served_by_whitenoise(client):
    """Outside tests the file comes from WhiteNoise (live_server serves /static/ itself)."""
    response = client.get(CHARTJS_URL)
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
    assert b"".join(response.streaming_content) == (CHARTJS_DIR / "chart.umd.min.js").read_bytes()
