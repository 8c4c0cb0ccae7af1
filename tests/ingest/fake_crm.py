"""A Salesforce and HubSpot REST server on a loopback port, answering in the vendors' documented shapes.

Salesforce: GET /services/data/vXX.X/query?q=SOQL (and /query/LOCATOR for the next page) with `totalSize`,
`done`, `records` (each with `attributes`) and `nextRecordsUrl`; the `SystemModstamp > STAMP` condition of the
query is applied, so a test sees what an incremental query really returns. Errors as Salesforce sends them:
a JSON list of `{"message", "errorCode"}`.
HubSpot: POST /crm/v3/objects/{deals,notes}/search (`filterGroups` on hs_lastmodifieddate GT epoch millis,
`sorts`, `limit`, `after`) answering `total`, `results` and `paging.next.after`; POST
/crm/v4/associations/{notes,deals}/{deals,companies}/batch/read; POST /crm/v3/objects/companies/batch/read;
GET /crm/v3/owners/. Errors as `{"status": "error", "message",
"category"}`.

Tests put records in `sf` / `hs`, queue faults (a status with headers, a body that is no query result, text
that is no JSON) that the next requests get, and read back the requests received.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from tests.loopback import LoopbackServer

TOKEN = "00Dxx0000001gPL!fake-token"
SF_VERSION = "59.0"



def _stamp(value: str) -> dt.datetime:
    text = value.replace("Z", "+00:00")
    if text[-5] in "+-" and text[-3] != ":":
        text = f"{text[:-2]}:{text[-2:]}"
    return dt.datetime.fromisoformat(text)


class FakeCRM(LoopbackServer):
    def __init__(self, page_size: int = 2) -> None:
        super().__init__()
        self.page_size = page_size
        self.sf: dict[str, list[dict[str, Any]]] = {"Opportunity": [], "Note": []}
        self.hs: dict[str, list[dict[str, Any]]] = {"deals": [], "notes": [], "owners": [], "companies": []}
        self.faults: deque[dict[str, Any]] = deque()
        self.requests: list[dict[str, Any]] = []
        self._cursors: dict[str, list[dict[str, Any]]] = {}
        self.app.get("/services/data/v{version}/query")(self._sf_query)
        self.app.get("/services/data/v{version}/query/{locator}")(self._sf_more)
        self.app.post("/crm/v3/objects/{object_type}/search")(self._hs_search)
        self.app.post("/crm/v4/associations/{from_type}/{to_type}/batch/read")(self._hs_associations)
        self.app.post("/crm/v3/objects/companies/batch/read")(self._hs_companies)
        self.app.get("/crm/v3/owners/")(self._hs_owners)
        self.url = self.root

    # faults the next requests get, in order
    def fail(self, status: int, body: Any = None, headers: dict[str, str] | None = None, after: int = 0) -> None:
        """The next request (or the one `after` good requests from now) gets this status."""
        self.faults.append({"status": status, "body": body, "headers": headers or {}, "after": after})

    def raw(self, text: str, after: int = 0) -> None:
        self.faults.append({"raw": text, "after": after})

    def body(self, data: Any, after: int = 0) -> None:
        self.faults.append({"status": 200, "body": data, "headers": {}, "after": after})

    def soql(self) -> list[str]:
        return [r["params"]["q"] for r in self.requests if "q" in r["params"]]

    def searches(self, object_type: str) -> list[dict[str, Any]]:
        return [r["json"] for r in self.requests if r["path"] == f"/crm/v3/objects/{object_type}/search"]

    async def _record(self, request: Request) -> Response | None:
        body = await request.body()
        self.requests.append(
            {
                "method": request.method,
                "path": request.url.path,
                "params": dict(request.query_params),
                "json": await request.json() if body else None,
                "auth": request.headers.get("authorization"),
            }
        )
        if self.faults and self.faults[0]["after"] > 0:
            self.faults[0]["after"] -= 1
        elif self.faults:
            fault = self.faults.popleft()
            if "raw" in fault:
                return Response(fault["raw"], media_type="application/json")
            return JSONResponse(fault["body"], status_code=fault["status"], headers=fault["headers"])
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            if request.url.path.startswith("/services/"):
                return JSONResponse([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}], 401)
            return JSONResponse(
                {
                    "status": "error",
                    "message": "Authentication credentials not found.",
                    "correlationId": "4f0f2b6c-0000-4000-8000-000000000000",
                    "category": "INVALID_AUTHENTICATION",
                },
                401,
            )
        return None

    # Salesforce
    def _sf_page(self, version: str, rows: list[dict[str, Any]], total: int) -> dict[str, Any]:
        page, rest = rows[: self.page_size], rows[self.page_size :]
        answer: dict[str, Any] = {"totalSize": total, "done": not rest, "records": page}
        if rest:
            locator = f"01gD0000002HU6KIAW-{total - len(rest)}"
            self._cursors[locator] = rest
            answer["nextRecordsUrl"] = f"/services/data/v{version}/query/{locator}"
        return answer

    async def _sf_query(self, version: str, request: Request) -> Response:
        fault = await self._record(request)
        if fault is not None:
            return fault
        query = request.query_params["q"]
        sobject = re.search(r"\bFROM\s+(\w+)", query)
        if sobject is None or sobject.group(1) not in self.sf:
            return JSONResponse([{"message": "sObject type is not supported.", "errorCode": "INVALID_TYPE"}], 400)
        rows = self.sf[sobject.group(1)]
        since = re.search(r"SystemModstamp\s*>\s*(\S+)", query)
        if since:
            rows = [r for r in rows if _stamp(r["SystemModstamp"]) > _stamp(since.group(1))]
        rows = sorted(rows, key=lambda r: _stamp(r["SystemModstamp"]))
        typed = [{"attributes": {"type": sobject.group(1), "url": f"/x/{r['Id']}"}, **r} for r in rows]
        return JSONResponse(self._sf_page(version, typed, len(typed)))

    async def _sf_more(self, version: str, locator: str, request: Request) -> Response:
        fault = await self._record(request)
        if fault is not None:
            return fault
        rest = self._cursors.pop(locator, None)
        if rest is None:
            return JSONResponse([{"message": "invalid query locator", "errorCode": "INVALID_QUERY_LOCATOR"}], 400)
        total = int(locator.rsplit("-", 1)[1]) + len(rest)
        return JSONResponse(self._sf_page(version, rest, total))

    # HubSpot
    async def _hs_search(self, object_type: str, request: Request) -> Response:
        fault = await self._record(request)
        if fault is not None:
            return fault
        body = await request.json()
        rows = self.hs[object_type]
        for group in body.get("filterGroups", []):
            for f in group["filters"]:
                assert (f["propertyName"], f["operator"]) == ("hs_lastmodifieddate", "GT"), f
                since = dt.datetime.fromtimestamp(int(f["value"]) / 1000, dt.UTC)
                rows = [r for r in rows if _stamp(r["properties"]["hs_lastmodifieddate"]) > since]
        rows = sorted(rows, key=lambda r: _stamp(r["properties"]["hs_lastmodifieddate"]))
        start = int(body.get("after") or 0)
        limit = min(int(body.get("limit", 10)), self.page_size)
        page = rows[start : start + limit]
        wanted = body.get("properties", [])
        results = [
            {
                "id": r["id"],
                "properties": {k: v for k, v in r["properties"].items() if k in wanted or k == "hs_object_id"},
                "createdAt": r["properties"].get("createdate") or r["properties"]["hs_lastmodifieddate"],
                "updatedAt": r["properties"]["hs_lastmodifieddate"],
                "archived": False,
            }
            for r in page
        ]
        answer: dict[str, Any] = {"total": len(rows), "results": results}
        if start + limit < len(rows):
            after = str(start + limit)
            answer["paging"] = {"next": {"after": after, "link": f"?after={after}"}}
        return JSONResponse(answer)

    async def _hs_associations(self, from_type: str, to_type: str, request: Request) -> Response:
        """A record's associations are listed in the test data under the target type (note["deals"])."""
        fault = await self._record(request)
        if fault is not None:
            return fault
        sources = {n["id"]: n for n in self.hs[from_type]}
        results = []
        for item in (await request.json())["inputs"]:
            deals = sources.get(item["id"], {}).get(to_type, [])
            if deals:
                to = [
                    {"toObjectId": int(d), "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 214}]}
                    for d in deals
                ]
                results.append({"from": {"id": item["id"]}, "to": to})
        now = "2026-12-01T10:00:00.000Z"
        return JSONResponse({"status": "COMPLETE", "results": results, "startedAt": now, "completedAt": now})

    async def _hs_companies(self, request: Request) -> Response:
        fault = await self._record(request)
        if fault is not None:
            return fault
        body = await request.json()
        wanted = {i["id"] for i in body["inputs"]}
        results = [
            {"id": c["id"], "properties": {k: v for k, v in c["properties"].items() if k in body["properties"]},
             "createdAt": "2025-01-01T00:00:00Z", "updatedAt": "2025-01-01T00:00:00Z", "archived": False}
            for c in self.hs["companies"] if c["id"] in wanted
        ]  # fmt: skip
        now = "2026-12-01T10:00:00.000Z"
        return JSONResponse({"status": "COMPLETE", "results": results, "startedAt": now, "completedAt": now})

    async def _hs_owners(self, request: Request) -> Response:
        fault = await self._record(request)
        if fault is not None:
            return fault
        return JSONResponse({"results": self.hs["owners"]})
