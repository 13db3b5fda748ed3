//! The images the thumbnailer is tried on, made here at the test's chosen size with the `image`
//! crate, some embedding an ICC profile, and the bad inputs: truncated files and a decompression
//! bomb.

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{DynamicImage, ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};

/// Photo-like pixels: noise, so the file does not compress to nothing and a cut really cuts data.
fn noise(width: u32, height: u32) -> RgbImage {
    // xorshift32: the same pixels every run, with no random-number crate.
    let mut state = 0x9E37_79B9_u32 ^ width ^ height.rotate_left(16);
    RgbImage::from_fn(width, height, |_, _| {
        let mut channel = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state.to_le_bytes()[0]
        };
        Rgb([channel(), channel(), channel()])
    })
}

pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    encode_jpeg(&DynamicImage::from(noise(width, height)), None, None)
}

pub fn noisy_png(width: u32, height: u32) -> Vec<u8> {
    encode_png(&DynamicImage::from(noise(width, height)), None)
}

/// Noise as a PNG that embeds the ICC profile.
pub fn noisy_png_with_profile(width: u32, height: u32, icc: &[u8]) -> Vec<u8> {
    encode_png(&DynamicImage::from(noise(width, height)), Some(icc))
}

/// One colour all over (a `Vec` of its samples: grey, grey and alpha, RGB or RGBA), as a PNG that
/// embeds the ICC profile when there is one.
pub fn flat_png(width: u32, height: u32, samples: &[u8], icc: Option<&[u8]>) -> Vec<u8> {
    encode_png(&flat(width, height, samples), icc)
}

/// One colour all over, as a JPEG (quality 90) that embeds the ICC profile when there is one.
pub fn flat_jpeg(width: u32, height: u32, samples: &[u8], icc: Option<&[u8]>) -> Vec<u8> {
    encode_jpeg(&flat(width, height, samples), None, icc)
}

fn flat(width: u32, height: u32, samples: &[u8]) -> DynamicImage {
    let all = samples.repeat(width as usize * height as usize);
    match samples.len() {
        1 => image::GrayImage::from_raw(width, height, all).map(DynamicImage::from),
        2 => image::GrayAlphaImage::from_raw(width, height, all).map(DynamicImage::from),
        3 => RgbImage::from_raw(width, height, all).map(DynamicImage::from),
        _ => RgbaImage::from_raw(width, height, all).map(DynamicImage::from),
    }
    .expect("samples that fill the image")
}

/// An RGBA PNG of the given size, half transparent.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let pixels = RgbaImage::from_pixel(width, height, Rgba([200, 30, 90, 128]));
    encode_png(&DynamicImage::from(pixels), None)
}

/// A JPEG stored `width`×`height` whose EXIF Orientation 6 says to turn it 90° clockwise to view
/// it. Its left column is red, so the turn can be seen: the viewed photo's top row is red.
pub fn jpeg_rotated(width: u32, height: u32) -> Vec<u8> {
    let pixels = RgbImage::from_fn(width, height, |x, _| {
        if x < width / 4 {
            Rgb([255, 0, 0])
        } else {
            Rgb([40, 200, 120])
        }
    });
    encode_jpeg(&DynamicImage::from(pixels), Some(ORIENTATION_6), None)
}

/// A TIFF header and one IFD entry: Orientation (0x0112), SHORT, 1 value: 6.
const ORIENTATION_6: &[u8] = &[
    b'M', b'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF, first IFD at 8
    0, 1, // one entry
    0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, // Orientation = 6
    0, 0, 0, 0, // no next IFD
];

/// A GIF's signature and logical screen: enough for any decoder to know it for a GIF.
pub fn gif() -> Vec<u8> {
    b"GIF89a\x08\x00\x08\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00;".to_vec()
}

/// The first half of the file.
pub fn truncated(image: &[u8]) -> Vec<u8> {
    image[..image.len() / 2].to_vec()
}

/// A bomb by its header alone: a 4×4 PNG whose IHDR (CRC kept valid) declares `width`×`height`,
/// so the file is a few dozen bytes and a decoder that trusts it allocates the whole canvas.
pub fn header_bomb(width: u32, height: u32) -> Vec<u8> {
    let mut bomb = png(4, 4);
    // Signature (8), chunk length (4), 'IHDR' (4), then width and height; the CRC covers type and data.
    bomb[16..20].copy_from_slice(&width.to_be_bytes());
    bomb[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32fast::hash(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    bomb
}

fn encode_jpeg(image: &DynamicImage, exif: Option<&[u8]>, icc: Option<&[u8]>) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut bytes, 90);
    if let Some(exif) = exif {
        encoder
            .set_exif_metadata(exif.to_vec())
            .expect("EXIF in a JPEG");
    }
    if let Some(icc) = icc {
        encoder
            .set_icc_profile(icc.to_vec())
            .expect("ICC in a JPEG");
    }
    image.write_with_encoder(encoder).expect("encode JPEG");
    bytes
}

fn encode_png(image: &DynamicImage, icc: Option<&[u8]>) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = PngEncoder::new(&mut bytes);
    if let Some(icc) = icc {
        encoder.set_icc_profile(icc.to_vec()).expect("ICC in a PNG");
    }
    image.write_with_encoder(encoder).expect("encode PNG");
    bytes
}
