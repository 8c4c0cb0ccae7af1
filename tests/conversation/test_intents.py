"""The shipped chat intent classifier: fresh for the labelled data, rebuilt byte for byte by its training script,
and at least 0.9 accurate on every writer it did not see (leave one writer out)."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.conversation.dataset import chat_digest, load_utterances
from assistant.conversation.intents import INTENTS, MODEL_JSON, MODEL_NPY
from assistant.conversation.train_intents import train
from assistant.evals.chat_intents import leave_one_writer_out


def test_the_labelled_set_has_four_writers_and_300_utterances() -> None:
    utterances = load_utterances()
    assert len(utterances) >= 300 and len({u.writer for u in utterances}) >= 4
    assert {u.intent for u in utterances} <= set(INTENTS)
    assert {u.speaker for u in utterances} == {"manager", "rep"}


def test_the_shipped_model_is_fresh_and_rebuilt_byte_for_byte(tmp_path: Path) -> None:
    meta = json.loads(MODEL_JSON.read_text())
    assert meta["dataset_digest"] == chat_digest(), "run `make train`: the chat utterances changed"
    train(json_path=tmp_path / "intents.json", npy_path=tmp_path / "intents.npy")
    assert (tmp_path / "intents.json").read_bytes() == MODEL_JSON.read_bytes()
    assert (tmp_path / "intents.npy").read_bytes() == MODEL_NPY.read_bytes()


def test_leave_one_writer_out_accuracy_is_at_least_0_9_for_every_writer() -> None:
    folds = leave_one_writer_out()
    assert len(folds) >= 4
    assert all(f.accuracy >= 0.9 for f in folds), {f.writer: round(f.accuracy, 3) for f in folds}


def test_a_bad_line_names_the_file_line_and_field(tmp_path: Path) -> None:
    import pytest

    from assistant.errors import UserError

    entities = dict.fromkeys(("deal", "rep", "person", "skill", "topic", "competitor"))
    row = {"id": "x-1", "speaker": "manager", "as_rep": None, "history": [], "text": "hi", "intent": "dance",
           "entities": entities}  # fmt: skip
    (tmp_path / "w9.jsonl").write_text(json.dumps(row) + "\n")
    with pytest.raises(UserError, match=r"w9.jsonl:1: intent: unknown value 'dance'"):
        load_utterances(tmp_path)
