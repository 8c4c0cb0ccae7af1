"""Every problem of an ingest in one message: up to 20 listed with file, row, column, value and why, then a count.

One problem keeps the one-line form ("a.csv: row 3 (line 4): ...; nothing was stored"); several are listed one
per line under a count (numbered, so they stay apart in the API's one-line message), so a user fixes a whole
export in one pass. Nothing is stored either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import UserError
from .loaders import RecordError

SHOWN = 20


def problems_error(problems: list[RecordError]) -> UserError:
    if len(problems) == 1:
        return UserError(f"{problems[0]}; nothing was stored")
    lines = [f"{len(problems)} problems; nothing was stored:"]
    lines += [f"  {i}. {p}" for i, p in enumerate(problems[:SHOWN], start=1)]
    if len(problems) > SHOWN:
        lines.append(f"  ... and {len(problems) - SHOWN} more problems")
    return UserError("\n".join(lines))


def ordered(problems: list[RecordError], sources: Iterable[str]) -> list[RecordError]:
    """Problems by file (in input order), then by row: the order a user fixes them in."""
    rank = {s: i for i, s in enumerate(dict.fromkeys([*sources, *(p.source for p in problems)]))}

    def key(p: RecordError) -> tuple[int, int]:
        number = re.search(r"(?:row|line|item|utterance) (\d+)", p.location or "")
        header = p.location is None or "header" in p.location
        return rank[p.source], 0 if header else int(number.group(1)) if number else 0

    return sorted(problems, key=key)
