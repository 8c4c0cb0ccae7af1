"""One structured call to an OpenAI-compatible chat model through LangChain, under a wall-clock deadline, with
retries and backoff (honouring Retry-After on 429) and every error reduced to a short reason for the fallback.

The deadline is wall clock, not per read: a server that trickles one byte every few seconds, or accepts the
request and never answers, is cut off when the deadline passes. The call runs on its own asyncio loop inside
`asyncio.timeout`, so cancelling it closes the connection at once (a thread could not be stopped), and every
call, retry, backoff and the repair round of one answer share one `Deadline`.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlparse

from pydantic import BaseModel, ValidationError

from ..errors import BackendError, UserError
from ..settings import Settings

M = TypeVar("M", bound=BaseModel)
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


class LLMError(BackendError):
    """The model could not give a usable answer; `reason` is short enough for "default (fallback: reason)"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class LLMOutputError(LLMError):
    """The model answered, but not with JSON of the requested shape (worth one repair round)."""

    def __init__(self, reason: str, raw: str) -> None:
        super().__init__(reason)
        self.raw = raw


class Deadline:
    """One clock for one answer: every call, retry, backoff and repair draws on the same seconds."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.at - time.monotonic()


@dataclass
class CallResult:
    parsed: Any
    raw: str
    prompt_tokens: int
    completion_tokens: int


def is_local(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return host in LOCAL_HOSTS or host.startswith("127.")


class LLMClient:
    def __init__(self, settings: Settings, model: str) -> None:
        if not model:
            raise UserError("engine 'openai' needs a model: use --engine openai:MODEL (e.g. openai:gpt-4o-mini)")
        self.settings, self.model = settings, model
        self.base_url = settings.openai_base_url.rstrip("/")
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        if not key and not is_local(self.base_url):
            raise UserError(
                f"no API key for {self.base_url}: set OPENAI_API_KEY (or COACH_OPENAI_API_KEY), or use --engine default"
            )
        self.api_key = key or "not-needed"
        mode = settings.llm_structured
        if mode == "auto":
            mode = "json_schema" if (urlparse(self.base_url).hostname or "").endswith("openai.com") else "json_object"
        self.mode = mode
        _load_sdk()  # seconds on a cold start: paid before any deadline starts, not out of the model's time

    def _chat(self, timeout: float, http: Any) -> Any:
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=self.model,
            base_url=self.base_url,
            api_key=self.api_key,  # type: ignore[arg-type]
            timeout=timeout,
            max_retries=0,
            temperature=0,
            max_completion_tokens=self.settings.llm_max_output_tokens,
            http_async_client=http,  # ours, bound to this call's loop (LangChain's default is cached across loops)
        )

    async def _once(self, messages: list[Any], schema: type[M], timeout: float) -> CallResult:
        import httpx

        async with httpx.AsyncClient(timeout=timeout) as http:
            llm = self._chat(timeout, http)
            if self.mode == "json_schema":
                runnable = llm.with_structured_output(schema, method="json_schema", include_raw=True)
                out = await runnable.ainvoke(messages)
                raw_message, parsed, error = out["raw"], out["parsed"], out["parsing_error"]
            else:  # llama.cpp / Anyscale style: a JSON object constrained by the schema
                bound = llm.bind(response_format={"type": "json_object", "schema": schema.model_json_schema()})
                raw_message = await bound.ainvoke(messages)
                parsed, error = None, None
                try:
                    parsed = schema.model_validate_json(_strip_fences(str(raw_message.content or "")))
                except ValidationError as exc:
                    error = exc
        raw = str(raw_message.content or "")
        usage = getattr(raw_message, "usage_metadata", None) or {}
        if error is not None or parsed is None or not isinstance(parsed, schema):
            raise LLMOutputError(f"malformed output: {_short(error)}", raw)
        return CallResult(parsed, raw, int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0)))

    def call(self, messages: list[Any], schema: type[M], deadline: Deadline | None = None) -> CallResult:
        """Call with retries until the deadline; raise LLMError with a short reason when it cannot be done.

        Nothing else escapes: a body that is not JSON, JSON that is no chat completion, SSE garbage, a stream
        cut halfway, a bug in a library under us: each becomes an LLMError, so the caller falls back."""
        deadline = deadline or Deadline(self.settings.llm_timeout)
        if deadline.remaining() <= 0.05:
            raise LLMError("timeout")
        try:
            return asyncio.run(self._within(messages, schema, deadline))
        except LLMError:
            raise
        except TimeoutError:
            raise LLMError("timeout") from None
        except Exception as exc:  # a library under us failed in a way we did not foresee
            raise LLMError(f"model error ({type(exc).__name__})") from None

    async def _within(self, messages: list[Any], schema: type[M], deadline: Deadline) -> CallResult:
        async with asyncio.timeout(deadline.remaining()):
            return await self._attempts(messages, schema, deadline)

    async def _attempts(self, messages: list[Any], schema: type[M], deadline: Deadline) -> CallResult:
        import openai

        backoff = self.settings.llm_backoff
        for attempt in range(self.settings.llm_max_retries + 1):
            remaining = deadline.remaining()
            if remaining <= 0.05:
                raise LLMError("timeout")
            try:
                return await self._once(messages, schema, remaining)
            except LLMError:
                raise
            except openai.LengthFinishReasonError:
                raise LLMOutputError("output cut at the token limit", "") from None
            except openai.RateLimitError as exc:
                wait, reason = _retry_after(exc) or backoff, "rate limited (429)"
            except openai.APITimeoutError:
                raise LLMError("timeout") from None
            except openai.APIConnectionError:
                wait, reason = backoff, "connection error"
            except openai.APIStatusError as exc:
                if exc.status_code < 500:
                    raise LLMError(f"HTTP {exc.status_code}") from None
                wait, reason = backoff, f"server error {exc.status_code}"
            except openai.OpenAIError as exc:  # anything else the SDK raises: the user still gets an answer
                raise LLMError(f"model error ({type(exc).__name__})") from None
            except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
                # a 200 whose body is not a chat completion: not JSON, SSE garbage, no choices, null fields
                raise LLMError(f"invalid response from the model server ({type(exc).__name__})") from None
            if attempt == self.settings.llm_max_retries or deadline.remaining() - wait <= 0.05:
                raise LLMError(reason)
            await asyncio.sleep(wait)
            backoff *= 2
        raise LLMError("no answer")


def _load_sdk() -> None:
    import httpx  # noqa: F401
    import openai  # noqa: F401
    from langchain_core.messages import AIMessage  # noqa: F401
    from langchain_openai import ChatOpenAI  # noqa: F401


def _retry_after(exc: Any) -> float | None:
    try:
        value = exc.response.headers.get("retry-after")
        return max(0.0, float(value)) if value is not None else None
    except (AttributeError, ValueError):
        return None


def _strip_fences(text: str) -> str:
    text = text.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[-1].rsplit("```", 1)[0]
    return text


def _short(error: object) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        return f"{'.'.join(str(p) for p in first['loc']) or 'json'}: {first['msg']}"[:120]
    return str(error).splitlines()[0][:120] if error else "no JSON"
