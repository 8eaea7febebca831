"""Settings from the environment (OMSTILLING_*), read in one place."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """What an installation is configured with; secrets never live in the database."""

    model_config = SettingsConfigDict(env_prefix="OMSTILLING_", extra="ignore")

    database_url: str = "sqlite:///omstilling.db"
    output_dir: Path = Path("out")
    apprise_config: Path | None = None
    apprise_secret_block: str | None = None
    """The name of a Prefect Secret block holding the apprise configuration (YAML); when set, it is used instead
    of the file `apprise_config` (the default), so the passwords in it live in Prefect, not on the workers' disks."""
    timezone: str = "Europe/Oslo"
    templates_dir: Path = Path(__file__).resolve().parent.parent / "templates"
    attachment_limit_mb: float = 10
    """Documents larger than this (all attached formats together) are not attached; the message says where to get
    them instead."""
    base_url: str | None = None
    """The address people use to reach the web app (e.g. https://omstilling.example.no): links in e-mail."""


@lru_cache
def get_settings() -> Settings:
    """The settings of this process (cached; call `get_settings.cache_clear()` after changing the environment)."""
    return Settings()
