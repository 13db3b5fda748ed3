//! The image work: an upload's bytes in, a thumbnail at half each dimension out, in the same
//! format, in sRGB, or an [`ImageError`] naming why the bytes cannot be one. `image` decodes and
//! encodes (JPEG and PNG only), `moxcms` converts an embedded ICC profile's colours to sRGB; the
//! header and the profile are read, and the pixel cap checked, before anything is decoded.

mod black_point;
mod cmyk;
mod header;
mod jpeg_end;
mod resize;
mod srgb;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{DynamicImage, ImageDecoder};
use thiserror::Error;

use cmyk::CmykJpeg;
use header::{Header, read_header};

/// The pixel cap, width × height, checked from the header before anything is decoded, as the
/// Node twin's: 50 MP admits the workload's largest photo (12 MP) four times over and a 50 MP
/// phone's full-resolution shot, and refuses a decompression bomb.
pub const MAX_INPUT_PIXELS: u64 = 50_000_000;

/// JPEG quality for the thumbnail (sharp's and Pillow's default alike).
pub const JPEG_QUALITY: u8 = 80;

/// The formats a thumbnail is made of; any other is refused before it is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Jpeg,
    Png,
}

impl ImageFormat {
    /// As the item's `format` says it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Jpeg => "jpeg",
            Self::Png => "png",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dimensions {
    pub width: u32,
    pub height: u32,
}

impl Dimensions {
    /// Half of each, rounded down, never below one pixel.
    pub fn halved(self) -> Self {
        Self {
            width: half(self.width),
            height: half(self.height),
        }
    }

    fn pixels(self) -> u64 {
        u64::from(self.width) * u64::from(self.height)
    }
}

pub fn half(size: u32) -> u32 {
    (size / 2).max(1)
}

#[derive(Debug)]
pub struct Thumbnail {
    pub format: ImageFormat,
    /// As the photo stands, after EXIF orientation.
    pub source: Dimensions,
    pub thumbnail: Dimensions,
    pub bytes: Vec<u8>,
}

/// Why bytes make no thumbnail, each a permanent failure of the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFailure {
    /// No decoder knows the bytes.
    NotAnImage,
    /// An image, but neither JPEG nor PNG.
    UnsupportedFormat,
    /// The header declares more than [`MAX_INPUT_PIXELS`] (a decompression bomb).
    TooManyPixels,
    /// A JPEG or PNG header whose data does not decode cleanly (a truncated file).
    CorruptImage,
}

/// What is known of the source when it failed: its format, and its size once its header was read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownSource {
    pub format: Option<String>,
    /// As the photo stands, after EXIF orientation.
    pub dimensions: Option<Dimensions>,
}

#[derive(Debug, Error)]
#[error("{message}")]
pub struct ImageError {
    pub failure: ImageFailure,
    pub message: String,
    pub known: KnownSource,
}

impl ImageError {
    fn new(failure: ImageFailure, message: impl Into<String>, known: KnownSource) -> Self {
        Self {
            failure,
            message: message.into(),
            known,
        }
    }
}

/// Makes the thumbnail of an upload: sRGB through its ICC profile, EXIF orientation, then exactly
/// half each oriented dimension.
pub fn make_thumbnail(source: &[u8]) -> Result<Thumbnail, ImageError> {
    let (header, decoder) = read_header(source)?;
    check_before_decoding(&header, source)?;
    let full = decode_in_srgb(source, &header, decoder)?;
    let thumbnail = halve_as_seen(&full, &header)?;
    drop(full);
    let bytes = encode(&thumbnail, header.format).map_err(|err| {
        let detail = format!("its thumbnail does not encode: {err}");
        header.failed(ImageFailure::CorruptImage, detail)
    })?;
    let source = header.oriented();
    Ok(Thumbnail {
        format: header.format,
        source,
        thumbnail: source.halved(),
        bytes,
    })
}

/// The whole image, its colours converted to sRGB through the profile it embeds (`srgb.rs`); a
/// CMYK JPEG's from its inks (`cmyk.rs`).
fn decode_in_srgb(
    source: &[u8],
    header: &Header,
    decoder: impl ImageDecoder,
) -> Result<DynamicImage, ImageError> {
    let profile = srgb::parse(header.icc_profile.as_deref());
    let cmyk = match &profile {
        Some(profile) if header.format == ImageFormat::Jpeg => CmykJpeg::read(source, profile),
        _ => None,
    };
    if let Some(cmyk) = cmyk {
        // `image`'s decoder holds a copy of the source, not needed now.
        drop(decoder);
        let rgb = cmyk
            .decode()
            .map_err(|err| header.failed(ImageFailure::CorruptImage, err))?;
        return Ok(DynamicImage::from(rgb));
    }
    let mut full = DynamicImage::from_decoder(decoder).map_err(|err| {
        let failure = match err {
            image::ImageError::Limits(_) => ImageFailure::TooManyPixels,
            _ => ImageFailure::CorruptImage,
        };
        header.failed(failure, err)
    })?;
    if let Some(profile) = &profile {
        srgb::convert(&mut full, profile).map_err(|err| {
            let detail = format!("its colours do not convert to sRGB: {err}");
            header.failed(ImageFailure::CorruptImage, detail)
        })?;
    }
    Ok(full)
}

/// The pixel cap, from the header; and a JPEG's end, which its decoder does not check.
fn check_before_decoding(header: &Header, source: &[u8]) -> Result<(), ImageError> {
    let pixels = header.oriented().pixels();
    if pixels > MAX_INPUT_PIXELS {
        let detail = format!("it declares {pixels} pixels, more than {MAX_INPUT_PIXELS}");
        return Err(header.failed(ImageFailure::TooManyPixels, detail));
    }
    if header.format == ImageFormat::Jpeg && !jpeg_end::ends_with_eoi(source) {
        let detail = "premature end of data: no end-of-image marker (a truncated file)";
        return Err(header.failed(ImageFailure::CorruptImage, detail));
    }
    Ok(())
}

/// Resized as stored, then oriented: the same pixels as orienting first (a turn or a flip only
/// moves them, and Lanczos 3 weighs both axes alike), but only the thumbnail is turned, not the
/// whole photo into a second full-size copy (36 MB for 12 MP).
fn halve_as_seen(full: &DynamicImage, header: &Header) -> Result<DynamicImage, ImageError> {
    let mut thumbnail = resize::resize(full, header.stored.halved()).map_err(|err| {
        header.failed(
            ImageFailure::CorruptImage,
            format!("it does not resize: {err}"),
        )
    })?;
    thumbnail.apply_orientation(header.orientation);
    Ok(thumbnail)
}

/// In the source's format, with no metadata (no EXIF, so no orientation tag; no ICC profile: the
/// pixels are sRGB).
/// `write_with_encoder` turns what JPEG cannot hold (alpha, 16 bits) into grey or RGB first.
fn encode(thumbnail: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, image::ImageError> {
    let mut bytes = Vec::new();
    match format {
        ImageFormat::Jpeg => {
            thumbnail
                .write_with_encoder(JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY))?;
        }
        // `Default` is zlib's level 6, libpng's and Pillow's default, as the Node twin's.
        ImageFormat::Png => thumbnail.write_with_encoder(PngEncoder::new_with_quality(
            &mut bytes,
            CompressionType::Default,
            FilterType::Adaptive,
        ))?,
    }
    Ok(bytes)
}
