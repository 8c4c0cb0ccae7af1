"""OpenAI-compatible chat completions, so any OpenAI client (the SDK, LangChain, a chat UI) can talk to the coach.

A manager key gets the deal-review coach (`manager_turn`); a rep key gets self-coaching as that rep
(`rep_turn`). The whole history of user messages is used, in order. With `stream: true` the answer is sent
as server-sent events in OpenAI's `chat.completion.chunk` format, ending with `data: [DONE]`.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from ...conversation.turns import DEAL_ID, ChatAnswer, manager_turn, rep_turn
from ...engines import Engine, engine_ids, get_engine
from ...errors import UserError
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
WORDS_PER_CHUNK = 3


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


def _answer(
    services: Services, who: Principal, body: ChatCompletionRequest, texts: list[str], engine: Engine
) -> tuple[str, ChatAnswer]:
    """Run the coach and record the answer (in a worker thread: both block)."""
    ctx = services.ctx
    if who.is_manager:
        answer = manager_turn(ctx, who.team, texts, engine=engine)
        request = {"model": body.model, "messages": texts, "message": texts[-1], "deal_id": answer.deal_id}
    else:
        assert who.rep is not None
        mentioned = next((ids[0] for t in reversed(texts) if (ids := DEAL_ID.findall(t))), None)
        if mentioned is not None:  # the deal rep_turn will pick: 403 for another rep's, as everywhere else
            deal_notes(ctx, who, mentioned)
        answer = rep_turn(ctx, who.team, who.rep, texts, engine=engine)
        request = {"model": body.model, "messages": texts, "rep": who.rep}
    services.count_fallback(engine.id, answer.payload.get("engine"))
    response = {"text": answer.text, "kind": answer.kind, "deal_id": answer.deal_id, "payload": answer.payload}
    kind = "chat_manager" if who.is_manager else "chat_rep"
    return services.record(who, kind, request, response), answer


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


def _pieces(text: str) -> Iterator[str]:
    words = re.findall(r"\S+\s*", text)
    for start in range(0, len(words), WORDS_PER_CHUNK):
        yield "".join(words[start : start + WORDS_PER_CHUNK])


def _sse(answer_id: str, model: str, created: int, answer: ChatAnswer, usage: Usage | None) -> Iterator[str]:
    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        data = {
            "id": answer_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
            **extra,
        }
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for piece in _pieces(answer.text):
        yield chunk({"content": piece})
    yield chunk({}, "stop", coach=_extension(answer_id, answer).model_dump(mode="json"))
    if usage is not None:
        last = {
            "id": answer_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [],
            "usage": usage.model_dump(),
        }
        yield f"data: {json.dumps(last)}\n\n"
    yield "data: [DONE]\n\n"


@router.post("/chat/completions", response_model=ChatCompletion)
async def chat_completions(body: ChatCompletionRequest, who: PrincipalDep, services: ServicesDep) -> Response:
    """Messages in, `chat.completion` out (or `chat.completion.chunk` events with `stream: true`).
    `id` is the answer id, for feedback. Errors use OpenAI's error shape."""
    engine = get_engine(resolve_model(body.model, services.settings.engine))
    texts = user_texts(body)
    answer_id, answer = await run_in_threadpool(_answer, services, who, body, texts, engine)
    created = int(time.time())
    usage = _usage(services, body, answer.text)
    headers = {ANSWER_HEADER: answer_id}
    if body.stream:
        include_usage = body.stream_options is not None and body.stream_options.include_usage
        events = _sse(answer_id, body.model, created, answer, usage if include_usage else None)
        headers |= {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        return StreamingResponse(events, media_type="text/event-stream", headers=headers)
    completion = ChatCompletion(
        id=answer_id,
        created=created,
        model=body.model,
        choices=[Choice(message=AssistantMessage(content=answer.text))],
        usage=usage,
        coach=_extension(answer_id, answer),
    )
    return JSONResponse(completion.model_dump(mode="json"), headers=headers)


@router.get("/models", response_model=ModelList)
async def models(who: PrincipalDep) -> ModelList:
    """`coach` and the registered engine families."""
    created = int(time.time())
    return ModelList(data=[ModelCard(id=m, created=created) for m in [COACH_MODEL, *engine_ids()]])
