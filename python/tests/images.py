"""Test-only: the images the thumbnailer is tried on, made with Pillow at the test's chosen size,
the bad inputs (truncated files, decompression bombs), and what a decoder reads back."""

import io
import math
import struct
import zlib
from typing import Any

from PIL import ExifTags, Image


def encoded(image: Image.Image, image_format: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, image_format, **options)
    return out.getvalue()


def noise(width: int, height: int) -> Image.Image:
    """Photo-like pixels: noise, so the file does not compress to nothing and a cut really cuts data."""
    return Image.merge("RGB", [Image.effect_noise((width, height), 40) for _ in range(3)])


def jpeg(width: int, height: int) -> bytes:
    return encoded(noise(width, height), "JPEG")


def noisy_png(width: int, height: int) -> bytes:
    return encoded(noise(width, height), "PNG")


def png(width: int, height: int) -> bytes:
    """An RGBA PNG, half transparent."""
    return encoded(Image.new("RGBA", (width, height), (200, 30, 90, 128)), "PNG")


def jpeg_rotated(width: int, height: int) -> bytes:
    """A JPEG stored `width`x`height` whose EXIF Orientation 6 says to turn it 90° clockwise to view it."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    return encoded(Image.new("RGB", (width, height), "#3c8"), "JPEG", exif=exif.tobytes())


def gif(width: int, height: int) -> bytes:
    return encoded(Image.new("RGB", (width, height), "blue"), "GIF")


def zone_plate(size: int) -> Image.Image:
    """Rings whose frequency rises from the centre to 0.9 of Nyquist at the edges: a decoder or a
    filter that aliases draws rings of its own where a good one leaves flat grey."""
    k = 0.9 * math.pi / size
    centre = size / 2
    pixels = [
        round(127.5 + 127.5 * math.cos(k * ((x - centre) ** 2 + (y - centre) ** 2)))
        for y in range(size)
        for x in range(size)
    ]
    plate = Image.new("L", (size, size))
    plate.putdata(pixels)
    return plate.convert("RGB")


def truncated(image: bytes) -> bytes:
    """The first half of the file."""
    return image[: len(image) // 2]


def header_bomb(width: int, height: int) -> bytes:
    """A bomb by its header alone: a 4x4 PNG whose IHDR (CRC kept valid) declares `width`x`height`,
    so the file is a few hundred bytes and a decoder that trusts it allocates the whole canvas."""
    bomb = bytearray(png(4, 4))
    # Signature (8), chunk length (4), 'IHDR' (4), then width and height; the CRC covers type and data.
    bomb[16:24] = struct.pack(">II", width, height)
    bomb[29:33] = struct.pack(">I", zlib.crc32(bomb[12:29]))
    return bytes(bomb)


def canvas_bomb(width: int, height: int) -> bytes:
    """A real bomb: a grey canvas that compresses to a small fraction of a byte a pixel."""
    return encoded(Image.new("L", (width, height), 128), "PNG", compress_level=9)


def decoded(data: bytes) -> dict[str, Any]:
    """What a decoder reads back from a thumbnail's bytes, not what the function says it wrote."""
    image = Image.open(io.BytesIO(data))
    image.load()
    return {
        "format": image.format,
        "size": image.size,
        "mode": image.mode,
        "orientation": image.getexif().get(ExifTags.Base.Orientation),
        "icc_profile": image.info.get("icc_profile"),
    }
