"""Every error is one JSON object: package errors mapped to statuses, no stack trace on a 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.errors import BackendError, NotFoundError, UserError
from tests.api.helpers import Keys, settings_for


@pytest.fixture(scope="module")
def app(api_home: Path, keys: Keys) -> FastAPI:
    app = create_app(settings_for(api_home), warm=False)

    @app.get("/boom/{kind}")
    def boom(kind: str) -> None:
        raise {
            "user": UserError("bad input here"),
            "missing": NotFoundError("no such thing"),
            "backend": BackendError("the vector store is down"),
            "bug": RuntimeError("secret internals"),
        }[kind]

    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize(
    ("kind", "status", "type_"),
    [
        ("user", 400, "bad_request"),
        ("missing", 404, "not_found"),
        ("backend", 503, "backend_unavailable"),
        ("bug", 500, "internal_error"),
    ],
)
def test_package_errors_map_to_statuses(client: TestClient, kind: str, status: int, type_: str) -> None:
    r = client.get(f"/boom/{kind}")
    assert r.status_code == status
    assert r.json()["error"]["type"] == type_ and set(r.json()["error"]) == {"type", "message"}
    assert "Traceback" not in r.text and "secret internals" not in r.text


def test_unknown_route_and_method(client: TestClient, keys: Keys) -> None:
    assert client.get("/nope").json() == {"error": {"type": "not_found", "message": "Not Found"}}
    r = client.delete("/v1/check", headers={"Authorization": f"Bearer {keys.manager}"})
    assert r.status_code == 405 and r.json()["error"]["type"] == "method_not_allowed"


def test_validation_error_is_422_with_the_field(client: TestClient, keys: Keys) -> None:
    r = client.post("/v1/check", json={"txt": "x"}, headers={"Authorization": f"Bearer {keys.manager}"})
    assert r.status_code == 422
    assert r.json()["error"]["type"] == "invalid_request" and "text: Field required" in r.json()["error"]["message"]
    broken = client.post(
        "/v1/check",
        content=b"{",
        headers={"Authorization": f"Bearer {keys.manager}", "Content-Type": "application/json"},
    )
    assert broken.status_code == 422 and "JSON" in broken.json()["error"]["message"]


def test_openai_route_errors_have_openai_shape(client: TestClient) -> None:
    r = client.post("/v1/chat/completions", json={"model": "coach", "messages": []})
    assert r.status_code == 401
    assert r.json()["error"]["type"] == "authentication_error" and r.json()["error"]["code"] == "invalid_api_key"
    assert set(r.json()["error"]) == {"message", "type", "param", "code"}


def test_configured_request_limit(api_home: Path, keys: Keys) -> None:
    class Limited(type(settings_for(api_home))):  # type: ignore[misc]
        max_request_bytes: int = 1000  # the field the service reads once Settings has it

    fields = settings_for(api_home).model_dump(exclude={"max_request_bytes"})
    app = create_app(Limited(_env_file=None, **fields), warm=False)
    with TestClient(app) as client:
        r = client.post("/v1/check", json={"text": "x" * 2000}, headers={"Authorization": f"Bearer {keys.manager}"})
        assert r.status_code == 413
        assert (
            client.post(
                "/v1/check", json={"text": "Why?"}, headers={"Authorization": f"Bearer {keys.manager}"}
            ).status_code
            == 200
        )


@pytest.mark.parametrize("path", ["/v1/chat/completions", "/v1/self"])
def test_a_body_nested_too_deeply_says_so(client: TestClient, keys: Keys, path: str) -> None:
    body = '{"model": "coach", "messages": ' + "[" * 50_000 + "]" * 50_000 + "}"
    headers = {**keys.header("manager"), "Content-Type": "application/json"}
    r = client.post(path, content=body, headers=headers)
    assert r.status_code in (400, 422)
    message = r.json()["error"]["message"]
    assert "nested too deeply" in message and "Recursion" not in message
