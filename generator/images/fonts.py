"""The fonts of the social cards, per script.

DejaVu Sans has no CJK, Arabic, Hebrew, Thai or Devanagari glyphs, so each card is drawn
with Noto Sans for its language's script (Debian's fonts-noto-core and fonts-noto-cjk),
with Noto Sans itself after it for the Latin brand names and model codes that non-Latin
titles carry. The files are read once by the build and sent to the workers as bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

FONT_ROOT = Path("/usr/share/fonts")
FONT_DIRS = (
    FONT_ROOT / "truetype" / "noto",
    FONT_ROOT / "opentype" / "noto",
    FONT_ROOT / "truetype" / "dejavu",
)
"""Where Debian installs Noto (fonts-noto-core, fonts-noto-cjk) and DejaVu (fonts-dejavu-core)."""

Face = tuple[str, int]
"""A font file's name and the index of the face inside it (a .ttc holds several)."""

SCRIPT_FACES: dict[str, tuple[Face, Face]] = {
    # script: (bold, regular)
    "latin": (("NotoSans-Bold.ttf", 0), ("NotoSans-Regular.ttf", 0)),
    "arabic": (("NotoSansArabic-Bold.ttf", 0), ("NotoSansArabic-Regular.ttf", 0)),
    "hebrew": (("NotoSansHebrew-Bold.ttf", 0), ("NotoSansHebrew-Regular.ttf", 0)),
    "thai": (("NotoSansThai-Bold.ttf", 0), ("NotoSansThai-Regular.ttf", 0)),
    "devanagari": (("NotoSansDevanagari-Bold.ttf", 0), ("NotoSansDevanagari-Regular.ttf", 0)),
    # One collection, one face per region: the same code point has a Japanese, Korean,
    # Simplified or Traditional Chinese glyph.
    "ja": (("NotoSansCJK-Bold.ttc", 0), ("NotoSansCJK-Regular.ttc", 0)),
    "ko": (("NotoSansCJK-Bold.ttc", 1), ("NotoSansCJK-Regular.ttc", 1)),
    "zh-Hans": (("NotoSansCJK-Bold.ttc", 2), ("NotoSansCJK-Regular.ttc", 2)),
    "zh-Hant": (("NotoSansCJK-Bold.ttc", 3), ("NotoSansCJK-Regular.ttc", 3)),
    "dejavu": (("DejaVuSans-Bold.ttf", 0), ("DejaVuSans.ttf", 0)),
}
LANGUAGE_SCRIPTS = {
    **dict.fromkeys(("ar", "fa", "ur", "ps", "ug", "ckb"), "arabic"),
    **dict.fromkeys(("he", "yi"), "hebrew"),
    "th": "thai",
    **dict.fromkeys(("hi", "mr", "ne", "sa"), "devanagari"),
    "ja": "ja",
    "ko": "ko",
}
RTL_SCRIPTS = frozenset({"arabic", "hebrew"})
PACKAGES = "fonts-noto-core fonts-noto-cjk"
NO_FONTS = f"Social cards: no font installed ({PACKAGES} or fonts-dejavu-core); Pillow's own font is used"


def script_of(lang: str) -> str:
    """The script a card in `lang` (a BCP 47 tag) is drawn in."""
    parts = lang.split("-")
    if parts[0] == "zh":
        traditional = "Hant" in parts or any(region in parts for region in ("TW", "HK", "MO"))
        return "zh-Hant" if traditional else "zh-Hans"
    return LANGUAGE_SCRIPTS.get(parts[0].lower(), "latin")


@dataclass(frozen=True)
class FontFaces:
    """The card fonts as bytes: found once by the build and sent to the workers, so a
    card looks the same whichever machine draws it."""

    files: dict[str, bytes]
    """File name → its bytes (a CJK collection is sent once for all its regions)."""
    scripts: dict[str, tuple[Face, Face]]
    """Script → its (bold, regular) face; only the scripts found on this machine."""
    digests: dict[str, str]
    """File name → hash of its bytes (see `fingerprint`)."""
    missing: tuple[str, ...] = field(default=())
    """Scripts of the site's languages no installed font draws (their cards use Latin fonts)."""

    def chain(self, lang: str) -> list[tuple[str, Face, Face]]:
        """Script, bold and regular face to try for `lang`'s text, best first."""
        order = [script_of(lang), "latin", "dejavu"]
        return [(s, *self.scripts[s]) for s in dict.fromkeys(order) if s in self.scripts]

    def fingerprint(self, lang: str) -> str:
        """Hash of the files `lang`'s cards use: part of each card's cache key, so a font
        update re-renders the cards, and only the cards it changes."""
        names = sorted({face[0] for _, bold, regular in self.chain(lang) for face in (bold, regular)})
        return hashlib.sha256("".join(f"{n}:{self.digests[n]}" for n in names).encode()).hexdigest()[:16]

    def notice(self) -> str | None:
        """What the build says once when a script's cards cannot be drawn properly."""
        if not self.missing:
            return None
        return (
            f"Social cards: no font for {', '.join(self.missing)} text; those cards show the SKU "
            f"instead of the name (install {PACKAGES}, e.g. with `make fonts`)"
        )


def find_fonts(languages: list[str] | None = None, dirs: tuple[Path, ...] | None = None) -> FontFaces | None:
    """The installed faces for `languages` (default: Latin only), DejaVu Sans as the last
    resort; None when neither is installed, which makes cards use Pillow's built-in font."""
    dirs = dirs or FONT_DIRS
    wanted = ["latin", "dejavu", *(script_of(lang) for lang in languages or [])]
    files: dict[str, bytes] = {}
    scripts: dict[str, tuple[Face, Face]] = {}
    missing: list[str] = []
    for script in dict.fromkeys(wanted):
        faces = SCRIPT_FACES[script]
        paths = [next((d / name for d in dirs if (d / name).is_file()), None) for name, _ in faces]
        if None in paths:
            if script not in ("latin", "dejavu"):
                missing.append(script)
            continue
        for path in paths:
            assert path is not None
            files.setdefault(path.name, path.read_bytes())
        scripts[script] = faces
    if not scripts:
        return None
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    return FontFaces(files, scripts, digests, tuple(missing))
