//! A thumbnail is in sRGB: an upload's embedded ICC profile converts its colours first, as sharp
//! and Pillow convert them, and the thumbnail embeds none. The figures compared with are what the
//! Node and Python twins make of the same images (littlecms), unless said otherwise.

mod common;

use std::io::Cursor;

use common::cmyk_jpeg::{self, Adobe};
use common::{images, profiles};
use image::{DynamicImage, ImageDecoder, ImageReader};
use lambda_duel_thumbnailer::thumbnail::make_thumbnail;

/// The thumbnail, as a decoder reads it back, and the ICC profile it embeds, if any.
fn thumbnail_of(source: &[u8]) -> (DynamicImage, Option<Vec<u8>>) {
    let made = make_thumbnail(source).expect("a thumbnail");
    let reader = ImageReader::new(Cursor::new(made.bytes))
        .with_guessed_format()
        .expect("read");
    let mut decoder = reader.into_decoder().expect("a decoder");
    let icc = decoder.icc_profile().expect("its metadata reads");
    (DynamicImage::from_decoder(decoder).expect("decodes"), icc)
}

/// The samples of the thumbnail's middle pixel (all of them are one colour).
fn middle(image: &DynamicImage) -> Vec<u8> {
    let channels = usize::from(image.color().channel_count());
    let at = (image.height() / 2 * image.width() + image.width() / 2) as usize * channels;
    image.as_bytes()[at..at + channels].to_vec()
}

fn assert_near(actual: &[u8], expected: &[u8], tolerance: u8) {
    let near = actual.len() == expected.len()
        && actual
            .iter()
            .zip(expected)
            .all(|(a, e)| a.abs_diff(*e) <= tolerance);
    assert!(near, "{actual:?} is not within {tolerance} of {expected:?}");
}

#[test]
fn a_display_p3_photo_comes_out_in_srgb_its_saturated_red_clipped() {
    // Given two colours as Display P3 PNGs, and as PNGs and a JPEG with no profile
    let p3 = profiles::display_p3();
    for (colour, in_srgb) in [
        ([255, 80, 80], [255, 57, 71]),
        ([200, 100, 50], [215, 93, 32]),
    ] {
        let tagged = images::flat_png(16, 16, &colour, Some(&p3));
        let untagged = images::flat_png(16, 16, &colour, None);

        // When each is thumbnailed
        let (from_p3, _) = thumbnail_of(&tagged);
        let (from_srgb, _) = thumbnail_of(&untagged);

        // Then the untagged keeps its values and the P3 one is the same colour in sRGB: the red
        // P3 holds beyond sRGB's is clipped at 255, green and blue fall (sharp: 255, 58, 71)
        assert_near(&middle(&from_srgb), &colour, 0);
        assert_near(&middle(&from_p3), &in_srgb, 1);
    }
    let jpeg = images::flat_jpeg(16, 16, &[200, 100, 50], Some(&p3));
    assert_near(&middle(&thumbnail_of(&jpeg).0), &[215, 93, 32], 2);
}

#[test]
fn an_srgb_profile_leaves_the_pixels_within_one_of_an_untagged_photo() {
    // Given the same noise as a PNG with an sRGB profile and one with none
    let tagged = images::noisy_png_with_profile(64, 48, &profiles::srgb());
    let untagged = images::noisy_png(64, 48);

    // When both are thumbnailed (the tagged one through a transform sRGB to sRGB)
    let (from_tagged, _) = thumbnail_of(&tagged);
    let (from_untagged, _) = thumbnail_of(&untagged);

    // Then no sample differs by more than one
    assert_eq!(from_tagged.color(), from_untagged.color());
    assert_near(from_tagged.as_bytes(), from_untagged.as_bytes(), 1);
}

#[test]
fn keeps_alpha_and_greyscale_through_the_conversion() {
    // Given a half-transparent P3 PNG, and a dark grey PNG and JPEG on a 2.2 gamma
    let rgba = images::flat_png(16, 16, &[200, 100, 50, 128], Some(&profiles::display_p3()));
    let grey = profiles::grey_gamma_2_2();
    let grey_png = images::flat_png(16, 16, &[30], Some(&grey));
    let grey_jpeg = images::flat_jpeg(16, 16, &[30], Some(&grey));

    // When each is thumbnailed
    let (from_rgba, _) = thumbnail_of(&rgba);
    let (from_grey_png, _) = thumbnail_of(&grey_png);
    let (from_grey_jpeg, _) = thumbnail_of(&grey_jpeg);

    // Then the colour is converted and its alpha kept (Pillow: 215, 93, 31, 128); the grey is
    // sRGB's 24 and still one channel (sharp: 24, as RGB; Pillow converts no greyscale: 30)
    assert_near(&middle(&from_rgba), &[215, 93, 32, 128], 1);
    assert_eq!(middle(&from_rgba)[3], 128);
    assert_near(&middle(&from_grey_png), &[24], 0);
    assert_near(&middle(&from_grey_jpeg), &[24], 1);
}

#[test]
fn a_profile_that_does_not_parse_or_fit_is_ignored_and_the_photo_taken_as_srgb() {
    // Given profiles that are junk, cut short, or for greyscale, on RGB PNGs and JPEGs
    let junk = vec![b'x'; 200];
    let cut = profiles::display_p3()[..300].to_vec();
    let grey = profiles::grey_gamma_2_2();
    for (name, icc) in [("junk", junk), ("cut short", cut), ("for greyscale", grey)] {
        for (format, encode) in [
            (
                "png",
                images::flat_png as fn(u32, u32, &[u8], Option<&[u8]>) -> Vec<u8>,
            ),
            ("jpeg", images::flat_jpeg),
        ] {
            let tagged = encode(16, 16, &[200, 100, 50], Some(&icc));
            let untagged = encode(16, 16, &[200, 100, 50], None);

            // When each is thumbnailed
            let made = make_thumbnail(&tagged);

            // Then it is made, the same bytes as the photo's with no profile (sharp's rule; Pillow
            // refuses it as corrupt-image)
            let made = made.unwrap_or_else(|err| panic!("{name} {format}: {err}"));
            let plain = make_thumbnail(&untagged).expect("a thumbnail");
            assert!(made.bytes == plain.bytes, "{name} {format}");
        }
    }
}

#[test]
fn a_cmyk_jpeg_takes_its_colours_from_its_own_cmyk_profile() {
    // Given a profile in which only cyan and black count (none: a paper white, full cyan: a mid
    // blue, full black: a dark grey), and CMYK and YCCK JPEGs of each, with magenta and yellow too
    let icc = profiles::cyan_and_black([250, 240, 230], [60, 120, 180], [40, 40, 40]);
    for adobe in [Adobe::Cmyk, Adobe::Ycck] {
        for (inks, colour) in [
            ([0, 200, 100, 0], [251, 241, 231]),
            ([255, 200, 100, 0], [61, 120, 180]),
            ([0, 200, 100, 255], [36, 36, 36]),
        ] {
            let jpeg = cmyk_jpeg::flat(16, 16, inks, adobe, Some(&icc));

            // When it is thumbnailed
            let (thumbnail, _) = thumbnail_of(&jpeg);

            // Then it is the colour sharp and Pillow make of those inks: the profile's, the grey
            // darkened from 40 to 36 as the profile's black point is compensated
            assert_near(&middle(&thumbnail), &colour, 2);
        }
    }
}

#[test]
fn a_cmyk_jpeg_without_a_profile_keeps_the_formula_of_its_inks() {
    // Given a CMYK JPEG with no profile
    let plain = cmyk_jpeg::flat(16, 16, [255, 200, 100, 60], Adobe::Cmyk, None);

    // When it is thumbnailed
    let (thumbnail, _) = thumbnail_of(&plain);

    // Then it is RGB by (255 − ink) × (255 − K) / 255, as Pillow's convert("RGB") makes it
    assert_near(&middle(&thumbnail), &[0, 42, 119], 1);
}

#[test]
fn no_thumbnail_embeds_a_profile() {
    // Given a Display P3 JPEG and PNG, and a CMYK JPEG with its profile
    let p3 = profiles::display_p3();
    let cmyk = profiles::cyan_and_black([250, 240, 230], [60, 120, 180], [40, 40, 40]);
    let sources = [
        images::flat_jpeg(16, 16, &[200, 100, 50], Some(&p3)),
        images::flat_png(16, 16, &[200, 100, 50], Some(&p3)),
        cmyk_jpeg::flat(16, 16, [255, 0, 0, 0], Adobe::Cmyk, Some(&cmyk)),
    ];
    for source in sources {
        // When each is thumbnailed
        let (_, icc) = thumbnail_of(&source);

        // Then its thumbnail carries no ICC profile: its pixels are sRGB, which needs none
        assert_eq!(icc, None);
    }
}
