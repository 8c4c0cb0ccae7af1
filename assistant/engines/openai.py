"""The LLM engine: any OpenAI-compatible model, guarded, grounded, with one repair round and a fallback.

The default engine's assessment comes first (facts, signals, focus); the model writes the coaching on top
of it from delimited, untrusted notes of this deal only. Whatever fails the guard is named in a repair call;
what still fails is dropped; if too little is left, or anything goes wrong on the way (the call, the stream,
the parsing, the checks), the default engine answers and says so: never an error for the user.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from typing import TypeVar

from ..coaching.prep import prep_pack
from ..coaching.rep_plan import rep_plan
from ..coaching.self_coach import self_coach
from ..coaching.team import team_profile
from ..context import Context
from ..guard.grounding import knowledge_text, notes_corpus
from ..knowledge_index import sync_knowledge
from ..llm.answer import draft_answer
from ..llm.checks import (
    Problem,
    avoid_problems,
    focus_problems,
    keep_valid_avoid,
    keep_valid_focus,
    keep_valid_questions,
    question_problems,
    text_problems,
)
from ..llm.client import LLMClient, LLMError
from ..schemas import (
    PrepDraft,
    PrepPack,
    QuestionsDraft,
    RepPlan,
    RepQuestion,
    SelfDraft,
    SelfQuestion,
    SelfReply,
)
from ..understand.service import deal_model
from .base import Engine, fallback_engine
from .prompt_values import assessment_text, deal_facts, prep_fields, ranked_notes, rep_values, self_values

log = logging.getLogger("assistant.engines")
FALLBACKS: Counter[str] = Counter()  # reason -> count in this process (the service counts its own answers)
A = TypeVar("A", PrepPack, RepPlan, SelfReply)


class OpenAIEngine(Engine):
    def __init__(self, model: str) -> None:
        self.model = model
        self.id = f"openai:{model}"

    def _guarded(self, base: A, produce: Callable[[], A]) -> A:
        """The model's answer, or `base` marked as a fallback with the reason: nothing raised gets past here."""
        try:
            return produce()
        except LLMError as exc:
            return self._fallback(base, exc.reason)
        except Exception as exc:  # a bug or a library failure on the way must not cost the user the answer
            log.warning("%s failed, falling back: %r", self.id, exc)
            return self._fallback(base, f"engine error ({type(exc).__name__})")

    def _fallback(self, answer: A, reason: str) -> A:
        FALLBACKS[reason] += 1
        return answer.model_copy(update={"engine": fallback_engine(reason)})

    # -- tasks: the default answer first (it validates the ids and is the fallback), then the model -------
    def prep(self, ctx: Context, team: str, deal_id: str) -> PrepPack:
        base = prep_pack(ctx, team, deal_id)
        client = LLMClient(ctx.settings, self.model)  # a missing key is a UserError, not a fallback
        return self._guarded(base, lambda: self._prep(ctx, client, base))

    def _prep(self, ctx: Context, client: LLMClient, base: PrepPack) -> PrepPack:
        team, deal_id = base.team, base.deal_id
        notes = {n.note_id: n for n in team_profile(ctx, team).notes_by_deal[deal_id]}
        corpus = notes_corpus(list(notes.values()), knowledge_text(sync_knowledge(ctx)))
        cited = [ev.note_id for a in base.focus_areas for ev in a.evidence] + [
            c for q in base.questions for c in q.citations
        ]
        model = deal_model(ctx, team, deal_id)
        values = {
            **prep_fields(deal_id, model),
            "deal": deal_facts(model),
            "assessment": assessment_text(base),
            "principles": "\n".join(f"- {p.title}" for p in base.principles),
        }

        def check(d: PrepDraft) -> list[Problem]:
            return (
                focus_problems(d.focus_areas, notes, corpus)
                + question_problems(d.questions, notes, corpus)
                + avoid_problems(d.avoid, corpus)
            )

        draft, usage = draft_answer(ctx.settings, client, "prep", values, ranked_notes(notes, cited), PrepDraft, check)
        questions = keep_valid_questions(draft.questions, notes, corpus)
        focus = keep_valid_focus(draft.focus_areas, notes, corpus)
        if len(questions) < 5 or not focus:
            return self._fallback(
                base.model_copy(update={"usage": usage}),
                f"guard: {len(draft.questions) - len(questions)} questions failed after repair",
            )
        update = {
            "engine": self.id,
            "focus_areas": focus,
            "questions": questions[:10],
            "avoid": keep_valid_avoid(draft.avoid, corpus) or base.avoid,
            "usage": usage,
        }
        return base.model_copy(update=update)

    def rep_plan(self, ctx: Context, team: str, rep: str) -> RepPlan:
        base = rep_plan(ctx, team, rep)
        client = LLMClient(ctx.settings, self.model)
        return self._guarded(base, lambda: self._rep_plan(ctx, client, base))

    def _rep_plan(self, ctx: Context, client: LLMClient, base: RepPlan) -> RepPlan:
        profile = team_profile(ctx, base.team)
        notes = {n.note_id: n for d in base.deals for n in profile.notes_by_deal[d]}
        corpus = notes_corpus(list(notes.values()), knowledge_text(sync_knowledge(ctx)))
        cited = [e.note_id for a in base.focus_areas for e in a.evidence]
        draft, usage = draft_answer(
            ctx.settings,
            client,
            "rep",
            rep_values(base),
            ranked_notes(notes, cited),
            QuestionsDraft,
            lambda d: question_problems(d.questions, notes, corpus),
        )
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

    def self_coach(
        self, ctx: Context, team: str, rep: str, message: str, deal_id: str | None, intent: str | None = None
    ) -> SelfReply:
        base = self_coach(ctx, team, rep, message, deal_id, intent=intent)
        client = LLMClient(ctx.settings, self.model)
        return self._guarded(base, lambda: self._self_coach(ctx, client, base, message))

    def _self_coach(self, ctx: Context, client: LLMClient, base: SelfReply, message: str) -> SelfReply:
        if base.deal_id is None:
            raise LLMError("no deal to coach on")
        notes = {n.note_id: n for n in team_profile(ctx, base.team).notes_by_deal[base.deal_id]}
        corpus = notes_corpus(list(notes.values()), knowledge_text(sync_knowledge(ctx)))
        values = self_values(base, message, deal_model(ctx, base.team, base.deal_id))

        def check(d: SelfDraft) -> list[Problem]:
            return text_problems("reply", d.reply, corpus) + question_problems(d.questions, notes, corpus)

        draft, usage = draft_answer(ctx.settings, client, "self", values, ranked_notes(notes, []), SelfDraft, check)
        questions = keep_valid_questions(draft.questions, notes, corpus)
        if len(questions) < 2 or text_problems("reply", draft.reply, corpus):
            return self._fallback(base, "guard: reply or questions failed after repair")
        converted = [SelfQuestion(text=q.text, type=q.type, skill=q.skill, citations=q.citations) for q in questions]
        return base.model_copy(
            update={"engine": self.id, "reply": draft.reply, "questions": converted[:5], "usage": usage}
        )
