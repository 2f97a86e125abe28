"""CDN-ready output: _headers, redirects from old URLs, the deploy manifest and `pseo diff`."""

from __future__ import annotations

import hashlib
import json
from fnmatch import fnmatchcase
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html

from generator.build import build_site
from generator.cli import main
from generator.load import load_site
from generator.manifest import content_type, render_manifest
from generator.route import build_routes

from .conftest import REPO, SiteFolder

ORIGIN = "https://www.example-valves.com"
PRODUCT = "content/products/ball-valve-dn50.yaml"
OTHER = "content/products/gate-valve-dn80.yaml"


def parse_headers(text: str) -> dict[str, dict[str, str]]:
    rules: dict[str, dict[str, str]] = {}
    pattern = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            pattern = line.strip()
            assert pattern not in rules, f"{pattern} given twice"
            rules[pattern] = {}
        else:
            name, _, value = line.strip().partition(": ")
            assert pattern is not None
            rules[pattern][name] = value
    return rules


def parse_redirects(text: str) -> dict[str, tuple[str, str]]:
    pairs = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            old, new, status = line.split()
            pairs[old] = (new, status)
    return pairs


def matching(rules: dict[str, dict[str, str]], url_path: str, header: str) -> list[str]:
    """Values of `header` from every rule matching `url_path`, as Netlify and Cloudflare
    Pages apply them (all matching rules; `*` spans slashes)."""
    return [
        headers[header]
        for pattern, headers in rules.items()
        if header in headers and (fnmatchcase(url_path, pattern) or url_path + "*" == pattern)
    ]


def build(site: SiteFolder, out: Path, *, check: bool = False) -> Path:
    build_site(site.root, out, check=check, jobs=1)
    return out


def build_cli(site: SiteFolder, out: Path, *extra: str):
    return CliRunner().invoke(
        main, ["build", "--site", str(site.root), "--out", str(out), "--no-check", *extra]
    )


def add_aliases(site: SiteFolder, relative: str, *aliases: str) -> tuple[int, int]:
    """Append an `aliases:` list; return the line and column of its first item."""
    text = site.read(relative).rstrip("\n") + "\n"
    line = text.count("\n") + 2
    items = "".join(f"  - {alias}\n" for alias in aliases)
    (site.root / relative).write_text(f"{text}aliases:\n{items}", encoding="utf-8")
    return line, 5


def test_headers_cache_assets_forever_and_revalidate_every_page(site: SiteFolder, tmp_path: Path):
    out = build(site, tmp_path / "out")
    rules = parse_headers((out / "_headers").read_text())
    for folder in ("assets", "img"):
        assert rules[f"/{folder}/*"] == {"Cache-Control": "public, max-age=31536000, immutable"}
    csp = dict(part.split(" ", 1) for part in rules["/*"]["Content-Security-Policy"].split("; "))
    assert csp["form-action"] == "'self' https://forms.example-valves.com"
    assert csp["script-src"] == "'self' 'wasm-unsafe-eval'" and csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert rules["/*"]["X-Content-Type-Options"] == "nosniff"
    assert rules["/*"]["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Cache-Control" not in rules["/*"], "hosts would join it with the immutable value"

    files = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    for file in files:
        url = "/" + file.removesuffix("index.html")
        values = matching(rules, url, "Cache-Control")
        if file.startswith(("assets/", "img/")):
            assert values == ["public, max-age=31536000, immutable"], file
        elif file.endswith(".html"):
            assert values == ["public, max-age=0, must-revalidate"], file


def test_pages_satisfy_the_content_security_policy(site: SiteFolder, tmp_path: Path):
    """No inline script (JSON-LD is data), no inline style, no event handler attributes."""
    out = build(site, tmp_path / "out")
    for path in out.rglob("*.html"):
        tree = html.fromstring(path.read_bytes())
        for script in tree.iter("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", path
        assert not tree.xpath("//style | //*[@style]"), path
        assert not [a for el in tree.iter() for a in el.attrib if a.startswith("on")], path
    templates = (REPO / "themes/default/templates").rglob("*.html")
    assert not [t for t in templates if " style=" in t.read_text() or "<style" in t.read_text()]


def test_slug_change_keeps_the_old_url(site: SiteFolder, tmp_path: Path):
    before = build(site, tmp_path / "before")
    assert (before / "products/ball-valve-dn50/index.html").is_file()

    site.replace(PRODUCT, "slug: ball-valve-dn50", "slug: two-piece-ball-valve-dn50")
    add_aliases(site, PRODUCT, "/products/ball-valve-dn50/", "/ar/products/ball-valve-dn50")
    site.replace(
        "content/pages/about.ar.md", "slug: about-us\n", "slug: about-us\naliases: [/ar/old-about/]\n"
    )
    after = build(site, tmp_path / "after", check=True)  # redirect stubs pass the SEO check

    redirects = parse_redirects((after / "_redirects").read_text())
    assert redirects == {
        "/products/ball-valve-dn50/": ("/products/two-piece-ball-valve-dn50/", "301"),
        "/ar/products/ball-valve-dn50": ("/ar/products/two-piece-ball-valve-dn50/", "301"),
        "/ar/old-about/": ("/ar/about-us/", "301"),
        "/ar/*": ("/ar/404.html", "404"),
    }
    # Misses below a language's prefix get that language's "not found" page, after every 301.
    assert list(redirects)[-1] == "/ar/*"
    not_found = html.fromstring((after / "ar/404.html").read_bytes())
    assert not_found.get("lang") == "ar" and not_found.xpath("//meta[@name='robots']/@content") == [
        "noindex, follow"
    ]
    for old, (new, status) in redirects.items():
        if status != "301":
            continue
        stub = after / old.lstrip("/").rstrip("/") / "index.html"
        page = html.fromstring(stub.read_bytes())
        assert page.xpath("string(//link[@rel='canonical']/@href)") == ORIGIN + new
        assert page.xpath("string(//meta[@name='robots']/@content)") == "noindex"
        assert page.xpath("string(//meta[@http-equiv='refresh']/@content)") == f"0; url={new}"
        assert page.xpath("//a/@href") == [new]
        # The stub carries the target's language but no words that would claim it.
        assert page.xpath("normalize-space(//body)") == page.xpath("string(//title)") == ORIGIN + new
        assert (after / new.lstrip("/") / "index.html").is_file()
    sitemaps = "".join(p.read_text() for p in after.glob("sitemap*.xml"))
    assert "ball-valve-dn50/<" not in sitemaps.replace("two-piece-ball-valve-dn50/<", "")


def test_alias_that_is_a_live_url_is_an_error(site: SiteFolder, tmp_path: Path):
    line, column = add_aliases(site, PRODUCT, "/products/gate-valve-dn80/")
    result = build_cli(site, tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert (
        f"{PRODUCT}:{line}:{column}: aliases: alias /products/gate-valve-dn80/ is the URL of a page"
        in result.output
    )
    assert not (tmp_path / "out").exists()


def test_alias_at_a_page_url_is_found_by_routing_before_anything_renders(site: SiteFolder):
    line, column = add_aliases(site, PRODUCT, "/products/gate-valve-dn80/")
    library = load_site(site.root).library
    assert library is not None
    (problem,) = build_routes(library).problems
    assert (problem.path, problem.line, problem.column) == (PRODUCT, line, column)
    assert problem.message == "alias /products/gate-valve-dn80/ is the URL of a page (product GV-DN80 [en])"


def test_alias_claimed_twice_is_an_error(site: SiteFolder, tmp_path: Path):
    first_line, first_column = add_aliases(site, PRODUCT, "/specs/", "/old-catalog/valve.html")
    line, column = add_aliases(site, OTHER, "/old-catalog/valve.html")
    result = build_cli(site, tmp_path / "out")
    assert result.exit_code == 1, result.output
    expected = (
        f"{OTHER}:{line}:{column}: aliases[0]: alias /old-catalog/valve.html is also claimed "
        f"in {PRODUCT}:{first_line + 1}:{first_column}"
    )
    assert expected in result.output


@pytest.mark.parametrize(
    ("alias", "message"),
    [
        ("https://old.example.com/x/", "must be a path on this site starting with one /"),
        ("//old.example.com/x/", "must be a path on this site starting with one /"),
        ('"/old page/"', "must not contain spaces"),
        ("/a/../b/", "must not contain . or .. segments"),
    ],
)
def test_malformed_alias_is_an_error(site: SiteFolder, tmp_path: Path, alias: str, message: str):
    line, column = add_aliases(site, PRODUCT, alias)
    result = build_cli(site, tmp_path / "out")
    assert result.exit_code == 1
    assert f"{PRODUCT}:{line}:{column}: aliases[0]: " in result.output
    assert message in result.output


def test_manifest_lists_every_file_deterministically(site: SiteFolder, tmp_path: Path):
    first, second = build(site, tmp_path / "a"), build(site, tmp_path / "b")
    text = (first / "pseo-manifest.json").read_bytes()
    assert text == (second / "pseo-manifest.json").read_bytes()
    manifest = json.loads(text)
    assert list(manifest) == sorted(manifest)
    files = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()}
    assert set(manifest) == files - {"pseo-manifest.json", ".pseo-output"}
    for name in ("_headers", "_redirects", "index.html", "sitemap.xml"):
        entry = manifest[name]
        data = (first / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["size"] == len(data)
    assert manifest["index.html"]["content_type"] == "text/html; charset=utf-8"
    assert any(e["content_type"] == "image/avif" for e in manifest.values())
    assert text == (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()


def test_manifest_text_is_json_with_one_space_indents():
    """The manifest is rendered without json's slow indenting encoder, to the same bytes."""
    manifest = {
        "zh/产品/index.html": {"sha256": "ab", "size": 3, "content_type": content_type("zh/产品/index.html")},
        'odd "name"\u2028.txt': {"sha256": "cd", "size": 0, "content_type": content_type("odd.txt")},
        "kept-from-a-deploy": {"size": 5, "etag": None, "ratio": 1.5, "flag": True},
        "empty": {},
    }
    for value in (manifest, {}):
        assert render_manifest(value) == (json.dumps(value, indent=1, sort_keys=True) + "\n").encode()
    names = ["a/.well-known/x", "_headers", "b/c.d/e", "F.HTML", "doc.pdf", "x.tar.gz", "trailing."]
    assert [content_type(name) for name in names] == [
        "text/plain; charset=utf-8",
        "text/plain; charset=utf-8",
        "text/plain; charset=utf-8",
        "text/html; charset=utf-8",
        "application/pdf",
        "application/x-tar",
        "text/plain; charset=utf-8",
    ]


def test_diff_lists_added_changed_and_removed(site: SiteFolder, tmp_path: Path):
    old = build(site, tmp_path / "old")
    kept = tmp_path / "live-manifest.json"
    kept.write_bytes((old / "pseo-manifest.json").read_bytes())
    site.replace(PRODUCT, "unit_price: 18.50", "unit_price: 17.25")
    site.replace(OTHER, "slug: gate-valve-dn80", "slug: flanged-gate-valve-dn80")
    new = build(site, tmp_path / "new")

    result = CliRunner().invoke(main, ["diff", str(kept), str(new), "--format", "json"])
    assert result.exit_code == 0, result.output
    diff = json.loads(result.output)
    assert "products/flanged-gate-valve-dn80/index.html" in diff["added"]
    assert "products/gate-valve-dn80/index.html" in diff["removed"]
    assert "products/ball-valve-dn50/index.html" in diff["changed"]
    assert "assets/" not in json.dumps(diff), "unchanged assets are not listed"

    text = CliRunner().invoke(main, ["diff", str(old), str(new)])
    assert text.exit_code == 0
    assert "~ products/ball-valve-dn50/index.html" in text.output.splitlines()
    assert "- products/gate-valve-dn80/index.html" in text.output.splitlines()
    counts = f"{len(diff['added'])} added, {len(diff['changed'])} changed, {len(diff['removed'])} removed"
    assert text.output.splitlines()[-1] == counts


def test_build_logs_json_lines(site: SiteFolder, tmp_path: Path):
    ok = CliRunner().invoke(
        main,
        [
            "build",
            "--site",
            str(site.root),
            "--out",
            str(tmp_path / "out"),
            "--no-check",
            "--log-format",
            "json",
        ],
    )
    assert ok.exit_code == 0, ok.output
    summary = json.loads(ok.stdout.strip())
    assert summary["level"] == "info" and summary["pages"] > 0 and summary["files"] > summary["pages"]

    site.replace(PRODUCT, "min_qty: 500, max_qty: 1999", "min_qty: 50, max_qty: 1999")
    failed = build_cli(site, tmp_path / "out", "--log-format", "json")
    assert failed.exit_code == 1
    records = [json.loads(line) for line in failed.stderr.splitlines()]
    assert records[0] == {
        "level": "error",
        "text": records[0]["text"],
        "path": PRODUCT,
        "line": 25,
        "column": 15,
        "field": "price_tiers[1].min_qty",
        "message": "must be greater than the previous tier's min_qty (100)",
    }
    assert records[-1]["message"].startswith("Build failed: 1 error.")
    assert failed.stdout == ""
