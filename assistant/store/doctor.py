"""`coach doctor`: the catalog against the vector index, per team, and optionally the repair.

Each team is checked under its write lock, so a write in progress is waited for rather than reported as damage;
what is found then can only be what a cut-off write (or a lost vector store) left behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import UserError
from .index_writer import IndexWriter
from .reconcile import IndexCheck, IndexRepair, check_index, index_teams, repair_index
from .vectors import check_team


@dataclass
class TeamDoctor:
    found: IndexCheck
    repaired: IndexRepair | None = None
    after: IndexCheck | None = None

    @property
    def ok(self) -> bool:
        return (self.after or self.found).ok

    def to_dict(self) -> dict[str, Any]:
        data = self.found.counts()
        if self.repaired is not None and self.after is not None:
            data["repaired"] = {
                "orphans_removed": self.repaired.orphans_removed,
                "re_embedded": self.repaired.re_embedded,
                "hashes_added": self.repaired.hashes_added,
            }
            data["after"] = self.after.counts()
            data["ok"] = self.after.ok
        return data


@dataclass
class DoctorReport:
    teams: list[TeamDoctor] = field(default_factory=list)
    repair: bool = False

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.teams)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "repair": self.repair, "teams": [t.to_dict() for t in self.teams]}


def run_doctor(writer: IndexWriter, team: str | None = None, repair: bool = False) -> DoctorReport:
    """Check every team (or one); with `repair`, fix what is wrong and check again."""
    known = index_teams(writer.catalog, writer.vectors)
    if team is not None:
        check_team(team)
        if team not in known:
            raise UserError(f"unknown team {team!r}: it has no notes and no vectors")
        known = [team]
    report = DoctorReport(repair=repair)
    for name in known:
        with writer.locked(name):
            found = check_index(writer.catalog, writer.vectors, name)
            result = TeamDoctor(found)
            if repair:
                result.repaired = repair_index(writer.catalog, writer.vectors, writer.embedder, name, found)
                result.after = check_index(writer.catalog, writer.vectors, name)
        report.teams.append(result)
    return report
