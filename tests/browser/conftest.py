"""Browser tests: Debian's chromium, driven by Playwright, against pytest-django's live_server.

Fixtures:

    browser                                   session-wide headless chromium (/usr/bin/chromium)
    page                                      a fresh zh-CN page on the live server, offline
    login(page, live_server, username, password)  sign in through the login form
    shot(page, name)                          full-page PNG in var/screenshots/<name>.png

`page` requests `live_server` and `transactional_db`, so a test that uses it may create users
and rows through the ORM and see them in the browser; no `django_db` mark is needed. Its
context has `base_url` set to the live server, so `page.goto("/accounts/login/")` works.

Every request the page makes outside the live server is aborted and fails the test at
teardown: zwgk must work with no internet, and this is how we know no CDN slipped in.

`make test` installs chromium and fonts-noto-cjk when missing. Without them these tests
fail, unless ZWGK_SKIP_BROWSER=1 is set, in which case they are skipped.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an asyncio event loop in the test's own thread, and Django's ORM
# refuses to run in a thread with a running loop (SynchronousOnlyOperation), even though the
# test code itself is plain synchronous code. Nothing here is actually async, so allow it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import sync_playwright  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SCREENSHOTS = REPO / "var" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
VIEWPORT = {"width": 1366, "height": 768}


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real chromium against the live server (tests/browser)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium fonts-noto-cjk)"
        if os.environ.get("ZWGK_SKIP_BROWSER") == "1":
            pytest.skip(f"ZWGK_SKIP_BROWSER=1 and {message}")
        pytest.fail(f"{message}, or set ZWGK_SKIP_BROWSER=1 to skip the browser tests", pytrace=False)

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        )
    except BaseException:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser, live_server, transactional_db):
    server = urlsplit(live_server.url)
    blocked = []

    def only_live_server(route):
        url = urlsplit(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and (url.scheme, url.netloc) != (server.scheme, server.netloc):
            blocked.append(route.request.url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    context = browser.new_context(
        base_url=live_server.url,
        viewport=VIEWPORT,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    context.set_default_timeout(15_000)
    context.route("**/*", only_live_server)
    try:
        yield context.new_page()
    finally:
        context.close()
    if blocked:
        listed = "\n  ".join(dict.fromkeys(blocked))
        pytest.fail(f"the page requested URLs outside the live server {live_server.url}:\n  {listed}", pytrace=False)


@pytest.fixture
def shot():
    """shot(page, name) -> Path: full-page PNG at var/screenshots/<name>.png, 1366×768 viewport."""

    def take(page, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.set_viewport_size(VIEWPORT)
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login():
    """login(page, live_server, username, password) -> Response of the page the form lands on.

    Fills the login form's 用户名 and 密码 and submits it; on success that is the home page,
    on failure the login page again with the form's errors.
    """

    def sign_in(page, live_server, username, password):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名", exact=True).fill(username)
        page.get_by_label("密码", exact=True).fill(password)
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="登录", exact=True).click()
        page.wait_for_load_state()
        return navigation.value

    return sign_in
