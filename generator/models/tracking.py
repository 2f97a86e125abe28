"""`tracking:` in site.yaml: the analytics vendors a site uses, and what they need.

Nothing loads before the visitor consents (Consent Mode v2, all defaults denied); the
vendors configured here are also the only ones the Content-Security-Policy admits.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from .base import StrictModel, field_error
from .origins import Origin

GTM_HOST = "www.googletagmanager.com"


def _https(*hosts: str) -> list[Origin]:
    return [Origin("https", host) for host in hosts]


GA4_SOURCES = {
    "script-src": _https("*.googletagmanager.com"),
    "img-src": _https("*.google-analytics.com", "*.googletagmanager.com"),
    "connect-src": _https("*.google-analytics.com", "*.analytics.google.com", "*.googletagmanager.com"),
}
"""Google's documented policy for Google Analytics 4 (gtag.js)."""

GTM_SOURCES = {
    "script-src": _https(GTM_HOST),
    "img-src": _https(GTM_HOST),
    "connect-src": _https(GTM_HOST),
}
"""Google Tag Manager's container itself; tags it loads need their own `security.csp` entries."""


class Tracking(StrictModel):
    """Google Analytics 4 and/or Google Tag Manager, loaded only after consent."""

    ga4: Annotated[str, Field(pattern=r"^G-[A-Z0-9]{4,16}$")] | None = Field(
        default=None, description="GA4 measurement ID, e.g. G-ABC123XYZ9"
    )
    gtm: Annotated[str, Field(pattern=r"^GTM-[A-Z0-9]{4,12}$")] | None = Field(
        default=None, description="Tag Manager container ID, e.g. GTM-AB12CD3"
    )

    @model_validator(mode="after")
    def has_a_vendor(self) -> Tracking:
        if not (self.ga4 or self.gtm):
            raise field_error("give ga4, gtm or both (or remove tracking)")
        return self

    def csp_sources(self) -> dict[str, list[Origin]]:
        """Directive → the origins the configured vendors load from or send to."""
        sources: dict[str, list[Origin]] = {}
        for used, vendor in ((self.ga4, GA4_SOURCES), (self.gtm, GTM_SOURCES)):
            if used:
                for directive, origins in vendor.items():
                    sources.setdefault(directive, []).extend(origins)
        return sources
