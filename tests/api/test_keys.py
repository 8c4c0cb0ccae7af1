"""The key store: a key is shown once, only a salted hash is kept, revocation is immediate."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.api.keys import KeyStore, parse_key
from assistant.errors import NotFoundError, UserError


@pytest.fixture
def store(tmp_path: Path) -> KeyStore:
    return KeyStore(tmp_path / "keys.db")


def test_create_verify_revoke(store: KeyStore) -> None:
    key = store.create("summit", "rep", "rhys tanaka", known_reps=["Rhys Tanaka"])
    prefix, key_id, secret = key.split("_", 2)
    assert prefix == "coach" and len(key_id) == 12 and len(secret) >= 30
    who = store.verify(key)
    assert who is not None and (who.team, who.role, who.rep, who.key_id) == ("summit", "rep", "Rhys Tanaka", key_id)
    assert store.verify(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert store.revoke(key_id) is True and store.revoke(key_id) is False
    assert store.verify(key) is None
    with pytest.raises(NotFoundError):
        store.revoke("000000000000")


def test_only_a_salted_hash_is_stored(store: KeyStore) -> None:
    a, b = store.create("summit", "manager"), store.create("summit", "manager")
    raw = store.path.read_bytes()
    for key in (a, b):
        assert key.split("_", 2)[2].encode() not in raw
    rows = sqlite3.connect(store.path).execute("SELECT salt, hash FROM keys").fetchall()
    assert len({r[0] for r in rows}) == 2 and len({r[1] for r in rows}) == 2
    listed = store.keys("summit")
    assert {tuple(sorted(r)) for r in listed} == {("created", "id", "rep", "revoked", "role", "team")}


def test_admin_key_belongs_to_no_team(store: KeyStore) -> None:
    who = store.verify(store.create(None, "admin"))
    assert who is not None and who.is_admin and not who.is_manager and who.team == "" and who.rep is None


@pytest.mark.parametrize(
    ("team", "role", "rep", "message"),
    [
        ("Bad Team", "manager", None, "invalid team id"),
        ("summit", "boss", None, "unknown role"),
        ("summit", "rep", None, "needs --rep"),
        ("summit", "rep", "Nobody", "unknown rep 'Nobody'"),
        ("summit", "manager", "Rhys Tanaka", "only for rep keys"),
        ("summit", "admin", None, "belongs to no team"),
        (None, "admin", "Rhys Tanaka", "belongs to no team"),
        (None, "manager", None, "needs --team"),
    ],
)
def test_create_refuses(store: KeyStore, team: str | None, role: str, rep: str | None, message: str) -> None:
    with pytest.raises(UserError, match=message):
        store.create(team, role, rep, known_reps=["Rhys Tanaka"])


@pytest.mark.parametrize(
    "key", ["", "coach", "coach_abc", "coach_ab-c_" + "x" * 20, "token_abc_" + "x" * 20, "coach_abc_short"]
)
def test_malformed_keys(key: str) -> None:
    assert parse_key(key) is None
