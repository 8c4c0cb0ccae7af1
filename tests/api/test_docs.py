"""/docs (Swagger UI) and /redoc (ReDoc) work offline: every asset comes from this server, checked over HTTP
and in a real headless Chromium (driven by Playwright) that is refused every request to another origin."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.api import create_app
from assistant.api.routers.docs import ASSETS_PATH as DOCS_ASSETS
from tests.api.helpers import CHROMIUM_ARGS, LiveServer, chromium_executable, settings_for


@pytest.fixture(scope="module")
def docs_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """An app over an empty home: the docs need no notes, no key and no warm-up."""
    home = tmp_path_factory.mktemp("docs") / "home"
    server = LiveServer(create_app(settings_for(home), warm=False)).start()
    yield server
    server.stop()


def test_pages_reference_only_local_assets(docs_server: LiveServer) -> None:
    with httpx.Client(base_url=docs_server.url, timeout=30) as http:
        for page, assets in (
            ("/docs", ("swagger-ui-bundle.js", "swagger-ui.css")),
            ("/redoc", ("redoc.standalone.js",)),
        ):
            html = http.get(page)
            assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
            assert "connect-src 'self'" in html.headers["Content-Security-Policy"]
            assert "cdn." not in html.text and "fonts.googleapis" not in html.text, page
            for asset in assets:
                assert f"{DOCS_ASSETS}/{asset}" in html.text
                r = http.get(f"{DOCS_ASSETS}/{asset}")
                assert r.status_code == 200 and len(r.content) > 100_000, asset


def test_docs_render_in_chromium_with_no_network(docs_server: LiveServer) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency")
    executable = chromium_executable()
    refused: list[str] = []

    def only_this_server(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(docs_server.url) or url.startswith("data:"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            refused.append(url)
            route.abort()  # type: ignore[attr-defined]

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.route("**/*", only_this_server)

            page.goto(f"{docs_server.url}/docs")
            page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
            assert page.locator(".swagger-ui .info .title").inner_text().startswith("Sales-coaching assistant")
            paths = page.locator(".opblock-summary-path").all_inner_texts()
            assert any("/v1/check" in p for p in paths) and any("/prep" in p for p in paths), paths[:5]
            page.screenshot(path=str(Path("/tmp/docs-swagger.png")))

            page.goto(f"{docs_server.url}/redoc")
            page.wait_for_selector("h1", timeout=30_000)
            page.wait_for_function("document.body.innerText.includes('/v1/check')", timeout=30_000)
            assert "Sales-coaching assistant" in page.locator("h1").first.inner_text()
            page.screenshot(path=str(Path("/tmp/docs-redoc.png")))
        finally:
            browser.close()
    assert not refused, refused
    assert not errors, errors
