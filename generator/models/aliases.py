"""Old URL paths of an entity (`aliases:`), so that a renamed slug keeps its traffic.

An alias is a path on the site's own origin, never a full URL: the redirect it
becomes is served by the same host, and an absolute URL would let a typo redirect
visitors to someone else's domain.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from .base import printable
from .reserved import SYSTEM_FOLDERS

PATH_PATTERN = r"^(/[^/\s?#\\*:\x00-\x1f\x7f]+)*/?$"
"""No whitespace or control characters (each would end or split a `_redirects` or
`_headers` line), no `*` or `:` (a splat and a placeholder there)."""


def _check_url_path(path: str) -> str:
    if not path.startswith("/") or path.startswith("//"):
        raise PydanticCustomError(
            "url_path",
            "'{path}' must be a path on this site starting with one /, e.g. /products/old-slug/",
            {"path": path},
        )
    if not re.fullmatch(PATH_PATTERN, path):
        raise PydanticCustomError(
            "url_path",
            "'{path}' must not contain spaces, control characters, ?, #, \\, *, : or empty segments",
            {"path": printable(path)},
        )
    if any(segment in {".", ".."} for segment in path.split("/")):
        raise PydanticCustomError("url_path", "'{path}' must not contain . or .. segments", {"path": path})
    folder = path.split("/")[1]
    if folder in SYSTEM_FOLDERS:
        # Its redirect would be a file among those the build writes, cached like them.
        raise PydanticCustomError(
            "url_path",
            "'{path}' is inside /{folder}/, the folder of {what}",
            {"path": path, "folder": folder, "what": SYSTEM_FOLDERS[folder]},
        )
    return path


UrlPath = Annotated[
    str,
    AfterValidator(_check_url_path),
    Field(
        json_schema_extra={"pattern": PATH_PATTERN},
        description="A former URL path of this page, e.g. /products/old-slug/ or /de/produkte/alt/",
    ),
]


def alias_output_file(path: str) -> str:
    """The output file that answers requests for `path`: `/a/b/` and `/a/b` are both
    served by `a/b/index.html`, while a path naming a file (`/catalog/valve.html`) is
    that file. Two aliases with the same output file are the same old URL."""
    relative = path.strip("/")
    if "." in relative.rpartition("/")[2]:
        return relative
    return f"{relative}/index.html" if relative else "index.html"
