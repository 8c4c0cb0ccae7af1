"""A small error hierarchy: user errors (bad input, unknown ids) apart from backend errors.

The CLI and the API turn these into a one-line message (CLI exit code 2 for user errors)
and never show a traceback.
"""


class CoachError(Exception):
    """Base of every error this package raises on purpose."""


class UserError(CoachError):
    """The user asked for something that cannot be done as asked (bad file, unknown deal...)."""


class NotFoundError(UserError):
    """An unknown team, deal, rep or note."""


def unknown_team(team: str) -> NotFoundError:
    """The one wording of "unknown team" (every command and the API say the same)."""
    return NotFoundError(f"unknown team {team!r}: no notes ingested (run `coach ingest PATH --team {team}`)")


class BackendError(CoachError):
    """Something under us failed: the vector store, the embedding model, an LLM."""
