//! The decoded pixels in sRGB, as the contract has the thumbnail: converted from the ICC profile
//! the upload embeds, before the resize, as sharp (libvips, littlecms) and Pillow (ImageCms) do,
//! with `moxcms`, `image`'s own colour engine. A CMYK JPEG's inks are converted in `cmyk.rs`.
//!
//! sharp converts whenever there is a profile, an sRGB one too (`icc_transform` to sRGB with the
//! embedded profile as input, perceptual intent; `src/pipeline.cc`), and so does Pillow; so does
//! this, although an sRGB profile leaves the pixels within a rounding of where they were: the same
//! work in all three, or the benchmark would time a transform in two of them and not the third
//! (the workload's photos all carry an sRGB profile). Perceptual and relative colorimetric are the
//! same for profiles of matrices and curves (sRGB, Display P3, Adobe RGB: a colour outside sRGB is
//! clipped), whose black is black, so littlecms' black point compensation changes nothing either;
//! for a profile of tables, its perceptual table is used (and an RGB one's black point is not
//! compensated, as it is for CMYK: such profiles are rare in photos).
//!
//! A profile that does not parse, or that is not for the image's colours (an RGB profile on a
//! greyscale image, a CMYK one on an RGB image), or that `moxcms` cannot build a transform from, is
//! ignored and the pixels are taken as sRGB. That is sharp's rule (libpng drops a bad `iCCP`;
//! libvips warns "Invalid embedded profile" and goes on without it); Pillow's ImageCms raises
//! instead, which the Python twin reports as `corrupt-image`. With one twin each way, the Node
//! twin's rule is kept, as it carries the contract: a photo whose pixels decode is not refused for
//! its metadata.
//!
//! Greyscale with a grey profile becomes sRGB's grey and stays one channel (sharp converts it too,
//! and writes it as RGB; Pillow converts no greyscale). 16-bit PNGs are converted at 16 bits, to
//! sRGB, where the twins' libraries part from the contract: sharp leaves 16-bit grey as it is and
//! takes 16-bit RGB to Display P3, its working space for 16 bits, writing it with no profile;
//! Pillow reads 16-bit RGB as 8 bits.
//!
//! Measured on the workload's 12 MP JPEG (sRGB profile), release build, one core: the transform
//! takes 17-20 ms through the scratch buffer, `moxcms`' own in-place transform (its `in_place`
//! feature) 25 ms; the whole `make_thumbnail` went from 149 to 175 ms (medians) at the same 66 MB
//! of peak RSS.

use std::sync::Arc;

use image::{ColorType, DynamicImage, ImageBuffer, Pixel};
use moxcms::{
    CmsError, ColorProfile, DataColorSpace, Layout, RenderingIntent, TransformExecutor,
    TransformOptions,
};

/// Pixels per call to the transform, through a scratch buffer of this many (12 KiB of RGB8): the
/// image is converted in place, with no second full-size copy (36 MB for 12 MP).
const PIXELS_PER_RUN: usize = 4096;

/// The profile, when the upload embeds one that parses; `None` otherwise, and the image is sRGB.
pub(super) fn parse(icc: Option<&[u8]>) -> Option<ColorProfile> {
    ColorProfile::new_from_slice(icc?).ok()
}

/// The image's colours converted in place from `profile` to sRGB; greyscale stays grey, on sRGB's
/// tone curve, and alpha is kept. False when the profile does not apply, and the image is left as
/// decoded; an error only if a transform that was built then fails.
pub(super) fn convert(image: &mut DynamicImage, profile: &ColorProfile) -> Result<bool, CmsError> {
    let Some((layout, target)) = layout(image.color(), profile) else {
        return Ok(false);
    };
    let options = TransformOptions {
        rendering_intent: RenderingIntent::Perceptual,
        ..TransformOptions::default()
    };
    let eight = || profile.create_transform_8bit(layout, &target, layout, options);
    let sixteen = || profile.create_transform_16bit(layout, &target, layout, options);
    match image {
        DynamicImage::ImageRgb8(pixels) => in_place(eight(), pixels),
        DynamicImage::ImageRgba8(pixels) => in_place(eight(), pixels),
        DynamicImage::ImageLuma8(pixels) => in_place(eight(), pixels),
        DynamicImage::ImageLumaA8(pixels) => in_place(eight(), pixels),
        DynamicImage::ImageRgb16(pixels) => in_place(sixteen(), pixels),
        DynamicImage::ImageRgba16(pixels) => in_place(sixteen(), pixels),
        DynamicImage::ImageLuma16(pixels) => in_place(sixteen(), pixels),
        DynamicImage::ImageLumaA16(pixels) => in_place(sixteen(), pixels),
        // Neither JPEG nor PNG decodes to floating point.
        _ => Ok(false),
    }
}

/// The samples' layout and the profile to convert to: sRGB for colour, for greyscale a grey
/// profile on sRGB's tone curve (so a grey image stays one channel); `None` when the profile is
/// not for the image's colours.
fn layout(color: ColorType, profile: &ColorProfile) -> Option<(Layout, ColorProfile)> {
    let srgb = ColorProfile::new_srgb();
    let layout = match (color.channel_count(), color.has_alpha()) {
        (1, _) => Layout::Gray,
        (2, _) => Layout::GrayAlpha,
        (_, false) => Layout::Rgb,
        (_, true) => Layout::Rgba,
    };
    let grey = matches!(layout, Layout::Gray | Layout::GrayAlpha);
    match (profile.color_space, grey) {
        (DataColorSpace::Rgb, false) => Some((layout, srgb)),
        (DataColorSpace::Gray, true) => {
            let mut grey = ColorProfile::new_gray_with_gamma(1.0);
            grey.gray_trc = srgb.red_trc;
            Some((layout, grey))
        }
        _ => None,
    }
}

type Transform<T> = Arc<dyn TransformExecutor<T> + Send + Sync>;

/// Runs the transform over the image a few thousand pixels at a time, each run written back over
/// itself. A transform `moxcms` could not build leaves the image as it is, as an unparsed profile.
fn in_place<P>(
    transform: Result<Transform<P::Subpixel>, CmsError>,
    image: &mut ImageBuffer<P, Vec<P::Subpixel>>,
) -> Result<bool, CmsError>
where
    P: Pixel,
    P::Subpixel: Default,
{
    let Ok(transform) = transform else {
        return Ok(false);
    };
    let run = PIXELS_PER_RUN * usize::from(P::CHANNEL_COUNT);
    let mut scratch = vec![P::Subpixel::default(); run];
    for samples in image.chunks_mut(run) {
        let converted = &mut scratch[..samples.len()];
        transform.transform(samples, converted)?;
        samples.copy_from_slice(converted);
    }
    Ok(true)
}
