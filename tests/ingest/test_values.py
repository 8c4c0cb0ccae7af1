"""CRM cell values: ISO dates always, other formats only when given or unambiguous; amounts as exported."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.ingest.values import ValueProblem, parse_amount, parse_date

D = dt.date


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        ("2026-12-15", None, D(2026, 12, 15)),
        ("2026-12-15 14:02", None, D(2026, 12, 15)),
        ("2026-12-15T09:30:00Z", None, D(2026, 12, 15)),
        ("12/15/2026", None, D(2026, 12, 15)),  # only one reading: month 15 does not exist
        ("15.12.2026", None, D(2026, 12, 15)),
        ("Dec 15, 2026", None, D(2026, 12, 15)),
        ("05/12/2026", "%m/%d/%Y", D(2026, 5, 12)),
        ("05.12.2026", "%d.%m.%Y", D(2026, 12, 5)),
        ("11/03/2026 4:15 PM", "%m/%d/%Y", D(2026, 11, 3)),  # a datetime column read by its date part
        (dt.datetime(2026, 12, 15, 10, 0), None, D(2026, 12, 15)),
        ("", None, None),
    ],
)
def test_dates(value: object, fmt: str | None, expected: dt.date | None) -> None:
    assert parse_date(value, fmt) == expected


@pytest.mark.parametrize(
    ("value", "fmt", "why"),
    [
        ("05/12/2026", None, "ambiguous date"),
        ("March 2026", None, "incomplete date"),
        ("yesterday", None, "not a date"),
        ("2026-13-45", None, "not a calendar date"),
        ("12/15/2026", "%d.%m.%Y", "does not match the date format '%d.%m.%Y'"),
    ],
)
def test_bad_dates(value: str, fmt: str | None, why: str) -> None:
    with pytest.raises(ValueProblem, match=why):
        parse_date(value, fmt)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("$48,000.00", 48000.0), ("USD 45,000", 45000.0), ("€ 12.500,00", 12500.0), ("£3,000,000", 3_000_000.0),
     ("41,250.50", 41250.5), ("1 200 €", 1200.0), (27900, 27900.0), ("", None)],
)  # fmt: skip
def test_amounts(value: object, expected: float | None) -> None:
    assert parse_amount(value) == expected


@pytest.mark.parametrize("value", ["lots", "about 5 users", "-5", "5 seats"])
def test_bad_amounts(value: str) -> None:
    with pytest.raises(ValueProblem, match="not an amount"):
        parse_amount(value)
