"""One scorer per module; each returns pass, fail or n/a for one case."""

from . import acts, focus, gaps, grounding, retrieval, safety, socratic

METRICS = {m.NAME: m.score for m in (acts, socratic, focus, gaps, grounding, retrieval, safety)}

__all__ = ["METRICS"]
