"""One LLM answer: render the prompt, call, check, repair once, all under one deadline.

Every untrusted value (CRM fields, names, quotes, the rep's message, the notes) is redacted, escaped and
placed inside the prompt's delimited `<untrusted>` block by the templates; the deadline is created once here
and shared by the first call, its retries and the repair call, so an answer never takes longer than
`llm_timeout` in total.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from ..models import Note
from ..schemas import Usage
from ..settings import Settings
from ..tokens import count_tokens
from . import prompts
from .checks import Problem
from .client import CallResult, Deadline, LLMClient, LLMError, LLMOutputError
from .context import Redactor, contact_details, encoding_for, escape, pack_notes

D = TypeVar("D", bound=BaseModel)
REPAIR_MIN_SECONDS = 0.5  # less than this left on the deadline: keep what passed rather than start a repair


def _tokens(messages: list[Any], encoding: str) -> int:
    """The prompt as the model reads it: each message's text and a few tokens of framing."""
    return count_tokens("\n".join(str(m.content) for m in messages), encoding) + 4 * len(messages)


def draft_answer(
    settings: Settings,
    client: LLMClient,
    task: str,
    values: dict[str, Any],
    ranked: list[Note],
    schema: type[D],
    check: Callable[[D], list[Problem]],
) -> tuple[D, Usage]:
    """The model's draft (after at most one repair round) and what it cost; LLMError when there is none.

    `values` are untrusted: each is redacted and escaped before it enters the template."""
    redactor = Redactor(settings.redact)
    encoding = encoding_for(client.model)
    safe = {k: escape(redactor.redact(str(v))) for k, v in values.items()}
    empty = prompts.messages(task, {**safe, "notes": ""})
    fixed = sum(count_tokens(str(m.content), encoding) + 4 for m in empty)
    chosen, notes_text = pack_notes(ranked, fixed, settings.llm_prompt_budget, redactor, encoding)
    messages = prompts.messages(task, {**safe, "notes": notes_text})
    # Token counts of parts do not add up exactly once joined: measure the rendered prompt, and while it is over
    # the budget leave out the least relevant note packed.
    while chosen and _tokens(messages, encoding) > settings.llm_prompt_budget:
        chosen, notes_text = pack_notes(chosen[:-1], fixed, settings.llm_prompt_budget, redactor, encoding)
        messages = prompts.messages(task, {**safe, "notes": notes_text})
    usage = Usage(
        model=client.model,
        prompt_tokens=0,
        completion_tokens=0,
        calls=0,
        context_notes=len(chosen),
        prompt_budget=settings.llm_prompt_budget,
        redacted=settings.redact,
        contact_details_sent=sum(len(contact_details(str(m.content))) for m in messages),
    )
    draft: D | None = None
    raw = ""
    deadline = Deadline(settings.llm_timeout)  # from the first byte sent to the last check of the repair
    try:
        result = _timed(usage, client, messages, schema, deadline)
        draft, raw = _restore(result, redactor, schema), result.raw
        problems = _checked(usage, check, draft)
    except LLMOutputError as exc:
        problems, raw = [Problem("output", exc.reason)], exc.raw
    usage.problems_first = usage.problems_final = len(problems)
    if problems and deadline.remaining() > REPAIR_MIN_SECONDS:
        from langchain_core.messages import AIMessage

        repair = [*messages, AIMessage(raw or "{}"), prompts.repair_message([str(p) for p in problems[:20]])]
        try:
            repaired = _restore(_timed(usage, client, repair, schema, deadline), redactor, schema)
            usage.problems_final = len(_checked(usage, check, repaired))
            draft = repaired
        except LLMError as exc:  # a repair that fails or runs out of time: keep the first draft, if any
            if draft is None:
                raise LLMError(exc.reason) from None
    if draft is None:
        raise LLMError(problems[0].reason if problems else "no answer")
    return draft, usage


def _restore(result: CallResult, redactor: Redactor, schema: type[D]) -> D:
    data = redactor.restore(result.parsed.model_dump(mode="json"))
    return schema.model_validate(data)


def _timed(usage: Usage, client: LLMClient, messages: list[Any], schema: type[D], deadline: Deadline) -> CallResult:
    started = time.perf_counter()
    usage.calls += 1
    try:
        result = client.call(messages, schema, deadline)
    finally:
        usage.llm_ms += round((time.perf_counter() - started) * 1000, 1)
    usage.prompt_tokens += result.prompt_tokens
    usage.completion_tokens += result.completion_tokens
    return result


def _checked(usage: Usage, check: Callable[[D], list[Problem]], draft: D) -> list[Problem]:
    started = time.perf_counter()
    problems = check(draft)
    usage.guard_ms += round((time.perf_counter() - started) * 1000, 2)
    return problems
