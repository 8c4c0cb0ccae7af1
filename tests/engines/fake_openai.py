"""A scripted OpenAI-compatible server on a loopback port: /v1/chat/completions with JSON or streaming replies.

Each test queues what the next requests get (an answer, a status with headers, a delay) and reads back the
requests the server received. Faults speak the real protocol's failure modes: a 200 with a body that is not
JSON (`raw`), SSE events with garbage in them (`raw` with `text/event-stream`), JSON that is no chat completion
(`body`), a body or an event stream sent one byte at a time (`trickle`), and a request that never gets an
answer (`hang`).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from tests.loopback import LoopbackServer


class FakeOpenAI(LoopbackServer):
    def __init__(self) -> None:
        super().__init__()
        self.script: deque[dict[str, Any]] = deque()
        self.requests: list[dict[str, Any]] = []
        self.app.post("/v1/chat/completions")(self._complete)
        self.url = f"{self.root}/v1"

    def reply(self, content: Any, **extra: Any) -> None:
        """Queue an answer: a dict/list is sent as JSON text, a str as is."""
        text = content if isinstance(content, str) else json.dumps(content)
        self.script.append({"content": text, **extra})

    def fail(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.script.append({"status": status, "headers": headers or {}})

    def raw(self, text: str, media_type: str = "application/json") -> None:
        """A 200 whose body is `text` as is (not JSON, or SSE garbage with media_type text/event-stream)."""
        self.script.append({"raw": text, "media_type": media_type})

    def body(self, data: Any) -> None:
        """A 200 with valid JSON that is not a chat completion (or a broken one: no choices, null content)."""
        self.script.append({"body": data})

    def trickle(self, content: Any, every: float) -> None:
        """A complete answer, sent one byte every `every` seconds (each read succeeds; the whole takes ages)."""
        self.reply(content)
        self.script[-1]["trickle"] = every

    def tool_calls(self, *calls: tuple[str, str]) -> None:
        """Queue a streamed answer that calls tools: (name, arguments as the model wrote them, maybe malformed)."""
        self.script.append({"tool_calls": list(calls)})

    def cut(self, content: str) -> None:
        """Queue a streamed answer whose connection drops after `content` (no finish_reason, no [DONE])."""
        self.script.append({"content": content, "cut": True})

    def hang(self, seconds: float = 3600) -> None:
        """Accept the request and send nothing for `seconds`."""
        self.script.append({"status": 500, "headers": {}, "sleep": seconds})

    def user_texts(self) -> list[str]:
        return [m["content"] for r in self.requests for m in r["messages"] if m["role"] in ("user", "human")]

    async def _complete(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append(body)
        step = self.script.popleft() if self.script else {"status": 500}
        if step.get("sleep"):
            await _sleep_unless_gone(request, step["sleep"])
        if "raw" in step:
            return Response(step["raw"], media_type=step["media_type"])
        if "body" in step:
            return JSONResponse(step["body"])
        if "status" in step:
            return JSONResponse(
                {"error": {"message": "scripted", "type": "server_error"}},
                status_code=step["status"],
                headers=step.get("headers", {}),
            )
        if "tool_calls" in step:
            calls = _tool_chunks(step["tool_calls"], body.get("model", "m"))
            return StreamingResponse(calls, media_type="text/event-stream")
        content = step["content"]
        if step.get("cut"):
            return StreamingResponse(_cut(content, body.get("model", "m")), media_type="text/event-stream")
        usage = {"prompt_tokens": 1000 + len(self.requests), "completion_tokens": 200, "total_tokens": 1200}
        if body.get("stream"):
            events = _chunks(content, body.get("model", "m"))
            if step.get("trickle"):
                events = _trickle_events(events, step["trickle"])
            return StreamingResponse(events, media_type="text/event-stream")
        completion = {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "m"),
            "usage": usage,
            "choices": [
                {
                    "index": 0,
                    "finish_reason": step.get("finish_reason", "stop"),
                    "message": {"role": "assistant", "content": content},
                }
            ],
        }
        if step.get("trickle"):
            return StreamingResponse(_trickle(json.dumps(completion), step["trickle"]), media_type="application/json")
        return JSONResponse(completion)


async def _chunks(content: str, model: str) -> Any:
    for i in range(0, len(content), 40):
        chunk = {
            "id": "chatcmpl-s",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": model,
            "choices": [{"index": 0, "delta": {"content": content[i : i + 40]}, "finish_reason": None}],
        }
        yield f"data: {json.dumps(chunk)}\n\n"
    done = {
        "id": "chatcmpl-s",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
    }
    yield f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n"


def _chunk(model: str, delta: dict[str, Any], finish: str | None = None) -> str:
    choice = {"index": 0, "delta": delta, "finish_reason": finish}
    data = {"id": "chatcmpl-t", "object": "chat.completion.chunk", "created": 0, "model": model, "choices": [choice]}
    return f"data: {json.dumps(data)}\n\n"


async def _tool_chunks(calls: list[tuple[str, str]], model: str) -> Any:
    """Tool calls streamed as OpenAI does: the id and name first, the arguments in pieces."""
    for i, (name, arguments) in enumerate(calls):
        head = {"index": i, "id": f"call_{i}", "type": "function", "function": {"name": name, "arguments": ""}}
        yield _chunk(model, {"role": "assistant", "tool_calls": [head]})
        for start in range(0, len(arguments), 7):
            piece = {"index": i, "function": {"arguments": arguments[start : start + 7]}}
            yield _chunk(model, {"tool_calls": [piece]})
    yield _chunk(model, {}, "tool_calls") + "data: [DONE]\n\n"


async def _cut(content: str, model: str) -> Any:
    for i in range(0, len(content), 9):
        yield _chunk(model, {"content": content[i : i + 9]})
    raise ConnectionResetError("scripted: the stream is cut off mid-answer")


async def _sleep_unless_gone(request: Request, seconds: float) -> None:
    """Sleep, but stop as soon as the client hangs up (a hung request must not keep the server from stopping)."""
    until = time.monotonic() + seconds
    while time.monotonic() < until and not await request.is_disconnected():
        await asyncio.sleep(min(0.1, max(0.0, until - time.monotonic())))


async def _trickle_events(events: Any, every: float) -> Any:
    """SSE events sent one byte every `every` seconds: every read succeeds, no event is complete for ages."""
    async for event in events:
        async for byte in _trickle(event, every):
            yield byte


async def _trickle(text: str, every: float) -> Any:
    for byte in text.encode():
        yield bytes([byte])
        await asyncio.sleep(every)
