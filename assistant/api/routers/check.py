"""`coach check` over HTTP: feedback on a manager's planned questions."""

from __future__ import annotations

from fastapi import APIRouter

from ...errors import UserError
from ...guard import CheckResult, check_lines
from ..deps import PrincipalDep
from ..schemas.requests import CheckRequest
from .common import ERRORS

router = APIRouter(prefix="/v1", tags=["check"], responses=ERRORS)


@router.post("/check", response_model=CheckResult)
def check(body: CheckRequest, who: PrincipalDep) -> CheckResult:
    """Any key. Reads no team data, so nothing is recorded."""
    if not body.text.strip():
        raise UserError("nothing to check: send the planned questions in 'text'")
    return check_lines(body.text)
