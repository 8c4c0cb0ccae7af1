"""Cell values as CRMs export them: dates in the exporter's locale, amounts with currency and separators.

A date is ISO (YYYY-MM-DD, with or without a time) or follows the `--date-format` the user gave. Without a
format, a non-ISO date is read only when every reading agrees: 12/15/2026 can only be 15 December, while
05/12/2026 could be 12 May or 5 December and is refused, naming the value, rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from dateutil import parser as date_parser
from price_parser import Price

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_HAS_TIME = re.compile(r"\s+\d{1,2}:\d{2}.*$")
_DEFAULTS = (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2))  # two fillers: a value that needs one is incomplete


class ValueProblem(ValueError):
    """A cell that cannot be read; the message says why (the caller adds file, row, column and value)."""


def parse_date(value: Any, date_format: str | None = None) -> dt.date | None:
    """A date from a cell: a date object, ISO text, text in `date_format`, or an unambiguous other form."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueProblem("not a date")
    text = value.strip()
    if not text:
        return None
    if _ISO.match(text):
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            raise ValueProblem("not a calendar date") from None
    if date_format:
        return _with_format(text, date_format)
    return _unambiguous(text)


def _with_format(text: str, date_format: str) -> dt.date:
    """The format first on the whole cell, then on its date part (exports add a time to datetime columns)."""
    for candidate in (text, _HAS_TIME.sub("", text)):
        try:
            return dt.datetime.strptime(candidate, date_format).date()
        except ValueError:
            continue
    raise ValueProblem(f"does not match the date format {date_format!r}")


def _unambiguous(text: str) -> dt.date:
    readings: dict[tuple[bool, dt.datetime], dt.date] = {}
    for dayfirst in (False, True):
        for default in _DEFAULTS:
            try:
                readings[(dayfirst, default)] = date_parser.parse(text, dayfirst=dayfirst, default=default).date()
            except (ValueError, OverflowError):
                raise ValueProblem("not a date (use YYYY-MM-DD, or give the format with --date-format)") from None
    if any(readings[(False, d)] != readings[(True, d)] for d in _DEFAULTS):
        raise ValueProblem(
            "ambiguous date: day and month could be either way round; give the file's format with --date-format "
            "(e.g. %m/%d/%Y or %d.%m.%Y)"
        )
    if len(set(readings.values())) > 1:
        raise ValueProblem("incomplete date: give day, month and year")
    return readings[(False, _DEFAULTS[0])]


def parse_amount(value: Any) -> float | None:
    """An amount from a cell: a number, or text with a currency symbol or code and thousands separators."""
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ValueProblem("not an amount (expected a number, not true or false)")
        return None
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ValueProblem("not an amount (expected a finite number)")
        if value < 0:
            raise ValueProblem("negative amount")
        return float(value)
    if not isinstance(value, str):
        raise ValueProblem("not an amount")
    text = value.strip()
    if not text:
        return None
    if text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        raise ValueProblem("not an amount (expected a finite number)")
    price = Price.fromstring(text)
    if price.amount is None or price.amount_text is None:
        raise ValueProblem("not an amount")
    rest = text.replace(price.amount_text, "", 1)
    if price.currency:
        rest = rest.replace(price.currency, "", 1)
    if rest.strip():
        raise ValueProblem("not an amount (only a number, a currency and thousands separators are read)")
    return float(price.amount)
