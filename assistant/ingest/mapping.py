"""Column mapping: which input column feeds which note field, from a preset, `--map`, `--ignore` or the team's
saved mapping. One resolved `ColumnMap` renames every record's keys; a column that is neither a note field,
mapped nor ignored is refused, so a typo or an unexpected export never loses data silently.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace

from ..errors import UserError
from ..store.catalog import Catalog
from .presets import CRM_TARGETS, PRESETS

NOTE_FIELDS = (
    "note_id", "deal_id", "text", "account", "rep", "stage", "amount", "close_date", "date", "author", "team",
)  # fmt: skip
TEXT_ALIASES = ("note", "body", "content")  # accepted names of the text column in our own formats
TARGETS = NOTE_FIELDS + CRM_TARGETS


def _key(header: str) -> str:
    return " ".join(str(header).split()).lower()


@dataclass
class MapOptions:
    """What the user asked for on this ingest (CLI flags or API fields); empty means 'use the saved map'."""

    preset: str | None = None
    map: list[str] = field(default_factory=list)  # "Header=field" pairs, comma-separated in each item
    ignore: list[str] = field(default_factory=list)
    date_format: str | None = None

    @property
    def given(self) -> bool:
        return bool(self.preset or self.map or self.ignore or self.date_format)


@dataclass(frozen=True)
class ColumnMap:
    columns: dict[str, str]  # lower-cased header -> target
    ignored: frozenset[str]
    date_format: str | None
    options: MapOptions
    variants: tuple[tuple[str, dict[str, str]], ...] = ()
    explicit: frozenset[str] = frozenset()

    def fitted(self, headers: list[str]) -> ColumnMap:
        """The map for one file: a preset's variant applies when the file has the header that marks it."""
        keys = {_key(h) for h in headers}
        columns = dict(self.columns)
        for trigger, overrides in self.variants:
            if trigger in keys:
                columns.update({h: t for h, t in overrides.items() if h not in self.explicit})
        return replace(self, columns=columns) if columns != self.columns else self

    def target(self, header: str) -> str | None:
        """The field a column feeds, None when ignored; raises KeyError for an unknown column."""
        key = _key(header)
        if key in self.ignored:
            return None
        if key in self.columns:
            return self.columns[key]
        if key in NOTE_FIELDS:
            return key
        if key in TEXT_ALIASES:
            return "text"
        raise KeyError(header)

    def unknown_hint(self, header: str) -> str:
        preset = "" if self.options.preset else ", or use --preset salesforce|hubspot"
        return (
            f'unknown column (map it with --map "{header}=FIELD", FIELD one of {", ".join(TARGETS)}, '
            f'or skip it with --ignore "{header}"{preset})'
        )


def _split(items: list[str]) -> list[str]:
    return [part.strip() for item in items for part in item.split(",") if part.strip()]


def parse_pairs(items: list[str]) -> dict[str, str]:
    """`"Account Name=account,Note Body=text"` -> {"account name": "account", "note body": "text"}."""
    out: dict[str, str] = {}
    for pair in _split(items):
        header, sep, target = pair.partition("=")
        header, target = header.strip(), target.strip().lower()
        if not sep or not header or not target:
            raise UserError(f'--map {pair!r}: expected COLUMN=FIELD, e.g. "Account Name=account"')
        if target not in TARGETS:
            raise UserError(f"--map {pair!r}: unknown field {target!r} (fields: {', '.join(TARGETS)})")
        out[_key(header)] = target
    return out


def resolve(options: MapOptions) -> ColumnMap:
    """The preset's columns, overridden by --map; --ignore drops columns (a mapped column cannot be ignored)."""
    columns: dict[str, str] = {}
    ignored: set[str] = set()
    variants: tuple[tuple[str, dict[str, str]], ...] = ()
    if options.preset:
        preset = PRESETS.get(options.preset.lower())
        if preset is None:
            raise UserError(f"unknown preset {options.preset!r} (presets: {', '.join(PRESETS)})")
        columns.update(preset.columns)
        ignored |= preset.ignored
        variants = preset.variants
    explicit = parse_pairs(options.map)
    columns.update(explicit)
    ignored -= set(explicit)
    for header in _split(options.ignore):
        if _key(header) in explicit:
            raise UserError(f"--ignore {header!r}: the column is also mapped with --map")
        ignored.add(_key(header))
        columns.pop(_key(header), None)
    return ColumnMap(columns, frozenset(ignored), options.date_format, options, variants, frozenset(explicit))


def _meta_key(team: str) -> str:
    return f"column_map:{team}"


def saved_options(catalog: Catalog, team: str) -> MapOptions | None:
    raw = catalog.get_meta(_meta_key(team))
    return MapOptions(**json.loads(raw)) if raw else None


def save_options(catalog: Catalog, team: str, options: MapOptions) -> None:
    with catalog.transaction() as con:
        catalog.set_meta(con, _meta_key(team), json.dumps(asdict(options), sort_keys=True))


def effective(catalog: Catalog, team: str, options: MapOptions | None) -> ColumnMap:
    """This ingest's flags when any are given, else the team's saved mapping, else our own field names."""
    if options is not None and options.given:
        return resolve(options)
    return resolve(saved_options(catalog, team) or MapOptions())
