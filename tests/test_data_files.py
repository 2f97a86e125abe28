"""The compare pages' data files on both catalogs: the build summary counts them apart
from the pages, and `_headers` keeps them, and only them, out of search indexes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.load import load_site
from generator.route import DATA_KINDS, build_routes

from .conftest import REPO
from .output import BuiltSite
from .test_deploy import matching, parse_headers
from .test_second_catalog import is_stub

CATALOGS = ("demo", "cables")


def site_of(catalog: str, built: BuiltSite) -> Path:
    """The site folder the session fixture `catalog` built (see conftest)."""
    return REPO if catalog == "demo" else built.root.parent / "site"


def counted(built: BuiltSite) -> tuple[int, int]:
    """The HTML pages (redirect stubs for old URLs are not pages) and the compare data files
    in the output."""
    pages = sum(not is_stub(tree) for tree in built.pages().values())
    return pages, len(list(built.root.glob("**/compare/data/*.json")))


@pytest.mark.parametrize("catalog", CATALOGS)
def test_the_summary_counts_pages_and_data_files_apart(catalog: str, request: pytest.FixtureRequest):
    """The fixture's build again, as it ran (check on, one job): nothing changed, so it
    repeats the summary that build recorded, as text and as JSON."""
    built: BuiltSite = request.getfixturevalue(catalog)
    pages, data_files = counted(built)
    assert pages > 0 and data_files > 0
    command = ["build", "--site", str(site_of(catalog, built)), "--out", str(built.root), "--jobs", "1"]
    text = CliRunner().invoke(main, command)
    assert text.exit_code == 0, text.output
    assert text.output.splitlines()[-1].startswith(
        f"Nothing changed: {built.root} already holds these {pages} pages, {data_files} data files and "
    )
    logged = CliRunner().invoke(main, [*command, "--log-format", "json"])
    assert logged.exit_code == 0, logged.output
    summary = json.loads(logged.stdout.splitlines()[-1])
    assert (summary["pages"], summary["data_files"]) == (pages, data_files)


@pytest.mark.parametrize("catalog", CATALOGS)
def test_headers_say_noindex_for_the_data_files_only(catalog: str, request: pytest.FixtureRequest):
    """Every data file the router places (in every language) and no other file gets
    `X-Robots-Tag: noindex` from the rules of `_headers`, as Netlify and Cloudflare apply them."""
    built: BuiltSite = request.getfixturevalue(catalog)
    library = load_site(site_of(catalog, built)).library
    assert library is not None
    routes = [route for route in build_routes(library).routes if route.kind in DATA_KINDS]
    assert {route.lang for route in routes} == set(library.site.language_codes)
    data = {route.path for route in routes}
    files = {
        "/" + path.relative_to(built.root).as_posix() for path in built.root.rglob("*") if path.is_file()
    }
    assert data <= files and len(data) == counted(built)[1]
    rules = parse_headers((built.root / "_headers").read_text(encoding="utf-8"))
    for url in sorted(files):
        assert matching(rules, url, "X-Robots-Tag") == (["noindex"] if url in data else []), url
