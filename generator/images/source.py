"""Reading source images safely: headers for planning, pixels for processing.

Both paths open images through `open_image`, so a file that passes planning cannot
slip past the same limits when it is decoded, and both agree on orientation and
transparency (the planner reads them from headers, the processor applies them).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import ExifTags, Image, ImageCms, UnidentifiedImageError

MAX_SIDE = 20_000
"""Longest side accepted in px: larger sources are mistakes, not product photos."""

ACCEPTED_FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "AVIF", "GIF", "TIFF", "BMP")
"""MPO is how Pillow names the JPEG files many cameras write."""
SUPPORTED = "use JPEG, PNG, WebP, AVIF, GIF, TIFF or BMP"

TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
"""EXIF orientation → the transpose that shows the image upright."""

UNSUPPORTED_MODES = frozenset({"LAB", "HSV"})
ALPHA_MODES = frozenset({"RGBA", "RGBa", "LA", "La", "PA"})
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class ImageProblem(Exception):
    """A source image that cannot be published; the message is one line for the user."""


@dataclass(frozen=True)
class Header:
    """What planning needs, read without decoding pixels."""

    width: int
    """Displayed width, after EXIF orientation."""
    height: int
    orientation: int
    has_alpha: bool


@contextmanager
def open_image(data: bytes) -> Iterator[Image.Image]:
    """Open `data` lazily (headers only), turning every way it can be unusable into an
    ImageProblem; Pillow's decompression-bomb warning counts as an error."""
    if not data:
        raise ImageProblem("empty file (0 bytes)")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in ACCEPTED_FORMATS:
                    raise ImageProblem(f"unsupported image format {image.format} ({SUPPORTED})")
                if image.mode in UNSUPPORTED_MODES:
                    raise ImageProblem(f"unsupported colour mode {image.mode} (use RGB, CMYK or greyscale)")
                width, height = image.size
                if max(width, height) > MAX_SIDE:
                    raise ImageProblem(
                        f"absurd dimensions {width}×{height} px (at most {MAX_SIDE} px on a side)"
                    )
                yield image
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageProblem(f"refused as a possible decompression bomb: {_sentence(exc)}") from None
        except UnidentifiedImageError:
            raise ImageProblem("not an image file in a format Pillow can read") from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ImageProblem(f"corrupt or truncated image: {_sentence(exc)}") from None


def read_header(data: bytes) -> Header:
    with open_image(data) as image:
        orientation = _orientation(image)
        width, height = image.size
        if orientation in (5, 6, 7, 8):
            width, height = height, width
        has_alpha = image.mode in ALPHA_MODES or "transparency" in image.info
        return Header(width, height, orientation, has_alpha)


def decode(
    data: bytes, orientation: int, has_alpha: bool, draft: tuple[int, int] | None = None
) -> Image.Image:
    """Decode `data` to an upright sRGB RGB (or RGBA) image with no metadata.

    `draft` lets JPEG decoding scale down by up to 8 times in the DCT when the caller needs
    no more than that many pixels, which is much cheaper than decoding in full.
    """
    with open_image(data) as image:
        if draft:
            image.draft(image.mode, draft if orientation < 5 else draft[::-1])
        image.load()
        image = to_srgb(image, has_alpha)
    if orientation in TRANSPOSE:
        image = image.transpose(TRANSPOSE[orientation])
    image.info = {}
    return image


def to_srgb(image: Image.Image, has_alpha: bool) -> Image.Image:
    """Any Pillow mode → RGB(A) in sRGB, through the embedded ICC profile when there is one."""
    if image.mode.startswith("I;16"):
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif image.mode in ("I", "F", "1"):
        image = image.convert("L")
    if has_alpha and image.mode not in ALPHA_MODES:
        image = image.convert("RGBA")  # palette or colour-key transparency becomes a channel
    elif image.mode in ("P", "PA"):
        image = image.convert("RGBA" if has_alpha else "RGB")
    alpha = None
    if has_alpha:
        alpha = image.getchannel("A")
        image = image.convert("L" if image.mode in ("LA", "La") else "RGB")
    rgb = _apply_icc(image)
    if rgb is None:
        rgb = image if image.mode == "RGB" else image.convert("RGB")
    if alpha is not None:
        rgb = rgb.convert("RGBA")
        rgb.putalpha(alpha)
    return rgb


def _apply_icc(image: Image.Image) -> Image.Image | None:
    """Convert through the embedded profile; None when there is none or it does not fit
    the image (then Pillow's plain conversion, which assumes sRGB, is the best guess)."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "CMYK", "L"):
        return None
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(image, source, SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return None


def _orientation(image: Image.Image) -> int:
    """EXIF orientation from the header. PNG's getexif() would decode the whole image to
    look for a late eXIf chunk, so for PNG only an early one counts."""
    if image.format == "PNG":
        raw = image.info.get("exif")
        exif = Image.Exif()
        if raw:
            exif.load(raw)
    else:
        exif = image.getexif()
    value = exif.get(ExifTags.Base.Orientation, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _sentence(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
