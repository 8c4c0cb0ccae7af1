"""A good prep draft for the sample team's deal D-201 (Harlow Logistics), variants of it, and the call under test."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from assistant.context import Context
from assistant.engines import get_engine
from assistant.schemas import PrepPack

GOOD: dict[str, Any] = {
    "focus_areas": [
        {
            "skill": "qualification",
            "why": "Graham Osei signs but the rep has never met him; everything goes through Dana Whitfield.",
            "evidence": [
                {
                    "note_id": "N-1160",
                    "quote": "Graham Osei (CFO, signs >$100k) still not met after 3 months; "
                    "all contact goes through Dana.",
                }
            ],
        }
    ],
    "questions": [
        {
            "text": "Where does the Harlow Logistics deal stand in Dana Whitfield's words?",
            "type": "clarify",
            "skill": "qualification",
            "purpose": "p",
            "listen_for": "l",
            "citations": ["N-1142"],
        },
        {
            "text": "What tells you Graham Osei will sign for Harlow Logistics?",
            "type": "evidence",
            "skill": "qualification",
            "purpose": "p",
            "listen_for": "l",
            "citations": ["N-1160"],
        },
        {
            "text": "What are we assuming about Graham Osei's priorities?",
            "type": "assumption",
            "skill": "qualification",
            "purpose": "p",
            "listen_for": "l",
            "citations": ["N-1160"],
        },
        {
            "text": "How would Graham Osei compare us with Tallyforge?",
            "type": "perspective",
            "skill": "qualification",
            "purpose": "p",
            "listen_for": "l",
            "citations": ["N-1155"],
        },
        {
            "text": "What happens at signature if Graham Osei never hears the business case?",
            "type": "implication",
            "skill": "qualification",
            "purpose": "p",
            "listen_for": "l",
            "citations": ["N-1160"],
        },
        {
            "text": "What will you have learned from Dana Whitfield before our next review?",
            "type": "commitment",
            "skill": "qualification",
            "purpose": "p",
            "listen_for": "l",
            "citations": ["N-1142"],
        },
    ],
    "avoid": ["Calling Graham Osei yourself"],
}


def variant(change: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    change(data)
    return data


def prep(ctx: Context) -> PrepPack:
    return get_engine("openai:test-model").prep(ctx, "summit", "D-201")
