"""Theme lookup: a site's themes/NAME/ holds only the files it overrides, the packaged
theme of that name supplies the rest; every stage (catalogs, templates, static files,
the build cache, error positions) sees the same layered theme."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import jinja2
import pytest
from babel.messages.pofile import read_po

from generator.build import build_site
from generator.errors import BuildError
from generator.render.catalogs import plural_forms
from generator.render.theme import Theme, read_theme
from generator.theme_layers import packaged_themes, theme_layers

from .conftest import REPO, SiteFolder
from .output import BuiltSite

ORIGIN = "https://www.example-valves.com"
CABLES = Path(__file__).parent / "fixtures" / "cable-catalog"
PACKAGED = REPO / "themes" / "default"


def own_theme_only(site: SiteFolder, files: dict[str, str]) -> None:
    """Replace the site's copy of the theme by the override `files` alone."""
    shutil.rmtree(site.root / "themes")
    for relative, text in files.items():
        site.write(f"themes/default/{relative}", text)


def stylesheet(built: BuiltSite, url: str) -> tuple[str, str]:
    """The page's stylesheet URL and the text of the file it names."""
    (href,) = built.page(url).xpath("//link[@rel='stylesheet']/@href")
    return href, (built.root / href.lstrip("/")).read_text(encoding="utf-8")


def test_packaged_theme_is_the_repository_theme_in_a_checkout():
    assert packaged_themes().resolve() == (REPO / "themes").resolve()


def test_site_without_a_themes_folder_builds_with_the_packaged_theme(site: SiteFolder, tmp_path: Path):
    shutil.rmtree(site.root / "themes")
    build_site(site.root, tmp_path / "out", jobs=1)
    built = BuiltSite(tmp_path / "out", ORIGIN)
    home = built.page(f"{ORIGIN}/")
    assert home.xpath("string(//h1)").strip()
    href, css = stylesheet(built, f"{ORIGIN}/")
    assert css == (PACKAGED / "static/style.css").read_text(encoding="utf-8")
    assert href.startswith("/assets/style.")


def test_one_template_overrides_alone(site: SiteFolder, tmp_path: Path):
    home = (PACKAGED / "templates/home.html").read_text(encoding="utf-8")
    own_theme_only(
        site, {"templates/home.html": home.replace("{% block main %}", "{% block main %}<p id=own>o</p>")}
    )
    build_site(site.root, tmp_path / "out", jobs=1)
    built = BuiltSite(tmp_path / "out", ORIGIN)
    assert built.page(f"{ORIGIN}/").xpath("//main//p[@id='own']")
    product = built.page(f"{ORIGIN}/products/ball-valve-dn50/")
    assert not product.xpath("//p[@id='own']") and product.xpath("//h1")
    assert built.page(f"{ORIGIN}/ar/").xpath("//main//p[@id='own']"), "every language uses the override"


def test_one_static_file_overrides_alone_and_rebuilds_cached_pages(site: SiteFolder, tmp_path: Path):
    shutil.rmtree(site.root / "themes")
    cache = tmp_path / "cache"
    build_site(site.root, tmp_path / "first", jobs=1, cache_dir=cache)
    site.write("themes/default/static/style.css", "body { color: #123456 }\n")
    result = build_site(site.root, tmp_path / "second", jobs=1, cache_dir=cache)
    assert result.rendered == result.pages + result.data_files, "the asset URL in every page changed"
    built = BuiltSite(tmp_path / "second", ORIGIN)
    _, css = stylesheet(built, f"{ORIGIN}/products/ball-valve-dn50/")
    assert css == "body { color: #123456 }\n"
    (script,) = [p for p in (tmp_path / "second/assets").iterdir() if p.name.startswith("site.")]
    assert script.read_bytes() == (PACKAGED / "static/site.js").read_bytes()


def catalog(lang: str, messages: dict[str, str]) -> str:
    """A .po file holding only `messages` (msgid → msgstr), with the CLDR plural header."""
    entries = "".join(f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n' for msgid, msgstr in messages.items())
    return (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        f'"Plural-Forms: {plural_forms(lang)}\\n"\n{entries}'
    )


def packaged_message(lang: str, msgid: str) -> str:
    path = PACKAGED / f"locale/{lang}/LC_MESSAGES/messages.po"
    with path.open("rb") as stream:
        return str(read_po(stream).get(msgid).string)


def test_catalogs_override_message_by_message(site: SiteFolder, tmp_path: Path):
    own_theme_only(
        site, {"locale/en/LC_MESSAGES/messages.po": catalog("en", {"Featured products": "Picked for you"})}
    )
    build_site(site.root, tmp_path / "out", jobs=1)
    built = BuiltSite(tmp_path / "out", ORIGIN)
    assert built.page(f"{ORIGIN}/").xpath("string(//h2[@id='featured'])") == "Picked for you"
    assert built.page(f"{ORIGIN}/").xpath("string(//h2[@id='cats'])") == "Product categories"
    arabic = built.page(f"{ORIGIN}/ar/").xpath("string(//h2[@id='featured'])")
    assert arabic == packaged_message("ar", "Featured products") != "Featured products"


def test_error_in_an_override_names_the_site_file(site: SiteFolder, tmp_path: Path):
    own_theme_only(site, {"templates/page.html": '{% extends "base.html" %}\n{% block main %}{{ 1 +'})
    with pytest.raises(BuildError) as caught:
        build_site(site.root, tmp_path / "out", jobs=1)
    (error,) = caught.value.errors
    assert (error.path, error.line) == ("themes/default/templates/page.html", 2)
    assert not (tmp_path / "out").exists()


def test_error_in_the_packaged_theme_names_its_real_file(site: SiteFolder, tmp_path: Path, monkeypatch):
    packaged = tmp_path / "packaged"
    shutil.copytree(REPO / "themes", packaged)
    macros = packaged / "default/templates/macros.html"
    macros.write_text(macros.read_text(encoding="utf-8") + "{% if %}\n", encoding="utf-8")
    monkeypatch.setattr("generator.theme_layers.packaged_themes", lambda: packaged)
    shutil.rmtree(site.root / "themes")
    with pytest.raises(BuildError) as caught:
        build_site(site.root, tmp_path / "out", jobs=1)
    (error,) = caught.value.errors
    lines = len(macros.read_text(encoding="utf-8").splitlines())
    assert (error.path, error.line) == (macros.resolve().as_posix(), lines)


def test_bundle_is_picklable_data_of_the_ordered_layers(site: SiteFolder):
    own_theme_only(
        site, {"templates/404.html": "{% extends 'base.html' %}{% block main %}gone{% endblock %}"}
    )
    layers = theme_layers(site.root)
    assert layers.folders == ((site.root / "themes/default").resolve(), PACKAGED.resolve())
    bundle, errors = read_theme(layers)
    assert errors == [] and bundle is not None
    copy = pickle.loads(pickle.dumps(bundle))
    assert copy.templates == bundle.templates and copy.digest == bundle.digest
    assert copy.paths["404.html"] == "themes/default/templates/404.html"
    assert copy.paths["base.html"] == (PACKAGED / "templates/base.html").resolve().as_posix()


def test_a_worker_sent_the_bundle_loads_its_templates_compiled(site: SiteFolder, monkeypatch):
    """The main process compiles the theme to check it; the bundle it broadcasts carries
    the bytecode, so a worker renders without compiling a template."""
    bundle, errors = read_theme(theme_layers(site.root))
    assert errors == [] and bundle is not None
    assert len(bundle.bytecode) == len(
        [name for name in bundle.templates if name.endswith((".html", ".xml"))]
    )
    copy = pickle.loads(pickle.dumps(bundle))
    monkeypatch.setattr(jinja2.Environment, "_compile", fail_to_compile)
    theme = Theme(copy)  # gets every template up front: `fail_to_compile` would raise
    assert theme.environment.get_template("product.html").filename == bundle.paths["product.html"]


def fail_to_compile(*args: object) -> None:
    raise AssertionError("a template was compiled again")


def test_second_catalog_with_one_override(tmp_path: Path):
    """The cable catalog (Hebrew, right to left) with no theme of its own but one Hebrew string."""
    site = SiteFolder(tmp_path / "site")
    shutil.copytree(CABLES, site.root)
    site.write(
        "themes/default/locale/he/LC_MESSAGES/messages.po",
        catalog("he", {"Featured products": "מוצרים נבחרים במיוחד"}),
    )
    build_site(site.root, tmp_path / "out", jobs=1)
    built = BuiltSite(tmp_path / "out", "https://cables.example.org")
    hebrew = built.page("https://cables.example.org/he/")
    assert hebrew.xpath("string(//h2[@id='featured'])") == "מוצרים נבחרים במיוחד"
    assert hebrew.xpath("string(/html/@dir)") == "rtl"
    english = built.page("https://cables.example.org/").xpath("string(//h2[@id='featured'])")
    assert english == "Featured products"
