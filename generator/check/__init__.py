"""`pseo check`: the SEO validation pass over a built site, read the way a crawler reads it.

It judges the output (HTML, sitemaps, robots.txt), never the content models, and reports
findings per rule with a severity and a fix hint. Rules cite the project's SEO rule book.
"""

from __future__ import annotations

from .findings import CheckReport, Finding
from .runner import check_site

__all__ = ["CheckReport", "Finding", "check_site"]
