"""One structured call to an OpenAI-compatible chat model through LangChain, with a deadline, retries with
backoff (honouring Retry-After on 429) and errors reduced to a short reason for the fallback."""

from __future__ import annotations

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

    def _chat(self, timeout: float) -> Any:
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=self.model,
            base_url=self.base_url,
            api_key=self.api_key,  # type: ignore[arg-type]
            timeout=timeout,
            max_retries=0,
            temperature=0,
            max_completion_tokens=self.settings.llm_max_output_tokens,
        )

    def _once(self, messages: list[Any], schema: type[M], timeout: float) -> CallResult:
        llm = self._chat(timeout)
        if self.mode == "json_schema":
            out = llm.with_structured_output(schema, method="json_schema", include_raw=True).invoke(messages)
            raw_message, parsed, error = out["raw"], out["parsed"], out["parsing_error"]
        else:  # llama.cpp / Anyscale style: a JSON object constrained by the schema
            raw_message = llm.bind(
                response_format={"type": "json_object", "schema": schema.model_json_schema()}
            ).invoke(messages)
            parsed, error = None, None
            try:
                parsed = schema.model_validate_json(_strip_fences(str(raw_message.content)))
            except ValidationError as exc:
                error = exc
        raw = str(raw_message.content or "")
        usage = getattr(raw_message, "usage_metadata", None) or {}
        if error is not None or parsed is None:
            raise LLMOutputError(f"malformed output: {_short(error)}", raw)
        return CallResult(parsed, raw, int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0)))

    def call(self, messages: list[Any], schema: type[M]) -> CallResult:
        """Call with retries until the deadline; raise LLMError with a short reason when it cannot be done."""
        import openai

        deadline = time.monotonic() + self.settings.llm_timeout
        backoff = self.settings.llm_backoff
        for attempt in range(self.settings.llm_max_retries + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0.05:
                raise LLMError("timeout")
            try:
                return self._once(messages, schema, remaining)
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
            if attempt == self.settings.llm_max_retries or time.monotonic() + wait >= deadline:
                raise LLMError(reason)
            time.sleep(wait)
            backoff *= 2
        raise LLMError("no answer")


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
