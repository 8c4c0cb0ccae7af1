"""Deal reviews and the rep's commitments, in the catalog's database (SQLite or PostgreSQL).

A review and its commitments are written in one transaction, with the team's review revision bumped in the same
transaction: the answer caches of prep packs and rep histories are keyed by it, so a replica serving a cached
pack sees a review another replica recorded. The catalog revision (notes) is left alone: recording a review
must not make every stored deal model stale.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Connection, RowMapping, delete, select, update

from ..models import Commitment, Review
from .audit import now
from .catalog import Catalog, iso_date
from .tables import commitments, reviews


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def _commitment(row: RowMapping) -> Commitment:
    return Commitment(
        commitment_id=row["commitment_id"],
        team=row["team"],
        deal_id=row["deal_id"],
        rep=row["rep"],
        text=row["text"],
        made_on=date.fromisoformat(row["made_on"]),
        due=iso_date(row["due"]),
        source=row["source"],
        review_id=row["review_id"],
        private=bool(row["private"]),
        shared=bool(row["shared"]),
    )


class ReviewLog:
    """Reviews and commitments of the catalog's teams. Reads return every row; who may see what is the caller's
    (`Commitment.visible_to_manager`, the API's access rules)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    # -- reads -------------------------------------------------------------
    def revision(self, team: str) -> int:
        return int(self.catalog.get_meta(f"reviews:{team}") or 0)

    def reviews(self, team: str, deal_id: str | None = None, rep: str | None = None) -> list[Review]:
        """Oldest first, each with its commitments."""
        stmt = select(reviews).where(reviews.c.team == team)
        if deal_id is not None:
            stmt = stmt.where(reviews.c.deal_id == deal_id)
        with self.catalog.reading() as con:
            rows = list(
                con.execute(stmt.order_by(reviews.c.held_on, reviews.c.created, reviews.c.review_id)).mappings()
            )
        by_review: dict[str | None, list[Commitment]] = {}
        for c in self.commitments(team, deal_id):
            by_review.setdefault(c.review_id, []).append(c)
        out = [
            Review(
                review_id=r["review_id"],
                team=r["team"],
                deal_id=r["deal_id"],
                rep=r["rep"],
                held_on=date.fromisoformat(r["held_on"]),
                focus=tuple(s for s in r["focus"].split(",") if s),
                note=r["note"],
                recorded_by=r["recorded_by"],
                commitments=tuple(by_review.get(r["review_id"], ())),
            )
            for r in rows
        ]
        if rep is not None:
            out = [r for r in out if (r.rep or "").lower() == rep.lower()]
        return out

    def commitments(self, team: str, deal_id: str | None = None) -> list[Commitment]:
        """Every stored commitment (review and self), oldest first."""
        stmt = select(commitments).where(commitments.c.team == team)
        if deal_id is not None:
            stmt = stmt.where(commitments.c.deal_id == deal_id)
        order = (commitments.c.made_on, commitments.c.created, commitments.c.commitment_id)
        with self.catalog.reading() as con:
            return [_commitment(r) for r in con.execute(stmt.order_by(*order)).mappings()]

    def commitment(self, team: str, commitment_id: str) -> Commitment | None:
        stmt = select(commitments).where(commitments.c.team == team, commitments.c.commitment_id == commitment_id)
        with self.catalog.reading() as con:
            row = con.execute(stmt).mappings().first()
        return None if row is None else _commitment(row)

    # -- writes: all or nothing --------------------------------------------
    def add_review(self, review: Review) -> Review:
        """The review and its commitments in one transaction."""
        created = now()
        with self.catalog.transaction() as con:
            con.execute(
                reviews.insert().values(
                    team=review.team,
                    review_id=review.review_id,
                    deal_id=review.deal_id,
                    rep=review.rep,
                    held_on=review.held_on.isoformat(),
                    focus=",".join(review.focus),
                    note=review.note,
                    recorded_by=review.recorded_by,
                    created=created,
                )
            )
            for c in review.commitments:
                self._insert(con, c, created)
            self._bump(con, review.team)
        return review

    def add_commitment(self, commitment: Commitment) -> Commitment:
        with self.catalog.transaction() as con:
            self._insert(con, commitment, now())
            self._bump(con, commitment.team)
        return commitment

    def share(self, team: str, commitment_id: str) -> None:
        with self.catalog.transaction() as con:
            con.execute(
                update(commitments)
                .where(commitments.c.team == team, commitments.c.commitment_id == commitment_id)
                .values(shared=1)
            )
            self._bump(con, team)

    def delete_deal(self, con: Connection, team: str, deal_id: str) -> None:
        """In the transaction that forgets the deal: its reviews and commitments quote it, so they go with it."""
        con.execute(delete(commitments).where(commitments.c.team == team, commitments.c.deal_id == deal_id))
        con.execute(delete(reviews).where(reviews.c.team == team, reviews.c.deal_id == deal_id))
        self._bump(con, team)

    @staticmethod
    def _insert(con: Connection, c: Commitment, created: str) -> None:
        values: dict[str, Any] = {
            "team": c.team,
            "commitment_id": c.commitment_id,
            "deal_id": c.deal_id,
            "rep": c.rep,
            "review_id": c.review_id,
            "text": c.text,
            "due": c.due.isoformat() if c.due else None,
            "made_on": c.made_on.isoformat(),
            "source": c.source,
            "private": int(c.private),
            "shared": int(c.shared),
            "created": created,
        }
        con.execute(commitments.insert().values(**values))

    @staticmethod
    def _bump(con: Connection, team: str) -> None:
        Catalog.bump_counter(con, f"reviews:{team}")
