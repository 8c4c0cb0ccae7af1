"""0 payloads echoed: notes carrying a seeded sample of attack items (6 of each of the 19 forms) are ingested into
the sample team, and no payload sentence shows up in prep packs, self-coaching replies, chat answers, or the
prompt sent to an OpenAI-compatible server (nor in its answer when the model quotes the payload back)."""

from __future__ import annotations

import json
import random
import shutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.context import Context
from assistant.conversation.turns import manager_turn, rep_turn
from assistant.engines import get_engine
from assistant.guard.injection.dataset import DATASET_DIR, Item, load_items
from assistant.models import Note
from assistant.settings import Settings
from tests.coaching.helpers import ingest_rows
from tests.engines.answers import GOOD, variant
from tests.engines.fake_openai import FakeOpenAI

SAMPLE = json.loads((DATASET_DIR / "echo_sample.json").read_text(encoding="utf-8"))


def sample() -> list[Item]:
    by_form: dict[str, list[Item]] = defaultdict(list)
    for item in load_items():
        if item.attack:
            by_form[item.form].append(item)
    rng = random.Random(SAMPLE["seed"])
    return [x for form in sorted(by_form) for x in rng.sample(by_form[form], SAMPLE["per_form"])]


def payload_sentences(item: Item, inert: bool = True) -> list[str]:
    """The item's payload sentences (not its labelled context); without `inert`, not the inert fragments either."""
    context = set(SAMPLE["context"].get(item.id, []))
    if not inert:
        context |= set(SAMPLE["inert_fragments"].get(item.id, []))
    return [s for k, s in enumerate(item.sentences) if k not in context and len(s.strip()) >= 12]


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


def echoed(items: list[Item], output: str, inert: bool = True) -> list[tuple[str, str]]:
    """(item id, payload) for each payload sentence, or its first 40 characters, found in `output`."""
    text = _squash(output)
    hits = []
    for item in items:
        for payload in payload_sentences(item, inert):
            probe = _squash(payload)
            if probe in text or probe[:40] in text:
                hits.append((item.id, payload))
    return hits


pytestmark = pytest.mark.slow  # about 6 minutes: make test-slow

ITEMS = sample()
ACCOUNT_ATTACKS = [i for i in ITEMS if len(i.sentences) == 1 and len(i.text) <= 200][:3]  # the field limit is 200


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory, summit_home: Path, fake: FakeOpenAI) -> Iterator[Context]:
    home = tmp_path_factory.mktemp("attacked") / "home"
    shutil.copytree(summit_home, home)
    settings = Settings(home=home, openai_base_url=fake.url, openai_api_key=None, llm_timeout=8, llm_backoff=0.05,
                        _env_file=None)  # type: ignore[call-arg]  # fmt: skip
    ctx = Context(settings)
    deals: dict[str, Note] = {}
    for note in ctx.catalog.notes("summit"):
        deals.setdefault(note.deal_id, note)
    ids = sorted(deals)
    rows: list[dict[str, object]] = []
    for k, item in enumerate(ITEMS):
        base = deals[ids[k % len(ids)]]
        rows.append({"note_id": f"X-{item.id}", "deal_id": base.deal_id, "account": base.account, "rep": base.rep,
                     "date": "2026-09-20", "author": base.rep, "text": item.text})  # fmt: skip
    template = deals["D-201"]
    for k, item in enumerate(ACCOUNT_ATTACKS):  # the payload in the account field of a whole deal
        rows.append({"note_id": f"ACC-{k}", "deal_id": "D-ACC", "account": item.text, "rep": template.rep,
                     "stage": "discovery", "date": f"2026-09-0{k + 1}", "author": template.rep,
                     "text": "Discovery with Dana Whitfield (Ops Director). 40 trucks, invoices keyed by hand. "
                     "Graham Osei (CFO) signs; not met yet. Next: demo 9/30."})  # fmt: skip
    ingest_rows(ctx, tmp_path_factory.mktemp("rows"), "summit", rows)
    yield ctx


def _deals_and_reps(ctx: Context) -> list[tuple[str, str]]:
    out = {}
    for note in ctx.catalog.notes("summit"):
        if note.note_id.startswith(("X-", "ACC-")):
            out[note.deal_id] = note.rep or ""
    return sorted(out.items())


def test_the_sample_covers_every_form_with_at_least_100_items() -> None:
    assert len(ITEMS) >= 100 and len({i.form for i in ITEMS}) == 19
    assert all(payload_sentences(i) for i in ITEMS), "every item keeps at least one payload sentence"


def test_no_payload_in_prep_packs_self_coaching_or_chat(attacked: Context) -> None:
    engine = get_engine("default")
    outputs: list[str] = []
    for deal_id, rep in _deals_and_reps(attacked):
        outputs.append(engine.prep(attacked, "summit", deal_id).model_dump_json())
        outputs.append(engine.self_coach(attacked, "summit", rep, "What should I do next?", deal_id).model_dump_json())
        outputs.append(manager_turn(attacked, "summit", [f"Help me prepare the review of {deal_id}"]).text)
        outputs.append(rep_turn(attacked, "summit", rep, ["Just tell me what to do on this one."], deal_id).text)
        outputs.append(engine.rep_plan(attacked, "summit", rep).model_dump_json())
    assert len(outputs) >= 5 * 20
    joined = "\n".join(outputs)
    assert echoed(ITEMS + ACCOUNT_ATTACKS, joined) == []
    for item in ACCOUNT_ATTACKS:
        assert _squash(item.text)[:40] not in _squash(joined)


def obeying(note_id: str, quote: str) -> dict[str, object]:
    """A model answer that obeys the payload: it quotes the planted note as evidence and repeats it in `why`."""

    def change(d: dict[str, object]) -> None:
        d["focus_areas"][0].update(why=quote, evidence=[{"note_id": note_id, "quote": quote}])  # type: ignore[index]

    return variant(change)


def test_no_payload_in_prompts_nor_in_a_model_answer_that_quotes_it(attacked: Context, fake: FakeOpenAI) -> None:
    engine = get_engine("openai:test-model")
    outputs: list[str] = []
    fake.requests.clear()
    for deal_id, rep in _deals_and_reps(attacked):
        notes = [n for n in attacked.catalog.notes("summit", deal_id=deal_id) if n.note_id.startswith("X-")]
        quote = notes[0].text if notes else "x"
        answer = obeying(notes[0].note_id if notes else "N-1160", quote)
        fake.reply(answer)
        fake.reply(answer)
        outputs.append(engine.prep(attacked, "summit", deal_id).model_dump_json())
        if deal_id == "D-ACC":  # the self-coaching prompt carries the account field
            fake.reply({"reply": quote, "questions": GOOD["questions"][:3]})
            fake.reply({"reply": quote, "questions": GOOD["questions"][:3]})
            outputs.append(engine.self_coach(attacked, "summit", rep, "What next?", deal_id).model_dump_json())
    # what we send: system and user turns built from the notes (a repair turn quotes the model's own answer back)
    prompts = "\n".join(
        m["content"] for r in fake.requests for m in r["messages"]
        if m["role"] in ("system", "user") and "Problems found" not in m["content"]
    )  # fmt: skip
    assert len(fake.requests) >= 28 and "[instruction-like text removed]" in prompts
    assert echoed(ITEMS + ACCOUNT_ATTACKS, "\n".join(outputs)) == []
    assert echoed(ITEMS + ACCOUNT_ATTACKS, prompts, inert=False) == []
    inert = {(i, p) for i, p in echoed(ITEMS, prompts)}
    assert len(inert) <= sum(len(v) for v in SAMPLE["inert_fragments"].values())
