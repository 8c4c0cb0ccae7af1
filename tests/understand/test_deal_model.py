"""The deal model reads people, roles, access and gaps from notes written in other styles than ours."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from assistant.context import Context
from assistant.understand.model import DealModel
from assistant.understand.service import deal_model
from tests.coaching.helpers import deal, ingest_rows


def model_of(ctx: Context, tmp_path: Path, texts: list[tuple[str, str]], stage: str = "proposal") -> DealModel:
    ingest_rows(ctx, tmp_path, "t", deal("D-1", stage, "2026-12-15", texts))
    ctx.settings.as_of = None
    return deal_model(ctx, "t", "D-1")


def test_appositive_economic_buyer_named_and_not_met(ctx: Context, tmp_path: Path) -> None:
    m = model_of(
        ctx,
        tmp_path,
        [
            ("2026-10-01", "Call with Dana Whitfield, AP Manager. She wants the approvals module."),
            (
                "2026-10-08",
                "Dana said the CFO, Ilse Brandt, signs anything over 80k, but she'd rather not bring her in "
                "until the numbers are final.",
            ),
        ],
    )
    eb = m.economic_buyer
    assert eb is not None and eb.name == "Ilse Brandt" and eb.title == "CFO"
    assert eb.engagement == "only_through_contact"
    assert m.meddpicc["economic_buyer"].state == "gap"
    assert m.champion is not None and m.champion.name == "Dana Whitfield"


def test_met_cfo_is_not_a_gap(ctx: Context, tmp_path: Path) -> None:
    m = model_of(
        ctx,
        tmp_path,
        [
            ("2026-10-01", "Intro with Omar Haddad (Ops Director); he says the CFO signs off."),
            ("2026-10-20", "Finally got 30 min with their CFO, Reyna Solis; she confirmed budget for Q1."),
        ],
    )
    eb = m.economic_buyer
    assert eb is not None and eb.name == "Reyna Solis" and eb.engagement == "met"
    assert m.meddpicc["economic_buyer"].state == "confirmed"
    assert not any(h.signal == "eb_not_met" and h.method == "stakeholders" for h in m.signals)


def test_transcript_talk_share(ctx: Context, tmp_path: Path) -> None:
    m = model_of(
        ctx,
        tmp_path,
        [
            (
                "2026-10-01",
                "Lena: So let me walk you through the integrations, the API, the connectors and the SSO options, "
                "then the reporting builder and the alerts and the scheduling. | Customer: ok, sure | "
                "Lena: and then there are the mobile apps and the offline mode and the audit trail. | Customer: right",
            )
        ],
        stage="evaluation",
    )
    assert m.calls and m.calls[0].rep_share > 0.8
    assert any(h.signal == "rep_dominates_talk" and h.method == "transcript" for h in m.signals)


def test_header_history_and_risks(ctx: Context, tmp_path: Path) -> None:
    rows = deal("D-1", "Proposal/Price Quote", "2026-10-31", [("2026-09-01", "Sent proposal to Omar Haddad.")])
    rows += deal("D-1", "Negotiation/Review", "2026-11-30", [("2026-10-01", "Omar: pushing to next month.")])
    rows[1]["note_id"] = "D-1-late"
    rows += deal("D-2", "Prospecting", "2027-03-01", [("2026-11-20", "Cold call.")])
    rows[2]["note_id"] = "D-2-n1"
    ingest_rows(ctx, tmp_path, "t", rows)
    ctx.settings.as_of = None
    m = deal_model(ctx, "t", "D-1")
    assert m.stage == "negotiation" and m.stage_label == "Negotiation/Review"
    assert [c.value for c in m.close_history] == ["2026-10-31", "2026-11-30"]
    assert m.latest_note_id == "D-1-late" and m.days_silent == 50
    assert {"no_activity", "no_access_to_power"} <= {r.id for r in m.risks}


def test_stored_model_round_trips_and_is_reused(ctx: Context, tmp_path: Path) -> None:
    m = model_of(ctx, tmp_path, [("2026-10-01", "Met Graham Osei (CFO) about the pilot.")])
    with ctx.catalog.reading() as con:
        rows = con.execute(text("SELECT key, model FROM deal_models WHERE team = 't'")).fetchall()
    assert len(rows) == 1
    assert DealModel.from_dict(json.loads(rows[0][1])) == m


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Nobody has put a number on what the manual keying costs them; we demoed features for an hour.", "gap"),
        ("Their FD confirmed the £120k budget in writing after our meeting with her.", "strength"),
    ],
)
def test_classifier_polarity(ctx: Context, tmp_path: Path, text: str, signal: str) -> None:
    m = model_of(ctx, tmp_path, [("2026-10-01", text)])
    assert any(h.polarity == signal and h.method == "classifier" for h in m.signals), m.signals


def test_a_later_never_met_undoes_a_misread_meeting(ctx: Context, tmp_path: Path) -> None:
    m = model_of(
        ctx,
        tmp_path,
        [
            ("2026-10-01", "Demo with Priya Raman (Ops Manager). The FD, Tomas Berg, signs anything above 200k."),
            ("2026-10-09", "Priya Raman: hi! Tomas says send the pricing and he will have a look."),
            ("2026-10-20", "Pipeline review: 250k and we've never met Tomas. Priya says she'll handle him."),
        ],
    )
    eb = m.economic_buyer
    assert eb is not None and eb.name == "Tomas Berg" and eb.engagement != "met"


@pytest.mark.parametrize(
    "sentence",
    [
        "Felix set up 20 min with the CFO, Dr. Ingrid Maas, next week.",
        "Had the demo today with Ingrid Maas she's the CFO and two of her analysts.",
    ],
)
def test_title_attaches_across_an_honorific_or_a_clause(ctx: Context, tmp_path: Path, sentence: str) -> None:
    m = model_of(ctx, tmp_path, [("2026-10-01", sentence)])
    person = next(p for p in m.stakeholders if p.name == "Ingrid Maas")
    assert person.title == "CFO"
    assert not any(p.name == "the CFO" for p in m.stakeholders)


@pytest.mark.parametrize(
    ("sentence", "name", "title"),
    [
        ("The CFO (Ingrid Maas) likes the price, IT pushed for the other tool.", "Ingrid Maas", "CFO"),
        ("FD = Ingrid Maas, signs >25k. Asked to meet her.", "Ingrid Maas", "FD"),
        ("Referral. Ingrid Maas, Finance & Operations Director. 85 units.", "Ingrid Maas", "Operations Director"),
        ("Call with Ingrid Maas, eigenaar (owner) of the shops.", "Ingrid Maas", "owner"),
        ("Talked with Ingrid Maas, she's the GM, owner's daughter.", "Ingrid Maas", "GM"),
        ("Present: Giulia, CFO Dott. Ingrid Maas, plant director.", "Ingrid Maas", "CFO"),
    ],
)
def test_a_name_beside_a_title_is_a_person_whatever_the_parse_calls_it(
    ctx: Context, tmp_path: Path, sentence: str, name: str, title: str
) -> None:
    m = model_of(ctx, tmp_path, [("2026-10-01", sentence)])
    person = next(p for p in m.stakeholders if p.name == name)
    assert person.title == title


def test_an_opening_verb_is_not_part_of_a_name(ctx: Context, tmp_path: Path) -> None:
    m = model_of(
        ctx,
        tmp_path,
        [
            ("2026-10-01", "Sent Carla (carla.benning@example.com) the deck. Carla Benning runs finance ops."),
            ("2026-10-02", "Emailed Ingrid Maas (CFO) the pricing."),
        ],
    )
    names = {p.name for p in m.stakeholders}
    assert "Sent Carla" not in names and "Carla Benning" in names
    assert "Emailed Ingrid Maas" not in names and "Ingrid Maas" in names
