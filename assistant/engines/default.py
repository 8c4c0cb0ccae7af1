"""The embedded default engine: deterministic, offline, no LLM."""

from __future__ import annotations

from ..context import Context
from ..schemas import PrepPack
from .base import Engine


class DefaultEngine(Engine):
    id = "default"
    deterministic = True

    def prep(self, ctx: Context, team: str, deal_id: str) -> PrepPack:
        from ..coaching.prep import prep_pack

        return prep_pack(ctx, team, deal_id, engine=self.id)
