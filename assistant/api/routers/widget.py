"""The chat widget: one static page (plain HTML, CSS and JS, no build step) that a tool embeds in an iframe.

The page is public (it asks for the key itself); its Content-Security-Policy allows only this origin's
script, style and API, so notes rendered in it can never run code or call elsewhere.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from ..deps import SettingsDep
from ..services import frame_ancestors

WIDGET_DIR = Path(str(files("assistant.api") / "widget"))  # package data, shipped in the wheel
ASSETS_PATH = "/widget/assets"

router = APIRouter(tags=["widget"])


def content_security_policy(ancestors: str) -> str:
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        f"base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}"
    )


@router.get("/widget", response_class=HTMLResponse, include_in_schema=False)
def widget(settings: SettingsDep) -> HTMLResponse:
    return HTMLResponse(
        (WIDGET_DIR / "index.html").read_text(encoding="utf-8"),
        headers={
            "Content-Security-Policy": content_security_policy(frame_ancestors(settings)),
            "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )
