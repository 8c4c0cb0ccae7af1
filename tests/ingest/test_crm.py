"""CRM exports in: Salesforce and HubSpot presets, --map / --ignore / --save-map, snapshots and their history,
every problem listed; each bad case asserts the message and that nothing was stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.context import Context
from assistant.errors import UserError
from assistant.ingest import ingest_paths
from assistant.ingest.mapping import MapOptions
from assistant.ingest.pipeline import IngestOptions
from assistant.knowledge import load_knowledge
from assistant.resources import knowledge_dir
from assistant.store.vectors import team_collection
from assistant.understand.titles import normalise_stage

FIXTURES = Path(__file__).parent / "fixtures"
SALESFORCE = FIXTURES / "salesforce_opportunities.csv"
SF_US = IngestOptions(MapOptions(preset="salesforce", date_format="%m/%d/%Y"))


def opts(**mapping: object) -> IngestOptions:
    save = bool(mapping.pop("save_map", False))
    return IngestOptions(MapOptions(**mapping), save_map=save)  # type: ignore[arg-type]


def refused(ctx: Context, paths: list[Path], team: str, options: IngestOptions | None) -> str:
    with pytest.raises(UserError) as info:
        ingest_paths(ctx, paths, team, options=options)
    assert ctx.catalog.stats(team)["notes"] == 0
    assert ctx.vectors.count(team_collection(team)) == 0
    return str(info.value)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_salesforce_report_with_the_preset(ctx: Context) -> None:
    report = ingest_paths(ctx, [SALESFORCE], "t", options=SF_US)
    assert (report.added, report.deals, report.chunks) == (8, 7, 2)  # 2 notes + 6 snapshots; only notes embed
    notes = {n.note_id: n for n in ctx.catalog.notes("t")}
    written = [n for n in notes.values() if n.text]
    assert len(written) == 2 and ctx.vectors.count(team_collection("t")) == 2
    first = next(n for n in written if "Discovery call" in n.text)
    assert first.text.startswith("Discovery call\n\nMet Priya Nair (AP Manager).")
    follow_up = next(n for n in written if n.text.startswith("Follow-up"))  # the later row of the same date
    assert follow_up.text.endswith("Next step: Demo for AP team") and "Next step" not in first.text
    assert (first.deal_id, first.account, first.rep, first.stage) == (
        "0065g00000AbCdEAA1", "Harbor Freight Logistics", "Dana Whitfield", "Needs Analysis"
    )  # fmt: skip
    assert (first.amount, str(first.close_date), str(first.date)) == (48000.0, "2026-12-15", "2026-11-03")
    snapshots = [n for n in notes.values() if not n.text]
    assert len(snapshots) == 6 and all(n.note_id.startswith("s-") for n in snapshots)
    assert not ctx.catalog.chunk_ids("t", [n.note_id for n in snapshots])
    quillon = next(n for n in snapshots if n.deal_id == "0065g00000XyZwVAA3")
    assert (quillon.stage, quillon.amount, str(quillon.close_date), str(quillon.date)) == (
        "Proposal/Price Quote", 112500.0, "2027-01-30", "2026-11-20"
    )  # fmt: skip
    again = ingest_paths(ctx, [SALESFORCE], "t", options=SF_US)
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 8)


def test_a_later_export_adds_the_changes_to_the_deal_history(ctx: Context) -> None:
    from assistant.understand.service import deal_model

    ingest_paths(ctx, [SALESFORCE], "t", options=SF_US)
    later = ingest_paths(ctx, [FIXTURES / "salesforce_opportunities_later.csv"], "t", options=SF_US)
    assert (later.added, later.unchanged) == (1, 1)  # Quillon moved on; Ostrander did not change
    m = deal_model(ctx, "t", "0065g00000XyZwVAA3")
    assert (m.stage, m.stage_label, m.amount, str(m.close_date)) == (
        "negotiation", "Negotiation/Review", 104000.0, "2027-02-27"
    )  # fmt: skip
    assert [c.value for c in m.close_history] == ["2027-01-30", "2027-02-27"]
    assert [c.value for c in m.amount_history] == ["112500", "104000"]
    harbor = deal_model(ctx, "t", "0065g00000AbCdEAA1")
    assert harbor.stage == "discovery" and harbor.latest_note_id.startswith("n-")  # a note, never a snapshot


def test_salesforce_stage_labels_normalise() -> None:
    kb = load_knowledge(knowledge_dir())
    labels = {
        "Prospecting": "prospecting", "Qualification": "qualification", "Needs Analysis": "discovery",
        "Value Proposition": "discovery", "Id. Decision Makers": "discovery", "Perception Analysis": "discovery",
        "Proposal/Price Quote": "proposal", "Negotiation/Review": "negotiation", "Closed Won": "closed_won",
        "Closed Lost": "closed_lost",
    }  # fmt: skip
    hubspot = {
        "appointmentscheduled": "prospecting", "qualifiedtobuy": "qualification",
        "presentationscheduled": "discovery", "decisionmakerboughtin": "evaluation", "contractsent": "negotiation",
        "closedwon": "closed_won", "closedlost": "closed_lost", "Appointment Scheduled": "prospecting",
        "Qualified To Buy": "qualification", "Presentation Scheduled": "discovery",
        "Decision Maker Bought-In": "evaluation", "Contract Sent": "negotiation", "Closed Won": "closed_won",
    }  # fmt: skip
    for label, stage in {**labels, **hubspot}.items():
        assert normalise_stage(kb, label) == stage, label


def test_hubspot_deals_then_notes_export(ctx: Context) -> None:
    deals = ingest_paths(ctx, [FIXTURES / "hubspot_deals.csv"], "h", options=opts(preset="hubspot"))
    assert (deals.added, deals.deals, deals.chunks) == (7, 7, 0)
    stored = {n.deal_id: n for n in ctx.catalog.notes("h")}
    northwind = stored["9876543212"]
    assert (northwind.stage, northwind.amount, northwind.account, northwind.rep) == (
        "contractsent", 41250.5, "Northwind Shipping", "Ben Okafor"
    )  # fmt: skip
    assert str(northwind.close_date) == "2026-12-18" and str(northwind.date) == "2026-11-29"
    # the notes export: "Associated Deal IDs" names the deal, its "Record ID" is the note's own id
    report = ingest_paths(ctx, [FIXTURES / "hubspot_notes.csv"], "h", options=opts(preset="hubspot"))
    assert (report.added, report.chunks) == (2, 2)
    note = ctx.catalog.notes_by_id("h", ["51200002"])["51200002"]
    assert (note.deal_id, note.author, str(note.date)) == ("9876543211", "Ana Ruiz", "2026-11-28")


def test_map_save_map_and_ignore(ctx: Context, tmp_path: Path) -> None:
    export = write(
        tmp_path / "export.csv",
        "Deal,Account Name,Note Body,Logged On,Region\nD-1,Acme,Met the CFO.,15.12.2026,EMEA\n",
    )
    message = refused(ctx, [export], "t", None)
    assert "column 'Deal': unknown column" in message and "line 1 (header)" in message
    assert "column 'Region': unknown column" in message and message.startswith("5 problems")
    assert "required field" not in message  # what an unmapped row lacks is not told again
    flags = opts(map=["Deal=deal_id,Account Name=account", "Note Body=text, Logged On=date"])
    assert "'Region': unknown column" in refused(ctx, [export], "t", flags)
    flags.mapping.ignore = ["Region"]
    flags.save_map = True
    assert ingest_paths(ctx, [export], "t", options=flags).added == 1
    note = ctx.catalog.notes("t")[0]
    assert (note.deal_id, note.account, note.text, str(note.date)) == ("D-1", "Acme", "Met the CFO.", "2026-12-15")
    later = write(tmp_path / "later.csv", "Deal,Account Name,Note Body,Logged On,Region\nD-1,Acme,Sent terms.,,\n")
    assert ingest_paths(ctx, [later], "t").added == 1  # the saved mapping: no flags needed
    with pytest.raises(UserError, match="'Deal': unknown column"):
        ingest_paths(ctx, [later], "u")  # saved for team t only


BAD_FLAGS = [
    (opts(preset="pipedrive"), "unknown preset 'pipedrive' (presets: salesforce, hubspot)"),
    (opts(map=["Account Name"]), "--map 'Account Name': expected COLUMN=FIELD"),
    (opts(map=["Account Name=company"]), "--map 'Account Name=company': unknown field 'company'"),
    (opts(map=["Stage=stage"], ignore=["Stage"]), "--ignore 'Stage': the column is also mapped"),
]


@pytest.mark.parametrize(("options", "message"), BAD_FLAGS, ids=[m for _, m in BAD_FLAGS])
def test_bad_flags(ctx: Context, options: IngestOptions, message: str) -> None:
    assert message in refused(ctx, [SALESFORCE], "t", options)


def test_every_problem_listed_with_file_row_column_value(ctx: Context) -> None:
    message = refused(ctx, [SALESFORCE], "t", opts(preset="salesforce"))
    lines = message.splitlines()
    assert lines[0] == "7 problems; nothing was stored:"
    assert lines[1] == (
        f"  1. {SALESFORCE}: row 1 (line 2): column 'Created Date', value '10/02/2026': ambiguous date: day and "
        "month could be either way round; give the file's format with --date-format (e.g. %m/%d/%Y or %d.%m.%Y)"
    )
    assert f"  7. {SALESFORCE}: row 6 (line 7): column 'Last Modified Date', value '09/02/2026'" in lines[7]


def test_more_than_twenty_problems_are_counted(ctx: Context, tmp_path: Path) -> None:
    rows = "".join(f"D-{i},note {i},{'lots' if i % 2 else '1.5k'},{'12/40/2026' if i % 3 else ''}\n" for i in range(30))
    bad = write(tmp_path / "bad.csv", "deal_id,text,amount,close_date\n" + rows.replace(",\n", "\n", 4))
    message = refused(ctx, [bad], "t", opts(date_format="%m/%d/%Y"))
    lines = message.splitlines()
    assert lines[0] == "50 problems; nothing was stored:"  # 4 ragged rows, 26 amounts, 20 dates
    assert len(lines) == 22 and lines[-1] == "  ... and 30 more problems"
    assert f"  1. {bad}: row 1 (line 2): expected 4 columns, found 3" == lines[1]
    assert f"{bad}: row 5 (line 6): column 'amount', value '1.5k': not an amount" in message
    assert f"{bad}: row 6 (line 7): column 'close_date', value '12/40/2026': does not match the date format" in message


def test_conflicting_columns_and_snapshot_without_deal(ctx: Context, tmp_path: Path) -> None:
    two = write(tmp_path / "two.csv", "Opportunity ID,Deal,Stage\n006A,D-1,Prospecting\n006B,D-2,Qualification\n")
    message = refused(ctx, [two], "t", opts(preset="salesforce", map=["Deal=deal_id"]))
    assert message == (
        f"{two}: line 1 (header): columns 'Opportunity ID' and 'Deal' both feed 'deal_id'; map or --ignore one; "
        "nothing was stored"
    )
    nodeal = write(tmp_path / "nodeal.csv", 'Stage,Amount\nProspecting,"$1,000"\n')
    assert "row 1 (line 2): field 'deal_id': required field is missing" in refused(
        ctx, [nodeal], "t", opts(preset="salesforce")
    )


def test_a_bad_file_among_good_ones_stores_nothing(ctx: Context, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.csv", "Opportunity ID,Stage,Close Date\n006Z,Prospecting,31/02/2026\n")
    message = refused(ctx, [SALESFORCE, bad], "t", SF_US)
    assert message == (
        f"{bad}: row 1 (line 2): column 'Close Date', value '31/02/2026': does not match the date format "
        "'%m/%d/%Y'; nothing was stored"
    )


def test_a_changed_next_step_replaces_the_note_it_is_on(ctx: Context, tmp_path: Path) -> None:
    head = "Opportunity ID,Stage,Next Step,Note Date,Note Body\n"
    first = write(tmp_path / "a.csv", head + "006A,Qualification,Book demo,2026-11-02,Intro call.\n"
                  "006A,Qualification,Book demo,2026-11-09,Budget confirmed by Sam.\n")  # fmt: skip
    ingest_paths(ctx, [first], "t", options=opts(preset="salesforce"))
    assert sorted(n.text for n in ctx.catalog.notes("t")) == [
        "Budget confirmed by Sam.\n\nNext step: Book demo",
        "Intro call.",
    ]
    later = write(tmp_path / "b.csv", head + "006A,Qualification,Demo on Dec 3,2026-11-09,Budget confirmed by Sam.\n")
    report = ingest_paths(ctx, [later], "t", options=opts(preset="salesforce"))
    assert (report.added, report.replaced) == (0, 1)
    assert sorted(n.text for n in ctx.catalog.notes("t")) == [
        "Budget confirmed by Sam.\n\nNext step: Demo on Dec 3",
        "Intro call.",
    ]
