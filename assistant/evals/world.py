"""What the scorers may look at besides the output: the fixture teams' notes and the knowledge base text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..coaching.slots import human_date
from ..context import Context
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
        parts = [f"{p.title} {p.body}" for p in self.kb.principles]
        for s in self.kb.skills:
            parts += [s.title, s.summary, *s.good_looks_like, *s.takeover_traps]
            parts += [g.description for g in (*s.gap_signals, *s.strength_signals)]
        parts += ["MEDDPICC", "Socratic"]
        return "\n".join(parts)

    def corpus(self, notes: list[Note]) -> str:
        """Text an answer about these notes may draw names, numbers and dates from."""
        parts = [n.text for n in notes] + [n.deal_id for n in notes]
        parts += [v for n in notes for v in (n.account, n.rep, n.author) if v]
        for n in notes:
            for d in (n.date, n.close_date):
                if d is not None:
                    parts += [d.isoformat(), human_date(d)]
        return "\n".join(parts) + "\n" + self.knowledge_text
