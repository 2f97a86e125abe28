"""One build reports every independent problem, whatever stage finds it, and theme
mistakes are positioned errors like content mistakes: never a traceback."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import generator.engine
from generator.build import build_site
from generator.cli import main
from generator.errors import BuildError, ContentError
from generator.serve import PreviewServer

from .conftest import PRODUCT_YAML, SiteFolder, snapshot
from .test_pseo import matrix_yaml, prose

CATEGORY_TEMPLATE = "themes/default/templates/category.html"
LANDING_TEMPLATE = "themes/default/templates/landing.html"
FAQ_MD = """\
---
title: Questions buyers ask
description: Answers about MOQ, lead times, testing and shipping of our valves.
---
Ask us anything.
"""


def run(site: SiteFolder, *args: str):
    return CliRunner().invoke(main, [*args, "--site", str(site.root)])


def build(site: SiteFolder, out: Path):
    return run(site, "build", "--out", str(out), "--no-check")


def line_of(site: SiteFolder, relative: str, text: str) -> int:
    return next(number for number, line in enumerate(site.read(relative).splitlines(), 1) if text in line)


@pytest.fixture
def built(site: SiteFolder, tmp_path: Path) -> tuple[SiteFolder, Path, dict[str, str]]:
    """The fixture site with a keyword matrix, a second page and a third product,
    built once into `out`."""
    site.write("content/pseo/export.yaml", matrix_yaml((prose(3), prose(4))))
    site.write("content/pages/faq.md", FAQ_MD)
    site.write(
        "content/products/check-valve.yaml",
        PRODUCT_YAML.replace("BV-DN50", "CV-DN50").replace("ball-valve-dn50", "check-valve-dn50"),
    )
    out = tmp_path / "public"
    result = build(site, out)
    assert result.exit_code == 0, result.output
    return site, out, snapshot(out)


def fails_with(built, *expected: str, count: int | None = None) -> str:
    site, out, before = built
    result = build(site, out)
    assert result.exit_code == 1, result.output
    for line in expected:
        assert line in result.output, f"{line!r} not in:\n{result.output}"
    if count is not None:
        assert f"Build failed: {count} error{'s' if count != 1 else ''}." in result.output, result.output
    assert "Traceback" not in result.output
    assert snapshot(out) == before, "a failed build changed the previous output"
    return result.output


def test_seven_mistakes_in_seven_files_show_in_one_build(built):
    site = built[0]
    site.replace("content/pages/about.ar.md", "title: عن", "title: [عن")
    site.replace("content/pages/about.md", "nav_order: 1", "nav_order: first")
    site.replace("content/products/gate-valve-dn80.yaml", "category: valves", "category: valve")
    site.replace("content/products/check-valve.yaml", "src: images/valve.jpg", "src: images/nope.jpg")
    site.replace("content/categories/valves.yaml", "slug: valves", "slug: valves\naliases: [/old-valves/]")
    site.replace("content/pages/faq.md", "description:", "aliases: [/old-valves/]\ndescription:")
    site.replace(
        "content/pseo/export.yaml",
        'path: {en: "export/{market}/{product}-{intent}"',
        'path: {en: "export/{market}/{product}"',
    )
    site.replace(CATEGORY_TEMPLATE, "<h1>{{ heading }}</h1>", "<h1>{{ heading }}</h1>{{ missing_thing }}")
    template_line = line_of(site, CATEGORY_TEMPLATE, "missing_thing")
    fails_with(
        built,
        "content/pages/about.ar.md:3:12: malformed YAML: while parsing a flow sequence",
        "content/pages/about.md:4:12: nav_order: input should be a valid integer",
        "content/products/gate-valve-dn80.yaml:3:11: category: unknown category 'valve' (did you mean 'valves'?)",
        "content/products/check-valve.yaml:20:10: images[0].src: image file 'images/nope.jpg' not found in content/",
        "content/pages/faq.md:3:11: aliases[0]: alias /old-valves/ is also claimed in "
        "content/categories/valves.yaml:2:11",
        "content/pseo/export.yaml:1:5: patterns.path: URL /export/germany/ball-valve-dn50/ is also produced by "
        "matrix:export",
        f"{CATEGORY_TEMPLATE}:{template_line}:1: template: 'missing_thing' is undefined",
        count=7,
    )


def test_dependents_of_a_broken_entity_are_left_out_silently(built):
    """The gate valve relates to the ball valve, whose file is broken: only the ball
    valve's own error is reported, and the later stages still find the template error."""
    site = built[0]
    site.replace("content/products/ball-valve-dn50.yaml", "moq: {quantity: 100", "moq: {quantity: lots")
    site.replace(CATEGORY_TEMPLATE, "<h1>{{ heading }}</h1>", "<h1>{{ heading }}</h1>{{ missing_thing }}")
    fails_with(
        built,
        "content/products/ball-valve-dn50.yaml:22:17: moq.quantity: input should be a valid integer",
        "template: 'missing_thing' is undefined",
        count=2,
    )


def test_a_product_relating_to_a_broken_one_still_renders(built):
    """The gate valve only links to the broken ball valve: it loses the link, not its
    page, so a mistake in the product template still shows in the same run."""
    site = built[0]
    site.replace("content/products/ball-valve-dn50.yaml", "moq: {quantity: 100", "moq: {quantity: lots")
    template = "themes/default/templates/product.html"
    heading = '<h1 id="product-name">{{ heading }}</h1>'
    site.replace(template, heading, heading + "{{ missing_thing }}")
    fails_with(
        built,
        "content/products/ball-valve-dn50.yaml:22:17: moq.quantity: input should be a valid integer",
        f"{template}:{line_of(site, template, 'missing_thing')}:1: template: 'missing_thing' is undefined",
        count=2,
    )


def test_matrix_over_its_cap_and_a_bad_image_are_reported_with_load_errors(built):
    site = built[0]
    site.replace("content/pseo/export.yaml", "max_pages: 100", "max_pages: 1")
    (site.root / "content/images/broken.jpg").write_bytes(b"not an image")
    site.replace("content/products/check-valve.yaml", "src: images/valve.jpg", "src: images/broken.jpg")
    site.replace("content/products/gate-valve-dn80.yaml", "category: valves", "category: valve")
    output = fails_with(
        built,
        "content/pseo/export.yaml:1:5: quality.max_pages: matrix 'export' would produce 4 pages, above its cap of 1",
        "content/images/broken.jpg:1:1: not an image file in a format Pillow can read",
        "content/products/gate-valve-dn80.yaml:3:11: category: unknown category 'valve'",
        count=3,
    )
    assert "CV-DN50" not in output, "a product left out for its image must not cause more errors"


def test_a_failed_build_caches_nothing_from_an_incomplete_library(built):
    site = built[0]
    cache = site.root / ".pseo-cache" / "build"

    def cached() -> set[str]:
        return {p.relative_to(cache).as_posix() for p in cache.rglob("*") if p.is_file()}

    before = cached()
    site.replace("content/products/gate-valve-dn80.yaml", "category: valves", "category: valve")
    site.replace(
        "content/categories/valves.yaml", "name: {en: Industrial valves", "name: {en: Process valves"
    )
    fails_with(built, "gate-valve-dn80.yaml:3:11: category: unknown category 'valve'", count=1)
    assert cached() == before


def test_pseo_matrix_reports_every_problem(built):
    site = built[0]
    site.replace("content/products/gate-valve-dn80.yaml", "category: valves", "category: valve")
    site.replace(LANDING_TEMPLATE, "{% block main %}", "{% block main %}{{ missing_thing }}")
    result = run(site, "matrix")
    assert result.exit_code == 1, result.output
    line = line_of(site, LANDING_TEMPLATE, "missing_thing")
    assert "gate-valve-dn80.yaml:3:11: category: unknown category 'valve'" in result.output
    assert f"{LANDING_TEMPLATE}:{line}:1: template: 'missing_thing' is undefined" in result.output
    assert "Traceback" not in result.output


def test_pseo_serve_lists_every_problem(site: SiteFolder, tmp_path: Path):
    site.replace("content/products/gate-valve-dn80.yaml", "category: valves", "category: valve")
    site.replace(CATEGORY_TEMPLATE, "<h1>{{ heading }}</h1>", "<h1>{{ headline }}</h1>")
    line = line_of(site, CATEGORY_TEMPLATE, "headline")
    preview = PreviewServer(site.root, port=0, cache_dir=tmp_path / "cache")
    try:
        assert not preview.rebuild()
        _, errors, has_site = preview.state.snapshot()
    finally:
        preview.stop()
    assert errors == [
        "content/products/gate-valve-dn80.yaml:3:11: category: unknown category 'valve' (did you mean 'valves'?)",
        f"{CATEGORY_TEMPLATE}:{line}:1: template: 'headline' is undefined",
    ]
    assert not has_site


def test_template_syntax_error(built):
    site = built[0]
    site.replace(CATEGORY_TEMPLATE, "<h1>{{ heading }}</h1>", "<h1>{{ heading }}</h1>{% if %}")
    line = line_of(site, CATEGORY_TEMPLATE, "{% if %}")
    fails_with(built, f"{CATEGORY_TEMPLATE}:{line}:1: template: Expected an expression", count=1)


def test_unknown_tag_in_an_included_template(built):
    site = built[0]
    template = "themes/default/templates/macros.html"
    site.write(template, site.read(template) + "\n{% endblok %}\n")
    line = len(site.read(template).splitlines())
    fails_with(built, f"{template}:{line}:1: template: Encountered unknown tag 'endblok'.", count=1)


def test_undefined_variable(built):
    site = built[0]
    site.replace(CATEGORY_TEMPLATE, "<h1>{{ heading }}</h1>", "<h1>{{ headline }}</h1>")
    line = line_of(site, CATEGORY_TEMPLATE, "headline")
    fails_with(built, f"{CATEGORY_TEMPLATE}:{line}:1: template: 'headline' is undefined", count=1)


def test_failing_expression_in_a_template(built):
    site = built[0]
    site.replace(CATEGORY_TEMPLATE, "<h1>{{ heading }}</h1>", "<h1>{{ heading ~ (1 / 0) }}</h1>")
    line = line_of(site, CATEGORY_TEMPLATE, "1 / 0")
    fails_with(built, f"{CATEGORY_TEMPLATE}:{line}:1: template: ZeroDivisionError: division by zero", count=1)


@pytest.mark.usefixtures("no_packaged_theme")
def test_missing_theme(built):
    site = built[0]
    shutil.rmtree(site.root / "themes/default")
    fails_with(built, "themes/default:1:1: theme: folder not found", count=1)


def test_catalog_that_is_not_utf8(built):
    site = built[0]
    path = site.root / "themes/default/locale/ar/LC_MESSAGES/messages.po"
    path.write_bytes(path.read_bytes().replace("ال".encode(), b"\xe1\x88", 1))
    fails_with(
        built,
        "themes/default/locale/ar/LC_MESSAGES/messages.po:1:1: not UTF-8 text (invalid continuation byte)",
        count=1,
    )


def test_malformed_catalog(built):
    site = built[0]
    catalog = "themes/default/locale/en/LC_MESSAGES/messages.po"
    site.write(catalog, site.read(catalog) + 'msgid "oops\n')
    line = len(site.read(catalog).splitlines())
    fails_with(built, f'{catalog}:{line}:1: not a line of a PO file: msgid "oops', count=1)


def test_template_errors_come_back_from_worker_processes(built, monkeypatch):
    """Render and measure in a real process pool: the errors cross the process boundary."""
    site, out, before = built
    monkeypatch.setattr(generator.engine, "SMALL_BUILD", 0)
    site.replace(LANDING_TEMPLATE, "{% block main %}", "{% block main %}{{ missing_thing }}")
    site.replace(CATEGORY_TEMPLATE, "<h1>{{ heading }}</h1>", "<h1>{{ headline }}</h1>")
    with pytest.raises(BuildError) as failure:
        build_site(site.root, out, jobs=2, check=False)
    assert [(e.path, e.field, e.message) for e in failure.value.errors] == [
        (CATEGORY_TEMPLATE, "template", "'headline' is undefined"),
        (LANDING_TEMPLATE, "template", "'missing_thing' is undefined"),
    ]
    assert snapshot(out) == before


def test_build_error_survives_pickling():
    error = ContentError("themes/default/templates/base.html", 3, 1, "template", "'x' is undefined")
    copy = pickle.loads(pickle.dumps(BuildError([error])))
    assert copy.errors == [error]
    assert copy.report() == "themes/default/templates/base.html:3:1: template: 'x' is undefined"
