"""Errors about the user's content, each pinned to a file, line, column and field."""

from __future__ import annotations

from dataclasses import dataclass


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
