"""/healthz, /v1/me and /metrics in Prometheus text format."""

from __future__ import annotations

import re

import httpx

from tests.api.helpers import REP, TEAM, Keys

SAMPLE = re.compile(r'^[a-z_]+(\{([a-z_]+="[^"]*",?)*\})? [0-9.e+-]+$')


def test_healthz_needs_no_key(http: httpx.Client) -> None:
    r = http.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_me(http: httpx.Client, keys: Keys) -> None:
    me = http.get("/v1/me", headers=keys.header("rep")).json()
    assert me == {"key_id": keys.rep.split("_")[1], "team": TEAM, "role": "rep", "rep": REP}


def test_metrics_prometheus_format(http: httpx.Client, keys: Keys) -> None:
    http.get(f"/v1/teams/{TEAM}/deals/D-201/prep", headers=keys.header("manager"))
    http.get(f"/v1/teams/{TEAM}/deals/D-999/prep", headers=keys.header("manager"))
    http.post(
        "/v1/chat/completions",
        json={"model": "coach", "messages": [{"role": "user", "content": "hi"}]},
        headers=keys.header("manager"),
    )
    assert http.get("/metrics", headers=keys.header("manager")).status_code == 403  # team keys read no metrics
    r = http.get("/metrics", headers=keys.header("admin"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain; version=0.0.4")
    lines = r.text.splitlines()
    samples = [line for line in lines if not line.startswith("#")]
    assert all(SAMPLE.match(line) for line in samples), [s for s in samples if not SAMPLE.match(s)]
    text = r.text
    route = 'route="/v1/teams/{team}/deals/{deal_id}/prep"'
    assert f'coach_http_requests_total{{{route},method="GET",status="200"}}' in text
    assert f'coach_http_requests_total{{{route},method="GET",status="404"}}' in text
    assert f'coach_http_request_duration_seconds_bucket{{{route},le="+Inf"}}' in text
    assert f"coach_http_request_duration_seconds_count{{{route}}}" in text
    assert 'coach_engine_fallbacks_total{engine="openai"} 0' in text  # counted for real: tests/api/test_fallbacks.py
    tokens = dict(re.findall(r'coach_tokens_total\{kind="(\w+)"\} (\d+)', text))
    assert int(tokens["prompt"]) > 0 and int(tokens["completion"]) > 0
    assert "# TYPE coach_http_request_duration_seconds histogram" in text
    assert "D-201" not in text and "D-999" not in text  # route templates only, never ids
