"""What the scorers may look at besides the output: the fixture teams' notes and the knowledge base text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..context import Context
from ..guard.grounding import knowledge_text, notes_corpus
from ..knowledge import KnowledgeBase
from ..models import Note


@dataclass
class World:
    ctx: Context
    kb: KnowledgeBase

    @cached_property
    def notes(self) -> dict[str, dict[str, Note]]:
        """team -> note id -> note."""
        return {team: {n.note_id: n for n in self.ctx.catalog.notes(team)} for team in self.ctx.catalog.teams()}

    def deal_notes(self, team: str, deal_id: str) -> list[Note]:
        return [n for n in self.notes.get(team, {}).values() if n.deal_id == deal_id]

    def rep_notes(self, team: str, rep: str) -> list[Note]:
        return [n for n in self.notes.get(team, {}).values() if (n.rep or "").lower() == rep.lower()]

    @cached_property
    def knowledge_text(self) -> str:
        return knowledge_text(self.kb)

    def corpus(self, notes: list[Note]) -> str:
        """Text an answer about these notes may draw names, numbers and dates from."""
        return notes_corpus(list(notes), self.knowledge_text)
