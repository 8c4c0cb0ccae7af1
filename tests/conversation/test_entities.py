"""The entity linker over the writers' team sheet (the sample team): ids in any format, fuzzy names, "did you mean",
and id-like tokens that are never deals."""

from __future__ import annotations

import json

import pytest

from assistant.conversation.dataset import CHAT_DIR, team_table
from assistant.conversation.entities import Linker, mask

GAZ = team_table()
LINKER = Linker(GAZ)
MARCUS_DEALS = frozenset(d.deal_id for d in GAZ.rep_deals("Marcus Delgado"))


@pytest.mark.parametrize(
    ("text", "deal"),
    [
        ("prep D-201", "D-201"),
        ("prep d201 pls", "D-201"),
        ("D 201 review", "D-201"),
        ("d-201?", "D-201"),
        ("what about d_212", "D-212"),
        ("#206 pls", "D-206"),
        ("prep 209", "D-209"),
        ("shld i call yusuf on \"208\"", "D-208"),
        ("the harlow deal", "D-201"),
        ("im stuck on harlwo", "D-201"),
        ("Kestrel next week", "D-209"),
        ("quarry lane is slow", "D-205"),
        ("the dental one", "D-204"),
        ("get me ready for copperline", "D-212"),
        ("orchard valley credit union", "D-203"),
        ("the granite deal", "D-207"),
    ],
)
def test_deals_in_any_format(text: str, deal: str) -> None:
    assert LINKER.link(text).deals == [deal]


@pytest.mark.parametrize(
    "text",
    [
        "they want ROI by FY2026",
        "ISO-27001 is the blocker",
        "Q3-2026 forecast",
        "is SOC-2 done",
        "PO-1182 arrived",
        "SKU-44 and V2 and 2FA",
        "H1 goals, GDPR",
        "D-2019 is not a deal",
        "a little help please",
        "peak season, credit card, union rules",
        "closes on the 30th, 210k, net 90",
    ],
)
def test_ordinary_words_and_id_like_tokens_are_no_deal(text: str) -> None:
    m = LINKER.link(text)
    assert m.deals == [] and m.deal_choices == [] and m.unknown_ids == []


def test_the_id_like_test_set_links_no_deal_from_its_tokens() -> None:
    rows = [json.loads(line) for line in (CHAT_DIR / "id_like_tokens.jsonl").read_text().splitlines()]
    assert len(rows) >= 50
    for row in rows:
        for token in row["tokens"]:
            m = LINKER.link(token)
            assert m.deals == [] and m.unknown_ids == [], (row["text"], token)


def test_an_unknown_id_shaped_like_the_teams_is_kept_for_the_answer() -> None:
    assert LINKER.link("prep D-999").unknown_ids == ["D-999"]


def test_a_word_of_two_accounts_is_a_did_you_mean() -> None:
    m = LINKER.link("the foods deal")
    assert m.deals == [] and sorted(m.deal_choices) == ["D-219", "D-220"]


@pytest.mark.parametrize(
    ("text", "rep"),
    [("how's marcus doing", "Marcus Delgado"), ("plan for marcs", "Marcus Delgado"), ("Jenna Okafor?", "Jenna Okafor"),
     ("aisha's development plan", "Aisha Brandt"), ("and for Sofia?", "Sofia Lindqvist")],
)  # fmt: skip
def test_reps_by_full_or_first_name(text: str, rep: str) -> None:
    assert LINKER.link(text).reps == [rep]


def test_people_full_names_and_first_names_on_the_deals_in_scope() -> None:
    assert LINKER.link("what does Graham Osei want").people == ["Graham Osei"]
    assert LINKER.link("draft f/u email to graham re ROI", MARCUS_DEALS).people == ["Graham Osei"]
    assert LINKER.person_deals("Graham Osei") == ["D-201"]


def test_competitors_skills_topics_and_titles() -> None:
    m = LINKER.link("questions about the CFO and tallyforge pricing, qualification")
    assert m.competitors == ["Tallyforge"] and "qualification" in m.skills
    assert m.topics == ["pricing"] and "cfo" in m.titles
    assert LINKER.link("what about the competitor?").topics == ["competition"]


def test_masking_replaces_every_name_by_its_kind() -> None:
    text = "what should I ask Marcus about Harlow and Graham Osei vs Tallyforge, FY2026?"
    assert mask(text, LINKER.link(text)) == (
        "what should I ask REPNAME about DEALREF and PERSONNAME vs COMPETITOR, FY2026?"
    )
