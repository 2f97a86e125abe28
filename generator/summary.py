"""What a build reports: its summary, kept in the published record and shown again by
a build that finds nothing changed. Light on purpose: that build reads it back without
importing the pipeline."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .wording import noun

if TYPE_CHECKING:
    from .check.findings import CheckReport
    from .expand import Expansion, Flag
    from .published import Before


@dataclass
class BuildResult:
    pages: int
    """HTML pages: the routed output files that are not data files."""
    data_files: int
    """Data files the pages fetch (`route.DATA_KINDS`): output, not pages."""
    rendered: int
    """Pages and data files rendered by this build; the others came unchanged from the build cache."""
    images: int
    files: int
    seconds: float
    expansion: Expansion
    held_back: list[Flag]
    report_file: Path | None
    """Every planned landing page with its verdict (see pseo_report), when asked for."""
    check: CheckReport | None = None
    """The SEO check's findings (warnings included) when the build ran it."""
    timings: dict[str, float] = field(default_factory=dict)
    unchanged: bool = False
    """Nothing changed since the last build into the same folder: no page was looked at."""
    notes: list[str] = field(default_factory=list)
    """Said once in the build output: what the build did in a lesser way (cards without fonts)."""

    def counted(self, joiner: str = " and ") -> str:
        """The output as the summary counts it: "529 pages", or "529 pages and 1 data file"
        (`joiner` between the two) when the build has data files."""
        pages = f"{self.pages} {noun(self.pages, 'page')}"
        if not self.data_files:
            return pages
        return f"{pages}{joiner}{self.data_files} {noun(self.data_files, 'data file')}"


def unchanged_result(before: Before, seconds: float) -> BuildResult:
    """The last build's summary, for a build that found nothing changed."""
    assert before.record is not None
    result = pickle.loads(before.record.result)
    return dataclasses.replace(result, rendered=0, seconds=seconds, unchanged=True)
