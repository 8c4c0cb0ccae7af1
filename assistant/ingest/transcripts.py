"""Call transcripts (WebVTT, SRT, plain "Speaker: text", JSON with speakers and timed utterances) into one note.

Subtitles are parsed with webvtt-py and srt. Consecutive captions of one speaker are one turn; each turn
becomes a line "[hh:mm:ss] Speaker (rep): what was said", the rep's turns marked, so the deal model's call
metrics (understand/calls.py) read who talked, and quote the call with its timestamps. The rep's speaker is
`--rep-speaker` or the speaker whose name matches one of the team's reps; a call where neither tells is refused
rather than scored the wrong way round.

JSON format: {"date": "YYYY-MM-DD"?, "speakers": [{"id": "S1", "name": "Dana Whitfield"}],
"utterances": [{"speaker": "S1", "start": 12.5, "end": 20.1, "text": "..."}]} ("end" optional).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .loaders import RecordError, read_text

SUFFIXES = (".vtt", ".srt")
_SPEAKER = re.compile(r"^\s*(?:\[?(?P<at>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)\]?\s*[-–]?\s*)?"
                      r"(?P<who>[^\s:\[][^:\n]{0,40}?)\s*:\s+(?P<said>\S.*)$")  # fmt: skip


@dataclass(frozen=True)
class Turn:
    start: float | None  # seconds from the start of the call
    speaker: str
    text: str


@dataclass(frozen=True)
class Transcript:
    source: str
    turns: list[Turn]
    date: str | None = None


def _speaker_prefix(text: str) -> tuple[str | None, str]:
    m = _SPEAKER.match(text)
    return (m.group("who").strip(), m.group("said").strip()) if m else (None, text.strip())


def _merge(source: str, pieces: list[tuple[float | None, str | None, str]]) -> list[Turn]:
    """Captions into turns: a caption without a speaker continues the previous one."""
    turns: list[Turn] = []
    for start, speaker, text in pieces:
        text = " ".join(text.split())
        if not text:
            continue
        if speaker is None:
            if not turns:
                raise RecordError(source, None, "the first caption names no speaker (expected 'Name: text')")
            speaker = turns[-1].speaker
        if turns and turns[-1].speaker == speaker:
            turns[-1] = Turn(turns[-1].start, speaker, f"{turns[-1].text} {text}")
        else:
            turns.append(Turn(start, speaker, text))
    return turns


def read_vtt(path: Path) -> Transcript:
    import webvtt
    from webvtt.errors import MalformedFileError

    source = str(path)
    try:
        captions = webvtt.from_string(read_text(path))
    except MalformedFileError as exc:
        raise RecordError(source, None, f"not a WebVTT file: {exc}") from None
    pieces: list[tuple[float | None, str | None, str]] = []
    for caption in captions.captions:
        voice = getattr(caption, "voice", None)
        speaker, said = (voice, caption.text) if voice else _speaker_prefix(caption.text)
        pieces.append((caption.start_in_seconds, speaker, said))
    return Transcript(source, _merge(source, pieces))


def read_srt(path: Path) -> Transcript:
    import srt

    source = str(path)
    try:
        subtitles = list(srt.parse(read_text(path)))
    except srt.SRTParseError as exc:
        raise RecordError(source, None, f"not an SRT file: {exc}") from None
    pieces = [(s.start.total_seconds(), *_speaker_prefix(s.content.replace("\n", " "))) for s in subtitles]
    return Transcript(source, _merge(source, pieces))


def _seconds(stamp: str | None) -> float | None:
    if not stamp:
        return None
    parts = [float(p.replace(",", ".")) for p in stamp.split(":")]
    return sum(v * 60**i for i, v in enumerate(reversed(parts)))


def read_plain(path: Path) -> Transcript:
    """'Speaker: text' lines (a leading [mm:ss] or [hh:mm:ss] is the time); other lines continue the turn."""
    source = str(path)
    pieces: list[tuple[float | None, str | None, str]] = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        m = _SPEAKER.match(line)
        if m is None and not pieces:
            raise RecordError(source, f"line {number}", "expected 'Speaker: text' (each turn names its speaker)")
        pieces.append((_seconds(m.group("at")), m.group("who").strip(), m.group("said")) if m else (None, None, line))
    return Transcript(source, _merge(source, pieces))


class _Speaker(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    name: str = Field(min_length=1)


class _Utterance(BaseModel):
    model_config = ConfigDict(extra="forbid")
    speaker: str
    start: float = Field(ge=0)
    end: float | None = Field(default=None, ge=0)
    text: str


class _Call(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: str | None = None
    speakers: list[_Speaker] = Field(min_length=2)
    utterances: list[_Utterance] = Field(min_length=1)


def is_json_transcript(data: Any) -> bool:
    return isinstance(data, dict) and "utterances" in data


def read_json_call(path: Path) -> Transcript:
    source = str(path)
    try:
        call = _Call.model_validate(json.loads(read_text(path)))
    except json.JSONDecodeError as exc:
        raise RecordError(source, f"line {exc.lineno}", f"invalid JSON: {exc.msg}") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "call"
        raise RecordError(source, None, f"field {field!r}: {err['msg']}") from None
    names = {s.id: s.name for s in call.speakers}
    pieces: list[tuple[float | None, str | None, str]] = []
    for number, u in enumerate(call.utterances, start=1):
        if u.speaker not in names:
            raise RecordError(source, f"utterance {number}", f"speaker {u.speaker!r} is not in 'speakers'")
        pieces.append((u.start, names[u.speaker], u.text))
    return Transcript(source, _merge(source, sorted(pieces, key=lambda p: p[0] or 0.0)), call.date)


def is_transcript(path: Path) -> bool:
    """VTT and SRT always; a .json object with utterances; a .txt without front matter."""
    suffix = path.suffix.lower()
    if suffix in SUFFIXES:
        return True
    if suffix == ".json":
        head = path.read_bytes()[:4096].lstrip()
        return head.startswith(b"{") and b'"utterances"' in path.read_bytes()
    if suffix == ".txt":
        return not path.read_bytes().lstrip(b"\xef\xbb\xbf").lstrip().startswith(b"---")
    return False


def read_transcript(path: Path) -> Transcript:
    reader = {".vtt": read_vtt, ".srt": read_srt, ".json": read_json_call}.get(path.suffix.lower(), read_plain)
    transcript = reader(path)
    if len({t.speaker for t in transcript.turns}) < 2:
        raise RecordError(str(path), None, "a call transcript needs at least two speakers")
    return transcript


def stamp(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = int(seconds)
    return f"[{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}] "


def rep_speaker(transcript: Transcript, given: str | None, rep_names: list[str]) -> str:
    """The speaker who is our rep: --rep-speaker, else the one speaker whose name matches a team rep."""
    speakers = list(dict.fromkeys(t.speaker for t in transcript.turns))
    listed = ", ".join(repr(s) for s in speakers)
    if given:
        match = [s for s in speakers if s.lower() == given.strip().lower()]
        if not match:
            raise RecordError(transcript.source, None, f"--rep-speaker {given!r} is not a speaker here ({listed})")
        return match[0]
    reps = {n.lower() for n in rep_names} | {n.split()[0].lower() for n in rep_names if n.split()}
    found = [s for s in speakers if s.lower() in reps or s.split()[0].lower() in reps]
    if len(found) != 1:
        why = "no speaker matches a rep of the team" if not found else f"several speakers match team reps ({found})"
        raise RecordError(transcript.source, None, f"{why}; speakers are {listed}: give --rep-speaker NAME")
    return found[0]


def render(transcript: Transcript, rep: str) -> str:
    """The note text: one line per turn, timestamped, the rep's turns marked '(rep)'."""
    return "\n".join(
        f"{stamp(t.start)}{t.speaker}{' (rep)' if t.speaker == rep else ''}: {t.text}" for t in transcript.turns
    )
