"""Every dependency a handler can ask for, as `Annotated` aliases: services, the caller, and access rules.

They are `async def` on purpose: none of them blocks (the key lookup is one indexed SQLite read of a few
microseconds), and a sync dependency would cost a thread-pool hop each, per request.

The access rules live here so that no handler can forget one:
- no key, a malformed, unknown or revoked key: 401;
- a key of another team: 404, exactly as for a team that does not exist (nothing is revealed);
- a rep key on a manager-only resource, or a manager key on a rep-only one: 403;
- an admin (operator) key anywhere but `/metrics`, and any other key on `/metrics`: 403.
Deal- and rep-level rules (a rep sees only their own deals and plan) are in `access`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..context import Context
from ..settings import Settings
from ..store.audit import AuditLog
from .errors import forbidden, not_found, unauthorized
from .keys import KeyStore, Principal
from .metrics import ServiceMetrics
from .services import Services


async def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


async def get_settings(services: ServicesDep) -> Settings:
    return services.settings


async def get_context(services: ServicesDep) -> Context:
    return services.ctx


async def get_audit(services: ServicesDep) -> AuditLog:
    return services.audit


async def get_keys(services: ServicesDep) -> KeyStore:
    return services.keys


async def get_metrics(services: ServicesDep) -> ServiceMetrics:
    return services.metrics


SettingsDep = Annotated[Settings, Depends(get_settings)]
ContextDep = Annotated[Context, Depends(get_context)]
AuditDep = Annotated[AuditLog, Depends(get_audit)]
KeysDep = Annotated[KeyStore, Depends(get_keys)]
MetricsDep = Annotated[ServiceMetrics, Depends(get_metrics)]

bearer = HTTPBearer(auto_error=False, scheme_name="CoachKey", description="`coach keys create` prints a key.")


async def get_caller(
    keys: KeysDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Principal:
    who = keys.verify(credentials.credentials) if credentials is not None else None
    if who is None:
        raise unauthorized()
    return who


async def get_principal(who: Annotated[Principal, Depends(get_caller)]) -> Principal:
    """A team member (manager or rep): an operator key reads no team data."""
    if who.is_admin:
        raise forbidden("an admin key reads /metrics only")
    return who


async def get_operator(who: Annotated[Principal, Depends(get_caller)]) -> Principal:
    if not who.is_admin:
        raise forbidden("/metrics needs an admin key (coach keys create --role admin)")
    return who


PrincipalDep = Annotated[Principal, Depends(get_principal)]
OperatorDep = Annotated[Principal, Depends(get_operator)]


async def get_team_member(
    team: Annotated[str, Path(max_length=63, description="Team id.")], who: PrincipalDep
) -> Principal:
    if team != who.team:
        raise not_found(f"unknown team {team!r}")
    return who


async def get_team_manager(who: Annotated[Principal, Depends(get_team_member)]) -> Principal:
    if not who.is_manager:
        raise forbidden("this needs a manager key")
    return who


async def get_manager(who: PrincipalDep) -> Principal:
    if not who.is_manager:
        raise forbidden("this needs a manager key")
    return who


async def get_rep(who: PrincipalDep) -> Principal:
    if who.is_manager:
        raise forbidden("this is for reps: it needs a rep key")
    return who


TeamMemberDep = Annotated[Principal, Depends(get_team_member)]
TeamManagerDep = Annotated[Principal, Depends(get_team_manager)]
ManagerDep = Annotated[Principal, Depends(get_manager)]
RepDep = Annotated[Principal, Depends(get_rep)]
