"""The image work: an upload's bytes in, a thumbnail at half each dimension out, in the same format,
or an ImageError naming why the bytes cannot be one. Pillow does all of it.

The whole image is decoded, then resized with Lanczos. Pillow's JPEG draft mode (libjpeg's DCT
scaling by 1/2 as it decodes) is not used: it takes a 12 MP photo in 25 ms instead of 200, but
measured against Lanczos on the original pixels (scikit-image's astronaut, chelsea, coffee,
rocket and motorcycle photographs, saved at quality 92) it is 3 to 10 dB worse at even sizes, as it
lets fine detail alias (a zone plate: 21 dB where Lanczos keeps 51), and 8 to 13 dB worse at odd
ones, which it leaves a pixel too large for a second resample. A thumbnail must be exactly half,
with Lanczos' quality.
"""

import io
import warnings
from dataclasses import dataclass
from typing import Literal

from PIL import ExifTags, Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

# The pixel cap, width x height, checked from the header before anything is decoded: the Node
# twin's (handlers/thumbnailer/thumbnail.ts says why 50 MP). A 50 MP RGBA canvas is 200 MB of pixels.
MAX_INPUT_PIXELS = 50_000_000

# Pillow's guards are process-wide settings, spelled out here where untrusted bytes are opened, so
# none can drift: its own bomb check in Image.open at the cap (an error above twice the cap, a
# warning between, which `_open` makes an error), and a truncated file fails instead of being
# filled in grey.
Image.MAX_IMAGE_PIXELS = MAX_INPUT_PIXELS
ImageFile.LOAD_TRUNCATED_IMAGES = False

# JPEG quality (sharp's and Pillow's default alike) and zlib level (libpng's and Pillow's default).
JPEG_QUALITY = 80
PNG_COMPRESSION_LEVEL = 6

ImageFormat = Literal["jpeg", "png"]
# Pillow's names of the formats a thumbnail is made of; any other is refused before it is decoded.
_IMAGE_FORMATS: dict[str, ImageFormat] = {"JPEG": "jpeg", "PNG": "png"}
CONTENT_TYPES: dict[ImageFormat, str] = {"jpeg": "image/jpeg", "png": "image/png"}

# Why bytes make no thumbnail, each a permanent failure of the record:
# - `not-an-image`: no decoder knows the bytes;
# - `unsupported-format`: an image, but neither JPEG nor PNG;
# - `too-many-pixels`: the header declares more than MAX_INPUT_PIXELS (a decompression bomb);
# - `corrupt-image`: a JPEG or PNG header whose data does not decode cleanly (a truncated file).
ImageFailureType = Literal["not-an-image", "unsupported-format", "too-many-pixels", "corrupt-image"]

# What Pillow's decoders and littlecms raise on bytes they cannot make pixels of.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, ImageCms.PyCMSError)

# EXIF orientations that turn the photo a quarter, so it stands with width and height swapped.
_QUARTER_TURNS = {5, 6, 7, 8}

_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Dimensions:
    width: int
    height: int


@dataclass(frozen=True)
class KnownSource:
    """What is known of the source when it failed: its format and size once its header was read."""

    format: str | None = None
    width: int | None = None
    height: int | None = None


class ImageError(Exception):
    def __init__(self, type_: ImageFailureType, message: str, known: KnownSource | None = None) -> None:
        super().__init__(message)
        self.type = type_
        self.known = known or KnownSource()


@dataclass(frozen=True)
class Thumbnail:
    format: ImageFormat
    # As the photo stands, after EXIF orientation.
    source: Dimensions
    thumbnail: Dimensions
    data: bytes


def half(size: int) -> int:
    """Half of a dimension, rounded down, never below one pixel."""
    return max(1, size // 2)


def make_thumbnail(source: bytes) -> Thumbnail:
    """The thumbnail of an upload, or an ImageError."""
    image = _open(source)
    image_format, size = _read_header(image)
    known = KnownSource(image_format, size.width, size.height)
    try:
        thumbnail = _halved(image, Dimensions(half(size.width), half(size.height)))
        data = _encoded(thumbnail, image_format)
    except _DECODE_ERRORS as error:
        raise ImageError("corrupt-image", f"the {image_format} does not decode: {error}", known) from error
    return Thumbnail(image_format, size, Dimensions(*thumbnail.size), data)


def _open(source: bytes) -> Image.Image:
    """The image with its header read and none of its pixels decoded."""
    try:
        # Scoped to the open, so the filter holds whoever else sets warnings (pytest does, per test).
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(source))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageError(
            "too-many-pixels", f"the image declares more than {MAX_INPUT_PIXELS} pixels"
        ) from error
    except UnidentifiedImageError as error:
        # Pillow's own message names the buffer object, which says nothing of the bytes.
        raise ImageError("not-an-image", "not an image: no decoder knows its bytes") from error
    except _DECODE_ERRORS as error:
        raise ImageError("not-an-image", f"not an image: {error}") from error


def _read_header(image: Image.Image) -> tuple[ImageFormat, Dimensions]:
    """The format and the oriented size, from the header alone."""
    name = (image.format or "unknown").lower()
    width, height = image.size
    # Pillow's own check at the open has refused this already, unless its setting was changed.
    if width * height > MAX_INPUT_PIXELS:
        raise ImageError(
            "too-many-pixels", f"the image declares {width}x{height} pixels", KnownSource(name, width, height)
        )
    try:
        orientation = image.getexif().get(ExifTags.Base.Orientation)
    except _DECODE_ERRORS as error:
        known = KnownSource(name, width, height)
        raise ImageError(
            "corrupt-image", f"the {name} has EXIF that does not decode: {error}", known
        ) from error
    size = Dimensions(height, width) if orientation in _QUARTER_TURNS else Dimensions(width, height)
    image_format = _IMAGE_FORMATS.get(image.format or "")
    if image_format is None:
        known = KnownSource(name, size.width, size.height)
        raise ImageError("unsupported-format", f"{name} is not a supported format (only jpeg and png)", known)
    return image_format, size


def _halved(image: Image.Image, size: Dimensions) -> Image.Image:
    """Decoded whole, turned as its EXIF orientation says, in sRGB, then Lanczos to `size`."""
    image.load()
    ImageOps.exif_transpose(image, in_place=True)
    return _in_srgb(image).resize((size.width, size.height), Image.Resampling.LANCZOS)


def _in_srgb(image: Image.Image) -> Image.Image:
    """sRGB pixels, as sharp makes them: a colour image through its embedded ICC profile (a CMYK or
    a Display P3 photo's), anything else by Pillow's own conversion; greyscale and transparency stay."""
    mode = _output_mode(image)
    profile = image.info.get("icc_profile")
    # A palette, or a PNG's transparent colour, becomes RGB(A) first, for its profile to apply to.
    if image.mode not in (mode, "CMYK"):
        image = image.convert(mode)
    if profile and image.mode in ("RGB", "RGBA", "CMYK"):
        embedded = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        intent = ImageCms.Intent.PERCEPTUAL
        return ImageCms.profileToProfile(image, embedded, _SRGB, renderingIntent=intent, outputMode=mode)
    return image if image.mode == mode else image.convert(mode)


def _output_mode(image: Image.Image) -> str:
    """Greyscale stays greyscale (16-bit PNGs at 16 bits), transparency stays; the rest is RGB."""
    if image.mode == "I;16":
        return image.mode
    alpha = "A" in image.getbands() or "transparency" in image.info
    grey = Image.getmodebase(image.mode) == "L"
    return ("L" if grey else "RGB") + ("A" if alpha else "")


def _encoded(image: Image.Image, image_format: ImageFormat) -> bytes:
    """The pixels only: Pillow would carry the source's ICC profile and text into a PNG otherwise."""
    image.info = {}
    out = io.BytesIO()
    if image_format == "jpeg":
        image.save(out, "JPEG", quality=JPEG_QUALITY)
    else:
        image.save(out, "PNG", compress_level=PNG_COMPRESSION_LEVEL)
    return out.getvalue()
