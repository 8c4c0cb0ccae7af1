"""What every CLI command shares: one-line errors instead of tracebacks, JSON output, progress bars."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar, cast

from .errors import BackendError, UserError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from .context import Context



class _LazyConsole:
    """A rich Console made on first use, so `coach --help` never imports rich."""

    def __init__(self, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr)
        return getattr(self._console, name)


out = cast("Console", _LazyConsole(stderr=False))
err = cast("Console", _LazyConsole(stderr=True))
F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise SystemExit(code)


def handle_errors(func: F) -> F:
    """User errors exit 2 with one line; anything else exits 1 with one line (COACH_DEBUG=1 shows more)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UserError as exc:
            fail(str(exc), 2)
        except BackendError as exc:
            fail(str(exc), 1)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except SystemExit:
            raise
        except Exception as exc:  # last resort: never show a traceback to a user
            if os.environ.get("COACH_DEBUG"):
                raise
            fail(f"unexpected {type(exc).__name__}: {exc} (set COACH_DEBUG=1 for details)", 1)

    return wrapper  # type: ignore[return-value]


def open_context(create: bool = True) -> Context:
    """The command's Context; `create=False` for commands that must create nothing on disk."""
    from .context import Context
    from .settings import Settings

    try:
        return Context(Settings(), create=create)
    except Exception as exc:  # pydantic ValidationError on a bad COACH_ variable
        raise UserError(f"bad configuration: {exc}".replace("\n", " ")) from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


class ProgressBar:
    """A rich progress bar on stderr, shown only for long runs on a terminal; a context manager."""

    def __init__(self, label: str, threshold: int = 200) -> None:
        self.label, self.threshold = label, threshold
        self._progress: Progress | None = None

    def __call__(self, total: int) -> Callable[[int], None]:
        if total < self.threshold or not err.is_terminal:
            return lambda n: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn(self.label),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
        )
        self._progress.start()
        task = self._progress.add_task(self.label, total=total)
        progress = self._progress
        return lambda n: progress.advance(task, n)

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
