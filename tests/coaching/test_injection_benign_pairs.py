"""Benign sentences with trigger words stay evidence: for a seeded sample of the writers' benign trigger items, a
deal whose notes carry the sentence and the same deal with the trigger word swapped for a plain synonym get the
same focus from prep (the old word list threw such sentences away and the focus moved)."""

from __future__ import annotations

import random
import re
from pathlib import Path

from assistant.context import Context
from assistant.engines import get_engine
from assistant.guard.injection.dataset import Item, load_items
from assistant.text import sentences
from tests.coaching.helpers import deal, ingest_rows

# trigger word -> the plain word a rep could have written instead
SWAP = {
    "ignore": "set aside", "ignored": "set aside", "disregard": "set aside", "override": "change",
    "overrode": "changed", "overridden": "changed", "system": "platform", "instructions": "guidance",
    "prompt": "request", "prompts": "requests", "assistant": "aide", "admin": "coordinator", "forget": "miss",
    "rules": "policies", "role": "position", "pretend": "claim", "previous": "earlier", "developer": "engineer",
    "mode": "setting", "jailbreak": "unlock", "jailbroken": "unlocked", "decode": "read",
}  # fmt: skip
TRIGGER = re.compile(r"\b(" + "|".join(sorted(SWAP, key=len, reverse=True)) + r")\b", re.I)
BASE = [
    ("2026-09-01", "Discovery with Dana Whitfield (Ops Director), Norvik Freight. 40 trucks, invoices keyed by hand, "
     "2 FTE on AP. Graham Osei (CFO) signs anything over $50k; not met yet."),
    ("2026-09-10", "Demo to Dana and two AP clerks. Liked the matching. Pricing not discussed. Next: proposal 9/30."),
]  # fmt: skip


def pairs(n: int = 32) -> list[tuple[Item, str]]:
    items = [i for i in load_items() if not i.attack and len(i.sentences) == 1 and TRIGGER.search(i.text)]
    chosen = random.Random(7).sample(items, n)
    return [(i, TRIGGER.sub(lambda m: SWAP[m.group(1).lower()], i.text)) for i in chosen]


def test_the_same_focus_with_and_without_the_trigger_word(ctx: Context, tmp_path: Path) -> None:
    chosen = pairs()
    assert len(chosen) >= 30 and len({i.writer for i, _ in chosen}) == 3
    rows: list[dict[str, object]] = []
    for k, (item, plain) in enumerate(chosen):
        rows += deal(f"T-{k}", "discovery", "2026-12-15", [*BASE, ("2026-09-20", item.text)])
        rows += deal(f"P-{k}", "discovery", "2026-12-15", [*BASE, ("2026-09-20", plain)])
    ingest_rows(ctx, tmp_path, "pairs", rows)
    engine = get_engine("default")
    moved, dropped = [], []
    for k, (item, _) in enumerate(chosen):
        with_word, without = engine.prep(ctx, "pairs", f"T-{k}"), engine.prep(ctx, "pairs", f"P-{k}")
        if [a.skill for a in with_word.focus_areas] != [a.skill for a in without.focus_areas]:
            moved.append(item.id)
        if not sentences(f"T-{k}-n3", item.text):
            dropped.append(item.id)
    assert moved == [], f"focus moved for {moved}"
    assert len(dropped) <= len(chosen) * 0.05, f"dropped as injections: {dropped}"
