"""The chat with an LLM engine (`openai:MODEL`): the model calls the tools (`tools.py`) and writes the answer;
its tokens stream as it writes them, and the guard runs sentence by sentence, holding each sentence back until
it is complete and passes (a telling sentence is dropped, a question that is not one open question is rewritten
or dropped). A stream cut off mid-sentence loses only that unfinished sentence. If the model fails or nothing it
wrote passes, the default chat answers instead, as every LLM engine falls back.
"""

from __future__ import annotations

import contextlib
import json
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..context import Context
from ..guard import check_question, label, telling_sentences
from ..guard.sentences import sentence_spans
from ..llm.client import Deadline
from ..llm.prompts import load
from .tools import TOOL_SPECS, Caller, run_tool

MAX_ROUNDS = 4


@dataclass
class LLMRun:
    """What one LLM chat turn did, for the answer's `coach` extension and the audit log."""

    tools: list[dict[str, Any]] = field(default_factory=list)  # name, arguments, error (if refused/malformed)
    passed: int = 0
    dropped: list[str] = field(default_factory=list)
    fallback: str | None = None


def _passes(sentence: str) -> str | None:
    """The sentence as it may be sent, or None."""
    if telling_sentences(sentence):
        return None
    if sentence.rstrip().endswith("?") and check_question(sentence.strip()):
        rewrite = label(sentence.strip()).suggestion
        return rewrite if rewrite and not check_question(rewrite) else None
    return sentence


class SentenceGate:
    """Tokens in, guarded sentences out: a sentence leaves only once the next one has started (or the stream
    ended properly), so the guard always reads whole sentences."""

    def __init__(self, run: LLMRun) -> None:
        self.buffer = ""
        self.run = run

    def feed(self, text: str) -> Iterator[str]:
        self.buffer += text
        spans = sentence_spans(self.buffer)
        if len(spans) < 2:
            return
        cut = spans[-1][0]
        done, self.buffer = self.buffer[:cut], self.buffer[cut:]
        yield from self._emit(done)

    def finish(self) -> Iterator[str]:
        done, self.buffer = self.buffer, ""
        yield from self._emit(done)

    def _emit(self, text: str) -> Iterator[str]:
        for start, end in sentence_spans(text):
            sentence = text[start:end]
            kept = _passes(sentence)
            if kept is None:
                self.run.dropped.append(sentence)
                continue
            self.run.passed += 1
            yield kept + ("\n" if "\n" in text[end : end + 2] or end == len(text.rstrip()) else " ")


class PastDeadline(Exception):
    """The answer's one deadline passed while the model was still sending."""


_END = object()


def _chunks(client: Any, deadline: Deadline, **request: Any) -> Iterator[Any]:
    """One streamed completion's chunks, read on a worker thread so that the answer's deadline holds however the
    server sends: the SDK's timeout is per read, so a server trickling a byte every second, or one that goes quiet
    after its first chunk, would otherwise hold the turn for as long as it likes."""
    inbox: queue.Queue[Any] = queue.Queue()
    opened: list[Any] = []

    def read() -> None:
        try:
            stream = client.chat.completions.create(**request, stream=True)
            opened.append(stream)
            for chunk in stream:
                inbox.put(chunk)
            inbox.put(_END)
        except Exception as exc:  # handed to the reader, which raises it in the turn's own thread
            inbox.put(exc)

    threading.Thread(target=read, name="llm-chat-stream", daemon=True).start()
    while True:
        try:
            item = inbox.get(timeout=max(deadline.remaining(), 0.0))
        except queue.Empty:
            for stream in opened:  # best effort: the worker also ends at the SDK's own read timeout
                with contextlib.suppress(Exception):
                    stream.close()
            raise PastDeadline from None
        if item is _END:
            return
        if isinstance(item, Exception):
            raise item
        yield item


def llm_stream(
    ctx: Context, caller: Caller, model: str, messages: list[dict[str, str]], run: LLMRun,
    fallback: Callable[[], Iterator[str]],
) -> Iterator[str]:  # fmt: skip
    """The answer's pieces as they pass the guard; the default chat's if the model gives nothing usable."""
    import httpx
    from openai import OpenAI, OpenAIError

    settings = ctx.settings
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    client = OpenAI(base_url=settings.openai_base_url, api_key=key, timeout=settings.llm_timeout, max_retries=0)
    deadline = Deadline(settings.llm_timeout)  # one clock for the turn: every round of tool calls and the answer
    convo: list[Any] = [{"role": "system", "content": load("chat", "system")}, *messages]
    gate = SentenceGate(run)
    try:
        for _ in range(MAX_ROUNDS):
            calls: dict[int, dict[str, str]] = {}
            finished = None
            for chunk in _chunks(client, deadline, model=model, messages=convo, tools=TOOL_SPECS):
                if not chunk.choices:
                    continue
                choice = chunk.choices[0]
                delta = choice.delta
                for call in delta.tool_calls or []:
                    slot = calls.setdefault(call.index, {"id": "", "name": "", "arguments": ""})
                    slot["id"] = call.id or slot["id"]
                    if call.function is not None:
                        slot["name"] += call.function.name or ""
                        slot["arguments"] += call.function.arguments or ""
                if delta.content:
                    yield from gate.feed(delta.content)
                finished = choice.finish_reason or finished
            if not calls:
                if finished is not None:  # a stream cut off mid-sentence holds its last sentence back
                    yield from gate.finish()
                else:
                    run.fallback = "the model's stream ended before it finished"
                break
            convo.append({"role": "assistant", "content": None, "tool_calls": [
                {"id": c["id"], "type": "function", "function": {"name": c["name"], "arguments": c["arguments"]}}
                for c in calls.values()]})  # fmt: skip
            for c in calls.values():
                result = run_tool(ctx, caller, c["name"], c["arguments"])
                run.tools.append({"name": c["name"], "arguments": c["arguments"], "error": result.get("error")})
                convo.append({"role": "tool", "tool_call_id": c["id"], "content": json.dumps(result, default=str)})
    except (OpenAIError, httpx.HTTPError) as exc:  # a stream cut off mid-sentence holds that sentence back
        run.fallback = f"model error: {type(exc).__name__}"
    except PastDeadline:  # what passed so far stays; the unfinished sentence is held back
        run.fallback = f"the model was still answering after {settings.llm_timeout:g} s"
    if run.passed == 0:
        run.fallback = run.fallback or "nothing the model wrote passed the guard"
        yield from fallback()
