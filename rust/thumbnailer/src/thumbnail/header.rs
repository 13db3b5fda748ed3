//! What an upload's header says before any pixel is decoded: its format, its size, its EXIF
//! orientation, its ICC profile.

use std::fmt::Display;
use std::io::Cursor;

use image::metadata::Orientation;
use image::{ImageDecoder, ImageReader, Limits};

use super::{Dimensions, ImageError, ImageFailure, ImageFormat, KnownSource, MAX_INPUT_PIXELS};

/// The most a decoder may allocate: the pixel cap at 8 bytes a pixel (RGBA, 16 bits a channel,
/// the widest a PNG decodes to). The cap itself is checked first; this bounds what the PNG
/// decoder allocates for chunks besides the pixels (`image`'s default is 512 MiB).
const MAX_DECODER_ALLOCATION: u64 = MAX_INPUT_PIXELS * 8;

/// HEIF's brands (ISO/IEC 23008-12): phones upload HEIC, which no decoder here reads but which is
/// an image, not unknown bytes. `image` knows AVIF's own brand already.
const HEIF_BRANDS: [&[u8; 4]; 8] = [
    b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1",
];

pub(super) struct Header {
    pub format: ImageFormat,
    /// As the pixels are stored, before orientation.
    pub stored: Dimensions,
    pub orientation: Orientation,
    /// The embedded ICC profile's bytes (a JPEG's APP2 segments joined, a PNG's `iCCP` inflated).
    pub icc_profile: Option<Vec<u8>>,
}

impl Header {
    /// As the photo is seen: a quarter turn swaps width and height.
    pub fn oriented(&self) -> Dimensions {
        let Dimensions { width, height } = self.stored;
        match self.orientation {
            Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH => Dimensions {
                width: height,
                height: width,
            },
            _ => self.stored,
        }
    }

    /// The image fails past its header, which is then known.
    pub fn failed(&self, failure: ImageFailure, detail: impl Display) -> ImageError {
        let known = KnownSource {
            format: Some(self.format.as_str().to_owned()),
            dimensions: Some(self.oriented()),
        };
        let message = format!("the {} does not decode: {detail}", self.format.as_str());
        ImageError::new(failure, message, known)
    }
}

/// The header, and the decoder that has read it, ready to decode the pixels.
pub(super) fn read_header(source: &[u8]) -> Result<(Header, impl ImageDecoder + '_), ImageError> {
    let mut reader = ImageReader::new(Cursor::new(source))
        .with_guessed_format()
        .map_err(|err| not_an_image(&err))?;
    let format = match reader.format() {
        Some(image::ImageFormat::Jpeg) => ImageFormat::Jpeg,
        Some(image::ImageFormat::Png) => ImageFormat::Png,
        // `ImageFormat`'s own names (Gif, WebP, Tiff, ...), lower-cased as sharp names formats.
        Some(other) => return Err(unsupported(&format!("{other:?}").to_lowercase())),
        None if is_heif(source) => return Err(unsupported("heif")),
        None => {
            return Err(ImageError::new(
                ImageFailure::NotAnImage,
                "not an image: unsupported image format (its first bytes match none known)",
                KnownSource::default(),
            ));
        }
    };
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODER_ALLOCATION);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|err| not_an_image(&err))?;
    let orientation = decoder.orientation().map_err(|err| not_an_image(&err))?;
    // One that cannot be read is no profile: the pixels are then taken as sRGB (`srgb.rs`).
    let icc_profile = decoder.icc_profile().unwrap_or(None);
    let (width, height) = decoder.dimensions();
    let header = Header {
        format,
        stored: Dimensions { width, height },
        orientation,
        icc_profile,
    };
    Ok((header, decoder))
}

/// The ISO base media file box `ftyp` first, with a HEIF brand.
fn is_heif(source: &[u8]) -> bool {
    source.get(4..8) == Some(b"ftyp")
        && source
            .get(8..12)
            .is_some_and(|brand| HEIF_BRANDS.iter().any(|heif| brand == heif.as_slice()))
}

fn unsupported(format: &str) -> ImageError {
    ImageError::new(
        ImageFailure::UnsupportedFormat,
        format!("{format} is not a supported format (only jpeg and png)"),
        KnownSource {
            format: Some(format.to_owned()),
            dimensions: None,
        },
    )
}

/// A JPEG or PNG signature whose header does not read.
fn not_an_image(err: &dyn std::error::Error) -> ImageError {
    ImageError::new(
        ImageFailure::NotAnImage,
        format!("not an image: {err}"),
        KnownSource::default(),
    )
}
