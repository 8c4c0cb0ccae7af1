"""The index's sentence embeddings: the one loader in `assistant.embedding` (a domain module, so the guard below
the store can use the same model and the same ONNX session)."""

from __future__ import annotations

from ..embedding import DIM, MAX_TOKENS, MODEL_ID, Embedder, get_embedder, model_files

__all__ = ["DIM", "MAX_TOKENS", "MODEL_ID", "Embedder", "get_embedder", "model_files"]
