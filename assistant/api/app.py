"""The FastAPI app: `create_app(settings)` builds one per process, with one Context shared by every request.

Startup warms what the first request would otherwise pay for (the embedding model, the knowledge index,
tiktoken, each team's profile, the chat's intent classifier), so latency is flat from the first request on; each
team's deal models are built in the background right after.

The API docs (/docs with Swagger UI, /redoc with ReDoc) come from `routers/docs.py`, with assets shipped in a
PyPI package: no CDN, so they work on a machine with no Internet access.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from .. import __version__
from ..coaching.team import team_profile
from ..context import Context
from ..conversation.gazetteer import gazetteer
from ..conversation.intents import load_intent_model
from ..knowledge_index import sync_knowledge
from ..settings import Settings, get_settings
from ..tokens import get_encoding
from .errors import install_error_handlers
from .middleware import BodyLimitMiddleware, ObserveMiddleware
from .routers import (
    answers,
    chat,
    check,
    deals,
    docs,
    feedback,
    health,
    notes,
    reps,
    reviews,
    self_coaching,
    teams,
    widget,
)
from .services import Services, max_request_bytes

log = logging.getLogger("assistant.api")

DESCRIPTION = """Deal-review prep, rep development plans, self-coaching and question checks for a sales team,
plus an OpenAI-compatible chat endpoint. Every route but `/healthz` needs `Authorization: Bearer KEY`
(`coach keys create`). A key sees its own team only; a rep key sees its own deals and plan only."""


def warm_up(services: Services) -> None:
    ctx = services.ctx
    sync_knowledge(ctx)
    get_encoding()
    load_intent_model()
    for team in ctx.catalog.teams():
        team_profile(ctx, team)


def warm_deal_models(services: Services) -> None:
    """Each team's deal models, which the chat's entity linker needs (it names every deal's people), built in the
    background after start-up: they take long on a fresh store, and a request needing them waits for this build
    rather than starting another."""
    ctx = services.ctx
    for team in ctx.catalog.teams():
        try:
            gazetteer(ctx, team)
        except Exception as exc:  # a background warm-up never fails the service; a request retries the build
            log.warning("team %s: deal models not warmed: %s", team, exc)


def create_app(settings: Settings | None = None, ctx: Context | None = None, warm: bool = True) -> FastAPI:
    """The app for one COACH_HOME. `warm=False` skips the start-up warm-up (tests of routes that need no model)."""
    services = Services.open(settings or get_settings(), ctx)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            await run_in_threadpool(warm_up, services)
            threading.Thread(target=warm_deal_models, args=(services,), name="warm-deal-models", daemon=True).start()
        log.info("coach service ready (home %s)", services.settings.home)
        yield

    app = FastAPI(
        title="Sales-coaching assistant",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served offline by routers/docs.py
        redoc_url=None,
    )
    app.state.services = services
    install_error_handlers(app)
    routers = (health, notes, deals, reps, reviews, teams, self_coaching, check, feedback, answers, chat, widget, docs)
    for module in routers:
        app.include_router(module.router)
    app.mount(widget.ASSETS_PATH, StaticFiles(directory=widget.WIDGET_DIR), name="widget-assets")
    app.mount(docs.ASSETS_PATH, StaticFiles(directory=docs.ASSETS_DIR), name="docs-assets")
    app.add_middleware(BodyLimitMiddleware, limit=max_request_bytes(services.settings))
    app.add_middleware(ObserveMiddleware, metrics=services.metrics)
    return app
