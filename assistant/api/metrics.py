"""A tiny Prometheus registry: counters and histograms with labels, rendered in the text exposition format.

Four metrics do not justify a dependency. Label values are route templates (never raw paths, team ids or
deal ids), so the number of series stays bounded and no customer data leaks into monitoring.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Iterable

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(names: Iterable[str], values: Iterable[str], extra: str = "") -> str:
    parts = [f'{n}="{_escape(v)}"' for n, v in zip(names, values, strict=True)]
    if extra:
        parts.append(extra)
    return "{" + ",".join(parts) + "}" if parts else ""


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


class Counter:
    def __init__(self, name: str, help_: str, labelnames: tuple[str, ...]) -> None:
        self.name, self.help, self.labelnames = name, help_, labelnames
        self._values: dict[tuple[str, ...], float] = {}
        self._lock = threading.Lock()

    def inc(self, *labels: str, amount: float = 1.0) -> None:
        with self._lock:
            self._values[labels] = self._values.get(labels, 0.0) + amount

    def value(self, *labels: str) -> float:
        return self._values.get(labels, 0.0)

    def render(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} counter"]
        with self._lock:
            items = sorted(self._values.items())
        lines += [f"{self.name}{_labels(self.labelnames, k)} {_num(v)}" for k, v in items]
        return lines


class Histogram:
    def __init__(
        self, name: str, help_: str, labelnames: tuple[str, ...], buckets: tuple[float, ...] = LATENCY_BUCKETS
    ) -> None:
        self.name, self.help, self.labelnames, self.buckets = name, help_, labelnames, buckets
        self._series: dict[tuple[str, ...], tuple[list[int], list[float]]] = {}  # bucket counts, [sum, count]
        self._lock = threading.Lock()

    def observe(self, value: float, *labels: str) -> None:
        with self._lock:
            counts, totals = self._series.setdefault(labels, ([0] * len(self.buckets), [0.0, 0.0]))
            index = bisect_left(self.buckets, value)
            if index < len(counts):
                counts[index] += 1
            totals[0] += value
            totals[1] += 1

    def render(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} histogram"]
        with self._lock:
            items = sorted((k, (list(c), list(t))) for k, (c, t) in self._series.items())
        for labels, (counts, (total, count)) in items:
            cumulative = 0
            for bound, n in zip(self.buckets, counts, strict=True):
                cumulative += n
                le = _labels(self.labelnames, labels, 'le="' + repr(bound) + '"')
                lines.append(f"{self.name}_bucket{le} {cumulative}")
            inf = _labels(self.labelnames, labels, 'le="+Inf"')
            lines.append(f"{self.name}_bucket{inf} {_num(count)}")
            lines.append(f"{self.name}_sum{_labels(self.labelnames, labels)} {total!r}")
            lines.append(f"{self.name}_count{_labels(self.labelnames, labels)} {_num(count)}")
        return lines


class ServiceMetrics:
    """What the service exposes on /metrics."""

    def __init__(self, engines: Iterable[str] = ("default",)) -> None:
        self.requests = Counter(
            "coach_http_requests_total",
            "HTTP requests by route template, method and status.",
            ("route", "method", "status"),
        )
        self.latency = Histogram(
            "coach_http_request_duration_seconds", "Time to serve a request, by route template.", ("route",)
        )
        self.fallbacks = Counter(
            "coach_engine_fallbacks_total", "Answers an engine handed to the default engine.", ("engine",)
        )
        self.tokens = Counter(
            "coach_tokens_total", "Tokens (tiktoken cl100k_base) in chat requests and answers.", ("kind",)
        )
        for engine in engines:
            self.fallbacks.inc(engine, amount=0)
        for kind in ("prompt", "completion"):
            self.tokens.inc(kind, amount=0)

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.inc(route, method, str(status))
        self.latency.observe(seconds, route)

    def render(self) -> str:
        lines: list[str] = []
        for metric in (self.requests, self.latency, self.fallbacks, self.tokens):
            lines += metric.render()
        return "\n".join(lines) + "\n"
