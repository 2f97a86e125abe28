"""`pseo check`: the SEO validation pass over a built site, read the way a crawler reads it.

It judges the output (HTML, sitemaps, robots.txt), never the content models, and reports
findings per rule with a severity and a fix hint. Rules cite the project's SEO rule book.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .findings import CheckReport, Finding
    from .runner import check_site

__all__ = ["CheckReport", "Finding", "check_site"]
_HOMES = {"CheckReport": ".findings", "Finding": ".findings", "check_site": ".runner"}


def __getattr__(name: str) -> object:
    """The runner and its rules load on first use: `pseo --help` imports this package
    only for the command's options."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name], __name__), name)
