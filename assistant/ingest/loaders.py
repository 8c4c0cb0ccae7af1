"""One reader per file format. Readers only parse; they return raw records with their location.

Every problem becomes a `RecordError` naming the file and the row or line, so the user can fix
the input; nothing is written until every file has been read and validated.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SUPPORTED = (".csv", ".xlsx", ".jsonl", ".json", ".md", ".txt", ".vtt", ".srt")


TOO_DEEP = "nested too deeply to read (a note is one flat object of fields)"


@dataclass(frozen=True)
class RawRecord:
    source: str
    location: str  # "row 3 (line 4)", "line 7", "item 2", "front matter"
    data: dict[str, Any]


class RecordError(Exception):
    """A problem at one place of one input file."""

    def __init__(self, source: str, location: str | None, message: str) -> None:
        self.source, self.location, self.message = source, location, message
        where = f"{source}: {location}" if location else source
        super().__init__(f"{where}: {message}")


# One input file is read whole (JSON parsed in memory takes several times its size): a larger export is split
# into several files, or synced. The cap is the same for every format.
MAX_FILE_BYTES = 256 * 2**20


def _checked_size(path: Path) -> Path:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise RecordError(
            str(path), None, f"{-(-size // 2**20):,} MB; the limit is {MAX_FILE_BYTES // 2**20} MB per file (split it)"
        )
    return path


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, folders walked recursively (hidden entries and README files skipped), each within the size
    cap."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if (
                    child.is_file()
                    and child.suffix.lower() in SUPPORTED
                    and not any(p.startswith(".") for p in rel)
                    and child.stem.lower() != "readme"
                ):
                    files.append(_checked_size(child))
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED:
                raise RecordError(
                    str(path), None, f"unsupported file type {path.suffix!r} (supported: {', '.join(SUPPORTED)})"
                )
            files.append(_checked_size(path))
        else:
            raise RecordError(str(path), None, "no such file or folder")
    return files


def _decode(source: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RecordError(source, f"line {line}", "unreadable encoding: the file is not UTF-8") from exc


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RecordError(str(path), None, f"cannot read file: {exc.strerror}") from exc
    text = _decode(str(path), raw)
    if not text.strip():
        raise RecordError(str(path), None, "empty file")
    return text


def read_jsonl(source: str, text: str) -> Iterator[RawRecord]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RecordError(source, f"line {number}", f"invalid JSON: {exc.msg}") from exc
        if not isinstance(obj, dict):
            raise RecordError(source, f"line {number}", "expected a JSON object")
        yield RawRecord(source, f"line {number}", obj)


def read_json(source: str, text: str) -> Iterator[RawRecord]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(source, f"line {exc.lineno}", f"invalid JSON: {exc.msg}") from exc
    if not isinstance(data, list):
        raise RecordError(source, None, "expected a JSON array of note objects")
    if not data:
        raise RecordError(source, None, "empty JSON array")
    for number, obj in enumerate(data, start=1):
        if not isinstance(obj, dict):
            raise RecordError(source, f"item {number}", "expected a JSON object")
        yield RawRecord(source, f"item {number}", obj)


def read_markdown(source: str, text: str) -> Iterator[RawRecord]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise RecordError(source, "line 1", "missing YAML front matter (start the file with '---')")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration as exc:
        raise RecordError(source, "line 1", "front matter is not closed by '---'") from exc
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 2}" if mark is not None else "front matter"
        raise RecordError(source, where, "invalid YAML in front matter") from exc
    if not isinstance(meta, dict):
        raise RecordError(source, "front matter", "front matter must be a mapping of fields")
    for key in ("text", "note", "body", "content"):
        if key in meta:
            raise RecordError(
                source, "front matter", f"field {key!r}: the note text is the body, not a front-matter field"
            )
    body = "\n".join(lines[end + 1 :]).strip()
    yield RawRecord(source, "front matter", {**{str(k).lower(): v for k, v in meta.items()}, "text": body})


READERS = {".jsonl": read_jsonl, ".json": read_json, ".md": read_markdown, ".txt": read_markdown}


def read_file(path: Path) -> list[RawRecord]:
    text = read_text(path)
    return list(READERS[path.suffix.lower()](str(path), text))
