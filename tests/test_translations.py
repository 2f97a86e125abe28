"""No English under another `lang`: a site language needs the theme's UI strings, and a
page is published in a language only if every text it shows exists in that language."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pydantic import ValidationError

from generator.cli import main
from generator.models import Product
from generator.models.base import language_chain
from generator.models.languages import ThemeStrings
from generator.render.theme import load_theme
from generator.theme_layers import theme_layers

from .conftest import REPO, SiteFolder
from .test_models import product

LOCALE = REPO / "themes/default/locale"
THEME_LANGUAGES = ", ".join(
    sorted(p.parent.parent.name.replace("_", "-") for p in LOCALE.glob("*/LC_MESSAGES/*.po"))
)


def build(site: SiteFolder, out: Path) -> Result:
    result = CliRunner().invoke(main, ["build", "--site", str(site.root), "--out", str(out), "--no-check"])
    assert "Traceback" not in result.output
    return result


def fails_with(site: SiteFolder, tmp_path: Path, *lines: str) -> None:
    out = tmp_path / "public"
    result = build(site, out)
    assert result.exit_code == 1, result.output
    reported = result.output.splitlines()
    for line in lines:
        assert line in reported, f"{line!r} not in:\n{result.output}"
    assert not out.exists()


def test_language_without_theme_strings_is_an_error(site: SiteFolder, tmp_path: Path):
    """A language the theme does not ship (Swedish), reported together with every site-wide
    text that lacks it."""
    site.replace(
        "site.yaml",
        "  - {code: ar, name: العربية}\n",
        "  - {code: ar, name: العربية}\n  - {code: sv, name: Svenska}\n",
    )
    fails_with(
        site,
        tmp_path,
        f"site.yaml:7:12: languages[2].code: the theme 'default' has no UI catalog for 'sv' (has: {THEME_LANGUAGES}); "
        "add themes/default/locale/sv/LC_MESSAGES/messages.po (pybabel init -l sv) "
        "or declare a fallback language for it",
        "site.yaml:3:10: tagline: no translation to 'sv' (a site language)",
        "site.yaml:26:13: navigation[0].label: no translation to 'sv' (a site language); "
        "also missing: navigation[1].label (sv)",
    )


def test_incomplete_theme_catalog_is_an_error(site: SiteFolder, tmp_path: Path, no_packaged_theme: None):
    """Messages the French catalog lacks are named with their line in messages.pot (the
    packaged theme, which would fill them in, is out of the way)."""
    catalog = site.root / "themes/default/locale/fr/LC_MESSAGES/messages.po"
    text = catalog.read_text(encoding="utf-8")
    template = (LOCALE / "messages.pot").read_text(encoding="utf-8").splitlines()
    removed = ["Skip to main content", "Send inquiry"]
    for msgid in removed:
        text = re.sub(f'(msgid "{msgid}"\nmsgstr ).*', r'\1""', text)
    catalog.write_text(text, encoding="utf-8")
    site.replace(
        "site.yaml",
        "  - {code: ar, name: العربية}\n",
        "  - {code: ar, name: العربية}\n  - {code: fr, name: Français}\n",
    )
    lines = {msgid: template.index(f'msgid "{msgid}"') + 1 for msgid in removed}
    total = sum(line.startswith("msgid ") for line in template) - 1
    fails_with(
        site,
        tmp_path,
        f"site.yaml:7:12: languages[2].code: the theme 'default' catalog for 'fr' lacks 2 of {total} messages: "
        f"'Send inquiry' (themes/default/locale/messages.pot:{lines['Send inquiry']}), "
        f"'Skip to main content' (themes/default/locale/messages.pot:{lines['Skip to main content']}); "
        "translate them in themes/default/locale/fr/LC_MESSAGES/messages.po or declare a fallback language",
    )


@pytest.mark.parametrize(
    ("code", "strings_file"), [("es-MX", "es"), ("zh-Hans-CN", "zh-Hans"), ("pt-BR", "pt")]
)
def test_a_regional_language_uses_its_broader_catalog(code: str, strings_file: str):
    keys = frozenset({(None, "Home"), (None, "Send inquiry")})
    theme = ThemeStrings(
        "default",
        "themes/default/locale/messages.pot",
        dict.fromkeys(keys, 1),
        {"en": keys, strings_file: keys},
    )
    assert theme.problem(code) is None
    assert "has no UI catalog for 'fr-CA'" in (theme.problem("fr-CA") or "")
    assert theme.problem("fr-CA", fallback="en") is None


def test_theme_strings_follow_the_language_chain():
    theme = load_theme(theme_layers(REPO, "default"))
    assert language_chain("zh-Hans-CN") == ("zh-Hans-CN", "zh-Hans", "zh")
    assert theme.strings("zh-Hans-CN")("Home") == "首页"
    assert theme.strings("he-IL")("Home") == "דף הבית"
    assert theme.strings("ru").units["C62"]["few"] == "шт."


def test_spec_label_missing_a_published_language_is_an_error(site: SiteFolder, tmp_path: Path):
    site.replace(
        "content/products/ball-valve-dn50.yaml",
        "- {name: {en: Size, ar: المقاس}, value: DN50}",
        "- {name: {en: Size}, value: DN50}",
    )
    fails_with(
        site,
        tmp_path,
        "content/products/ball-valve-dn50.yaml:18:12: specs[0].name: translated to 'ar' in name but not here",
    )


def test_category_missing_a_language_its_products_are_published_in(site: SiteFolder, tmp_path: Path):
    site.replace(
        "content/categories/valves.yaml",
        "name: {en: Industrial valves, ar: صمامات صناعية}",
        "name: {en: Industrial valves}",
    )
    fails_with(
        site,
        tmp_path,
        "content/categories/valves.yaml:2:7: name: no translation to 'ar', "
        "but product BV-DN50 is published in 'ar' and shows this name",
    )


def test_site_text_missing_a_site_language_is_an_error(site: SiteFolder, tmp_path: Path):
    site.replace("site.yaml", "{en: Valves, ar: الصمامات}", "{en: Valves}")
    fails_with(
        site, tmp_path, "site.yaml:26:13: navigation[1].label: no translation to 'ar' (a site language)"
    )


def test_every_gap_of_a_product_is_named_in_one_error():
    data = product(
        specs=[{"name": {"en": "Size"}, "value": "DN50"}, {"name": "PN", "value": {"en": "Sixteen"}}],
        images=[{"src": "images/valve.jpg", "alt": {"en": "Valve"}}],
        packaging={"note": {"en": "Cartons", "de": "Kartons"}},
    )
    context = {"languages": ("en", "de"), "default_language": "en"}
    with pytest.raises(ValidationError) as caught:
        Product.model_validate(data, context=context)
    (error,) = caught.value.errors()
    assert error["ctx"]["loc"] == ("specs", 0, "name")
    assert error["msg"] == (
        "translated to 'de' in name but not here; also missing: specs[1].value (de), images[0].alt (de)"
    )


@pytest.mark.usefixtures("no_packaged_theme")
def test_removing_theme_strings_fails_a_cached_rebuild(site: SiteFolder, tmp_path: Path):
    """The loaded library is cached by its inputs; the theme's strings are among them."""
    assert build(site, tmp_path / "first").exit_code == 0
    (site.root / "themes/default/locale/ar/LC_MESSAGES/messages.po").unlink()
    result = build(site, tmp_path / "second")
    assert result.exit_code == 1
    reported = [line for line in result.stderr.splitlines() if not re.match(r"[a-z]+: ", line)]
    assert reported[0].startswith(
        "site.yaml:6:12: languages[1].code: the theme 'default' has no UI catalog for 'ar'"
    )


def test_matrix_text_missing_a_published_language_is_an_error(tmp_path: Path):
    """Landing pages exist in Russian (patterns and value names have it): the hub intro and
    a value's paragraph shown on them must exist in Russian too."""
    site = SiteFolder(tmp_path / "site")
    shutil.copytree(Path(__file__).parent / "fixtures/cable-catalog", site.root)
    shutil.copytree(REPO / "themes", site.root / "themes")
    matrix = "content/pseo/cables-by-project.yaml"
    text = site.read(matrix)
    hub_intro = text[text.index("    ru: |\n      Силовые") : text.index("dimensions:")]
    solar_text = text[
        text.index("          ru: |\n            На солнечных") : text.index("      - key: data-centres")
    ]
    site.replace(matrix, hub_intro, "")
    site.replace(matrix, solar_text, "")
    fails_with(
        site,
        tmp_path,
        "content/pseo/cables-by-project.yaml:12:5: hub.intro: pages of this matrix are published in 'ru', "
        "but this text is not; also missing: dimensions[1].values[0].text (ru)",
    )
