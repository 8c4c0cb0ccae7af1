"""The built-in engine families, registered through the same hook a plugin implements."""

from __future__ import annotations

from collections.abc import Callable

from .base import Engine


def _default(model: str) -> Engine:
    from .default import DefaultEngine

    return DefaultEngine()


def _openai(model: str) -> Engine:
    from .openai import OpenAIEngine  # lazy: LangChain is imported only when a model is called

    return OpenAIEngine(model)


def register_engines(register: Callable[[str, Callable[[str], Engine]], None]) -> None:
    register("default", _default)
    register("openai", _openai)
