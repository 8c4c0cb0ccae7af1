"""The HTTP service: a FastAPI app over the same Context, engines and schemas as the `coach` CLI."""

from .app import create_app

__all__ = ["create_app"]
