"""Column presets for the CRMs' own exports, so a team ingests a Salesforce report or a HubSpot export as is.

Headers are the vendors' field labels as their exports write them (Salesforce report columns such as
"Opportunity Owner", "Account Name", "Close Date"; HubSpot export columns such as "Record ID", "Deal Stage",
"Deal owner"), matched case-insensitively. Each preset also lists the standard columns we read nothing from
(probability, fiscal period, pipeline...), so a default export goes in without --ignore; any other column is
still refused until it is mapped or ignored.

Targets are the note fields (see validate.FIELDS) plus a few CRM fields the mapping layer folds in:
deal_name (the deal id when the export has no id column), title (prefixed to the note text), next_step
(appended to the note text), created and modified (the note's date when the row has no note date).
"""

from __future__ import annotations

from dataclasses import dataclass, field

CRM_TARGETS = ("deal_name", "title", "next_step", "created", "modified")


@dataclass(frozen=True)
class Preset:
    name: str
    columns: dict[str, str]  # lower-cased header -> target
    ignored: frozenset[str] = field(default_factory=frozenset)
    variants: tuple[tuple[str, dict[str, str]], ...] = ()  # (a header that marks another export, its columns)


SALESFORCE = Preset(
    "salesforce",
    {
        "opportunity id": "deal_id",
        "opportunity name": "deal_name",
        "account name": "account",
        "opportunity owner": "rep",
        "stage": "stage",
        "amount": "amount",
        "close date": "close_date",
        "next step": "next_step",
        "created date": "created",
        "last modified date": "modified",
        "note id": "note_id",
        "note title": "title",
        "note body": "text",
        "note date": "date",
        "note created date": "date",
        "note owner": "author",
    },
    frozenset(
        {
            "account id", "opportunity record type", "type", "lead source", "probability (%)", "fiscal period",
            "fiscal year", "fiscal quarter", "age", "stage duration", "forecast category", "expected revenue",
            "amount currency", "opportunity currency", "last activity", "last stage change date", "created by",
            "last modified by", "owner role", "description", "closed", "won", "primary campaign source",
            "has line item", "has open activity", "has overdue task", "next step date",
        }
    ),
)  # fmt: skip

HUBSPOT = Preset(
    "hubspot",
    {
        "record id": "deal_id",
        "deal name": "deal_name",
        "associated company": "account",
        "deal owner": "rep",
        "deal stage": "stage",
        "amount": "amount",
        "close date": "close_date",
        "next step": "next_step",
        "create date": "created",
        "last modified date": "modified",
        "note body": "text",
        "activity date": "date",
        "activity assigned to": "author",
    },
    frozenset(
        {
            "pipeline", "deal type", "deal probability", "deal description", "forecast category", "forecast amount",
            "amount in company currency", "currency", "weighted amount", "days to close", "priority",
            "last activity date", "next activity date", "number of sales activities", "number of contacts",
            "associated company ids", "associated contact", "associated contact ids", "original source type",
            "original source data 1", "original source data 2", "closed lost reason", "closed won reason",
            "is closed won", "is deal closed?", "deal collaborator", "hubspot team", "total contract value",
            "annual recurring revenue", "monthly recurring revenue",
        }
    ),
    # A notes export (Activities > Notes) names the deal in "Associated Deal IDs"; its Record ID is the note's.
    variants=(("associated deal ids", {"record id": "note_id", "associated deal ids": "deal_id",
                                       "associated deal": "deal_name"}),),
)  # fmt: skip

PRESETS = {p.name: p for p in (SALESFORCE, HUBSPOT)}
