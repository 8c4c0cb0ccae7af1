"""Claims a question can test: verbatim pieces of the focus evidence, cut where sentences end (not at "approx.")
and led by what a customer is quoted as saying."""

from __future__ import annotations

from assistant.coaching.slots import claim_pieces, claims, quoted_pieces
from assistant.understand.model import SignalHit


def hit(quote: str, note_id: str = "N-1") -> SignalHit:
    return SignalHit("qualification", "eb_not_met", "gap", note_id, quote, "classifier", 0.9)


def test_an_abbreviation_does_not_end_a_claim() -> None:
    pieces = claim_pieces(hit("Ran the full demo, approx. 60 minutes of it. Nobody asked about the pricing tiers."))
    assert pieces == ["Ran the full demo, approx. 60 minutes of it", "Nobody asked about the pricing tiers"]


def test_a_full_stop_before_a_new_sentence_still_cuts() -> None:
    assert claim_pieces(hit("Sent the proposal to Dave on Monday. He has not replied since then.")) == [
        "Sent the proposal to Dave on Monday",
        "He has not replied since then",
    ]


def test_the_customers_own_words_are_a_claim_and_come_first() -> None:
    evidence = [
        hit("Contract went over to the ops team on Friday afternoon.", "N-1"),
        hit('Kylie said "leave it with me, I will talk to him" and hung up.', "N-2"),
    ]
    assert quoted_pieces(evidence[1]) == ["leave it with me, I will talk to him"]
    first = claims(evidence)[0]
    assert (first.value, first.note_id) == ("leave it with me, I will talk to him", "N-2")


def test_a_quoted_question_or_two_words_is_no_claim() -> None:
    assert quoted_pieces(hit('He asked "can you do it cheaper?" and then "fine, ok".')) == []


def test_a_long_sentence_gives_its_clauses() -> None:
    pieces = claim_pieces(
        hit(
            "Priya, Kylie is friendly but she's an engineer two levels below Craig and she's now arguing online "
            "monitoring vs a 4-weekly route on her own, with a blank template"
        )
    )
    assert "but she's an engineer two levels below Craig" in pieces
    assert all(len(p.split()) <= 16 for p in pieces)


def test_a_managers_comment_quotes_the_fact_not_the_reps_name() -> None:
    pieces = claim_pieces(
        hit("Oliver, by my count ~6 days on a 14k deal this month, while St Aidan's (240k) has had one call")
    )
    assert pieces[0] == "by my count ~6 days on a 14k deal this month"


def test_a_cut_never_leaves_half_a_bracket_or_a_lists_tail() -> None:
    pieces = claim_pieces(
        hit(
            "34 contacts from purchased list (lab managers, IT), same template email with LIMS + integration "
            "brochure attached. But at 98k we don't know the criteria, who sits on the committee, when it meets, "
            "or how a contract gets signed in a group with a board"
        )
    )
    assert pieces == [
        "same template email with LIMS + integration brochure attached",
        "But at 98k we don't know the criteria",
    ]
