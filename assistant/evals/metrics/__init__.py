"""One scorer per module; each returns pass, fail or n/a for one case."""

from . import acts, focus, follow_up, gaps, grounding, meddpicc, on_topic, retrieval, safety, socratic, stakeholders

METRICS = {
    m.NAME: m.score
    for m in (acts, socratic, focus, gaps, meddpicc, stakeholders, on_topic, grounding, retrieval, safety, follow_up)
}

__all__ = ["METRICS"]
