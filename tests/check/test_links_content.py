"""Links, images, structured data and content rules, each with one planted defect."""

from __future__ import annotations

import json

from conftest import hits
from sites import BASE

BALL = "products/ball-valve/index.html"
GATE = "products/gate-valve/index.html"
VALVES = "categories/valves/index.html"
BALL_URL = f"{BASE}/products/ball-valve/"
GATE_URL = f"{BASE}/products/gate-valve/"
IMG = '<img src="/images/valve.webp"'


def _replace_jsonld(page: str, transform) -> str:
    start = page.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    end = page.index("</script>", start)
    data = json.loads(page[start:end])
    return page[:start] + transform(data) + page[end:]


def test_broken_links_and_resources(run, site):
    extra = '<a href="/products/nope/">x</a><script src="/js/app.js"></script>'
    site[BALL] = site[BALL].replace("</main>", extra + "</main>")
    site[GATE] = site[GATE].replace(IMG, '<img src="/images/missing.webp" srcset="/images/a.webp 2x"')
    report = run(site)
    assert hits(report, "links.broken") == {BALL_URL}
    assert hits(report, "links.broken-resource") == {BALL_URL, GATE_URL}


def test_link_without_trailing_slash_is_a_redirect(run, site):
    site[BALL] = site[BALL].replace("</main>", '<a href="/products/gate-valve">gate</a></main>')
    report = run(site)
    assert hits(report, "links.redirect") == {BALL_URL}
    assert not hits(report, "links.broken")


def test_orphan_page(run, site):
    site["products/lonely/index.html"] = site[GATE].replace(GATE_URL, f"{BASE}/products/lonely/")
    site["sitemaps/pages.xml"] = site["sitemaps/pages.xml"].replace(
        "</urlset>", f"<url><loc>{BASE}/products/lonely/</loc></url></urlset>"
    )
    report = run(site)
    assert hits(report, "links.orphan") == {f"{BASE}/products/lonely/"}


def test_image_alt_size_and_lazy_hero(run, site):
    site[BALL] = site[BALL].replace(IMG, '<img src="/images/valve.webp" loading="lazy"')
    page = site[GATE].replace(' alt="Gate product EN"', "")
    site[GATE] = page.replace(' width="640" height="480"', "")
    report = run(site)
    assert hits(report, "img.lcp-lazy") == {BALL_URL}
    assert hits(report, "img.size-missing") == {GATE_URL}
    assert hits(report, "img.alt-missing") == {GATE_URL}


def test_jsonld_not_strict_json(run, site):
    site[BALL] = site[BALL].replace('"url": "https://example.com/"}', '"url": "https://example.com/",}', 1)
    assert hits(run(site), "jsonld.invalid-json") == {BALL_URL}


def test_a_block_that_is_no_json_is_a_finding_and_the_other_blocks_are_still_checked(run, site):
    broken = '<script type="application/ld+json">{"@context": "https://schema.org", "@type": </script>'
    product = {"@context": "https://schema.org", "@type": "Product", "name": "Spare seat kit"}
    second = f'<script type="application/ld+json">{json.dumps(product)}</script>'
    site[BALL] = site[BALL].replace("</head>", broken + second + "</head>", 1)
    report = run(site)
    assert hits(report, "jsonld.invalid-json") == {BALL_URL}
    products = [f.message for f in report.findings if f.rule_id == "jsonld.product"]
    assert products == ["Product 'Spare seat kit' has no offers, review or aggregateRating"]


def test_jsonld_script_close_inside_body(run, site):
    site[BALL] = site[BALL].replace('"name": "Ball product EN"', '"name": "Ball </script> valve"', 1)
    report = run(site)
    assert hits(report, "jsonld.script-unsafe") == {BALL_URL}
    assert not hits(report, "jsonld.invalid-json")


def test_product_offer_and_tiers(run, site):
    def break_offer(data):
        product = data["@graph"][1]
        offer = product["offers"]
        offer["priceCurrency"] = "usd"
        offer["priceSpecification"][1]["eligibleQuantity"]["minValue"] = 500
        offer["priceSpecification"][0]["eligibleQuantity"]["unitCode"] = "pcs"
        return json.dumps(data)

    def no_offers(data):
        del data["@graph"][1]["offers"]
        return json.dumps(data)

    site[BALL] = _replace_jsonld(site[BALL], break_offer)
    site[GATE] = _replace_jsonld(site[GATE], no_offers)
    report = run(site)
    assert hits(report, "jsonld.offer") == {BALL_URL}
    assert hits(report, "jsonld.price-tiers") == {BALL_URL}
    assert hits(report, "jsonld.unit-code") == {BALL_URL}
    assert hits(report, "jsonld.product") == {GATE_URL}


def test_aggregate_offer_breadcrumb_organization_faq_urls(run, site):
    def category(data):
        data["itemListElement"][1]["position"] = 3
        data["itemListElement"][0]["item"] = "/"
        return json.dumps([data, {
            "@context": "https://schema.org", "@type": "FAQPage",
            "mainEntity": [{"@type": "Question", "name": "MOQ?"}],
        }, {
            "@context": "https://schema.org", "@type": "Product", "name": "Valve set",
            "offers": {"@type": "AggregateOffer", "lowPrice": 9, "highPrice": 5, "priceCurrency": "EUR"},
        }, {"@context": "https://schema.org", "@type": "Organization", "name": "Acme"}])  # fmt: skip

    site[VALVES] = _replace_jsonld(site[VALVES], category)
    report = run(site)
    url = f"{BASE}/categories/valves/"
    for rule_id in ("jsonld.breadcrumb", "jsonld.url-relative", "jsonld.faq", "jsonld.aggregate-offer",
                    "jsonld.organization"):  # fmt: skip
        assert hits(report, rule_id) == {url}, rule_id


def test_thin_page(run, site):
    text = site[BALL].split("<p>")[1].split("</p>")[0]
    site[BALL] = site[BALL].replace(text, "Only a few words here.")
    assert hits(run(site), "content.thin") == {BALL_URL}


def test_near_duplicate_pages(run, site):
    ball_text = site[BALL].split("<p>")[1].split("</p>")[0]
    gate_text = site[GATE].split("<p>")[1].split("</p>")[0]
    site[GATE] = site[GATE].replace(gate_text, ball_text)
    assert hits(run(site), "content.near-duplicate") == {BALL_URL, GATE_URL}
