"""`indexnow:` in site.yaml: the key `pseo ping` proves the site's ownership with.

The key is public by design (the build publishes it as KEY.txt at the site root, where
search engines fetch it), so it belongs in the committed site.yaml: every checkout and
every CI run then builds the same key file and pings with the same key.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from .base import StrictModel

SHARED_ENDPOINT = "https://api.indexnow.org/indexnow"
"""Forwards every submission to all search engines that take part in IndexNow."""


class IndexNowSettings(StrictModel):
    key: Annotated[str, Field(pattern=r"^[a-zA-Z0-9-]{8,128}$")] = Field(
        description="8 to 128 characters of a-z, A-Z, 0-9 and -; published as KEY.txt at the site root"
    )
    endpoint: HttpUrl = Field(
        default=HttpUrl(SHARED_ENDPOINT),
        description="IndexNow endpoint to submit to (default: the shared api.indexnow.org, which "
        "tells every participating search engine)",
    )

    @property
    def key_file(self) -> str:
        """The key file's path, relative to the output folder and the site root."""
        return f"{self.key}.txt"


class PingConfig(BaseModel):
    """What `pseo ping` reads of site.yaml, validated where it stands (so errors keep
    their line numbers) without requiring the rest of the site to be valid."""

    model_config = ConfigDict(extra="ignore")

    base_url: HttpUrl
    indexnow: IndexNowSettings | None = None
