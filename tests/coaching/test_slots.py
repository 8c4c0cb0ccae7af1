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
