"""Input files -> raw records, with every file's problems collected instead of stopping at the first file.

Tables (CSV, .xlsx) keep their headers as exported, for the column mapping; call transcripts (VTT, SRT, a
JSON call, a .txt without front matter) become one record each for the deal given with `--deal`; the rest
go through the note readers in loaders.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .loaders import TOO_DEEP, RawRecord, RecordError, read_file
from .tables import read_csv_table, read_xlsx_table
from .transcripts import is_transcript as _is_transcript
from .transcripts import read_transcript, render, rep_speaker


@dataclass
class CallOptions:
    """For call transcripts: the deal they belong to, the rep's speaker label, the call's date."""

    deal: str | None = None
    rep_speaker: str | None = None
    date: str | None = None


@dataclass
class Loaded:
    records: list[RawRecord] = field(default_factory=list)
    tabular: set[str] = field(default_factory=set)
    problems: list[RecordError] = field(default_factory=list)


def _transcript(path: Path, call: CallOptions, rep_names: list[str]) -> RawRecord:
    source = str(path)
    if not call.deal:
        hint = " (a note .txt starts with '---' front matter)" if path.suffix.lower() == ".txt" else ""
        raise RecordError(source, None, f"a call transcript needs the deal it belongs to: give --deal D{hint}")
    transcript = read_transcript(path)
    speaker = rep_speaker(transcript, call.rep_speaker, rep_names)
    team_rep = next(
        (n for n in rep_names if n.lower() == speaker.lower() or n.split()[0].lower() == speaker.split()[0].lower()),
        None,
    )
    data: dict[str, object] = {"deal_id": call.deal, "text": render(transcript, speaker), "rep": team_rep}
    if call.date or transcript.date:
        data["date"] = call.date or transcript.date
    return RawRecord(source, "call", data)


def load_sources(
    files: list[Path], sheet: str | None = None, call: CallOptions | None = None, rep_names: list[str] | None = None
) -> Loaded:
    call = call or CallOptions()
    out = Loaded()
    for path in files:
        suffix = path.suffix.lower()
        try:
            if suffix == ".csv":
                out.records += read_csv_table(path, out.problems)
                out.tabular.add(str(path))
            elif suffix == ".xlsx":
                out.records += read_xlsx_table(path, sheet, out.problems)
                out.tabular.add(str(path))
            elif _is_transcript(path):
                out.records.append(_transcript(path, call, rep_names or []))
            else:
                out.records += read_file(path)
        except RecordError as exc:
            out.problems.append(exc)
        except RecursionError:  # the JSON or YAML parser gave up: nested thousands of levels deep
            out.problems.append(RecordError(str(path), None, TOO_DEEP))
        except OSError as exc:
            out.problems.append(RecordError(str(path), None, f"cannot read file: {exc.strerror}"))
    return out
