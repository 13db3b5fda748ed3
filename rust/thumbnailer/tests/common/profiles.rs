//! ICC profiles made here with `moxcms`, a few hundred bytes each: Display P3, sRGB, a grey one,
//! and a small CMYK one whose colours are known, to embed in the test images.

use moxcms::{
    ColorProfile, DataColorSpace, LutDataType, LutStore, LutType, LutWarehouse, Matrix3d,
    ProfileClass, RenderingIntent,
};

pub fn display_p3() -> Vec<u8> {
    whole_words(ColorProfile::new_display_p3().encode().expect("P3 encodes"))
}

pub fn srgb() -> Vec<u8> {
    whole_words(ColorProfile::new_srgb().encode().expect("sRGB encodes"))
}

/// Greyscale on a plain 2.2 gamma, which is not sRGB's curve: a dark grey of 30 is 24 in sRGB.
pub fn grey_gamma_2_2() -> Vec<u8> {
    whole_words(
        ColorProfile::new_gray_with_gamma(2.2)
            .encode()
            .expect("grey encodes"),
    )
}

/// A CMYK printer's profile in which only cyan and black count: no ink prints `paper`, full
/// cyan `cyan`, full black `black` (all sRGB), whatever the magenta and yellow. Its table (A2B0,
/// lut16, Lab) has two points an ink, the 16 corners of the ink cube.
pub fn cyan_and_black(paper: [u8; 3], cyan: [u8; 3], black: [u8; 3]) -> Vec<u8> {
    let [paper, cyan, black] = [paper, cyan, black].map(lab16);
    // The grid's first input varies slowest: cyan (8), then magenta, yellow, black (1).
    let clut = (0..16)
        .flat_map(|corner| match (corner & 8 != 0, corner & 1 != 0) {
            (_, true) => black,
            (true, false) => cyan,
            (false, false) => paper,
        })
        .collect();
    let identity = |channels: usize| LutStore::Store16([0, u16::MAX].repeat(channels));
    let table = LutDataType {
        num_input_channels: 4,
        num_output_channels: 3,
        num_clut_grid_points: 2,
        matrix: Matrix3d::IDENTITY,
        num_input_table_entries: 2,
        num_output_table_entries: 2,
        input_table: identity(4),
        clut_table: LutStore::Store16(clut),
        output_table: identity(3),
        lut_type: LutType::Lut16,
    };
    let mut profile = ColorProfile::default();
    profile.color_space = DataColorSpace::Cmyk;
    profile.pcs = DataColorSpace::Lab;
    profile.profile_class = ProfileClass::OutputDevice;
    profile.rendering_intent = RenderingIntent::Perceptual;
    profile.lut_a_to_b_perceptual = Some(LutWarehouse::Lut(table));
    whole_words(profile.encode().expect("CMYK encodes"))
}

/// Padded to a multiple of four bytes, its header's size to match, as ICC asks and libpng
/// requires (it drops an `iCCP` profile of any other length); `moxcms` does not pad, so without
/// this the Node twin would not see the test's Display P3 PNG as P3 at all.
fn whole_words(mut icc: Vec<u8>) -> Vec<u8> {
    icc.resize(icc.len().next_multiple_of(4), 0);
    let size = u32::try_from(icc.len()).expect("a profile under 4 GiB");
    icc[..4].copy_from_slice(&size.to_be_bytes());
    icc
}

/// sRGB's primaries in XYZ, adapted to D50 (Bradford), as the profile connection space has them.
const SRGB_TO_XYZ_D50: [[f64; 3]; 3] = [
    [0.436_074_7, 0.385_064_9, 0.143_080_4],
    [0.222_504_5, 0.716_878_6, 0.060_616_9],
    [0.013_932_2, 0.097_104_5, 0.714_173_3],
];

/// The connection space's white, D50.
const D50: [f64; 3] = [0.9642, 1.0, 0.8249];

/// An sRGB colour as CIELAB (D50), each value on 16 bits as the table holds it: L* 0 to 100,
/// a* and b* −128 to 127.
fn lab16(rgb: [u8; 3]) -> [u16; 3] {
    let linear = rgb.map(|value| {
        let v = f64::from(value) / 255.0;
        if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    });
    let f = |row: usize| {
        let [r, g, b] = SRGB_TO_XYZ_D50[row];
        let t = (r * linear[0] + g * linear[1] + b * linear[2]) / D50[row];
        if t > 216.0 / 24389.0 {
            t.cbrt()
        } else {
            (24389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    let (fx, fy, fz) = (f(0), f(1), f(2));
    let (l, a, b) = (116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz));
    let scale = |value: f64, range: f64| (value / range * 65535.0).round() as u16;
    [
        scale(l, 100.0),
        scale(a + 128.0, 255.0),
        scale(b + 128.0, 255.0),
    ]
}
