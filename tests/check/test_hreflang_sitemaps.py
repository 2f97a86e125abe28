"""hreflang, sitemap and robots.txt rules, each with one planted defect."""

from __future__ import annotations

from conftest import hits
from sites import BASE

BALL = "products/ball-valve/index.html"
KUGEL = "de/produkte/kugelhahn/index.html"
BALL_URL = f"{BASE}/products/ball-valve/"
KUGEL_URL = f"{BASE}/de/produkte/kugelhahn/"
SITEMAP = "sitemaps/pages.xml"


def test_invalid_hreflang_codes(run, site):
    site[BALL] = (
        site[BALL].replace('hreflang="en"', 'hreflang="en-UK"').replace('hreflang="de"', 'hreflang="jp"')
    )
    report = run(site)
    messages = {f.message for f in report.findings if f.rule_id == "hreflang.invalid-code"}
    assert hits(report, "hreflang.invalid-code") == {BALL_URL}
    assert any("en-GB" in m for m in messages) and any("'ja'" in m for m in messages)


def test_underscore_code(run, site):
    site[BALL] = site[BALL].replace('hreflang="de"', 'hreflang="de_DE"')
    assert hits(run(site), "hreflang.invalid-code") == {BALL_URL}


def test_missing_return_link_and_sitemap_disagreement(run, site):
    site[KUGEL] = (
        site[KUGEL]
        .replace(f'<link rel="alternate" hreflang="en" href="{BALL_URL}">', "")
        .replace(f'<link rel="alternate" hreflang="x-default" href="{BALL_URL}">', "")
    )
    report = run(site)
    assert hits(report, "hreflang.no-return-link") == {BALL_URL}
    assert hits(report, "hreflang.sitemap-mismatch") == {KUGEL_URL}


def test_cluster_sets_differ(run, site):
    site[KUGEL] = site[KUGEL].replace(f'<link rel="alternate" hreflang="en" href="{BALL_URL}">', "")
    report = run(site)
    assert hits(report, "hreflang.inconsistent") == {BALL_URL, KUGEL_URL}
    assert not hits(report, "hreflang.no-return-link")


def test_self_reference_missing(run, site):
    site[KUGEL] = site[KUGEL].replace(f'<link rel="alternate" hreflang="de" href="{KUGEL_URL}">', "")
    assert KUGEL_URL in hits(run(site), "hreflang.self-missing")


def test_target_not_built_and_noindex(run, site):
    site[BALL] = site[BALL].replace(f'"de" href="{KUGEL_URL}"', f'"de" href="{BASE}/de/nope/"')
    site[KUGEL] = site[KUGEL].replace("<head>", '<head><meta name="robots" content="noindex">')
    report = run(site)
    assert BALL_URL in hits(report, "hreflang.unresolved")
    assert f"{BASE}/products/ball-valve/" not in hits(report, "hreflang.target-not-canonical")
    assert KUGEL_URL in hits(report, "sitemap.loc-not-indexable")


def test_hreflang_language_differs_from_html_lang(run, site):
    site[KUGEL] = site[KUGEL].replace('lang="de"', 'lang="fr"', 1)
    assert hits(run(site), "hreflang.lang-mismatch") == {KUGEL_URL}


def test_robots_blocks_sitemap_urls_and_lacks_sitemap_line(run, site):
    site["robots.txt"] = "User-agent: *\nDisallow: /products/\n"
    report = run(site)
    assert BALL_URL in hits(report, "robots.blocks-sitemap-url")
    assert hits(report, "robots.no-sitemap") == {"robots.txt"}


def test_robots_missing(run, site):
    del site["robots.txt"]
    report = run(site)
    assert hits(report, "robots.missing") == {"robots.txt"}
    assert not hits(report, "sitemap.none")


def test_sitemap_lastmod_duplicate_and_missing_page(run, site):
    xml = site[SITEMAP].replace("<lastmod>2026-01-15</lastmod>", "<lastmod>2026-13-01</lastmod>", 1)
    entry = xml.split("<url>")[3].split("</url>")[0]
    xml = xml.replace(f"<url>{entry}</url>", "")
    site[SITEMAP] = xml.replace("</urlset>", f"<url><loc>{BALL_URL}</loc></url></urlset>")
    report = run(site)
    assert hits(report, "sitemap.lastmod-invalid") == {SITEMAP}
    assert hits(report, "sitemap.duplicate-loc") == {BALL_URL}
    assert hits(report, "sitemap.missing-page") == {f"{BASE}/categories/valves/"}


def test_sitemap_over_two_megabytes_is_a_warning_over_fifty_an_error(run, site):
    padding = "<!-- " + "x" * (2 * 1024 * 1024) + " -->"
    site[SITEMAP] = site[SITEMAP].replace("</urlset>", f"{padding}</urlset>")
    report = run(site)
    assert hits(report, "sitemap.large") == {SITEMAP} and not hits(report, "sitemap.too-large")
    site[SITEMAP] = site[SITEMAP].replace(padding, padding * 25)
    report = run(site)
    assert hits(report, "sitemap.too-large") == {SITEMAP} and not hits(report, "sitemap.large")


def test_sitemap_namespace_and_unresolved_child(run, site):
    site[SITEMAP] = site[SITEMAP].replace("http://www.sitemaps.org/schemas/sitemap/0.9", "urn:wrong")
    site["sitemap-index.xml"] = site["sitemap-index.xml"].replace(
        "</sitemapindex>", f"<sitemap><loc>{BASE}/sitemaps/gone.xml</loc></sitemap></sitemapindex>"
    )
    report = run(site)
    assert hits(report, "sitemap.namespace") == {SITEMAP}
    assert hits(report, "sitemap.child-unresolved") == {"sitemap-index.xml"}


def test_sitemap_loc_problems(run, site):
    site[SITEMAP] = site[SITEMAP].replace(
        "</urlset>",
        f"<url><loc>{BASE}/missing/</loc></url><url><loc>/relative/</loc></url>"
        f"<url><loc>{BASE}/404.html</loc></url></urlset>",
    )
    report = run(site)
    assert hits(report, "sitemap.loc-unresolved") == {f"{BASE}/missing/"}
    assert hits(report, "sitemap.loc-invalid") == {SITEMAP}
    assert hits(report, "sitemap.loc-not-indexable") == {f"{BASE}/404.html"}


def test_a_built_pdf_may_be_listed_a_missing_one_not(run, site):
    """Datasheets and catalogs are files without HTML: listed, they only have to exist."""
    site["products/ball-valve/ball-valve-datasheet-en.pdf"] = "%PDF-1.4\n%%EOF\n"
    site[SITEMAP] = site[SITEMAP].replace(
        "</urlset>",
        f"<url><loc>{BALL_URL}ball-valve-datasheet-en.pdf</loc></url>"
        f"<url><loc>{BALL_URL}gone-datasheet-en.pdf</loc></url></urlset>",
    )
    report = run(site)
    assert hits(report, "sitemap.loc-unresolved") == {f"{BALL_URL}gone-datasheet-en.pdf"}


def test_unparseable_sitemap_and_nested_index(run, site):
    site[SITEMAP] = site[SITEMAP].replace("</urlset>", "<url>&</url></urlset>")
    site["sitemap-index.xml"] = site["sitemap-index.xml"].replace(
        "</sitemapindex>", f"<sitemap><loc>{BASE}/sitemap-index.xml</loc></sitemap></sitemapindex>"
    )
    report = run(site)
    assert hits(report, "sitemap.parse") == {SITEMAP}
    assert hits(report, "sitemap.nested-index") == {"sitemap-index.xml"}


def test_regional_code_without_its_generic_one(run, site):
    """de-AT alone leaves German speakers elsewhere to x-default, which is English here."""
    for page in (BALL, KUGEL):
        site[page] = site[page].replace('hreflang="de"', 'hreflang="de-AT"')
    assert hits(run(site), "hreflang.generic-missing") == {BALL_URL, KUGEL_URL}
    for page in (BALL, KUGEL):
        site[page] = site[page].replace('hreflang="de-AT"', 'hreflang="de"')
    assert hits(run(site), "hreflang.generic-missing") == set()
