"""The chat widget: its page and headers, and end to end in a real headless Chromium driven by Playwright."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.api.services import audit_path
from assistant.guard import check_text, telling_sentences
from assistant.store.audit import AuditLog
from tests.api.helpers import CHROMIUM_ARGS, REP, TEAM, Keys, LiveServer, chromium_executable, settings_for

SCREENSHOT_COPY = Path("/tmp/widget.png")


def test_page_headers_and_assets(http: httpx.Client) -> None:
    page = http.get("/widget")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["Content-Security-Policy"]
    for directive in ("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "<script>" not in page.text  # no inline script anywhere
    assert 'type="password"' in page.text
    for asset, kind in (("widget.js", "javascript"), ("render.js", "javascript"), ("widget.css", "text/css")):
        r = http.get(f"/widget/assets/{asset}")
        assert r.status_code == 200 and kind in r.headers["content-type"]
    js = http.get("/widget/assets/widget.js").text + http.get("/widget/assets/render.js").text
    assert "innerHTML" not in js and "sessionStorage" in js and "location.search" not in js


def test_widget_end_to_end(live: LiveServer, keys: Keys, api_home: Path, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency")
    executable = chromium_executable()
    audit = AuditLog(audit_path(settings_for(api_home)))
    feedback_before = len(audit.feedback(team=TEAM))
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 360, "height": 760})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.goto(f"{live.url}/widget")

            page.fill("#key", "coach_wrong_" + "x" * 30)
            page.click("#login-form button[type=submit]")
            page.wait_for_selector("#login-error:has-text('not accepted')")
            errors.clear()  # the 401 above is logged by the browser as a failed request, as it should be

            page.fill("#key", keys.manager)
            page.click("#login-form button[type=submit]")
            page.wait_for_selector("#chat:not([hidden])")
            assert "Manager" in page.inner_text("#who")
            assert page.evaluate("sessionStorage.getItem('coach-key')") == keys.manager
            assert keys.manager not in page.url

            page.fill("#ask", "Help me prepare the review of D-201")
            page.click("#send")
            answer = page.wait_for_selector("li.msg.assistant.done", timeout=30_000)
            assert answer is not None
            text = page.text_content("li.msg.assistant.done details.plain .text") or ""
            assert not telling_sentences(text) and sum(s.act == "open_question" for s in check_text(text)) >= 5
            questions = page.locator("li.msg.assistant.done ol.questions > li")
            assert 5 <= questions.count() <= 10
            assert all("?" in q for q in questions.all_inner_texts())
            assert page.locator("li.msg.assistant.done .badge.type").first.inner_text() in (
                "clarify",
                "evidence",
                "assumption",
                "perspective",
                "implication",
                "commitment",
            )
            assert page.locator("li.msg.assistant.done .focus").count() >= 1

            citation = page.locator("li.msg.assistant.done ol.questions .cite").first
            note_id = citation.inner_text()
            citation.click()
            popup = page.wait_for_selector(f".note-pop[data-note='{note_id}']")
            assert popup is not None and note_id in popup.inner_text() and len(popup.inner_text()) > 30

            answer_id = page.get_attribute("li.msg.assistant.done", "data-answer-id")
            assert answer_id and answer_id.startswith("ans_")
            page.click("li.msg.assistant.done .feedback button.down")
            page.wait_for_selector("li.msg.assistant.done .feedback .thanks:has-text('noted')")
            page.click("li.msg.assistant.done .feedback button.up")
            page.wait_for_selector("li.msg.assistant.done .feedback .thanks:has-text('Thanks!')")

            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"horizontal scroll at 360 px: {width}"
            page.locator("li.msg.assistant.done .card h2").scroll_into_view_if_needed()
            page.evaluate("document.querySelector('li.msg.user').scrollIntoView()")
            shot = tmp_path / "widget.png"
            page.screenshot(path=str(shot))
            shutil.copyfile(shot, SCREENSHOT_COPY)
            page.evaluate("document.querySelector('.feedback').scrollIntoView()")
            page.screenshot(path=str(tmp_path / "widget-feedback.png"))
            shutil.copyfile(tmp_path / "widget-feedback.png", SCREENSHOT_COPY.with_name("widget-feedback.png"))
            assert not errors, errors
        finally:
            browser.close()
    stored = [f for f in audit.feedback(team=TEAM)[feedback_before:] if f["answer_id"] == answer_id]
    assert sorted(f["rating"] for f in stored) == [-1, 1]  # thumbs down, then up: both stored


def test_team_page_charts_a_reps_progress_and_marks_a_stalled_focus(
    live: LiveServer, keys: Keys, tmp_path: Path
) -> None:
    """Two reviews of Rhys focused on deal strategy, nothing changed since: the team page marks him stalled, and
    his progress shows one small chart per skill with a point per review and now."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency")
    manager = keys.header("manager")
    with httpx.Client(base_url=live.url, timeout=300) as http:
        for day in ("2026-11-25", "2026-11-28"):  # the latest of Rhys's reviews in this session
            body = {
                "commitments": [{"text": "Rhys: map who else signs at Kestrel"}],
                "focus": ["deal_strategy"],
                "held_on": day,
            }
            assert http.post(f"/v1/teams/{TEAM}/deals/D-206/reviews", json=body, headers=manager).status_code == 201
        overview = http.get(f"/v1/teams/{TEAM}/overview", headers=manager).json()
    rhys = next(r for r in overview["reps"] if r["rep"] == REP)
    assert rhys["stalled"] == ["deal_strategy"]
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_executable()), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 360, "height": 760})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"{live.url}/widget")
            page.fill("#key", keys.manager)
            page.click("#login-form button[type=submit]")
            page.wait_for_selector("#chat:not([hidden])")
            page.click("#tab-team")
            page.wait_for_selector(f".heatmap .rep-row[data-rep='{REP}'][data-stalled='deal_strategy']")
            page.select_option(".rep-pick", REP)
            page.wait_for_selector(f".charts[data-rep='{REP}'] .history svg.spark")  # his charts, not the first rep's
            assert page.locator(".history svg.spark").count() == 6
            dots = page.locator(".history svg.spark[data-skill='deal_strategy'] circle")
            assert dots.count() >= 3  # at least the two reviews and now
            assert page.locator(".history svg.spark[data-skill='deal_strategy'] circle.now").count() == 1
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"horizontal scroll at 360 px: {width}"
            page.screenshot(path=str(tmp_path / "team-history.png"))
            assert not errors, errors
        finally:
            browser.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_team_answers_in_the_chat_are_cards(live: LiveServer, keys: Keys, tmp_path: Path, width: int) -> None:
    """The at-risk list (each deal opens its prep pack), the gap scores per rep, and the check of a manager's own
    questions are drawn as cards, not left as plain text; nothing scrolls sideways at 360 px."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_executable()), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.goto(f"{live.url}/widget")
            page.fill("#key", keys.manager)
            page.click("#login-form button[type=submit]")
            page.wait_for_selector("#chat:not([hidden])")

            def ask(text: str, selector: str) -> Any:
                """The new answer, once it is done and holds `selector`."""
                answer = page.locator("li.msg.assistant.done").nth(page.locator("li.msg.assistant.done").count())
                page.fill("#ask", text)
                page.click("#send")
                answer.wait_for(timeout=60_000)
                answer.locator(selector).first.wait_for()
                return answer

            risk = ask("which deals are at risk?", ".card.risk ol.deals > li")
            risky = risk.locator(".card.risk ol.deals > li")
            first = risky.first.locator(".deal-id").inner_text()
            assert risky.first.locator(".badge").count() >= 1
            assert risk.locator(".card.risk ol.questions > li").count() >= 1  # the plain text's questions too
            prep = page.locator("li.msg.assistant.done").nth(page.locator("li.msg.assistant.done").count())
            risky.first.locator("button.open-prep").click()
            prep.locator(f".card.prep h2:has-text('{first}')").wait_for(timeout=60_000)

            overview = ask("how is the team doing on qualification?", ".card.overview table.scores")
            rows = overview.locator("table.scores tr")
            assert rows.count() >= 2 and "qualification" in rows.first.inner_text()
            assert overview.locator(".card.overview ol.questions > li").count() >= 1  # for the one-to-one

            pasted = "Check these for my review with Marcus:\nDid you call the CFO?\nWhat would Graham need to see?"
            checked = ask(pasted, ".card.check")
            assert checked.locator(".card.check ol.questions > li").count() == 2
            assert checked.locator(".card.check .suggestion").count() >= 1  # the closed line's open version

            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"horizontal scroll at {width} px: {scroll}"
            page.screenshot(path=str(tmp_path / f"chat-cards-{width}.png"), full_page=True)
            shutil.copyfile(tmp_path / f"chat-cards-{width}.png", SCREENSHOT_COPY.with_name(f"chat-cards-{width}.png"))
            assert not errors, errors
        finally:
            browser.close()
