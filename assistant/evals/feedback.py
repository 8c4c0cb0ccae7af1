"""Turn thumbs-down feedback from the service into draft eval cases a person reviews before keeping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..context import Context
from ..store.audit import AuditLog

KIND_BY_ANSWER = {
    "prep": "prep",
    "rep_plan": "rep_plan",
    "self": "self",
    "chat_manager": "manager_chat",
    "chat_rep": "multi_turn",
}


def draft_cases(ctx: Context, out_file: Path) -> int:
    target = ctx.settings.store_target("audit")
    if isinstance(target, Path) and not target.exists():
        return 0
    audit = AuditLog(target)
    drafts: list[dict[str, Any]] = []
    for fb in audit.feedback(negative_only=True):
        answer = audit.answer(fb["answer_id"]) if fb["answer_id"] else None
        if answer is None:
            continue
        request = answer["request"] if isinstance(answer["request"], dict) else {}
        kind = KIND_BY_ANSWER.get(answer["kind"], "self")
        inp = {k: v for k, v in request.items() if k in ("deal_id", "rep", "message", "messages") and v}
        if kind == "multi_turn" and "messages" not in inp and "message" in inp:
            inp["messages"] = [inp.pop("message")]
        drafts.append(
            {
                "id": f"feedback-{fb['id']}",
                "kind": kind,
                "team": fb["team"],
                "description": f"DRAFT from thumbs-down: {fb['comment'] or '(no comment)'}",
                "input": inp,
                "expect": {},
                "tags": ["from_feedback", "draft"],
            }
        )
    if drafts:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_text(yaml.safe_dump({"cases": drafts}, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return len(drafts)
