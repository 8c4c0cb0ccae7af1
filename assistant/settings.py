"""The one place configuration lives: environment variables prefixed COACH_ and an optional .env file."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """All tunables. Every CLI command and the service read the same object."""

    model_config = SettingsConfigDict(env_prefix="COACH_", env_file=".env", env_file_encoding="utf-8", extra="forbid")

    home: Path = Field(default=Path(".coach"), description="Local state: index, catalog, caches.")
    knowledge_dir: Path = Field(default=PROJECT_ROOT / "knowledge", description="Principles and skills.")
    engine: str = Field(default="default", description="Engine id: default or openai:MODEL.")
    embed_batch_size: int = Field(default=64, ge=1, le=1024)
    chunk_tokens: int = Field(default=128, ge=32, le=512, description="Max tokens per note chunk.")
    chunk_overlap: int = Field(default=24, ge=0, le=128)
    search_k: int = Field(default=8, ge=1, le=100)
    rrf_k: int = Field(default=60, ge=1, description="Reciprocal-rank-fusion constant.")
    as_of: date | None = Field(
        default=None, description="'Today' for the assessment; default: the team's latest note date."
    )
    chroma_host: str | None = Field(default=None, description="Use a Chroma server instead of embedded.")
    chroma_port: int = 8000

    @property
    def db_path(self) -> Path:
        return self.home / "coach.db"

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
