"""OpenAI-compatible chat completions, so any OpenAI client (the SDK, LangChain, a chat UI) can talk to the coach.

A manager key gets the deal-review coach; a rep key gets self-coaching as that rep (`conversation.turns`). The
whole history of user messages is used, in order, and system messages as context. With `stream: true` the
answer is sent as server-sent events in OpenAI's `chat.completion.chunk` format, one sentence per event as it
passes the guard, ending with `data: [DONE]`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from ...conversation.lines import ChatAnswer, guarded
from ...conversation.llm_chat import LLMRun, llm_stream
from ...conversation.tools import Caller
from ...conversation.turns import answer, understand
from ...engines import Engine, engine_ids, get_engine
from ...engines.base import fallback_engine
from ...errors import UserError
from ...store.audit import new_answer_id
from ...tokens import count_tokens
from ..access import deal_notes
from ..deps import PrincipalDep, ServicesDep
from ..errors import ApiError
from ..keys import Principal
from ..schemas.openai import (
    AssistantMessage,
    ChatCompletion,
    ChatCompletionRequest,
    Choice,
    CoachExtension,
    ModelCard,
    ModelList,
    Usage,
)
from ..services import Services
from .common import ANSWER_HEADER, OPENAI_ERRORS

router = APIRouter(prefix="/v1", tags=["openai"], responses=OPENAI_ERRORS)
COACH_MODEL = "coach"


def resolve_model(model: str, configured: str) -> str:
    """`coach` is the configured engine; anything else must be an engine id (OpenAI's 404 otherwise)."""
    engine_id = configured if model == COACH_MODEL else model
    try:
        get_engine(engine_id)
    except UserError:
        raise ApiError(
            404,
            f"The model `{model}` does not exist (use `coach` or an engine id)",
            code="model_not_found",
            param="model",
        ) from None
    return engine_id


def user_texts(body: ChatCompletionRequest) -> list[str]:
    texts = [m.text().strip() for m in body.messages if m.role == "user"]
    texts = [t for t in texts if t]
    if not texts:
        raise ApiError(400, "messages: at least one user message with text content is needed", param="messages")
    return texts


def system_texts(body: ChatCompletionRequest) -> list[str]:
    """System (and developer) messages: context for the whole conversation, e.g. the deal or the user."""
    return [t for m in body.messages if m.role in ("system", "developer") if (t := m.text().strip())]


def _understand(services: Services, who: Principal, body: ChatCompletionRequest, engine: Engine) -> ChatAnswer:
    """Understand the history and answer (in a worker thread: both block). A rep naming another rep's deal gets
    the 403 every other endpoint gives."""
    ctx = services.ctx
    speaker = "manager" if who.is_manager else "rep"
    convo = understand(ctx, who.team, speaker, who.rep, system_texts(body), user_texts(body))
    if not who.is_manager:
        for deal_id in dict.fromkeys(d for t in convo.turns for d in (*t.named_deals, t.focus.deal) if d):
            deal_notes(ctx, who, deal_id)
    return answer(ctx, convo, engine)


def _record(
    services: Services, who: Principal, body: ChatCompletionRequest, answer: ChatAnswer, text: str, answer_id: str
) -> None:
    engine_id = resolve_model(body.model, services.settings.engine)
    texts = user_texts(body)
    if who.is_manager:
        request = {"model": body.model, "messages": texts, "message": texts[-1], "deal_id": answer.deal_id}
    else:
        request = {"model": body.model, "messages": texts, "rep": who.rep}
    services.count_fallback(engine_id, answer.payload.get("engine"))
    response = {
        "text": text, "kind": answer.kind, "intent": answer.intent, "deal_id": answer.deal_id, "payload": answer.payload
    }  # fmt: skip
    services.record(who, "chat_manager" if who.is_manager else "chat_rep", request, response, answer_id)


def _usage(services: Services, body: ChatCompletionRequest, text: str) -> Usage:
    prompt = sum(count_tokens(m.text()) for m in body.messages)
    completion = count_tokens(text)
    services.metrics.tokens.inc("prompt", amount=prompt)
    services.metrics.tokens.inc("completion", amount=completion)
    return Usage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion)


def _extension(answer_id: str, answer: ChatAnswer) -> CoachExtension:
    return CoachExtension(
        answer_id=answer_id, kind=answer.kind, deal_id=answer.deal_id, rep=answer.rep, payload=answer.payload
    )


def _pieces(
    services: Services, who: Principal, body: ChatCompletionRequest, engine_id: str, answer: ChatAnswer
) -> tuple[Iterator[str], Callable[[], ChatAnswer]]:
    """The answer's guarded pieces and what the answer was once they are all out. With an LLM engine the model
    writes (calling the tools), the default answer standing by as its fallback."""
    if not engine_id.startswith("openai:"):
        return guarded(answer.lines), lambda: answer
    run = LLMRun()
    caller = Caller(who.team, None if who.is_manager else who.rep)
    history = [{"role": "user" if m.role == "user" else "assistant" if m.role == "assistant" else "system",
                "content": m.text()} for m in body.messages if m.text().strip()]  # fmt: skip
    stream = llm_stream(services.ctx, caller, engine_id.partition(":")[2], history, run, lambda: guarded(answer.lines))

    def finished() -> ChatAnswer:
        if run.fallback and run.passed == 0:
            payload = {**answer.payload, "engine": fallback_engine(run.fallback), "tools": run.tools}
            return replace(answer, payload=payload)
        payload = {"engine": engine_id, "tools": run.tools, "dropped": len(run.dropped), "cut_off": run.fallback}
        return ChatAnswer("llm", [], deal_id=answer.deal_id, rep=answer.rep, payload=payload, intent=answer.intent)

    return stream, finished


def _sse(
    services: Services,
    who: Principal,
    body: ChatCompletionRequest,
    pieces: Iterator[str],
    finished: Callable[[], ChatAnswer],
    answer_id: str,
) -> Iterator[str]:
    """One event per sentence, each sentence checked by the guard before it is sent; the answer is recorded once
    the last sentence has gone, under the id every chunk already carried."""
    created = int(time.time())

    def event(data: dict[str, Any]) -> str:
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        choice = {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}
        return event({"id": answer_id, "object": "chat.completion.chunk", "created": created, "model": body.model,
                      "choices": [choice], **extra})  # fmt: skip

    yield chunk({"role": "assistant", "content": ""})
    sent: list[str] = []
    for piece in pieces:
        sent.append(piece)
        yield chunk({"content": piece})
    text, answer = "".join(sent).rstrip(), finished()
    _record(services, who, body, answer, text, answer_id)
    usage = _usage(services, body, text)
    yield chunk({}, "stop", coach=_extension(answer_id, answer).model_dump(mode="json"))
    if body.stream_options is not None and body.stream_options.include_usage:
        yield event({"id": answer_id, "object": "chat.completion.chunk", "created": created, "model": body.model,
                     "choices": [], "usage": usage.model_dump()})  # fmt: skip
    yield "data: [DONE]\n\n"


@router.post("/chat/completions", response_model=ChatCompletion)
async def chat_completions(body: ChatCompletionRequest, who: PrincipalDep, services: ServicesDep) -> Response:
    """Messages in, `chat.completion` out (or `chat.completion.chunk` events with `stream: true`).
    `id` is the answer id, for feedback. Errors use OpenAI's error shape."""
    engine_id = resolve_model(body.model, services.settings.engine)
    engine = get_engine("default" if engine_id.startswith("openai:") else engine_id)
    user_texts(body)  # 400 before any work
    answer = await run_in_threadpool(_understand, services, who, body, engine)
    pieces, finished = _pieces(services, who, body, engine_id, answer)
    answer_id = new_answer_id()
    headers = {ANSWER_HEADER: answer_id}
    if body.stream:
        headers |= {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        events = _sse(services, who, body, pieces, finished, answer_id)
        return StreamingResponse(events, media_type="text/event-stream", headers=headers)
    text = (await run_in_threadpool(lambda: "".join(pieces))).rstrip()
    answer = finished()
    await run_in_threadpool(_record, services, who, body, answer, text, answer_id)
    completion = ChatCompletion(
        id=answer_id,
        created=int(time.time()),
        model=body.model,
        choices=[Choice(message=AssistantMessage(content=text))],
        usage=_usage(services, body, text),
        coach=_extension(answer_id, answer),
    )
    return JSONResponse(completion.model_dump(mode="json"), headers=headers)


@router.get("/models", response_model=ModelList)
async def models(who: PrincipalDep) -> ModelList:
    """`coach` and the registered engine families."""
    created = int(time.time())
    return ModelList(data=[ModelCard(id=m, created=created) for m in [COACH_MODEL, *engine_ids()]])
