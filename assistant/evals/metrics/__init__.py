"""One scorer per module; each returns pass, fail or n/a for one case."""

from . import acts, focus, grounding, retrieval, safety, socratic

METRICS = {m.NAME: m.score for m in (acts, socratic, focus, grounding, retrieval, safety)}

__all__ = ["METRICS"]
