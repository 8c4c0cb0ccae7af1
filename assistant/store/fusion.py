"""Reciprocal rank fusion: combine ranked lists without calibrating their scores."""

from __future__ import annotations

from collections.abc import Hashable, Sequence


def rrf(rankings: Sequence[Sequence[Hashable]], k: int = 60) -> list[tuple[Hashable, float]]:
    """Fuse ranked id lists; an id's score is the sum of 1/(k + rank) over the lists it is in.

    Ties break on first appearance, so the result is deterministic.
    """
    scores: dict[Hashable, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    order = {item: i for i, item in enumerate(x for r in rankings for x in r)}
    return sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))
