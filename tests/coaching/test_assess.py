"""The assessment catches the gaps the source articles care about, with evidence, and focuses on 1-2."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.coaching.assess import assess_deal
from assistant.context import Context
from assistant.errors import NotFoundError
from tests.coaching.helpers import deal, ingest_rows

CASES = {
    "eb_named_never_met": (
        "proposal",
        "2026-12-15",
        [
            ("2026-10-01", "Call w/ Omar Haddad (Dir. Operations). Omar wants to run the rollout."),
            (
                "2026-10-08",
                "Reyna Solis (COO) signs anything over $50k. Haven't met her; Omar says he'll take it to her.",
            ),
            ("2026-10-20", "Sent proposal to Omar, $120k. Reyna still not met."),
            ("2026-11-02", "Omar: pricing OK, waiting on Reyna. Next step: call 11/09."),
        ],
        "qualification",
        "eb_not_met",
    ),
    "demo_without_quantified_problem": (
        "solution",
        "2026-12-20",
        [
            ("2026-10-01", "Full product demo, 75 minutes: approvals, OCR, vendor portal, reporting builder."),
            ("2026-10-05", "Walked through every feature again; they loved the dashboards."),
            ("2026-10-12", "Didn't ask how many invoices they process or what the manual work costs them."),
            ("2026-11-10", "Next step: proposal 11/20."),
        ],
        "customer_value",
        "pain_not_quantified",
    ),
    "silence_while_close_date_stands": (
        "negotiation",
        "2026-11-30",
        [
            ("2026-09-01", "Met Gwen Harcourt (CFO) with Ahmed; budget confirmed."),
            ("2026-09-20", "Sent the contract. Waiting to hear back."),
            ("2026-10-01", "Left two voicemails for Ahmed, no response since. Close date stays 11/30."),
        ],
        "deal_strategy",
        "no_next_step",
    ),
    "competitor_dismissed": (
        "proposal",
        "2026-12-18",
        [
            ("2026-10-01", "Ahmed mentioned Numbrook is also in the evaluation."),
            ("2026-10-05", "Numbrook is not a real threat, their product is years behind ours."),
            ("2026-11-15", "Next step: pricing call 11/25 with Ahmed Rahimi (Finance Manager)."),
        ],
        "deal_strategy",
        "competitor_dismissed",
    ),
    "rep_does_all_the_talking": (
        "discovery",
        "2027-01-30",
        [
            (
                "2026-10-01",
                "Intro call: I did most of the talking, ran the full platform overview, customer barely spoke.",
            ),
            ("2026-10-10", "Second call, talk time about 85% me; they were mostly on mute."),
            ("2026-11-15", "Next step: demo 11/28."),
        ],
        "call_execution",
        "rep_dominates_talk",
    ),
    "rep_alone_late_at_night": (
        "proposal",
        "2026-12-31",
        [
            ("2026-10-01", "Finished the RFP at 1:30am, didn't want to bother the SE."),
            ("2026-10-12", "Worked all weekend on the security questionnaire myself."),
            ("2026-11-15", "Next step: submission review 11/24."),
        ],
        "time_and_resources",
        "lone_wolf",
    ),
    "thin_pipeline_generic_outreach": (
        "prospecting",
        "2027-03-31",
        [
            ("2026-10-01", "Sent 400-contact generic sequence, 2 replies."),
            (
                "2026-10-15",
                "Pipeline is thin: only two early-stage opportunities this quarter; need more at top of funnel.",
            ),
            ("2026-11-15", "Same template blast to another 300 contacts, no replies yet."),
        ],
        "prospecting",
        "thin_pipeline",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_assessment_catches_gap_with_evidence(ctx: Context, tmp_path: Path, case: str) -> None:
    stage, close, texts, skill, signal = CASES[case]
    ingest_rows(ctx, tmp_path, "t", deal("D-1", stage, close, texts))
    ctx.settings.as_of = None
    a = assess_deal(ctx, "t", "D-1")
    assert signal in a.skills[skill].gap_signals, {s: v.gap_signals for s, v in a.skills.items()}
    assert skill in a.focus
    assert 1 <= len(a.focus) <= 2
    notes = {n.note_id: n.text for n in ctx.catalog.notes("t", deal_id="D-1")}
    for finding in a.skills[skill].gaps:
        assert finding.quote and finding.quote in notes[finding.note_id]


def test_as_of_comes_from_latest_note_and_silence_is_measured(ctx: Context, tmp_path: Path) -> None:
    stage, close, texts, _, _ = CASES["silence_while_close_date_stands"]
    rows = deal("D-1", stage, close, texts) + deal("D-2", "discovery", "2027-02-01", [("2026-11-20", "Intro call.")])
    ingest_rows(ctx, tmp_path, "t", rows)
    a = assess_deal(ctx, "t", "D-1")
    assert str(a.model.as_of) == "2026-11-20" and a.model.days_silent == 50


def test_facts_people_roles_and_competitors(ctx: Context, tmp_path: Path) -> None:
    stage, close, texts, _, _ = CASES["eb_named_never_met"]
    ingest_rows(
        ctx, tmp_path, "t", deal("D-1", stage, close, texts + [("2026-11-03", "Trackwise demoed to Omar last week.")])
    )
    model = assess_deal(ctx, "t", "D-1").model
    assert model.economic_buyer is not None and model.economic_buyer.name == "Reyna Solis"
    assert model.economic_buyer.engagement in ("not_met", "only_through_contact")
    assert model.champion is not None and model.champion.name == "Omar Haddad"
    assert "Trackwise" in {c.name for c in model.competitors}
    assert "Lena Park" not in {p.name for p in model.stakeholders}


def test_unknown_deal_and_team(ctx: Context, tmp_path: Path) -> None:
    ingest_rows(ctx, tmp_path, "t", deal("D-1", "proposal", "2026-12-01", [("2026-10-01", "note")]))
    with pytest.raises(NotFoundError, match="unknown deal"):
        assess_deal(ctx, "t", "D-404")
    with pytest.raises(NotFoundError, match="unknown team"):
        assess_deal(ctx, "other", "D-1")
