"""POST /v1/teams/{team}/notes: JSON arrays and uploaded files, the CLI's messages, all or nothing, 413.

Writes go to team `acme` (the other-team manager key), so the sample team the other tests read is untouched.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from tests.api.helpers import OTHER_TEAM, Keys

URL = f"/v1/teams/{OTHER_TEAM}/notes"
CSV_OK = (
    "note_id,deal_id,account,rep,stage,date,text\n"
    "A-1,X-100,Acme Corp,Lee Park,discovery,2026-05-01,Intro call with Sam Diaz (Controller). Budget unclear.\n"
    "A-2,X-100,Acme Corp,Lee Park,discovery,2026-05-08,Sam says the CFO signs anything over 50k; not met yet.\n"
)


def _stats(http: httpx.Client, keys: Keys) -> int:
    deals = http.get(f"/v1/teams/{OTHER_TEAM}/deals", headers=keys.header("other_team")).json()
    return sum(d["notes"] for d in deals)


def test_upload_csv_then_json_then_idempotent(http: httpx.Client, keys: Keys) -> None:
    auth = keys.header("other_team")
    first = http.post(URL, files={"file": ("acme.csv", CSV_OK.encode(), "text/csv")}, headers=auth)
    assert first.status_code == 200, first.text
    assert first.json()["added"] == 2 and first.json()["team"] == OTHER_TEAM
    again = http.post(URL, files={"file": ("acme.csv", CSV_OK.encode(), "text/csv")}, headers=auth)
    assert again.json()["unchanged"] == 2 and again.json()["added"] == 0
    notes = [{"deal_id": "X-101", "account": "Acme Labs", "rep": "Lee Park", "date": "2026-05-09", "text": "Demo."}]
    body = http.post(URL, json=notes, headers=auth)
    assert body.status_code == 200 and body.json()["added"] == 1
    deals = {d["deal_id"]: d for d in http.get(f"/v1/teams/{OTHER_TEAM}/deals", headers=auth).json()}
    assert deals["X-100"]["notes"] == 2 and deals["X-100"]["last_date"] == "2026-05-08"
    listed = http.get(f"/v1/teams/{OTHER_TEAM}/deals/X-100/notes", headers=auth).json()
    assert [n["note_id"] for n in listed] == ["A-1", "A-2"]


def test_jsonl_upload(http: httpx.Client, keys: Keys) -> None:
    lines = "\n".join(json.dumps({"deal_id": "X-102", "text": f"Note {i}", "rep": "Lee Park"}) for i in range(3))
    r = http.post(
        URL, files={"file": ("more.jsonl", lines.encode(), "application/x-ndjson")}, headers=keys.header("other_team")
    )
    assert r.status_code == 200 and r.json()["added"] == 3


def test_bad_row_is_422_with_file_row_field_and_stores_nothing(http: httpx.Client, keys: Keys) -> None:
    auth = keys.header("other_team")
    before = _stats(http, keys)
    bad = "deal_id,text,date\nX-200,ok,2026-01-01\nX-200,x,05/12/2026\n"
    r = http.post(URL, files={"file": ("bad.csv", bad.encode(), "text/csv")}, headers=auth)
    assert r.status_code == 422
    message = r.json()["error"]["message"]
    assert message.startswith("bad.csv: row 2 (line 3): column 'date', value '05/12/2026': ambiguous date")
    assert "nothing was stored" in message
    assert "/tmp" not in message and "coach-upload" not in message
    r = http.post(URL, json=[{"deal_id": "X-201", "text": "fine"}, {"deal_id": "X-201", "txt": "typo"}], headers=auth)
    assert r.status_code == 422 and "request body: item 2: column 'txt': unknown column" in r.json()["error"]["message"]
    assert _stats(http, keys) == before


def test_other_bad_inputs(http: httpx.Client, keys: Keys) -> None:
    auth = keys.header("other_team")
    cases = [
        (dict(content=b"{not json", headers={**auth, "Content-Type": "application/json"}), 422, "request body"),
        (dict(json={"deal_id": "X", "text": "y"}), 422, "expected a JSON array"),
        (dict(json=[]), 422, "empty JSON array"),
        (dict(content=b"\xff\xfe[]", headers={**auth, "Content-Type": "application/json"}), 422, "not UTF-8"),
        (dict(files={"file": ("notes.xls", b"x", "application/octet-stream")}), 422, "unsupported file type"),
        (dict(files={"file": ("notes.xlsx", b"x", "application/octet-stream")}), 422, "not a readable .xlsx"),
        (dict(files={"file": ("empty.csv", b"", "text/csv")}), 422, "empty.csv: empty file"),
        (dict(data={"file": "not a file"}, files={"other": ("a.csv", b"x", "text/csv")}), 422, "field 'file'"),
        (dict(content=b"deal_id,text", headers={**auth, "Content-Type": "text/csv"}), 415, "multipart"),
    ]
    for kwargs, status, fragment in cases:
        kwargs.setdefault("headers", auth)
        r = http.post(URL, **kwargs)  # type: ignore[arg-type]
        assert r.status_code == status, (kwargs, r.text)
        assert fragment in r.json()["error"]["message"], r.text


def test_body_over_the_limit_is_413(http: httpx.Client, keys: Keys) -> None:
    auth = keys.header("other_team")
    big = b"x" * (5 * 1024 * 1024 + 1)
    r = http.post(URL, content=big, headers={**auth, "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["type"] == "payload_too_large"

    def chunks() -> object:  # no Content-Length: the limit is enforced while reading
        for _ in range(6):
            yield b"y" * (1024 * 1024)

    r = http.post(URL, content=chunks(), headers={**auth, "Content-Type": "application/json"})  # type: ignore[arg-type]
    assert r.status_code == 413
    chat = http.post("/v1/chat/completions", content=big, headers={**auth, "Content-Type": "application/json"})
    assert chat.status_code == 413 and set(chat.json()["error"]) == {"message", "type", "param", "code"}


FIXTURES = Path(__file__).parents[2] / "ingest" / "fixtures"


def test_crm_export_with_preset_map_and_ignore_fields(http: httpx.Client, keys: Keys) -> None:
    auth = keys.header("other_team")
    before = _stats(http, keys)
    export = (FIXTURES / "hubspot_notes.csv").read_bytes()
    upload = {"file": ("hubspot_notes.csv", export, "text/csv")}
    r = http.post(URL, files=upload, headers=auth)
    assert r.status_code == 422
    assert "hubspot_notes.csv: line 1 (header): column 'Record ID': unknown column" in r.text
    fields = {"map": ["Record ID=note_id", "Associated Deal IDs=deal_id", "Note body=text"], "save_map": "true",
              "ignore": "Activity date,Activity assigned to"}  # fmt: skip
    r = http.post(URL, files=upload, data=fields, headers=auth)
    assert r.status_code == 200, r.text
    assert r.json()["added"] == 2 and _stats(http, keys) == before + 2
    again = http.post(URL, files=upload, headers=auth)  # the saved mapping
    assert again.status_code == 200 and again.json()["unchanged"] == 2
    r = http.post(URL, files=upload, data={"colour": "red"}, headers=auth)
    assert r.status_code == 422 and "field 'colour': unknown form field" in r.text


def test_transcript_upload_needs_its_deal(http: httpx.Client, keys: Keys) -> None:
    auth = keys.header("other_team")
    upload = {"file": ("call.vtt", (FIXTURES / "call.vtt").read_bytes(), "text/vtt")}
    r = http.post(URL, files=upload, headers=auth)
    assert r.status_code == 422 and "call.vtt: a call transcript needs the deal it belongs to" in r.text
    r = http.post(URL, files=upload, params={"deal": "X-300", "rep_speaker": "Dana Whitfield"}, headers=auth)
    assert r.status_code == 200, r.text
    listed = http.get(f"/v1/teams/{OTHER_TEAM}/deals/X-300/notes", headers=auth).json()
    assert listed[0]["text"].startswith("[00:00:01] Dana Whitfield (rep): Thanks for making time")
