"""Deal-note ingestion: read files, validate every row, then write all or nothing."""

from .pipeline import IngestReport, ingest_paths, ingest_records

__all__ = ["IngestReport", "ingest_paths", "ingest_records"]
