"""API keys: who is asking (team, role, rep), stored as salted hashes (keys.db under COACH_HOME, or PostgreSQL).

A key is shown once, at creation, as `coach_<id>_<secret>`. Only the id, a random per-key salt and
HMAC-SHA256(salt, secret) are kept, so a copy of keys.db does not let anyone call the service.
The id is public (it appears in `coach keys list` and in the audit trail); the secret never is.

An `admin` key is an operator's: it belongs to no team, reads `/metrics` and nothing else (no team's deals,
notes or answers), so monitoring never needs a key that can read customer data.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select, update

from ..errors import NotFoundError, UserError
from ..store.audit import now
from ..store.database import SQLStore
from ..store.tables import keys as keys_table
from ..store.tables import keys_metadata
from ..store.vectors import check_team

Role = Literal["manager", "rep", "admin"]
ROLES: tuple[Role, ...] = ("manager", "rep", "admin")
NO_TEAM = ""  # the team of an admin key
PREFIX = "coach"


@dataclass(frozen=True)
class Principal:
    """The caller behind a valid key. `rep` is set for rep keys only."""

    key_id: str
    team: str
    role: Role
    rep: str | None

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _digest(salt: bytes, secret: str) -> bytes:
    return hmac.new(salt, secret.encode(), hashlib.sha256).digest()


def parse_key(key: str) -> tuple[str, str] | None:
    """(id, secret) of a well-formed key, else None. Secrets may contain '_', ids never do."""
    prefix, _, rest = key.strip().partition("_")
    key_id, _, secret = rest.partition("_")
    if prefix != PREFIX or not key_id.isalnum() or len(secret) < 16:
        return None
    return key_id, secret


class KeyStore(SQLStore):
    """keys.db (or the keys table in PostgreSQL): create, verify, list and revoke keys."""

    store = "keys"
    metadata = keys_metadata

    def create(self, team: str | None, role: str, rep: str | None = None, known_reps: list[str] | None = None) -> str:
        """A new key; the only time its secret exists in clear. `known_reps`: the team's reps, for rep keys."""
        if role not in ROLES:
            raise UserError(f"unknown role {role!r}: use manager, rep or admin")
        if role == "admin":
            if team or rep:
                raise UserError("an admin key belongs to no team and no rep: drop --team and --rep")
            team = NO_TEAM
        elif not team:
            raise UserError(f"a {role} key needs --team TEAM")
        else:
            check_team(team)
        if role == "manager" and rep:
            raise UserError("--rep is only for rep keys: a manager key sees the whole team")
        if role == "rep":
            if not rep or not rep.strip():
                raise UserError("a rep key needs --rep NAME (one of the team's reps)")
            canonical = {r.lower(): r for r in known_reps or []}.get(rep.strip().lower())
            if canonical is None:
                raise UserError(f"unknown rep {rep!r} in team {team!r}: ingest their notes first")
            rep = canonical
        key_id, secret, salt = secrets.token_hex(6), secrets.token_urlsafe(24), secrets.token_bytes(16)
        row = {
            "id": key_id,
            "team": team,
            "role": role,
            "rep": rep if role == "rep" else None,
            "salt": salt,
            "hash": _digest(salt, secret),
            "created": now(),
        }
        with self.transaction() as con:
            con.execute(keys_table.insert().values(**row))
        return f"{PREFIX}_{key_id}_{secret}"

    def verify(self, key: str) -> Principal | None:
        """The principal of a valid, unrevoked key; None for anything else (no hint why)."""
        parsed = parse_key(key)
        if parsed is None:
            return None
        key_id, secret = parsed
        with self.reading() as con:
            row = con.execute(select(keys_table).where(keys_table.c.id == key_id)).mappings().first()
        if row is None or row["revoked"] is not None:
            return None
        if not hmac.compare_digest(bytes(row["hash"]), _digest(bytes(row["salt"]), secret)):
            return None
        return Principal(key_id=row["id"], team=row["team"], role=row["role"], rep=row["rep"])

    def keys(self, team: str | None = None) -> list[dict[str, Any]]:
        """Every key's public fields: never the secret, its hash or its salt."""
        c = keys_table.c
        stmt = select(c.id, c.team, c.role, c.rep, c.created, c.revoked)
        if team is not None:
            stmt = stmt.where(c.team == team)
        with self.reading() as con:
            return [dict(r) for r in con.execute(stmt.order_by(c.created, c.id)).mappings()]

    def revoke(self, key_id: str) -> bool:
        """Revoke a key at once. False when it was already revoked."""
        with self.transaction() as con:
            found = con.execute(select(keys_table.c.revoked).where(keys_table.c.id == key_id)).first()
            if found is None:
                raise NotFoundError(f"unknown key id {key_id!r}")
            if found[0] is not None:
                return False
            con.execute(update(keys_table).where(keys_table.c.id == key_id).values(revoked=now()))
        return True
