"""Lighthouse scores of the default theme on the demo site.

Builds the demo into a temporary folder, serves it on 127.0.0.1 and runs Lighthouse
(mobile preset, simulated throttling) with Debian's Chromium over one page of each
kind — home, category, product, pSEO landing, Markdown page, contact, catalog,
certificates, factory, customer case — in English and Arabic. Prints a score table,
writes it to benchmarks/LIGHTHOUSE.md and exits 1 when a page misses the target
(Performance ≥ 98, the other three 100).

    .venv/bin/python benchmarks/lighthouse.py        # or: make lighthouse

The npm package `lighthouse` is installed on first use into .pseo-cache/lighthouse
(`npm install --no-save`); nothing is downloaded while auditing.

The pages are audited at http://127.0.0.1:PORT while their canonical and hreflang
URLs name the production https host. Lighthouse treats 127.0.0.1 like localhost for
`is-on-https`, and its `canonical` audit checks that the URL is absolute, unique, not
another hreflang variant and not the home page — not that it shares the audited host —
so no audit is skipped or adjusted for the local origin.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from generator.build import build_site

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / ".pseo-cache" / "lighthouse"
LIGHTHOUSE = CACHE / "node_modules" / ".bin" / "lighthouse"
REPORT = REPO / "benchmarks" / "LIGHTHOUSE.md"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = {"performance": "Performance", "accessibility": "Accessibility",
              "best-practices": "Best Practices", "seo": "SEO"}  # fmt: skip
TARGET = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
LANGUAGES = ("en", "ar")


def ensure_lighthouse() -> None:
    """Install the npm package locally once; later runs reuse it."""
    if LIGHTHOUSE.exists():
        return
    CACHE.mkdir(parents=True, exist_ok=True)
    manifest = CACHE / "package.json"
    if not manifest.exists():  # keeps npm from looking for a package root further up
        manifest.write_text('{"private": true}\n', encoding="utf-8")
    subprocess.run(
        ["npm", "install", "--no-save", "--no-audit", "--no-fund", "lighthouse"], cwd=CACHE, check=True
    )


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the score table readable."""


@contextmanager
def serve(root: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def sitemap_paths(root: Path, kind: str) -> list[str]:
    tree = etree.parse(str(root / "sitemaps" / f"{kind}-1.xml"))
    return [urlsplit(loc).path for loc in tree.xpath("//sm:url/sm:loc/text()", namespaces=SITEMAP_NS)]


def in_language(paths: list[str], lang: str) -> list[str]:
    """Paths of one language: under `/lang/`, or without any language prefix for
    the default language `en`."""
    if lang == "en":
        return [path for path in paths if not re.match(r"^/[a-z]{2}(-[a-z]{2})?/", path)]
    return [path for path in paths if path.startswith(f"/{lang}/")]


def translation(root: Path, path: str, lang: str) -> str | None:
    tree = etree.parse(str(root / path.lstrip("/") / "index.html"), etree.HTMLParser())
    hrefs = tree.xpath(f'//link[@rel="alternate"][@hreflang="{lang}"]/@href')
    return urlsplit(hrefs[0]).path if hrefs else None


def pages(root: Path) -> list[tuple[str, str, str]]:
    """(kind, language, path) of the audited pages: the English page of each kind
    and its Arabic translation (or the first Arabic page of that kind)."""
    english = {
        "home": "/",
        "category": in_language(sitemap_paths(root, "category"), "en")[0],
        "product": in_language(sitemap_paths(root, "product"), "en")[0],
        "landing": in_language(sitemap_paths(root, "landing"), "en")[0],
        "page": next(p for p in in_language(sitemap_paths(root, "page"), "en") if "about" in p),
        "contact": next(p for p in in_language(sitemap_paths(root, "page"), "en") if "contact" in p),
        "catalog": in_language(sitemap_paths(root, "products"), "en")[0],
        "certificates": "/certificates/",
        "factory": "/factory/",
        "case": in_language(sitemap_paths(root, "case"), "en")[0],
    }
    sitemap = {"home": "home", "page": "page", "contact": "page", "catalog": "products"}
    result = []
    for lang in LANGUAGES:
        for kind, path in english.items():
            if lang != "en":
                path = (
                    translation(root, path, lang)
                    or in_language(sitemap_paths(root, sitemap.get(kind, kind)), lang)[0]
                )
            result.append((kind, lang, path))
    return result


def audit(url: str, out: Path) -> dict[str, Any]:
    """One Lighthouse run; returns the parsed JSON report."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env=env,
        check=True,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def failing_audits(report: dict[str, Any]) -> list[str]:
    """Ids of the scored audits below 1 outside Performance (whose metrics are
    rarely all perfect and are summed up by the score itself)."""
    failing = []
    for category in ("accessibility", "best-practices", "seo"):
        for ref in report["categories"][category]["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref["weight"] and result["score"] is not None and result["score"] < 1:
                failing.append(ref["id"])
    return failing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", type=Path, default=REPORT, help="Markdown file to write")
    args = parser.parse_args()
    ensure_lighthouse()
    version = json.loads((CACHE / "node_modules" / "lighthouse" / "package.json").read_text())["version"]
    with tempfile.TemporaryDirectory(prefix="pseo-lighthouse-") as scratch:
        out = Path(scratch) / "public"
        build_site(REPO, out, check=False)
        rows, notes, missed = [], [], []
        with serve(out) as origin:
            for kind, lang, path in pages(out):
                report = audit(origin + path, Path(scratch) / "report.json")
                scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
                cells = " | ".join(str(scores[c]) for c in CATEGORIES)
                row = f"| {kind} | {lang} | `{path}` | {cells} |"
                print(row, flush=True)
                rows.append(row)
                if failing := failing_audits(report):
                    notes.append(f"- {kind} ({lang}): {', '.join(failing)}")
                if any(scores[c] < TARGET[c] for c in CATEGORIES):
                    missed.append(f"{kind} ({lang})")
    header = "| page | lang | path | " + " | ".join(CATEGORIES.values()) + " |"
    table = "\n".join([header, "|" + " --- |" * (3 + len(CATEGORIES)), *rows])
    text = (
        "# Lighthouse scores of the default theme\n\n"
        f"Lighthouse {version}, mobile preset (simulated throttling), Debian's Chromium, "
        "demo site served from 127.0.0.1. Regenerate with `make lighthouse`.\n\n"
        f"{table}\n"
    )
    if notes:
        text += "\nAudits below 100% outside Performance:\n\n" + "\n".join(notes) + "\n"
    args.report.write_text(text, encoding="utf-8")
    print(f"\n{table}\n\nwritten to {args.report.relative_to(REPO)}")
    if missed:
        print("below target (Performance ≥ 98, others 100): " + ", ".join(missed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
