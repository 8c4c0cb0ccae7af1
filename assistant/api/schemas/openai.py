"""OpenAI's chat-completions wire format, as much of it as the coach answers.

Requests accept the fields OpenAI clients send and the coach does not use (temperature, max_tokens, n,
top_p, user, tools...): SDKs and frameworks add new ones regularly, and refusing them would break those
clients. The messages themselves are validated. Responses carry one extra object, `coach`, with the
structured answer (kind, deal, payload) so a client such as the widget can render it without parsing text.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .requests import MAX_MESSAGE_CHARS

MAX_OTHER_MESSAGE_CHARS = 20_000  # an earlier answer of the coach sent back as history, a system prompt
Role = Literal["system", "developer", "user", "assistant", "tool", "function"]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ContentPart(_Open):
    type: str = Field(max_length=64)
    text: str | None = None


class ChatMessage(_Open):
    role: Role
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        """The message's text: a string, or its text parts joined (images and audio are ignored)."""
        if isinstance(self.content, str):
            return self.content
        return "\n".join(p.text for p in self.content or [] if p.type == "text" and p.text)

    @model_validator(mode="after")
    def _size(self) -> ChatMessage:
        """A user turn is capped as /v1/self is; other turns (history) more loosely. Checked before any work."""
        limit = MAX_MESSAGE_CHARS if self.role == "user" else MAX_OTHER_MESSAGE_CHARS
        size = len(self.text())
        if size > limit:
            raise ValueError(f"a {self.role} message has {size:,} characters; the limit is {limit:,}")
        return self


class StreamOptions(_Open):
    include_usage: bool = False


class ChatCompletionRequest(_Open):
    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [{"model": "coach", "messages": [{"role": "user", "content": "Which deal should I review?"}]}]
        },
    )

    model: str = Field(min_length=1, max_length=200, description="`coach` (the configured engine) or an engine id.")
    messages: list[ChatMessage] = Field(min_length=1, max_length=500)
    stream: bool | None = False
    stream_options: StreamOptions | None = None
    temperature: float | None = Field(default=None, description="Accepted and ignored: the coach is deterministic.")
    top_p: float | None = None
    n: int | None = Field(default=None, description="Accepted; one choice is returned.")
    max_tokens: int | None = None
    max_completion_tokens: int | None = None
    user: str | None = None


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class CoachExtension(BaseModel):
    """The structured answer behind the text: kind (prep, rep_plan, self, clarify) and its payload."""

    answer_id: str
    kind: str
    deal_id: str | None = None
    rep: str | None = None
    payload: dict[str, Any] = Field(default_factory=dict)


class ChatCompletion(BaseModel):
    id: str = Field(description="The answer id (also in the X-Coach-Answer-Id header).")
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    coach: CoachExtension


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "coach"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


class OpenAIErrorBody(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class OpenAIError(BaseModel):
    error: OpenAIErrorBody
