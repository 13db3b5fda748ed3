"""make_thumbnail: an upload's bytes to a thumbnail exactly half its oriented size in its own
format, or the image's reason for being none, as a decoder reading the result back sees it."""

import io
import math

import pytest
from images import (
    canvas_bomb,
    decoded,
    encoded,
    gif,
    header_bomb,
    jpeg,
    jpeg_rotated,
    noise,
    noisy_png,
    png,
    truncated,
    zone_plate,
)
from PIL import Image, ImageChops, ImageCms, ImageStat

from thumbnailer.thumbnail import MAX_INPUT_PIXELS, Dimensions, ImageError, KnownSource, half, make_thumbnail


def psnr(image: Image.Image, reference: Image.Image) -> float:
    """How close two images are, in dB: above 40 no one tells them apart, below 25 anyone does."""
    squares = [rms**2 for rms in ImageStat.Stat(ImageChops.difference(image, reference)).rms]
    return 10 * math.log10(255**2 / (sum(squares) / len(squares)))


def test_a_jpeg_is_halved_rounding_down():
    # Given a 101x75 JPEG
    # When its thumbnail is made
    made = make_thumbnail(jpeg(101, 75))
    # Then it is a 50x37 JPEG, as the decoder reads it, and says so
    assert decoded(made.data)["format"] == "JPEG"
    assert decoded(made.data)["size"] == (50, 37)
    assert (made.format, made.source, made.thumbnail) == ("jpeg", Dimensions(101, 75), Dimensions(50, 37))


def test_a_png_stays_a_png_with_its_transparency():
    made = make_thumbnail(png(64, 33))
    assert decoded(made.data) | {"icc_profile": None} == {
        "format": "PNG",
        "size": (32, 16),
        "mode": "RGBA",
        "orientation": None,
        "icc_profile": None,
    }


def test_never_goes_below_one_pixel():
    assert decoded(make_thumbnail(png(1, 3)).data)["size"] == (1, 1)
    assert half(1) == 1


def test_turns_the_photo_as_its_exif_orientation_says_and_leaves_no_orientation_tag():
    # Given a JPEG stored 60x40 with Orientation 6 (viewed 40x60)
    made = make_thumbnail(jpeg_rotated(60, 40))
    # Then the source is measured as viewed, and the thumbnail stands upright at 20x30
    assert made.source == Dimensions(40, 60)
    assert decoded(made.data)["size"] == (20, 30)
    assert decoded(made.data)["orientation"] is None


def test_takes_a_12_mp_photo_the_largest_the_workload_uploads():
    assert decoded(make_thumbnail(jpeg(4000, 3000)).data)["size"] == (2000, 1500)


def test_keeps_no_icc_profile_and_turns_cmyk_into_rgb():
    # Given a PNG carrying an sRGB ICC profile, and a cyan CMYK JPEG
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    tagged = encoded(noise(40, 20), "PNG", icc_profile=profile)
    cyan = encoded(Image.new("CMYK", (40, 20), (255, 0, 0, 0)), "JPEG")
    # When their thumbnails are made
    tagged_thumbnail, cyan_thumbnail = make_thumbnail(tagged), make_thumbnail(cyan)
    # Then neither carries a profile, and the CMYK photo is an RGB one of the same colour
    assert decoded(tagged_thumbnail.data)["icc_profile"] is None
    assert decoded(cyan_thumbnail.data)["mode"] == "RGB"
    assert Image.open(io.BytesIO(cyan_thumbnail.data)).getpixel((5, 5)) == pytest.approx((0, 255, 255), abs=3)


def test_filters_fine_detail_instead_of_aliasing_it():
    # Given rings up to nearly the finest detail a 768 px JPEG holds
    plate = zone_plate(768)
    # When its thumbnail is made
    made = Image.open(io.BytesIO(make_thumbnail(encoded(plate, "JPEG", quality=95)).data)).convert("RGB")
    # Then it is as close to Lanczos on the original pixels as a quality-80 JPEG of rings allows
    # (36 dB), with none of the rings that DCT scaling (JPEG draft mode) draws at the edges (21 dB)
    assert psnr(made, plate.resize(made.size, Image.Resampling.LANCZOS)) > 30


@pytest.mark.parametrize(
    ("source", "failure"),
    [
        (b"hello, I am not a picture", "not-an-image"),
        (b"", "not-an-image"),
        (gif(8, 8), "unsupported-format"),
        (truncated(jpeg(600, 400)), "corrupt-image"),
        (truncated(noisy_png(300, 200)), "corrupt-image"),
        (header_bomb(20_000, 20_000), "too-many-pixels"),
        # Between the cap and twice it, where Pillow on its own would only warn.
        (header_bomb(8_000, 7_000), "too-many-pixels"),
    ],
    ids=["text", "empty", "gif", "truncated jpeg", "truncated png", "20000x20000 header", "56 MP header"],
)
def test_refuses(source, failure):
    with pytest.raises(ImageError) as refused:
        make_thumbnail(source)
    assert refused.value.type == failure


def test_refuses_a_real_canvas_just_over_the_pixel_cap_that_compresses_to_kilobytes():
    # Given a 7072x7072 grey PNG: 50,013,184 pixels, just over the cap, in a small file
    bomb = canvas_bomb(7072, 7072)
    assert MAX_INPUT_PIXELS < 7072 * 7072
    assert len(bomb) < 1_000_000
    # When its thumbnail is made, it fails from the header, as a bomb
    with pytest.raises(ImageError) as refused:
        make_thumbnail(bomb)
    assert refused.value.type == "too-many-pixels"


def test_says_what_it_knew_of_a_corrupt_image_its_format_and_size():
    with pytest.raises(ImageError) as refused:
        make_thumbnail(truncated(jpeg(600, 400)))
    assert refused.value.known == KnownSource("jpeg", 600, 400)
    assert str(refused.value).startswith("the jpeg does not decode: image file is truncated")
