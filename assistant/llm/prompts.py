"""Prompt templates are files in assistant/resources/prompts/ (package data); rendering is strict.

A missing or unknown variable is an error, never a silently empty slot.
"""

from __future__ import annotations

import html
import string
from functools import lru_cache
from typing import Any

from ..errors import BackendError
from ..resources import prompts_dir

PROMPTS = prompts_dir()
VERSION = "v1"


@lru_cache(maxsize=64)
def load(task: str, role: str, version: str = VERSION) -> str:
    path = PROMPTS / f"{task}.{version}.{role}.md"
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise BackendError(f"prompt file missing: {path}") from exc


def variables(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def render_text(template: str, values: dict[str, Any], where: str) -> str:
    wanted, given = variables(template), set(values)
    if wanted - given:
        raise BackendError(f"prompt {where}: missing variable {sorted(wanted - given)[0]!r}")
    if given - wanted:
        raise BackendError(f"prompt {where}: unknown variable {sorted(given - wanted)[0]!r}")
    return template.format(**{k: str(v) for k, v in values.items()})


def messages(task: str, values: dict[str, Any], version: str = VERSION) -> list[Any]:
    """System and user messages for a task, as LangChain messages (through a ChatPromptTemplate)."""
    from langchain_core.prompts import ChatPromptTemplate

    system, user = load(task, "system", version), load(task, "user", version)
    render_text(user, values, f"{task}.{version}.user")  # strict check before LangChain renders it
    template = ChatPromptTemplate.from_messages(
        [("system", system.replace("{", "{{").replace("}", "}}")), ("human", user)]
    )
    return list(template.format_messages(**{k: str(v) for k, v in values.items()}))


def repair_message(problems: list[str], version: str = VERSION) -> Any:
    """The repair round's request. Problems quote the model's own answer (which may echo a note): escaped."""
    from langchain_core.messages import HumanMessage

    listed = "\n".join(f"- {html.escape(' '.join(p.split()), quote=False)}" for p in problems)
    text = render_text(load("repair", "user", version), {"problems": listed}, f"repair.{version}.user")
    return HumanMessage(text)
