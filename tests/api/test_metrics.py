"""The tiny Prometheus registry: cumulative histogram buckets, escaped labels, counters that start at 0."""

from __future__ import annotations

from assistant.api.metrics import Counter, Histogram, ServiceMetrics


def test_histogram_buckets_are_cumulative() -> None:
    h = Histogram("t_seconds", "help", ("route",), buckets=(0.1, 1.0))
    for value in (0.05, 0.1, 0.5, 3.0):
        h.observe(value, "/x")
    lines = h.render()
    assert 't_seconds_bucket{route="/x",le="0.1"} 2' in lines
    assert 't_seconds_bucket{route="/x",le="1.0"} 3' in lines
    assert 't_seconds_bucket{route="/x",le="+Inf"} 4' in lines
    assert 't_seconds_count{route="/x"} 4' in lines
    assert any(line.startswith('t_seconds_sum{route="/x"} 3.65') for line in lines)


def test_label_values_are_escaped() -> None:
    c = Counter("c_total", "help", ("route",))
    c.inc('a"b\\c\nd')
    assert c.render()[-1] == 'c_total{route="a\\"b\\\\c\\nd"} 1'


def test_service_metrics_start_at_zero() -> None:
    text = ServiceMetrics(engines=["default"]).render()
    assert 'coach_engine_fallbacks_total{engine="default"} 0' in text
    assert 'coach_tokens_total{kind="prompt"} 0' in text and text.endswith("\n")
