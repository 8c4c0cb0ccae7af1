"""Call transcripts in (WebVTT, SRT, plain "Speaker: text", JSON): one note per call, the rep's turns marked,
timestamps kept; the call metrics and the deal model's call-execution evidence quote them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.context import Context
from assistant.errors import UserError
from assistant.ingest import ingest_paths
from assistant.ingest.pipeline import IngestOptions
from assistant.ingest.sources import CallOptions
from assistant.understand.calls import call_metrics

FIXTURES = Path(__file__).parent / "fixtures"


def call(deal: str | None = "D-1", rep: str | None = None, date: str | None = None) -> IngestOptions:
    return IngestOptions(call=CallOptions(deal, rep, date))


def only_note(ctx: Context, team: str = "t") -> str:
    notes = ctx.catalog.notes(team)
    assert len(notes) == 1
    return notes[0].text


@pytest.mark.parametrize(
    ("name", "rep", "first_line", "turns"),
    [
        ("call.vtt", "Dana Whitfield",
         "[00:00:01] Dana Whitfield (rep): Thanks for making time, Priya. What made you look at AP automation now?", 7),
        ("call.srt", "marcus lee",
         "[00:00:02] Marcus Lee (rep): Before I show anything, what does a good claims week look like for you?", 5),
        ("call.txt", "Ana Ruiz",
         "[00:00:03] Ana Ruiz (rep): Thanks for joining, Leah. How are jobs scheduled today?", 6),
        ("call.json", "Ben Okafor",
         "[00:00:00] Ben Okafor (rep): Hannah, thanks for the time. Where did legal land on the MSA?", 5),
    ],
)  # fmt: skip
def test_each_format_becomes_one_timestamped_call_note(
    ctx: Context, name: str, rep: str, first_line: str, turns: int
) -> None:
    report = ingest_paths(ctx, [FIXTURES / name], "t", options=call(rep=rep))
    assert report.added == 1
    text = only_note(ctx)
    assert text.splitlines()[0] == first_line and len(text.splitlines()) == turns
    stats = call_metrics("n", text, set())
    assert stats is not None and stats.turns == turns
    assert stats.monologue.startswith("[00:") and abs(stats.rep_share + stats.customer_share - 1) < 1e-9
    again = ingest_paths(ctx, [FIXTURES / name], "t", options=call(rep=rep))
    assert again.unchanged == 1


def test_srt_captions_of_one_speaker_are_one_turn(ctx: Context) -> None:
    ingest_paths(ctx, [FIXTURES / "call.srt"], "t", options=call(rep="Marcus Lee"))
    line = only_note(ctx).splitlines()[1]
    assert line.startswith("[00:00:06] Janet Cole: Honestly, we want intake under two days. Right now it's five,")
    assert line.endswith("Our CFO, Ian Frost, will only fund it if we can show fewer manual touches per claim.")


def test_vtt_metrics_and_the_deal_model_evidence(ctx: Context) -> None:
    from assistant.understand.service import deal_model

    ingest_paths(ctx, [FIXTURES / "call.vtt"], "t", options=call(rep="Dana Whitfield", date="2026-11-24"))
    stats = call_metrics("n", only_note(ctx), set())
    assert stats is not None
    assert (stats.rep_share, stats.customer_share, stats.longest_monologue) == (0.756, 0.244, 64)
    assert (stats.rep_questions, stats.customer_questions, stats.customer_questions_unanswered) == (1, 2, 1)
    assert stats.unanswered == ["[00:01:05] Priya Nair: How long does the NetSuite integration take?"]
    assert stats.next_steps == [
        "[00:01:20] Dana Whitfield: Yes, I'll send the proposal by Friday and let's schedule a demo with your "
        "controller next week."
    ]
    m = deal_model(ctx, "t", "D-1")
    assert len(m.calls) == 1 and m.calls[0].unanswered == stats.unanswered
    hits = {h.signal: h for h in m.signals if h.method == "transcript"}
    assert hits["rep_dominates_talk"].quote.startswith("[00:00:15] Dana Whitfield: Got it. Let me walk you through")
    assert hits["questions_unanswered"].quote == stats.unanswered[0]
    assert hits["next_step_agreed"].quote == stats.next_steps[0]
    assert str(hits["rep_dominates_talk"].on) == "2026-11-24"


def test_questions_answered_is_a_strength(ctx: Context) -> None:
    ingest_paths(ctx, [FIXTURES / "call.json"], "t", options=call(rep="Ben Okafor"))
    stats = call_metrics("n", only_note(ctx), set())
    assert stats is not None and stats.customer_questions == 1 and stats.customer_questions_unanswered == 0
    assert str(ctx.catalog.notes("t")[0].date) == "2026-11-27"  # the JSON call's own date


def test_the_rep_is_found_by_the_team_rep_names(ctx: Context, tmp_path: Path) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text("deal_id,rep,text\nD-1,Ana Ruiz,Intro email sent to Leah.\n", encoding="utf-8")
    ingest_paths(ctx, [notes], "t")
    report = ingest_paths(ctx, [FIXTURES / "call.txt"], "t", options=call())
    assert report.added == 1
    text = next(n.text for n in ctx.catalog.notes("t") if n.text.startswith("["))
    assert "Ana Ruiz (rep):" in text and "Leah Marsh (rep)" not in text
    assert next(n.rep for n in ctx.catalog.notes("t") if n.text.startswith("[")) == "Ana Ruiz"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


BAD = [
    ("call.vtt", None, None, "a call transcript needs the deal it belongs to: give --deal D"),
    ("call.vtt", "D-1", None,
     "no speaker matches a rep of the team; speakers are 'Dana Whitfield', 'Priya Nair': give --rep-speaker NAME"),
    ("call.vtt", "D-1", "Sam", "--rep-speaker 'Sam' is not a speaker here ('Dana Whitfield', 'Priya Nair')"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "deal", "rep", "message"), BAD, ids=[b[3][:30] for b in BAD])
def test_bad_call_options(ctx: Context, name: str, deal: str | None, rep: str | None, message: str) -> None:
    with pytest.raises(UserError) as info:
        ingest_paths(ctx, [FIXTURES / name], "t", options=call(deal, rep))
    assert str(info.value) == f"{FIXTURES / name}: {message}; nothing was stored"
    assert ctx.catalog.stats("t")["notes"] == 0


MALFORMED = [
    ("bad.vtt", "00:00:01.000 --> 00:00:02.000\nAnn: hi\n", "not a WebVTT file"),
    ("bad.srt", "1\n00:00:01 --> nonsense\nAnn: hi\n", "not an SRT file"),
    ("nospeaker.srt", "1\n00:00:01,000 --> 00:00:02,000\nhello there\n", "the first caption names no speaker"),
    ("one.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>hi\n", "needs at least two speakers"),
    ("plain.txt", "Just some thoughts about the call.\nAnn: hi\n", "line 1: expected 'Speaker: text'"),
    ("call.json", json.dumps({"speakers": [{"id": "a", "name": "Ann"}, {"id": "b", "name": "Bo"}],
                              "utterances": [{"speaker": "c", "start": 1, "text": "hi"}]}),
     "utterance 1: speaker 'c' is not in 'speakers'"),
    ("short.json", json.dumps({"speakers": [{"id": "a", "name": "Ann"}], "utterances": []}),
     "field 'speakers': List should have at least 2 items"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_transcripts_store_nothing(
    ctx: Context, tmp_path: Path, name: str, content: str, message: str
) -> None:
    good = write(tmp_path / "good.csv", "deal_id,text\nD-9,a good note\n")
    path = write(tmp_path / name, content)
    with pytest.raises(UserError) as info:
        ingest_paths(ctx, [good, path], "t", options=call(rep="Ann"))
    assert str(path) in str(info.value) and message in str(info.value)
    assert ctx.catalog.stats("t")["notes"] == 0
