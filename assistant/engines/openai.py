"""The LLM engine: any OpenAI-compatible model, guarded, grounded, with one repair round and a fallback.

The default engine's assessment comes first (facts, signals, focus); the model writes the coaching on top
of it from delimited, untrusted notes of this deal only. Whatever fails the guard is named in a repair call;
what still fails is dropped; if too little is left, or the call fails, the default engine answers and says so.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from ..coaching.prep import prep_pack
from ..coaching.rep_plan import rep_plan
from ..coaching.self_coach import self_coach
from ..coaching.team import team_profile
from ..context import Context
from ..guard.grounding import knowledge_text, notes_corpus, unsupported
from ..knowledge import MEDDPICC
from ..knowledge_index import sync_knowledge
from ..llm import prompts
from ..llm.checks import (
    Problem,
    focus_problems,
    keep_valid_focus,
    keep_valid_questions,
    question_problems,
    text_problems,
)
from ..llm.client import CallResult, LLMClient, LLMError, LLMOutputError
from ..llm.context import Redactor, contact_details, encoding_for, pack_notes
from ..models import Note
from ..schemas import (
    PrepDraft,
    PrepPack,
    QuestionsDraft,
    RepPlan,
    RepQuestion,
    SelfDraft,
    SelfQuestion,
    SelfReply,
    Usage,
)
from ..tokens import count_tokens
from ..understand.model import DealModel
from ..understand.service import deal_model
from .base import Engine

FALLBACKS: Counter[str] = Counter()  # reason -> count, exported by the service's /metrics
D = TypeVar("D", bound=BaseModel)


class OpenAIEngine(Engine):
    def __init__(self, model: str) -> None:
        self.model = model
        self.id = f"openai:{model}"

    # -- the shared loop: render, call, check, repair once, keep what passes ----------------------------
    def _run(
        self,
        ctx: Context,
        task: str,
        values: dict[str, Any],
        ranked: list[Note],
        schema: type[D],
        check: Callable[[D], list[Problem]],
    ) -> tuple[D, Usage]:
        settings = ctx.settings
        client = LLMClient(settings, self.model)  # a missing key is a UserError, not a fallback
        redactor = Redactor(settings.redact)
        encoding = encoding_for(self.model)
        empty = prompts.messages(task, {**values, "notes": ""})
        fixed = sum(count_tokens(str(m.content), encoding) + 4 for m in empty)
        chosen, notes_text = pack_notes(ranked, fixed, settings.llm_prompt_budget, redactor, encoding)
        messages = prompts.messages(
            task, {**{k: redactor.redact(str(v)) for k, v in values.items()}, "notes": notes_text}
        )
        usage = Usage(
            model=self.model,
            prompt_tokens=0,
            completion_tokens=0,
            calls=0,
            context_notes=len(chosen),
            prompt_budget=settings.llm_prompt_budget,
            redacted=settings.redact,
            contact_details_sent=sum(len(contact_details(str(m.content))) for m in messages),
        )
        draft: D | None = None
        raw = ""
        try:
            result = self._timed(usage, client, messages, schema)
            draft, raw = self._restore(result, redactor, schema), result.raw
            problems = self._checked(usage, check, draft)
        except LLMOutputError as exc:
            problems, raw = [Problem("output", exc.reason)], exc.raw
        usage.problems_first = usage.problems_final = len(problems)
        if problems:
            from langchain_core.messages import AIMessage

            repair = [*messages, AIMessage(raw or "{}"), prompts.repair_message([str(p) for p in problems[:20]])]
            try:
                draft = self._restore(self._timed(usage, client, repair, schema), redactor, schema)
                usage.problems_final = len(self._checked(usage, check, draft))
            except LLMOutputError as exc:
                if draft is None:
                    raise LLMError(exc.reason) from None
        assert draft is not None
        return draft, usage

    @staticmethod
    def _restore(result: CallResult, redactor: Redactor, schema: type[D]) -> D:
        data = redactor.restore(result.parsed.model_dump(mode="json"))
        return schema.model_validate(data)

    @staticmethod
    def _timed(usage: Usage, client: LLMClient, messages: list[Any], schema: type[D]) -> CallResult:
        started = time.perf_counter()
        usage.calls += 1
        try:
            result = client.call(messages, schema)
        finally:
            usage.llm_ms += round((time.perf_counter() - started) * 1000, 1)
        usage.prompt_tokens += result.prompt_tokens
        usage.completion_tokens += result.completion_tokens
        return result

    @staticmethod
    def _checked(usage: Usage, check: Callable[[D], list[Problem]], draft: D) -> list[Problem]:
        started = time.perf_counter()
        problems = check(draft)
        usage.guard_ms += round((time.perf_counter() - started) * 1000, 2)
        return problems

    def _fallback(self, answer: Any, reason: str) -> Any:
        FALLBACKS[reason] += 1
        return answer.model_copy(update={"engine": f"default (fallback: {reason})"})

    # -- tasks ---------------------------------------------------------------------------------------------
    def prep(self, ctx: Context, team: str, deal_id: str) -> PrepPack:
        base = prep_pack(ctx, team, deal_id)  # validates team and deal; the fallback answer
        kb = sync_knowledge(ctx)
        notes = {n.note_id: n for n in team_profile(ctx, team).notes_by_deal[deal_id]}
        corpus = notes_corpus(list(notes.values()), knowledge_text(kb))
        cited = [ev.note_id for a in base.focus_areas for ev in a.evidence] + [
            c for q in base.questions for c in q.citations
        ]
        ranked = _ranked(notes, cited)
        model = deal_model(ctx, team, deal_id)
        values = {
            "deal_id": deal_id,
            "account": model.account or deal_id,
            "stage": model.stage or "unknown",
            "rep": model.rep or "unknown",
            "close_date": model.close_date.isoformat() if model.close_date else "unknown",
            "deal": deal_facts(model),
            "assessment": _assessment(base),
            "principles": "\n".join(f"- {p.title}" for p in base.principles),
        }

        def check(d: PrepDraft) -> list[Problem]:
            return focus_problems(d.focus_areas, notes, corpus) + question_problems(d.questions, notes, corpus)

        try:
            draft, usage = self._run(ctx, "prep", values, ranked, PrepDraft, check)
        except LLMError as exc:
            return self._fallback(base, exc.reason)
        questions = keep_valid_questions(draft.questions, notes, corpus)
        focus = keep_valid_focus(draft.focus_areas, notes, corpus)
        if len(questions) < 5 or not focus:
            return self._fallback(
                base.model_copy(update={"usage": usage}),
                f"guard: {len(draft.questions) - len(questions)} questions failed after repair",
            )
        avoid = [a for a in draft.avoid if not unsupported(a, corpus)] or base.avoid
        return base.model_copy(
            update={
                "engine": self.id,
                "focus_areas": focus,
                "questions": questions[:10],
                "avoid": avoid,
                "usage": usage,
            }
        )

    def rep_plan(self, ctx: Context, team: str, rep: str) -> RepPlan:
        base = rep_plan(ctx, team, rep)
        kb = sync_knowledge(ctx)
        profile = team_profile(ctx, team)
        notes = {n.note_id: n for d in base.deals for n in profile.notes_by_deal[d]}
        corpus = notes_corpus(list(notes.values()), knowledge_text(kb))
        cited = [e.note_id for a in base.focus_areas for e in a.evidence]
        values = {
            "rep": base.rep,
            "deals": ", ".join(base.deals),
            "assessment": "\n".join(f"- {a.skill}: {a.why}" for a in base.focus_areas),
        }
        try:
            draft, usage = self._run(
                ctx,
                "rep",
                values,
                _ranked(notes, cited),
                QuestionsDraft,
                lambda d: question_problems(d.questions, notes, corpus),
            )
        except LLMError as exc:
            return self._fallback(base, exc.reason)
        questions = keep_valid_questions(draft.questions, notes, corpus)
        if len(questions) < 3:
            return self._fallback(base, "guard: too few valid questions after repair")
        converted = [
            RepQuestion(
                text=q.text, type=q.type, skill=q.skill, deal_id=notes[q.citations[0]].deal_id, citations=q.citations
            )
            for q in questions
        ]
        return base.model_copy(update={"engine": self.id, "questions": converted, "usage": usage})

    def self_coach(self, ctx: Context, team: str, rep: str, message: str, deal_id: str | None) -> SelfReply:
        base = self_coach(ctx, team, rep, message, deal_id)
        kb = sync_knowledge(ctx)
        assert base.deal_id is not None
        notes = {n.note_id: n for n in team_profile(ctx, team).notes_by_deal[base.deal_id]}
        corpus = notes_corpus(list(notes.values()), knowledge_text(kb))
        model = deal_model(ctx, team, base.deal_id)
        values = {
            "rep": base.rep,
            "message": message.replace("{", "(").replace("}", ")"),
            "deal_id": base.deal_id,
            "account": model.account or base.deal_id,
            "stage": model.stage or "unknown",
            "deal": deal_facts(model),
            "assessment": "\n".join(f"- {q.skill}: {q.text}" for q in base.questions),
        }

        def check(d: SelfDraft) -> list[Problem]:
            return text_problems("reply", d.reply, corpus) + question_problems(d.questions, notes, corpus)

        try:
            draft, usage = self._run(ctx, "self", values, _ranked(notes, []), SelfDraft, check)
        except LLMError as exc:
            return self._fallback(base, exc.reason)
        questions = keep_valid_questions(draft.questions, notes, corpus)
        if len(questions) < 2 or text_problems("reply", draft.reply, corpus):
            return self._fallback(base, "guard: reply or questions failed after repair")
        converted = [SelfQuestion(text=q.text, type=q.type, skill=q.skill, citations=q.citations) for q in questions]
        return base.model_copy(
            update={"engine": self.id, "reply": draft.reply, "questions": converted[:5], "usage": usage}
        )


def _ranked(notes: dict[str, Note], first: list[str]) -> list[Note]:
    """Most relevant first: notes the assessment cites (in order), then the rest, newest first."""
    order = list(dict.fromkeys(n for n in first if n in notes))
    rest = sorted(
        (n for n in notes.values() if n.note_id not in order),
        key=lambda n: (n.date.isoformat() if n.date else "", n.note_id),
        reverse=True,
    )
    return [notes[n] for n in order] + rest


def deal_facts(model: DealModel) -> str:
    """The deal model as the prompt's facts: people and access, MEDDPICC, risks, next step, competitors."""
    lines = []
    for p in model.stakeholders:
        title = f", {p.title}" if p.title else ""
        lines.append(f"- {p.name}{title}: {p.relation.replace('_', ' ')}, {p.engagement.replace('_', ' ')}")
    states = ", ".join(f"{e.replace('_', ' ')} {model.meddpicc[e].state}" for e in MEDDPICC if e in model.meddpicc)
    lines.append(f"- MEDDPICC: {states}")
    lines += [f"- risk {r.id.replace('_', ' ')}: {r.detail}" for r in model.risks]
    step = model.next_step
    lines.append(f"- next step: {step.what}" if step else "- next step: none recorded")
    if model.competitors:
        lines.append("- competitors: " + ", ".join(f"{c.name} ({c.status})" for c in model.competitors))
    return "\n".join(lines)


def _assessment(pack: PrepPack) -> str:
    lines = []
    for area in pack.focus_areas:
        lines.append(f"- FOCUS {area.skill}: {area.why}")
        lines += [f"  evidence {ev.note_id}: {ev.quote}" for ev in area.evidence]
    lines += [f"- {s.skill}: score {s.score}, gaps {', '.join(s.gaps) or 'none'}" for s in pack.skills]
    return "\n".join(lines)
