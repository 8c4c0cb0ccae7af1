"""The shipped classifiers are the ones `make train` builds from the committed corpus, byte for byte."""

from __future__ import annotations

from pathlib import Path

from assistant.understand.classifier import MODEL_JSON, MODEL_NPY, load_model
from assistant.understand.corpus import corpus_digest, load_corpus
from assistant.understand.train import train


def test_model_matches_the_corpus() -> None:
    assert load_model().corpus_digest == corpus_digest()


def test_corpus_size_and_writers() -> None:
    model = load_model()
    examples = load_corpus(set(model.signals))
    assert len(examples) >= 2500 and len({e.writer for e in examples}) >= 6
    for signal in model.signals:
        pos = sum(signal in e.labels for e in examples)
        hard = sum(e.signal == signal and e.label == "neg" for e in examples)
        assert pos >= 40 and hard >= 40, signal


def test_training_is_reproducible(tmp_path: Path) -> None:
    train(json_path=tmp_path / "s.json", npy_path=tmp_path / "s.npy")
    assert (tmp_path / "s.json").read_bytes() == MODEL_JSON.read_bytes()
    assert (tmp_path / "s.npy").read_bytes() == MODEL_NPY.read_bytes()
