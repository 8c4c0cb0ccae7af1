"""A scripted OpenAI-compatible server on a loopback port: /v1/chat/completions with JSON or streaming replies.

Each test queues what the next requests get (an answer, a status with headers, a delay) and reads back the
requests the server received.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections import deque
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse


class FakeOpenAI:
    def __init__(self) -> None:
        self.script: deque[dict[str, Any]] = deque()
        self.requests: list[dict[str, Any]] = []
        self.app = FastAPI()
        self.app.post("/v1/chat/completions")(self._complete)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="error"))
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def start(self) -> FakeOpenAI:
        self._thread.start()
        deadline = time.time() + 10
        while not self._server.started and time.time() < deadline:
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)

    def reply(self, content: Any, **extra: Any) -> None:
        """Queue an answer: a dict/list is sent as JSON text, a str as is."""
        text = content if isinstance(content, str) else json.dumps(content)
        self.script.append({"content": text, **extra})

    def fail(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.script.append({"status": status, "headers": headers or {}})

    def user_texts(self) -> list[str]:
        return [m["content"] for r in self.requests for m in r["messages"] if m["role"] in ("user", "human")]

    async def _complete(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append(body)
        step = self.script.popleft() if self.script else {"status": 500}
        if step.get("sleep"):
            await asyncio.sleep(step["sleep"])
        if "status" in step:
            return JSONResponse(
                {"error": {"message": "scripted", "type": "server_error"}},
                status_code=step["status"],
                headers=step["headers"],
            )
        content = step["content"]
        usage = {"prompt_tokens": 1000 + len(self.requests), "completion_tokens": 200, "total_tokens": 1200}
        if body.get("stream"):
            return StreamingResponse(_chunks(content, body.get("model", "m")), media_type="text/event-stream")
        return JSONResponse(
            {
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
        )


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
