//! A CMYK JPEG through its own CMYK profile. `image` decodes one straight to RGB by a formula of
//! the inks alone (R = (255 − C)(255 − K)/255, as Pillow's `convert("RGB")`), which its profile
//! cannot then correct; so a CMYK JPEG that embeds a CMYK profile is decoded here as inks, with
//! `zune-jpeg` (`image`'s own JPEG decoder), and converted to sRGB through the profile, as sharp
//! and Pillow do. One with no profile keeps `image`'s formula, as Pillow's (sharp uses libvips'
//! own CMYK profile then, which is a megabyte this function does not carry). The sRGB it converts
//! to compensates the profile's black point, as littlecms does under both twins (`black_point.rs`).
//!
//! A 12 MP CMYK JPEG is decoded to 48 MB of inks, whose RGB is written over their start: 12 MB
//! more at the peak than an RGB JPEG's 36 MB.

use std::sync::Arc;

use image::RgbImage;
use moxcms::{
    CmsError, ColorProfile, DataColorSpace, Layout, RenderingIntent, TransformExecutor,
    TransformOptions,
};
use zune_jpeg::JpegDecoder;
use zune_jpeg::errors::DecodeErrors;
use zune_jpeg::zune_core::bytestream::ZCursor;
use zune_jpeg::zune_core::colorspace::ColorSpace;
use zune_jpeg::zune_core::options::DecoderOptions;

use super::black_point;

/// Pixels per call to the transform, as in `srgb.rs`.
const PIXELS_PER_RUN: usize = 4096;

/// Why a CMYK JPEG makes no sRGB pixels.
#[derive(Debug, thiserror::Error)]
pub(super) enum CmykError {
    #[error("{0}")]
    Decode(#[from] DecodeErrors),
    #[error("its colours do not convert to sRGB: {0}")]
    Convert(#[from] CmsError),
}

/// A four-channel JPEG, headers read, and the transform from its CMYK profile to sRGB.
pub(super) struct CmykJpeg<'a> {
    decoder: JpegDecoder<ZCursor<&'a [u8]>>,
    ycck: bool,
    transform: Arc<dyn TransformExecutor<u8> + Send + Sync>,
}

impl<'a> CmykJpeg<'a> {
    /// The JPEG, when its data is CMYK (or Adobe's YCCK) and its profile a CMYK one that `moxcms`
    /// builds a transform from; `None` otherwise, and the JPEG is `image`'s to decode.
    pub(super) fn read(jpeg: &'a [u8], profile: &ColorProfile) -> Option<Self> {
        if profile.color_space != DataColorSpace::Cmyk {
            return None;
        }
        // As `image` sets its decoder: the pixel cap is checked already, from the header.
        let options = DecoderOptions::default()
            .set_strict_mode(false)
            .set_max_width(usize::MAX)
            .set_max_height(usize::MAX);
        let mut decoder = JpegDecoder::new_with_options(ZCursor::new(jpeg), options);
        decoder.decode_headers().ok()?;
        let ycck = match decoder.input_colorspace()? {
            ColorSpace::CMYK => false,
            ColorSpace::YCCK => true,
            _ => return None,
        };
        // The four samples as stored, not converted.
        let stored = if ycck {
            ColorSpace::YCCK
        } else {
            ColorSpace::CMYK
        };
        decoder.set_options(decoder.options().jpeg_set_out_colorspace(stored));
        let options = TransformOptions {
            rendering_intent: RenderingIntent::Perceptual,
            ..TransformOptions::default()
        };
        let srgb = black_point::srgb_compensating(profile, options);
        let transform = profile
            .create_transform_8bit(Layout::Rgba, &srgb, Layout::Rgb, options)
            .ok()?;
        Some(Self {
            decoder,
            ycck,
            transform,
        })
    }

    /// The pixels in sRGB. The four samples a pixel are turned into inks and converted a few
    /// thousand pixels at a time, each run's three written over the start of the buffer, so the
    /// RGB image is the decoded buffer itself, with no second full-size copy.
    pub(super) fn decode(mut self) -> Result<RgbImage, CmykError> {
        let mut samples = self.decoder.decode()?;
        let (width, height) = self
            .decoder
            .dimensions()
            .ok_or(DecodeErrors::FormatStatic("no dimensions after decoding"))?;
        let pixels = samples.len() / 4;
        let mut converted = vec![0u8; PIXELS_PER_RUN * 3];
        for start in (0..pixels).step_by(PIXELS_PER_RUN) {
            let end = pixels.min(start + PIXELS_PER_RUN);
            let run = &mut samples[start * 4..end * 4];
            for pixel in run.chunks_exact_mut(4) {
                to_inks(pixel, self.ycck);
            }
            let rgb = &mut converted[..(end - start) * 3];
            self.transform.transform(run, rgb)?;
            // A pixel's three samples land at or before its four: none is overwritten unread.
            samples[start * 3..end * 3].copy_from_slice(rgb);
        }
        samples.truncate(pixels * 3);
        let (width, height) = (u32::try_from(width), u32::try_from(height));
        let image = match (width, height) {
            (Ok(width), Ok(height)) => RgbImage::from_raw(width, height, samples),
            _ => None,
        };
        image.ok_or(CmykError::Decode(DecodeErrors::FormatStatic(
            "decoded samples do not fill the image",
        )))
    }
}

/// Stored samples to inks, 0 none and 255 full, as ICC profiles take them. Adobe's writers (and
/// libjpeg, which adds Adobe's marker to every CMYK JPEG) store each ink inverted, as `zune-jpeg`'s
/// own CMYK conversion assumes too; YCCK stores the inverted C, M and Y inverted back, the inks
/// themselves, as if they were R, G and B, in YCbCr (JFIF's full-range conversion), and K inverted.
fn to_inks(pixel: &mut [u8], ycck: bool) {
    if ycck {
        let y = f32::from(pixel[0]);
        let cb = f32::from(pixel[1]) - 128.0;
        let cr = f32::from(pixel[2]) - 128.0;
        pixel[0] = clamp(y + 1.402 * cr);
        pixel[1] = clamp(y - 0.344_136 * cb - 0.714_136 * cr);
        pixel[2] = clamp(y + 1.772 * cb);
    } else {
        for ink in &mut pixel[..3] {
            *ink = 255 - *ink;
        }
    }
    pixel[3] = 255 - pixel[3];
}

fn clamp(value: f32) -> u8 {
    // Rounded and clamped to 0..=255 first, so the cast neither truncates nor saturates.
    value.round().clamp(0.0, 255.0) as u8
}
