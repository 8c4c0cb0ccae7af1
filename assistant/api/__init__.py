"""The HTTP service: a FastAPI app over the same Context, engines and schemas as the `coach` CLI.

`create_app` is imported on first use, so `coach --help` and the other commands never pay for FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
