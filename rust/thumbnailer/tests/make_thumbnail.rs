//! The image work on its own, without the stores: sizes, formats, and what each bad input is.

mod common;

use common::images;
use image::{GenericImageView, ImageFormat, load_from_memory};
use lambda_duel_thumbnailer::thumbnail::{self, Dimensions, ImageFailure, make_thumbnail};

/// What a decoder reads back from the thumbnail's bytes, not what the function says it wrote.
fn decoded(bytes: &[u8]) -> (ImageFormat, u32, u32) {
    let format = image::guess_format(bytes).expect("a format");
    let (width, height) = load_from_memory(bytes).expect("decodes").dimensions();
    (format, width, height)
}

#[test]
fn makes_a_jpeg_half_as_wide_and_half_as_high_rounding_down() {
    let made = make_thumbnail(&images::jpeg(101, 75)).expect("a thumbnail");
    assert_eq!(decoded(&made.bytes), (ImageFormat::Jpeg, 50, 37));
    assert_eq!(
        made.source,
        Dimensions {
            width: 101,
            height: 75
        }
    );
    assert_eq!(
        made.thumbnail,
        Dimensions {
            width: 50,
            height: 37
        }
    );
    assert_eq!(thumbnail::half(1), 1);
}

#[test]
fn takes_a_12_mp_photo_the_largest_the_workload_uploads() {
    let made = make_thumbnail(&images::jpeg(4000, 3000)).expect("a thumbnail");
    assert_eq!(decoded(&made.bytes), (ImageFormat::Jpeg, 2000, 1500));
}

#[test]
fn a_jpeg_cut_anywhere_in_its_data_is_corrupt_and_known_by_its_header() {
    let photo = images::jpeg(600, 400);
    for end in [photo.len() / 2, photo.len() - 2, photo.len() - 1] {
        let err = make_thumbnail(&photo[..end]).expect_err("truncated");
        assert_eq!(err.failure, ImageFailure::CorruptImage, "cut at {end}");
        assert_eq!(err.known.format.as_deref(), Some("jpeg"));
        assert_eq!(
            err.known.dimensions,
            Some(Dimensions {
                width: 600,
                height: 400
            })
        );
        assert!(
            err.message
                .starts_with("the jpeg does not decode: premature end"),
            "{}",
            err.message
        );
    }
}

#[test]
fn refuses_a_header_bomb_before_decoding_it() {
    let err = make_thumbnail(&images::header_bomb(7072, 7072)).expect_err("a bomb");
    assert_eq!(err.failure, ImageFailure::TooManyPixels);
    assert!(
        err.message.contains("50013184 pixels, more than 50000000"),
        "{}",
        err.message
    );
}

#[test]
fn calls_heic_an_unsupported_image_and_unknown_bytes_not_an_image() {
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
    assert_eq!(
        make_thumbnail(heic).expect_err("HEIC").failure,
        ImageFailure::UnsupportedFormat
    );
    let text = make_thumbnail(b"hello, I am not a picture").expect_err("text");
    assert_eq!(text.failure, ImageFailure::NotAnImage);
}
