"""The LLM engine against a scripted OpenAI-compatible server: good answers, every failure mode, budgets,
delimited notes, team isolation, redaction, retries; the user always gets a valid, grounded prep pack."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from assistant.context import Context
from assistant.engines import get_engine
from assistant.errors import UserError
from assistant.tokens import count_tokens
from tests.coaching.helpers import ingest_rows
from tests.engines.answers import GOOD, prep, variant
from tests.engines.fake_openai import FakeOpenAI

DIRECTIVES = variant(
    lambda d: [q.update(text="You should call the CFO and get the meeting booked.") for q in d["questions"]]
)
INVENTED = variant(
    lambda d: [q.update(text="What does Bartholomew Quince think of Harlow Logistics?") for q in d["questions"]]
)
FOREIGN_IDS = variant(lambda d: [q.update(citations=["N-1003"]) for q in d["questions"]])


def test_good_answer_is_used_with_usage_and_delimited_notes(llm_ctx: Context, fake: FakeOpenAI, tmp_path: Path) -> None:
    ingest_rows(llm_ctx, tmp_path, "rival", [{"note_id": "R-1", "deal_id": "D-201", "text": "CANARY-771 secret plan"}])
    fake.reply(GOOD)
    pack = prep(llm_ctx)
    assert pack.engine == "openai:test-model"
    assert [q.text for q in pack.questions] == [q["text"] for q in GOOD["questions"]]
    assert pack.usage is not None and pack.usage.prompt_tokens > 0 and pack.usage.model == "test-model"
    assert len(fake.requests) == 1
    request = fake.requests[0]
    prompt = "\n".join(m["content"] for m in request["messages"])
    assert request["temperature"] == 0 and request["response_format"]["type"] == "json_object"
    note_ids = re.findall(r'<note id="([^"]+)"', prompt)
    assert note_ids and all(n.startswith("N-") for n in note_ids)
    assert "CANARY-771" not in prompt and "R-1" not in note_ids
    notes = {n.note_id: n for n in llm_ctx.catalog.notes("summit", deal_id="D-201")}
    assert set(note_ids) <= set(notes)
    assert count_tokens(prompt) <= 3000


def test_directives_get_one_repair_then_fallback(llm_ctx: Context, fake: FakeOpenAI) -> None:
    fake.reply(DIRECTIVES)
    fake.reply(DIRECTIVES)
    pack = prep(llm_ctx)
    assert pack.engine.startswith("default (fallback: guard")
    assert len(fake.requests) == 2
    repair = fake.requests[1]["messages"][-1]["content"]
    assert "Problems found" in repair and "question 1" in repair
    assert all("should" not in q.text for q in pack.questions)


def test_repair_that_works_is_used(llm_ctx: Context, fake: FakeOpenAI) -> None:
    fake.reply(INVENTED)
    fake.reply(GOOD)
    pack = prep(llm_ctx)
    assert pack.engine == "openai:test-model" and pack.usage is not None and pack.usage.calls == 2
    assert "Bartholomew" in fake.requests[1]["messages"][-1]["content"]


@pytest.mark.parametrize("bad", [INVENTED, FOREIGN_IDS], ids=["invented_stakeholder", "foreign_note_ids"])
def test_ungrounded_answers_fall_back(llm_ctx: Context, fake: FakeOpenAI, bad: dict[str, Any]) -> None:
    fake.reply(bad)
    fake.reply(bad)
    pack = prep(llm_ctx)
    assert pack.engine.startswith("default (fallback:")
    dumped = json.dumps(pack.model_dump())
    assert "Bartholomew" not in dumped and "N-1003" not in dumped


def test_malformed_json_falls_back(llm_ctx: Context, fake: FakeOpenAI) -> None:
    fake.reply("{not json at all")
    fake.reply("still not json")
    pack = prep(llm_ctx)
    assert pack.engine.startswith("default (fallback: malformed output")
    assert 5 <= len(pack.questions) <= 10


@pytest.mark.parametrize("mode", ["json_object", "json_schema"])
def test_output_cut_at_the_token_limit_falls_back(llm_ctx: Context, fake: FakeOpenAI, mode: str) -> None:
    llm_ctx.settings.llm_structured = mode
    fake.reply('{"focus_areas": [{"skill": "qualif', finish_reason="length")
    fake.reply('{"focus_areas": [', finish_reason="length")
    pack = prep(llm_ctx)
    assert pack.engine.startswith("default (fallback:") and len(fake.requests) == 2


def test_rate_limit_honours_retry_after(llm_ctx: Context, fake: FakeOpenAI) -> None:
    fake.fail(429, {"Retry-After": "1"})
    fake.reply(GOOD)
    started = time.monotonic()
    pack = prep(llm_ctx)
    assert pack.engine == "openai:test-model"
    assert time.monotonic() - started >= 1.0 and len(fake.requests) == 2


def test_server_error_retries_then_falls_back(llm_ctx: Context, fake: FakeOpenAI) -> None:
    for _ in range(3):
        fake.fail(500)
    pack = prep(llm_ctx)
    assert pack.engine == "default (fallback: server error 500)" and len(fake.requests) == 3


def test_timeout_falls_back_quickly(llm_ctx: Context, fake: FakeOpenAI) -> None:
    llm_ctx.settings.llm_timeout = 1.0
    fake.reply(GOOD, sleep=3)
    started = time.monotonic()
    pack = prep(llm_ctx)
    assert pack.engine == "default (fallback: timeout)"
    assert time.monotonic() - started < 2.5


def test_budget_packs_whole_notes_only(llm_ctx: Context, fake: FakeOpenAI) -> None:
    llm_ctx.settings.llm_prompt_budget = 1600
    fake.reply(GOOD)
    pack = prep(llm_ctx)
    prompt = "\n".join(m["content"] for m in fake.requests[0]["messages"])
    assert count_tokens(prompt) <= 1600
    assert pack.usage is not None and 0 < pack.usage.context_notes < 9
    notes = {n.note_id: n.text for n in llm_ctx.catalog.notes("summit", deal_id="D-201")}
    for note_id, body in re.findall(r'<note id="([^"]+)"[^>]*>\n(.*?)\n</note>', prompt, re.S):
        assert body.replace("&amp;", "&") == notes[note_id].replace("<", "&lt;").replace(">", "&gt;")


def test_redaction_keeps_contact_details_on_the_machine(llm_ctx: Context, fake: FakeOpenAI) -> None:
    llm_ctx.settings.redact = True
    quote = "Sent security pack + SOC 2 report to Kenji ([EMAIL_1]), cc Dana."
    answer = variant(lambda d: d["focus_areas"][0]["evidence"].append({"note_id": "N-1122", "quote": quote}))
    fake.reply(answer)
    pack = prep(llm_ctx)
    prompt = json.dumps(fake.requests[0])
    assert "kenji.ward@example.com" not in prompt and "[EMAIL_1]" in prompt
    assert pack.usage is not None and pack.usage.redacted and pack.usage.contact_details_sent == 0
    assert pack.engine == "openai:test-model"
    assert any("kenji.ward@example.com" in ev.quote for ev in pack.focus_areas[0].evidence)


def test_missing_key_for_remote_url_is_a_clear_error(llm_ctx: Context) -> None:
    llm_ctx.settings.openai_base_url = "https://api.openai.com/v1"
    with pytest.raises(UserError, match="--engine default"):
        prep(llm_ctx)


def test_rep_and_self_use_the_model_and_fall_back(llm_ctx: Context, fake: FakeOpenAI) -> None:
    questions = {"questions": GOOD["questions"][:4]}
    fake.reply(questions)
    plan = get_engine("openai:test-model").rep_plan(llm_ctx, "summit", "Marcus Delgado")
    assert plan.engine == "openai:test-model" and plan.questions[0].deal_id == "D-201"
    fake.reply({"reply": "Send it today and call Graham yourself.", "questions": GOOD["questions"][:3]})
    fake.reply({"reply": "Just send the proposal now.", "questions": GOOD["questions"][:3]})
    reply = get_engine("openai:test-model").self_coach(
        llm_ctx, "summit", "Marcus Delgado", "should I send it?", "D-201"
    )
    assert reply.engine.startswith("default (fallback:")


def test_default_engine_does_not_import_langchain(summit_home: Path) -> None:
    code = (
        "import sys; from assistant.cli_support import open_context; from assistant.engines import get_engine; "
        "ctx = open_context(); get_engine('default').prep(ctx, 'summit', 'D-201'); "
        "print('langchain_openai' in sys.modules, 'openai' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COACH_HOME": str(summit_home), "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.strip() == "False False", result.stderr


def test_eval_chat_cases_reach_the_chosen_engine(llm_ctx: Context, fake: FakeOpenAI) -> None:
    """`coach eval --engine openai:...` runs manager-chat and multi-turn cases on that engine, not the default."""
    from assistant.evals.cases import Case, CaseInput
    from assistant.evals.execute import execute

    fake.reply(GOOD)
    case = Case(id="c", kind="manager_chat", team="summit", input=CaseInput(deal_id="D-201", message="What next?"))
    outcome = execute(llm_ctx, get_engine("openai:test-model"), case)
    assert outcome.error is None and fake.requests, "the chat case never reached the model"
    fake.requests.clear()
    fake.reply({"reply": "What would Dana say?", "questions": GOOD["questions"][:3]})
    case = Case(
        id="m",
        kind="multi_turn",
        team="summit",
        input=CaseInput(rep="Marcus Delgado", deal_id="D-201", messages=["hi"]),
    )
    outcome = execute(llm_ctx, get_engine("openai:test-model"), case)
    assert outcome.error is None and fake.requests


def test_prompts_carry_the_deal_model(llm_ctx: Context, fake: FakeOpenAI) -> None:
    """The model reads the same deal the default engine does: people and access, MEDDPICC, the latest close date."""
    fake.reply(GOOD)
    prep(llm_ctx)
    sent = fake.user_texts()[-1]
    assert "- Graham Osei, CFO: economic buyer, only through contact" in sent
    assert "MEDDPICC: metrics" in sent and "economic buyer gap" in sent
    assert "Forecast close date: 2026-12-15" in sent
