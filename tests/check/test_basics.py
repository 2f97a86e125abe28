"""Page basics, canonical and URL rules, each with one planted defect."""

from __future__ import annotations

import pytest
from conftest import hits
from sites import BASE

BALL = "products/ball-valve/index.html"
GATE = "products/gate-valve/index.html"
BALL_URL = f"{BASE}/products/ball-valve/"
GATE_URL = f"{BASE}/products/gate-valve/"


def test_clean_site_has_no_findings(run):
    report = run()
    assert report.pages_checked == 9
    assert report.findings == []
    assert not report.failed("warning")


def test_missing_title(run, site):
    site[BALL] = site[BALL].replace("<title>", "<!--").replace("</title>", "-->")
    assert hits(run(site), "title.missing") == {BALL_URL}


def test_duplicate_titles_among_indexable_pages(run, site):
    title = site[BALL].split("<title>")[1].split("</title>")[0]
    site[GATE] = site[GATE].replace(site[GATE].split("<title>")[1].split("</title>")[0], title)
    report = run(site)
    assert hits(report, "title.duplicate") == {BALL_URL, GATE_URL}
    assert report.failed()


def test_short_description_warns_but_cjk_is_skipped(run, site):
    site[BALL] = site[BALL].replace('content="Ball product EN:', 'content="Short." data-x="')
    site[GATE] = site[GATE].replace('lang="en"', 'lang="ja"', 1)
    site[GATE] = site[GATE].replace('content="Gate', 'content="x" data-x="')
    report = run(site)
    assert hits(report, "description.length") == {BALL_URL}
    assert hits(report, "hreflang.lang-mismatch") == {GATE_URL}


def test_missing_h1_lang_charset_viewport(run, site):
    page = site[BALL].replace("<h1>", "<p>").replace("</h1>", "</p>").replace(' lang="en"', "")
    site[BALL] = page.replace('<meta charset="utf-8">', "").replace('name="viewport"', 'name="x"')
    report = run(site)
    for rule_id in ("h1.missing", "html.lang-missing", "meta.charset-missing", "meta.viewport-missing"):
        assert hits(report, rule_id) == {BALL_URL}, rule_id


def test_invalid_html_lang(run, site):
    site[BALL] = site[BALL].replace('lang="en"', 'lang="en_US"', 1)
    assert hits(run(site), "html.lang-invalid") == {BALL_URL}


def test_canonical_chain(run, site):
    site[GATE] = site[GATE].replace(f'canonical" href="{GATE_URL}"', f'canonical" href="{BALL_URL}"')
    site[BALL] = site[BALL].replace(f'rel="canonical" href="{BALL_URL}"', f'rel="canonical" href="{BASE}/"')
    report = run(site)
    assert GATE_URL in hits(report, "canonical.chain")


def test_canonical_to_noindex_and_relative(run, site):
    site[BALL] = site[BALL].replace("<head>", '<head><meta name="robots" content="noindex">')
    relative = 'canonical" href="/products/ball-valve/"'
    site[GATE] = site[GATE].replace(f'canonical" href="{GATE_URL}"', relative)
    report = run(site)
    assert hits(report, "canonical.relative") == {GATE_URL}
    assert hits(report, "canonical.to-noindex") == {GATE_URL}
    assert BALL_URL in hits(report, "sitemap.loc-not-indexable")


def test_canonical_wrong_host_and_scheme(run, site):
    site[BALL] = site[BALL].replace(
        f'rel="canonical" href="{BALL_URL}"', 'rel="canonical" href="http://www.example.com/x/"'
    )
    report = run(site)
    assert hits(report, "canonical.not-https") == {BALL_URL}
    assert hits(report, "canonical.host") == {BALL_URL}


def test_canonical_missing_and_multiple(run, site):
    site[BALL] = site[BALL].replace('<link rel="canonical"', '<link rel="x"')
    site[GATE] = site[GATE].replace("</head>", f'<link rel="canonical" href="{BALL_URL}"></head>')
    report = run(site)
    assert hits(report, "canonical.missing") == {BALL_URL}
    assert hits(report, "canonical.multiple") == {GATE_URL}


def test_url_case_space_and_style(run, site):
    site["products/Big Valve/index.html"] = site.pop(GATE)
    site["products/other.html"] = site[BALL]
    report = run(site)
    odd = f"{BASE}/products/Big%20Valve/"
    assert hits(report, "urls.uppercase") == {odd}
    assert hits(report, "urls.space") == {odd}
    assert hits(report, "urls.trailing-slash") == {f"{BASE}/products/other.html"}


def test_og_locale_in_the_wrong_form_or_language(run, site):
    head = "<head>"
    site[BALL] = site[BALL].replace(head, head + '<meta property="og:locale" content="en">', 1)
    site[GATE] = site[GATE].replace(head, head + '<meta property="og:locale" content="de_DE">', 1)
    report = run(site)
    assert hits(report, "og.locale-format") == {BALL_URL, GATE_URL}
    site[BALL] = site[BALL].replace('content="en">', 'content="en_US">')
    assert hits(run(site), "og.locale-format") == {GATE_URL}


def _share_description(site) -> None:
    description = site[BALL].split('name="description" content="')[1].split('"')[0]
    gate = site[GATE].split('name="description" content="')[1].split('"')[0]
    site[GATE] = site[GATE].replace(gate, description)


def _in_matrix(page: str, matrix: str) -> str:
    return page.replace("<main>", f'<main><article class="landing" data-matrix="{matrix}">', 1).replace(
        "</main>", "</article></main>", 1
    )


def test_landing_pages_of_one_matrix_sharing_a_description_get_a_warning(run, site):
    _share_description(site)
    site[BALL], site[GATE] = _in_matrix(site[BALL], "export"), _in_matrix(site[GATE], "export")
    report = run(site)
    assert hits(report, "description.duplicate-in-matrix") == {BALL_URL, GATE_URL}
    assert hits(report, "description.duplicate") == set()
    finding = next(f for f in report.findings if f.url_or_path == BALL_URL and "matrix" in f.rule_id)
    assert finding.message == (
        f"description shared with 1 other landing page(s) of matrix 'export', e.g. {GATE_URL}: its "
        "description pattern reads the same for them; a placeholder that differs between them makes "
        "each snippet unique"
    )
    assert not report.failed()


@pytest.mark.parametrize("other", ["other", None])
def test_a_description_shared_beyond_one_matrix_stays_an_error(run, site, other):
    _share_description(site)
    site[BALL] = _in_matrix(site[BALL], "export")
    if other:
        site[GATE] = _in_matrix(site[GATE], other)
    report = run(site)
    assert hits(report, "description.duplicate") == {BALL_URL, GATE_URL}
    assert hits(report, "description.duplicate-in-matrix") == set()
    assert report.failed()
