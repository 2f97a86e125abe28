"""Errors about the user's content, each pinned to a file, line, column and field, and how
they are printed."""

from __future__ import annotations

from dataclasses import dataclass

Loc = tuple[str | int, ...]
"""Where in a file's data: keys and list indexes, outermost first."""


def format_loc(loc: Loc) -> str:
    """`("price_tiers", 1, "min_qty")` → `price_tiers[1].min_qty`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one content file, printed as `path:line:col: field.path: message`."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class BuildError(Exception):
    """Raised when a build cannot go on; carries every error found, sorted by file and line."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(set(errors))
        count = len(self.errors)
        super().__init__(f"{count} error{'s' if count != 1 else ''}")

    def report(self) -> str:
        return "\n".join(str(error) for error in self.errors)


class CheckFailed(Exception):
    """Raised when the SEO validation pass finds errors in a fresh build."""

    def __init__(self, report: str, errors: int) -> None:
        self.report = report
        super().__init__(f"the SEO check found {errors} error{'s' if errors != 1 else ''}")
