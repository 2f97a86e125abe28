"""Digests that say whether a build's inputs changed: of bytes, of the generator's own
code and of the site's git history. Light on purpose: a build that finds nothing
changed decides so before the pipeline is imported."""

from __future__ import annotations

import hashlib
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


def _generator_version() -> str:
    """Release number plus a hash of the generator's own source: cached libraries and
    pages are pickles and renderings of this code, invalid as soon as it changes."""
    try:
        release = version("pseo")
    except PackageNotFoundError:  # running from a source tree without installation
        release = "source"
    package = Path(__file__).resolve().parent
    sources = sorted(package.rglob("*.py"))
    return release + "+" + digest(*(f"{p.relative_to(package)}={digest(p.read_bytes())}" for p in sources))


GENERATOR_VERSION = _generator_version()


def content_history(root: Path) -> str:
    """The last commit touching the site folder (lastmod dates come from git), or ''."""
    return subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%H", "--", "."], capture_output=True, text=True
    ).stdout.strip()
