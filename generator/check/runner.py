"""`check_site`: crawl the built folder, run every rule, and apply the site's settings."""

from __future__ import annotations

import fnmatch
import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.engine import Engine, open_engine
from generator.models.checks import CheckSettings
from generator.progress import NO_PROGRESS, Progress

from .crawl import RawFinding, crawl
from .facts import PageEnv, PageFacts
from .findings import CheckReport, Finding, PageStat
from .rules import RULES, SITE_CHECKS
from .site import Site
from .urls import SiteUrls

WALK_THREADS = 8


def _scan(root: Path, directory: str) -> tuple[list[str], list[str]]:
    files: list[str] = []
    subdirs: list[str] = []
    with os.scandir(root / directory if directory else root) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                subdirs.append(f"{directory}{entry.name}/")
            elif entry.is_file():  # not a named pipe (reading one waits forever) or a broken link
                files.append(directory + entry.name)
    return files, subdirs


def _files(root: Path) -> list[str]:
    """Every file below `root` as a '/'-separated relative path, skipping hidden entries.

    Directories are listed level by level on a thread pool: a page-per-directory site has as
    many directories as pages, and the listing syscalls release the GIL.
    """
    found: list[str] = []
    level = [""]
    with ThreadPoolExecutor(WALK_THREADS) as pool:
        while level:
            next_level: list[str] = []
            for files, subdirs in pool.map(lambda d: _scan(root, d), level, chunksize=64):
                found += files
                next_level += subdirs
            level = next_level
    return sorted(found)


def _finalize(raw: list[RawFinding], settings: CheckSettings) -> list[Finding]:
    """Apply `ignore` globs and severity overrides, add hints, sort by rule and location."""
    findings = []
    for rule_id, where, message in raw:
        severity = settings.severity.get(rule_id, RULES[rule_id].severity)
        if severity == "off":
            continue
        path = unquote(urlsplit(where).path) if "://" in where else "/" + where
        if any(fnmatch.fnmatchcase(path, pattern) for pattern in settings.ignore):
            continue
        findings.append(Finding(rule_id, severity, where, message, RULES[rule_id].hint))
    findings.sort(key=lambda f: (f.severity != "error", f.rule_id, f.url_or_path, f.message))
    return findings


def check_site(
    site_dir: Path,
    base_url: str,
    settings: CheckSettings | None = None,
    jobs: int = 0,
    ui_phrases: frozenset[str] = frozenset(),
    engine: Engine | None = None,
    progress: Progress = NO_PROGRESS,
) -> CheckReport:
    """Check the built site in `site_dir` as served at `base_url`.

    Pages are checked on `engine` (a build passes its own), else on worker processes
    opened here: `jobs` of them (0: one per CPU, 1: run in this process);
    `ui_phrases` are the theme's English UI phrases, looked for on pages in other languages;
    `progress` counts the pages checked.
    """
    settings = settings or CheckSettings()
    root = Path(site_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a directory")
    files = _files(root)
    urls = SiteUrls(base_url=base_url, files=frozenset(files))
    html_paths = [f for f in files if f.endswith((".html", ".htm"))]
    env = PageEnv(root=root, urls=urls, settings=settings, ui_phrases=ui_phrases)
    raw: list[RawFinding] = []
    pages: dict[str, PageFacts] = {}
    linked: set[str] = set()
    progress.total(len(html_paths), "pages")
    with open_engine(jobs) if engine is None else nullcontext(engine) as pages_engine:
        for chunk in progress.track(crawl(html_paths, env, pages_engine), size=lambda chunk: chunk.checked):
            raw.extend(chunk.findings)
            linked |= chunk.linked
            pages.update((facts.url, facts) for facts in chunk.facts)
    site = Site(root=root, urls=urls, settings=settings, pages=pages, linked=linked)

    def emit(rule_id: str, where: str, message: str) -> None:
        raw.append((rule_id, where, message))

    for check in SITE_CHECKS:
        check(site, emit)
    stats = [
        PageStat(p.url, p.lang or "?", p.page_type, p.title_length, p.description_length)
        for p in sorted(pages.values(), key=lambda p: p.url)
    ]
    return CheckReport(_finalize(raw, settings), len(html_paths), base_url, stats, settings)
