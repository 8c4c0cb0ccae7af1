"""The one place configuration lives: environment variables prefixed COACH_ and an optional .env file."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .resources import knowledge_dir

APP_NAME = "sales-coach"
# The source checkout: training corpora, examples and benches live there and are not shipped in the wheel.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_home() -> Path:
    """Per-user state (e.g. ~/.local/share/sales-coach on Linux) when COACH_HOME is not set."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


class Settings(BaseSettings):
    """All tunables. Every CLI command and the service read the same object."""

    model_config = SettingsConfigDict(
        env_prefix="COACH_", env_file=".env", env_file_encoding="utf-8", extra="forbid", populate_by_name=True
    )

    home: Path = Field(default_factory=default_home, description="Local state: index, catalog, caches.")
    knowledge_dir: Path = Field(default_factory=knowledge_dir, description="Principles, skills, questions.")
    engine: str = Field(default="default", description="Engine id: default or openai:MODEL.")
    embed_batch_size: int = Field(default=64, ge=1, le=1024)
    chunk_tokens: int = Field(default=128, ge=32, le=512, description="Max tokens per note chunk.")
    chunk_overlap: int = Field(default=24, ge=0, le=128)
    search_k: int = Field(default=8, ge=1, le=100)
    rrf_k: int = Field(default=60, ge=1, description="Reciprocal-rank-fusion constant.")
    as_of: date | None = Field(
        default=None, description="'Today' for the assessment; default: the team's latest note date."
    )
    openai_base_url: str = Field(
        default="https://api.openai.com/v1",
        validation_alias=AliasChoices("COACH_OPENAI_BASE_URL", "OPENAI_BASE_URL"),
        description="Any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server, gateways).",
    )
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("COACH_OPENAI_API_KEY", "OPENAI_API_KEY")
    )
    llm_timeout: float = Field(default=30.0, gt=0, description="Seconds before falling back to the default engine.")
    llm_max_retries: int = Field(default=2, ge=0, le=10, description="Retries on 429/5xx/timeouts, with backoff.")
    llm_backoff: float = Field(default=0.5, ge=0, description="First backoff in seconds (doubles each retry).")
    llm_prompt_budget: int = Field(default=3000, ge=500, description="Max prompt tokens (context packed by relevance).")
    llm_max_output_tokens: int = Field(default=1500, ge=100)
    llm_structured: str = Field(
        default="auto",
        pattern="^(auto|json_schema|json_object)$",
        description="auto: json_schema for api.openai.com, json_object with a schema (llama.cpp style) elsewhere.",
    )
    redact: bool = Field(default=False, description="Replace contact details in notes before they leave the machine.")
    max_request_bytes: int = Field(default=5 * 1024 * 1024, ge=1024, description="Largest HTTP request body.")
    widget_frame_ancestors: str = Field(default="*", description="CSP frame-ancestors for the embeddable widget.")
    salesforce_instance_url: str | None = Field(
        default=None, description="Salesforce org, e.g. https://acme.my.salesforce.com (http only for loopback)."
    )
    salesforce_access_token: SecretStr | None = Field(default=None, description="OAuth access token (Bearer).")
    salesforce_api_version: str = Field(default="59.0", pattern=r"^\d+\.\d$", description="REST API version.")
    hubspot_access_token: SecretStr | None = Field(default=None, description="Private app access token.")
    hubspot_base_url: str = Field(
        default="https://api.hubapi.com", description="HubSpot API root (override for a proxy or a test server)."
    )
    sync_timeout: float = Field(default=30.0, gt=0, description="Seconds per CRM request.")
    sync_max_retries: int = Field(default=3, ge=0, le=10, description="Retries of a rate-limited CRM request.")
    sync_retry_after_max: float = Field(default=30.0, ge=0, description="Longest Retry-After wait honoured, seconds.")
    chroma_host: str | None = Field(default=None, description="Use a Chroma server (`chroma run`) instead of embedded.")
    chroma_port: int = Field(default=8000, ge=1, le=65535, description="The Chroma server's port.")
    chroma_database: str = Field(
        default="default_database", min_length=1, description="The Chroma server's database (created if missing)."
    )
    database_url: str | None = Field(
        default=None,
        description="postgresql://USER:PASS@HOST/DB: catalog, keys, audit log and feedback in PostgreSQL, shared by "
        "every replica. Unset: SQLite files under COACH_HOME.",
    )

    @field_validator("database_url")
    @classmethod
    def _postgres_only(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
            raise ValueError("must be a postgresql://USER:PASS@HOST/DB URL (unset: SQLite files under COACH_HOME)")
        return value or None

    def today(self) -> date:
        """The day a commitment falls overdue against: COACH_AS_OF when set (evals, tests), else the calendar's."""
        return self.as_of or date.today()

    @property
    def db_path(self) -> Path:
        return self.home / "coach.db"

    def store_target(self, name: str) -> Path | str:
        """Where a store lives: COACH_DATABASE_URL for every store, else its SQLite file (coach, keys, audit)."""
        return self.database_url or self.home / f"{name}.db"

    @property
    def has_store(self) -> bool:
        """True once there is a catalog to read (always, with PostgreSQL: the database is the operator's)."""
        return self.database_url is not None or self.db_path.exists()

    @property
    def audit_path(self) -> Path | str:
        """The audit trail of the service's answers (store/audit.py): the team view reads prep dates from it."""
        return self.store_target("audit")

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once per process (tests build their own Settings instead)."""
    return Settings()
