"""Liveness (no key), Prometheus metrics, and `me`: who a key belongs to."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

from ... import __version__
from ..deps import MetricsDep, OperatorDep, PrincipalDep
from ..schemas.responses import Health, Me
from .common import ERRORS, TEXT_ROUTE_ERRORS

router = APIRouter(tags=["service"])


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    """Needs no key: a load balancer or `docker healthcheck` calls it."""
    return Health(version=__version__)


@router.get("/metrics", response_class=PlainTextResponse, responses=TEXT_ROUTE_ERRORS)
async def metrics(metrics: MetricsDep, who: OperatorDep) -> PlainTextResponse:
    """Prometheus text format. Needs an operator key (`coach keys create --role admin`); team keys get 403."""
    return PlainTextResponse(metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")


@router.get("/v1/me", response_model=Me, responses={401: ERRORS[401]})
async def me(who: PrincipalDep) -> Me:
    return Me(key_id=who.key_id, team=who.team, role=who.role, rep=who.rep)
