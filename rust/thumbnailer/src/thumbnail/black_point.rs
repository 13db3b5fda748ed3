//! Black point compensation, as littlecms does it under both twins. In a perceptual transform
//! into its sRGB (a v4 profile, as libvips' and Pillow's both are), littlecms maps the source
//! profile's black to sRGB's and stretches the tones between (`cmsDetectBlackPoint`,
//! `ComputeBlackPointCompensation`); `moxcms` 0.8 does not (its own is not built). Without it a
//! CMYK photo's shadows came out lighter than sharp's, by 13 to 24 levels on average over a 12 MP
//! one; with it, within a level of sharp's and Pillow's.
//!
//! littlecms' compensation scales the connection space's XYZ, each component apart, so that the
//! source's black becomes nought and white stays white: `X' = (X − Xₖ) · X_w / (X_w − Xₖ)`. As
//! sRGB's own output is its matrix then its tone curve, both are changed here so that `moxcms`
//! does the compensation itself, inside the transform: the scale goes into sRGB's colorants, the
//! offset (in linear RGB, after the matrix) into each channel's tone curve. A profile of matrices
//! and curves (sRGB, Display P3, a grey one) has black at nought, so it is only a CMYK profile's
//! transform that gets this.

use moxcms::{
    ColorProfile, Layout, ProfileVersion, ToneReprCurve, TransformOptions, Vector3d, Xyzd,
};

/// The connection space's white, D50, as littlecms has it (`cmsD50_XYZ`).
const D50: [f64; 3] = [0.9642, 1.0, 0.8249];

/// littlecms' black for a v4 profile in a perceptual transform, the perceptual reference
/// medium's (`cmsPERCEPTUAL_BLACK_X`, `_Y`, `_Z`).
const PERCEPTUAL_BLACK: [f64; 3] = [0.003_36, 0.003_473_1, 0.002_87];

/// The luminance of L* 50: littlecms takes no black lighter than that.
const LIGHTEST_BLACK: f64 = 0.184_186;

/// sRGB's tone curve (IEC 61966-2-1) as ICC's parametric curve type 3 has it: γ, a, b, c, d.
const SRGB_CURVE: [f64; 5] = [2.4, 1.0 / 1.055, 0.055 / 1.055, 1.0 / 12.92, 0.040_45];

/// sRGB, for `profile`'s perceptual transform to convert to, with `profile`'s black point
/// compensated.
pub(super) fn srgb_compensating(profile: &ColorProfile, options: TransformOptions) -> ColorProfile {
    let black = black_point(profile, options);
    let mut srgb = ColorProfile::new_srgb();
    // Its CICP tag would give `moxcms` sRGB's own curve back.
    srgb.cicp = None;
    let [scale, offset] = compensation(black);
    // Each XYZ row of the colorants divided by its scale, so that the matrix's inverse, which
    // takes XYZ to linear RGB, multiplies by it.
    let matrix = srgb.colorant_matrix();
    let row = |i: usize| matrix.v[i].map(|v| v / scale[i]);
    let rows = [row(0), row(1), row(2)];
    let column = |j: usize| Xyzd {
        x: rows[0][j],
        y: rows[1][j],
        z: rows[2][j],
    };
    srgb.red_colorant = column(0);
    srgb.green_colorant = column(1);
    srgb.blue_colorant = column(2);
    // The offset, taken to linear RGB by sRGB's own inverse matrix, is added after the matrix:
    // the tone curve, which the transform inverts, is shifted by as much the other way.
    let shift = matrix.inverse().mul_vector(Vector3d { v: offset }).v;
    let curve = |shift: f64| {
        let [gamma, a, b, c, d] = SRGB_CURVE;
        let params = [gamma, a, b, c, d, -shift, -shift];
        ToneReprCurve::Parametric(params.map(|p| p as f32).to_vec())
    };
    srgb.red_trc = Some(curve(shift[0]));
    srgb.green_trc = Some(curve(shift[1]));
    srgb.blue_trc = Some(curve(shift[2]));
    srgb
}

/// littlecms' `X' = a·X + b` for each of X, Y, Z, sRGB's black being nought: a = X_w / (X_w − Xₖ),
/// b = −a·Xₖ.
fn compensation(black: [f64; 3]) -> [[f64; 3]; 2] {
    let scale = [0, 1, 2].map(|i| D50[i] / (D50[i] - black[i]));
    let offset = [0, 1, 2].map(|i| -scale[i] * black[i]);
    [scale, offset]
}

/// The XYZ of the profile's black as littlecms takes it for a perceptual transform: a v4
/// profile's is the perceptual reference medium's; a v2 profile's its darkest colour, every ink
/// full (scaled down to L* 50 were it lighter, where littlecms clips L* alone). Nought, and
/// nothing compensated, if `moxcms` cannot say.
fn black_point(profile: &ColorProfile, options: TransformOptions) -> [f64; 3] {
    if profile.version() >= ProfileVersion::V4_0 {
        return PERCEPTUAL_BLACK;
    }
    let mut xyz = [0.0_f32; 3];
    let darkest = [1.0; 4];
    let converted = profile
        .create_transform_f32(Layout::Rgba, &xyz_profile(), Layout::Rgb, options)
        .and_then(|transform| transform.transform(&darkest, &mut xyz));
    if converted.is_err() {
        return [0.0; 3];
    }
    let xyz = xyz.map(f64::from);
    let lighter = (xyz[1] / LIGHTEST_BLACK).max(1.0);
    xyz.map(|v| v / lighter)
}

/// A profile whose "RGB" is the connection space's XYZ itself: its colorants are XYZ's axes and
/// its curves straight lines, so a transform into it gives a colour's XYZ, D50.
fn xyz_profile() -> ColorProfile {
    let mut xyz = ColorProfile::new_srgb();
    xyz.cicp = None;
    let axis = |x: f64, y: f64, z: f64| Xyzd { x, y, z };
    xyz.red_colorant = axis(1.0, 0.0, 0.0);
    xyz.green_colorant = axis(0.0, 1.0, 0.0);
    xyz.blue_colorant = axis(0.0, 0.0, 1.0);
    let linear = ToneReprCurve::Parametric(vec![1.0]);
    xyz.red_trc = Some(linear.clone());
    xyz.green_trc = Some(linear.clone());
    xyz.blue_trc = Some(linear);
    xyz
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_black_to_nought_and_leaves_white_as_it_is() {
        // Given the darkest colour of a CMYK profile, a dark blue-grey
        let black = [0.0149, 0.0158, 0.0169];
        let [scale, offset] = compensation(black);

        // Then it becomes nought, and white stays white
        for i in 0..3 {
            assert!((scale[i] * black[i] + offset[i]).abs() < 1e-12);
            assert!((scale[i] * D50[i] + offset[i] - D50[i]).abs() < 1e-12);
        }
    }

    #[test]
    fn the_xyz_profile_reads_a_colours_xyz() {
        // Given sRGB's white converted into the XYZ profile
        let transform = ColorProfile::new_srgb()
            .create_transform_f32(Layout::Rgb, &xyz_profile(), Layout::Rgb, Default::default())
            .expect("a transform");
        let mut xyz = [0.0_f32; 3];
        transform.transform(&[1.0; 3], &mut xyz).expect("converts");

        // Then it is the connection space's white, D50
        for (read, white) in xyz.iter().zip(D50) {
            assert!((f64::from(*read) - white).abs() < 2e-3, "{xyz:?}");
        }
    }
}
