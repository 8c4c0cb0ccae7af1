"""The shipped classifiers are the ones `make train` builds from the committed corpus and the dev teams' labels:
`make test` checks each records the data it was fitted on (a digest); `make test-slow` rebuilds them byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.resources import DEV_TEAMS, dev_teams_digest
from assistant.understand.access import ACCESS_JSON
from assistant.understand.classifier import MODEL_JSON, MODEL_NPY, load_model
from assistant.understand.corpus import corpus_digest, load_corpus
from assistant.understand.lone_names import LONE_NAMES_JSON
from assistant.understand.meddpicc import MEDDPICC_JSON
from assistant.understand.relations import RELATIONS_JSON, load_relations
from assistant.understand.title_links import TITLE_LINKS_JSON
from assistant.understand.train import train
from assistant.understand.train_labels import FIXTURES
from assistant.understand.train_labels import train as train_labels


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


@pytest.mark.slow  # embeds the whole corpus; test_model_matches_the_corpus catches a stale model in make test
def test_training_is_reproducible(tmp_path: Path) -> None:
    train(json_path=tmp_path / "s.json", npy_path=tmp_path / "s.npy")
    assert (tmp_path / "s.json").read_bytes() == MODEL_JSON.read_bytes()
    assert (tmp_path / "s.npy").read_bytes() == MODEL_NPY.read_bytes()


@pytest.mark.parametrize(
    "path", [RELATIONS_JSON, ACCESS_JSON, MEDDPICC_JSON, TITLE_LINKS_JSON, LONE_NAMES_JSON], ids=lambda p: p.name
)
def test_label_models_are_fresh_and_fitted_on_the_dev_teams_only(path: Path) -> None:
    """Each label model names the teams it was fitted on and the digest of their notes and labels: editing a dev
    team without `make train` fails here. The held-out teams (every other labelled fixture team) are not among them."""
    meta = json.loads(path.read_text(encoding="utf-8"))
    assert meta["trained_on"] == list(DEV_TEAMS)
    assert meta["data_digest"] == dev_teams_digest(), f"{path.name} is stale: run `make train`"
    held_out = {p.parent.name for p in FIXTURES.glob("*/labels.yaml")} - set(DEV_TEAMS)
    assert len(held_out) >= 7


@pytest.mark.slow  # ingests every dev team twice: about two minutes
def test_label_models_are_reproducible_and_trained_on_dev_teams_only(tmp_path: Path) -> None:
    """relations.json, access.json and meddpicc.json are rebuilt byte for byte from the dev teams' labels."""
    result = train_labels(
        relations_path=tmp_path / "r.json", meddpicc_path=tmp_path / "m.json", access_path=tmp_path / "a.json"
    )
    assert (tmp_path / "r.json").read_bytes() == RELATIONS_JSON.read_bytes()
    assert (tmp_path / "a.json").read_bytes() == ACCESS_JSON.read_bytes()
    assert (tmp_path / "m.json").read_bytes() == MEDDPICC_JSON.read_bytes()
    assert result["teams"] == list(DEV_TEAMS)
    assert load_relations().trained_on == DEV_TEAMS


@pytest.mark.slow
def test_title_link_model_is_reproducible(tmp_path: Path) -> None:
    from assistant.understand.train_titles import train as train_titles

    train_titles(tmp_path / "t.json")
    assert (tmp_path / "t.json").read_bytes() == TITLE_LINKS_JSON.read_bytes()


def test_sparse_scoring_equals_the_dense_formula() -> None:
    """The runtime multiplies the n-gram block sparse; it must give the probabilities of [embedding, n-grams] @ W."""
    import numpy as np

    from assistant.understand.classifier import vectorizer

    model = load_model()
    texts = ["We have not met the economic buyer yet.", "No next step was agreed on the call."]
    vectors = np.random.default_rng(0).normal(size=(2, 384)).astype(np.float32) / 20
    dense = np.hstack([vectors, vectorizer(model.vocabulary, model.idf).transform(texts).toarray()])
    expected = 1.0 / (1.0 + np.exp(-(dense @ model.weights.T + model.bias)))
    assert np.allclose(model.scores(texts, vectors), expected, atol=1e-5)
